"""Signing up with an address that has an account (finding 8), written as the attack: the stranger gets
the same answer as for a new address, and the owner of the address is told, in their own language."""

import re

import pytest

from registration.models import User
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long new password 42"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|csrftoken=[^;"\s]*')


def _sign_up(client, email, lang="en"):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(f"/{lang}/accounts/signup/", data, follow=True)
    body = CSRF.sub("", response.content.decode()).replace(email, "ADDRESS")
    return response.status_code, [url for url, _ in response.redirect_chain], body


def test_a_known_and_an_unknown_address_get_the_same_answer(client, delegate_user, mailoutbox):
    known = _sign_up(client, delegate_user.email)
    client.cookies.clear()
    unknown = _sign_up(client, "stranger@example.org")

    assert known == unknown
    assert known[0] == 200 and known[1]  # redirected to "verification e-mail sent"
    assert User.objects.filter(email__iexact=delegate_user.email).count() == 1
    assert sorted(mail.to[0] for mail in mailoutbox) == ["delegate@example.org", "stranger@example.org"]


def test_the_owner_of_a_known_address_is_told_someone_tried_to_sign_up(client, delegate_user, mailoutbox):
    _sign_up(client, delegate_user.email)

    [mail] = mailoutbox
    assert mail.to == [delegate_user.email]
    assert "someone else tried to sign" in mail.body.replace("signup", "sign up")
    assert "/en/accounts/password/reset/" in mail.body
    assert not delegate_user.registrations.exists() and User.objects.count() == 1


def test_the_owner_is_told_in_the_language_they_chose_not_the_strangers(client, conference, delegate_user, mailoutbox):
    RegistrationFactory(conference=conference, user=delegate_user, email=delegate_user.email, language="ar")

    _sign_up(client, delegate_user.email, lang="fr")

    [mail] = mailoutbox
    assert re.search("[\u0600-\u06ff]", mail.body) and "someone else" not in mail.body
    assert "/ar/accounts/password/reset/" in mail.body
