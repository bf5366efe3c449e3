"""A delegate's own page: status, edit until the cut-off, cancel, download my data, delete my account;
and the public participants list."""

import datetime as dt
import json

import pytest
from django.utils import timezone, translation

from plenary.audit.models import AuditLogEntry
from registration.accounts.services import registration_anonymise
from registration.models import Registration, User
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def my_url(conference, suffix="", lang="en"):
    return f"/{lang}/{conference.slug}/my/{suffix}"


EDIT = {
    "first_name": "Amina",
    "last_name": "Haddad-Saleh",
    "name_ar": "أمينة حداد",
    "organisation": "Addameer",
    "country": "PS",
    "category": "ngo",
    "language": "ar",
    "dietary_requirements": "Vegan",
}


def test_my_page_shows_status(delegate_client, delegate_registration, conference):
    response = delegate_client.get(my_url(conference))
    assert response.status_code == 200
    assert 'data-status="pending"' in response.content.decode()
    assert delegate_registration.full_name in response.content.decode()


def test_my_page_in_arabic_shows_the_arabic_status(delegate_client, delegate_registration, conference):
    response = delegate_client.get(my_url(conference, lang="ar"))
    with translation.override("ar"):
        pending = str(Status.PENDING.label)
    assert f'data-status="pending">{pending}<' in response.content.decode()


def test_my_page_without_registration_offers_to_register(delegate_client, conference):
    response = delegate_client.get(my_url(conference))
    assert response.status_code == 200
    assert f"/en/{conference.slug}/register/" in response.content.decode()


def test_edit_own_details(delegate_client, delegate_registration, conference):
    response = delegate_client.post(my_url(conference, "edit/"), EDIT)
    assert response.status_code == 302
    delegate_registration.refresh_from_db()
    assert delegate_registration.last_name == "Haddad-Saleh"
    assert delegate_registration.dietary_requirements == "Vegan"
    assert delegate_registration.status == Status.PENDING
    assert AuditLogEntry.objects.filter(action="registration_update").exists()


def test_edit_cannot_touch_status_email_or_source(delegate_client, delegate_registration, conference):
    delegate_client.post(
        my_url(conference, "edit/"), {**EDIT, "status": "approved", "email": "x@example.org", "source": "import"}
    )
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.PENDING
    assert delegate_registration.email == "delegate@example.org"
    assert delegate_registration.source == "self"


def test_edit_refused_after_the_cutoff(delegate_client, delegate_registration, conference):
    conference.edit_cutoff = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    assert delegate_client.get(my_url(conference)).context["own"].editable is False
    response = delegate_client.post(my_url(conference, "edit/"), EDIT, follow=True)
    assert "can no longer be changed" in response.content.decode()
    delegate_registration.refresh_from_db()
    assert delegate_registration.last_name != "Haddad-Saleh"


def test_default_cutoff_is_the_first_day(delegate_client, delegate_user):
    started = ConferenceFactory(slug="started", start_date=timezone.localdate(), end_date=timezone.localdate())
    RegistrationFactory(conference=started, user=delegate_user, email=delegate_user.email)
    response = delegate_client.post(my_url(started, "edit/"), EDIT)
    assert response.status_code == 302
    assert Registration.objects.get(conference=started).last_name != "Haddad-Saleh"


def test_cancel(delegate_client, delegate_registration, conference, mailoutbox):
    assert delegate_client.get(my_url(conference, "cancel/")).status_code == 200
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.PENDING  # a GET only asks
    response = delegate_client.post(my_url(conference, "cancel/"))
    assert response.status_code == 302
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.CANCELLED
    assert "cancelled" in mailoutbox[-1].subject
    again = delegate_client.post(my_url(conference, "cancel/"), follow=True)
    assert "cannot be cancelled" in again.content.decode()


