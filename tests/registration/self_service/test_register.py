"""Registering for a conference: who may, what is stored, a returning delegate, a closed conference."""

import pytest
from django.conf import settings
from django.urls import reverse

from conference.models import Conference
from registration.models import Registration, StatusChange
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Amina",
    "last_name": "Haddad",
    "name_ar": "أمينة حداد",
    "organisation": "Addameer",
    "position": "Lawyer",
    "phone": "+32 2 555 01 01",
    "country": "PS",
    "category": "lawyer",
    "language": "ar",
    "interpretation_needs": "Arabic",
    "accessibility_needs": "",
    "dietary_requirements": "Vegetarian",
    "photo_consent": "on",
    "accept_privacy": "on",
}


def register_url(conference, lang="en"):
    return f"/{lang}/{conference.slug}/register/"


def test_anonymous_is_sent_to_login(client, conference):
    response = client.get(register_url(conference))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unverified_email_cannot_register(client, conference):
    user = UserFactory(verified_email=False)
    client.force_login(user)
    response = client.get(register_url(conference))
    assert response.status_code == 200
    assert b'name="first_name"' not in response.content
    assert "verify" in response.content.decode().lower()


def test_register_creates_a_pending_registration(delegate_client, delegate_user, conference, mailoutbox):
    response = delegate_client.post(register_url(conference), VALID)
    assert response.status_code == 302
    assert response.url == f"/en/{conference.slug}/my/"
    registration = Registration.objects.get(conference=conference)
    assert registration.user == delegate_user
    assert registration.email == delegate_user.email
    assert registration.status == Registration.Status.PENDING
    assert registration.source == Registration.Source.SELF
    assert registration.privacy_policy_version == settings.PLENARY_PRIVACY_POLICY_VERSION
    assert registration.privacy_accepted_at is not None
    assert registration.phone == "+32 2 555 01 01"
    assert StatusChange.objects.get(registration=registration).to_status == "pending"
    assert [message.to for message in mailoutbox] == [[delegate_user.email]]


def test_privacy_policy_must_be_accepted(delegate_client, conference):
    data = {**VALID}
    del data["accept_privacy"]
    response = delegate_client.post(register_url(conference), data)
    assert response.status_code == 200
    assert "You must accept the privacy policy" in response.content.decode()
    assert not Registration.objects.exists()


def test_registered_delegate_goes_to_their_page(delegate_client, delegate_registration, conference):
    response = delegate_client.get(register_url(conference))
    assert response.status_code == 302
    assert response.url == f"/en/{conference.slug}/my/"


@pytest.mark.parametrize("status", [Conference.Status.DRAFT, Conference.Status.REGISTRATION_CLOSED, "archived"])
def test_closed_conference_says_so(delegate_client, conference, status):
    conference.status = status
    conference.save()
    response = delegate_client.get(register_url(conference))
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert b'name="first_name"' not in response.content
    response = delegate_client.post(register_url(conference), VALID)
    assert not Registration.objects.exists()


def test_unknown_conference_is_404(delegate_client):
    assert delegate_client.get("/en/no-such-conference/register/").status_code == 404


def test_returning_delegate_starts_from_last_registration(delegate_client, delegate_user, conference):
    past = ConferenceFactory(slug="brussels-2024", status=Conference.Status.ARCHIVED)
    RegistrationFactory(
        conference=past,
        user=delegate_user,
        email=delegate_user.email,
        first_name="Youssef",
        last_name="Khalil",
        organisation="Bar Association of Tunis",
        country="TN",
        dietary_requirements="Halal",
    )
    response = delegate_client.get(register_url(conference))
    form = response.context["form"]
    assert form.initial["first_name"] == "Youssef"
    assert form.initial["organisation"] == "Bar Association of Tunis"
    assert form.initial["dietary_requirements"] == "Halal"
    assert 'value="Youssef"' in response.content.decode()


def test_new_delegate_gets_the_interface_language_as_preferred(delegate_client, conference):
    response = delegate_client.get(register_url(conference, "ar"))
    assert response.context["form"].initial["language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_imported_registration_is_claimed_by_the_verified_owner(delegate_client, delegate_user, conference):
    imported = RegistrationFactory(
        conference=conference, email=delegate_user.email.upper(), source=Registration.Source.IMPORT
    )
    response = delegate_client.get(register_url(conference))
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.user == delegate_user
    assert Registration.objects.count() == 1


def test_privacy_page(client):
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    assert settings.PLENARY_PRIVACY_POLICY_VERSION in response.content.decode()
