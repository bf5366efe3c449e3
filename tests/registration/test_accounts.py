"""Accounts through allauth: Plenary's look, sign-up with e-mail verification, and two-factor
authentication required of the secretariat before any page with personal data."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from registration.models import User
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def totp_code(secret=SECRETARIAT_TOTP_SECRET):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl"), ("fr", "ltr")])
def test_account_pages_use_plenarys_layout(client, lang, direction):
    for path in ("login/", "signup/", "password/reset/"):
        response = client.get(f"/{lang}/accounts/{path}")
        page = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{lang}" dir="{direction}">' in page
        assert 'class="site-header"' in page
        assert "/static/css/plenary.css" in page


def test_account_settings_pages_have_the_account_menu(delegate_client):
    page = delegate_client.get("/en/accounts/email/").content.decode()
    assert 'class="subnav"' in page
    assert "/en/me/data.json" in page
    assert "/en/accounts/2fa/" in page


def test_signup_then_verify_through_the_emailed_link(client, mailoutbox):
    response = client.post(
        "/en/accounts/signup/", {"email": "Amina@Example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="amina@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    [email] = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", email.body).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_account_cannot_log_in(client, mailoutbox):
    UserFactory(email="new@example.org", verified_email=False)
    response = client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert client.get("/en/privacy/").context["user"].is_anonymous


def test_signup_with_a_known_email_in_another_case_creates_no_second_account(client, delegate_user):
    client.post("/en/accounts/signup/", {"email": "DELEGATE@example.ORG", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.filter(email__iexact="delegate@example.org").count() == 1


def test_secretariat_without_mfa_is_sent_to_set_it_up(client, conference):
    clerk = UserFactory(groups=["Secretariat"], is_staff=True)
    client.force_login(clerk)
    for path in (
        f"/en/{conference.slug}/manage/registrations/",
        f"/en/{conference.slug}/manage/audit-log/",
        "/admin/",
        "/admin/registration/registration/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert "set up two-factor authentication" in page
    assert client.get("/en/privacy/").status_code == 200  # pages without personal data stay open


def test_secretariat_with_mfa_gets_in(secretariat_client, conference):
    assert secretariat_client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 200


def test_other_roles_are_not_asked_for_mfa(delegate_client, conference):
    assert delegate_client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 403


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/registration/")
    assert response.status_code == 302
    assert response.url == "/en/accounts/login/?next=%2Fadmin%2Fregistration%2F"


def test_secretariat_logs_in_with_password_and_code(client, secretariat_user, conference):
    response = client.post("/en/accounts/login/", {"login": secretariat_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 302  # not yet logged in
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 200