def test_download_my_data(delegate_client, delegate_registration, delegate_user, other_registration):
    response = delegate_client.get("/en/me/data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == delegate_user.email
    [registration] = data["registrations"]
    assert registration["first_name"] == delegate_registration.first_name
    assert registration["name_ar"] == delegate_registration.name_ar
    assert other_registration.email not in response.content.decode()


def test_download_my_data_is_complete(
    delegate_client, delegate_user, conference, secretariat_user, django_assert_max_num_queries
):
    from registration import services
    from registration.badges.services import badge_issue
    from registration.checkin.services import checkin_scan

    mine = RegistrationFactory(
        conference=conference,
        user=delegate_user,
        email=delegate_user.email,
        position="Lawyer",
        phone="+32 2 555 01 01",
        accessibility_needs="Step-free access",
    )
    services.registration_set_status(registration=mine, to_status="approved", by=secretariat_user, message="Welcome.")
    badge = badge_issue(registration=mine)
    checkin_scan(
        conference=conference, code=badge.token, door=DoorFactory(conference=conference, name_en="North"), by=None
    )
    data = delegate_client.get("/en/me/data.json").json()
    [registration] = data["registrations"]
    # Every stored detail of the registration is there, except the links between tables.
    internal = {"id", "user", "conference", "import_batch", "anonymised_at"}
    for field in Registration._meta.concrete_fields:
        if field.name not in internal:
            assert field.name in registration, field.name
    assert registration["phone"] == "+32 2 555 01 01"
    assert registration["conference_title"] == conference.title
    assert [(h["from"], h["to"], h["by"], h["message"]) for h in registration["history"]] == [
        ("pending", "approved", "secretariat", "Welcome.")
    ]
    assert secretariat_user.email not in json.dumps(data)  # who in the secretariat did it stays theirs
    [issued] = registration["badges"]
    assert issued["issued_at"] and issued["revoked_at"] is None
    assert badge.token not in json.dumps(data)
    [entry] = registration["check_ins"]
    assert entry["door"] == "North"
    assert registration["attendance"] == []  # no marked session attended (tests/registration/attendance)
    assert data["account"]["roles"] == []
    assert data["account"]["email_addresses"] == [{"email": delegate_user.email, "verified": True, "primary": True}]
    # The same number of queries with one registration or several.
    other = ConferenceFactory(slug="rome-2027")
    with django_assert_max_num_queries(15) as one:  # 12, attendance, e-mails, the visa letter and the certificate
        delegate_client.get("/en/me/data.json")
    RegistrationFactory(conference=other, user=delegate_user, email=delegate_user.email)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(delegate_client.get("/en/me/data.json").json()["registrations"]) == 2


def test_delete_account_anonymises_and_keeps_counts(delegate_client, delegate_user, conference, secretariat_user):
    conference.capacity = 1
    conference.save()
    mine = RegistrationFactory(
        conference=conference, user=delegate_user, email=delegate_user.email, category="lawyer", country="TN"
    )
    from registration import services

    services.registration_set_status(registration=mine, to_status="approved", by=secretariat_user)
    waiting = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=waiting, to_status="approved", by=secretariat_user)
    assert Registration.objects.get(pk=waiting.pk).status == Status.WAITLISTED

    wrong = delegate_client.post("/en/me/delete/", {"password": "wrong", "confirm": "on"})
    assert "This is not your password." in wrong.content.decode()
    response = delegate_client.post("/en/me/delete/", {"password": "correct horse battery", "confirm": "on"})
    assert response.status_code == 302

    assert not User.objects.filter(pk=delegate_user.pk).exists()
    mine.refresh_from_db()
    assert mine.anonymised_at is not None
    assert mine.user is None
    assert (mine.first_name, mine.last_name, mine.name_ar, mine.organisation, mine.phone) == ("", "", "", "", "")
    assert delegate_user.email not in mine.email
    assert (mine.category, mine.country.code, mine.status) == ("lawyer", "TN", Status.CANCELLED)
    assert Registration.objects.get(pk=waiting.pk).status == Status.APPROVED  # the freed place moved up
    assert AuditLogEntry.objects.filter(action="account_delete").exists()
    assert delegate_client.get(my_url(conference)).status_code == 302  # logged out


def test_participants_list_is_404_unless_public(client, conference):
    assert client.get(f"/en/{conference.slug}/participants/").status_code == 404


def test_participants_list_shows_only_consenting_approved(client, conference):
    conference.participants_list_public = True
    conference.save()
    RegistrationFactory(
        conference=conference,
        first_name="Claire",
        last_name="Dubois",
        organisation="Parlement",
        country="BE",
        phone="+32 2 555",
        status=Status.APPROVED,
        list_consent=True,
    )
    RegistrationFactory(conference=conference, first_name="Hidden", status=Status.APPROVED, list_consent=False)
    RegistrationFactory(conference=conference, first_name="Pending", status=Status.PENDING, list_consent=True)
    response = client.get(f"/en/{conference.slug}/participants/")
    page = response.content.decode()
    assert "Claire Dubois" in page
    assert "Parlement" in page
    assert "Belgium" in page
    assert "Hidden" not in page
    assert "Pending" not in page
    assert "+32 2 555" not in page
    assert "@example.org" not in page


@pytest.mark.parametrize("status", [Status.PENDING, Status.WAITLISTED, Status.DECLINED, Status.CANCELLED])
def test_participants_list_leaves_out_consenting_delegates_who_are_not_approved(client, conference, status):
    conference.participants_list_public = True
    conference.save()
    RegistrationFactory(conference=conference, first_name="Notshown", status=status, list_consent=True)
    assert "Notshown" not in client.get(f"/en/{conference.slug}/participants/").content.decode()


def test_participants_list_shows_name_organisation_and_country_only(client, conference, secretariat_user):

    conference.participants_list_public = True
    conference.save()
    shown = RegistrationFactory(
        conference=conference,
        first_name="Claire",
        position="Member of Parliament",
        category="parliamentarian",
        dietary_requirements="Vegan",
        status=Status.APPROVED,
        list_consent=True,
    )
    gone = RegistrationFactory(conference=conference, first_name="Erased", status=Status.APPROVED, list_consent=True)
    registration_anonymise(registration=gone, by=None, reason="test")
    response = client.get(f"/en/{conference.slug}/participants/")
    [row] = response.context["participants"]
    assert set(row) == {"name", "name_ar", "organisation", "country"}
    assert (row["name"], row["organisation"]) == (shown.full_name, "Addameer")
    page = response.content.decode()
    for private in ("Member of Parliament", "Parliamentarian", "Vegan", shown.email, "anonymised"):
        assert private not in page
    assert ConferenceFactory.build().participants_list_public is False  # off unless the secretariat turns it on
