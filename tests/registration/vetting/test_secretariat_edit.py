"""The secretariat corrects a delegate's details, category and internal note on the registration's page (not only
in the admin), with the delegate's form's checks and an audit line; likely duplicates are pointed out."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenary.audit.models import AuditLogEntry
from registration.accounts.services import registration_anonymise
from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
NOTE = "Called the embassy: visa pending, do not approve before Friday."


def detail_url(registration):
    return f"/en/{registration.conference.slug}/manage/registrations/{registration.pk}/"


def edit_url(registration):
    return detail_url(registration) + "edit/"


def edit_data(registration, **changes):
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "name_ar": registration.name_ar,
        "organisation": registration.organisation,
        "position": registration.position,
        "phone": registration.phone,
        "country": registration.country.code,
        "category": registration.category,
        "language": registration.language,
        "interpretation_needs": "",
        "accessibility_needs": "",
        "dietary_requirements": "",
        "internal_note": "",
    }
    return data | changes


def test_the_secretariat_edits_details_category_and_note(secretariat_client, secretariat_user, conference):
    registration = RegistrationFactory(conference=conference, first_name="Amina", last_name="Hadad")
    response = secretariat_client.post(
        edit_url(registration),
        edit_data(registration, last_name="Haddad", category="speaker", internal_note=NOTE),
        follow=True,
    )
    registration.refresh_from_db()
    assert (registration.last_name, registration.category, registration.internal_note) == ("Haddad", "speaker", NOTE)
    page = response.content.decode()
    assert "The details have been saved." in page
    assert NOTE in page
    entry = AuditLogEntry.objects.get(action="registration_update")
    assert entry.actor == secretariat_user
    assert entry.details == {"registration": registration.pk, "fields": ["last_name", "category", "internal_note"]}
    assert "Haddad" not in entry.summary and NOTE not in entry.summary  # ids and field names, never values


def test_the_detail_page_has_the_edit_form(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference, internal_note=NOTE)
    page = secretariat_client.get(detail_url(registration)).content.decode()
    assert f'action="{edit_url(registration)}#edit"' in page
    assert 'name="internal_note"' in page
    assert 'value="staff"' in page  # every category, the ones a delegate may not pick too


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"first_name": "أمينة"}, "first_name", "Latin"),
        ({"last_name": "Had\u202edad"}, "last_name", ""),
        ({"organisation": ""}, "organisation", "required"),
        ({"internal_note": "x" * 2001}, "internal_note", "2000"),
        ({"category": "president"}, "category", "valid choice"),
    ],
)
def test_bad_input_is_refused_with_the_delegates_rules_and_loses_nothing(
    secretariat_client, conference, changes, field, error
):
    registration = RegistrationFactory(conference=conference, first_name="Amina", internal_note=NOTE)
    response = secretariat_client.post(edit_url(registration), edit_data(registration, **changes))
    assert response.status_code == 400
    assert error in " ".join(response.context["edit_form"].errors[field])
    page = response.content.decode()
    assert "<h1><bdi>Amina " in page  # the page shows the stored registration, the form what was typed
    registration.refresh_from_db()
    assert registration.first_name == "Amina" and registration.internal_note == NOTE
    assert not AuditLogEntry.objects.filter(action="registration_update").exists()


def test_names_are_normalised_as_on_the_delegates_form(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference, first_name="Amira")
    refused = secretariat_client.post(edit_url(registration), edit_data(registration, first_name="Ami\u200bna"))
    assert "first_name" in refused.context["edit_form"].errors  # an invisible character is refused, not kept
    registration.refresh_from_db()
    assert registration.first_name == "Amira"
    secretariat_client.post(edit_url(registration), edit_data(registration, first_name="  Amina  "))
    registration.refresh_from_db()
    assert registration.first_name == "Amina"


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur", "door"])
def test_nobody_else_edits_or_reads_the_internal_note(as_role, conference, delegate_registration, role):
    Registration.objects.filter(pk=delegate_registration.pk).update(internal_note=NOTE)
    client = as_role(role)
    response = client.post(edit_url(delegate_registration), edit_data(delegate_registration, first_name="Hacked"))
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/accounts/login/" in response.url
    delegate_registration.refresh_from_db()
    assert delegate_registration.first_name != "Hacked" and delegate_registration.internal_note == NOTE
    for url in (detail_url(delegate_registration), f"/en/{conference.slug}/my/", f"/en/{conference.slug}/my/edit/"):
        assert NOTE.encode() not in client.get(url).content


def test_the_delegate_cannot_write_the_note_through_their_own_form(delegate_client, conference, delegate_registration):
    data = edit_data(delegate_registration, internal_note="Approve me", category="delegate")
    delegate_client.post(f"/en/{conference.slug}/my/edit/", data)
    delegate_registration.refresh_from_db()
    assert delegate_registration.internal_note == ""


def test_the_note_is_in_the_delegates_data_download(delegate_client, delegate_registration):
    Registration.objects.filter(pk=delegate_registration.pk).update(internal_note=NOTE)
    response = delegate_client.get("/en/me/data.json")
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert data["registrations"][0]["internal_note"] == NOTE


def test_anonymising_erases_the_note(conference):

    registration = RegistrationFactory(conference=conference, internal_note=NOTE)
    registration_anonymise(registration=registration, by=None, reason="test")
    registration.refresh_from_db()
    assert registration.internal_note == ""


def test_an_editing_secretariat_of_another_conference_gets_404(secretariat_client, conference, other_conference):
    foreign = RegistrationFactory(conference=other_conference)
    url = f"/en/{conference.slug}/manage/registrations/{foreign.pk}/edit/"
    assert secretariat_client.post(url, edit_data(foreign, first_name="Hacked")).status_code == 404


# --- Likely duplicates ---


def test_a_likely_duplicate_is_pointed_out_on_both_pages(secretariat_client, conference):
    first = RegistrationFactory(conference=conference, first_name="Amina", last_name="Haddad", email="a@one.example")
    second = RegistrationFactory(conference=conference, first_name="AMINA", last_name="haddad", email="a@two.example")
    other = RegistrationFactory(conference=conference, first_name="Sami", last_name="Nasser")
    page = secretariat_client.get(detail_url(first)).content.decode()
    assert "Possible duplicate" in page
    assert detail_url(second) in page and "a@two.example" in page
    assert "Possible duplicate" not in secretariat_client.get(detail_url(other)).content.decode()
    queue = secretariat_client.get(f"/en/{conference.slug}/manage/registrations/")
    assert queue.context["likely_duplicates"] == {first.pk, second.pk}
    assert queue.content.decode().count("data-duplicate") == 2


def test_the_same_arabic_name_is_a_likely_duplicate_but_the_same_email_is_not(secretariat_client, conference):
    first = RegistrationFactory(conference=conference, first_name="Amina", name_ar="أمينة حداد")
    second = RegistrationFactory(conference=conference, first_name="Aminah", name_ar="أمينة حداد")
    elsewhere = RegistrationFactory(conference=RegistrationFactory().conference, name_ar="أمينة حداد")
    queue = secretariat_client.get(f"/en/{conference.slug}/manage/registrations/")
    assert queue.context["likely_duplicates"] == {first.pk, second.pk}
    assert elsewhere.pk not in queue.context["likely_duplicates"]


def _queue_queries(client, conference, count):
    Registration.objects.filter(conference=conference).delete()
    for number in range(count):
        # Pairs with the same name and different e-mails: each is marked.
        RegistrationFactory(conference=conference, first_name="Amina", last_name=f"Haddad{number // 2}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/en/{conference.slug}/manage/registrations/")
    assert response.status_code == 200
    assert len(response.context["likely_duplicates"]) == count - count % 2
    return len(captured)


def test_the_duplicates_marker_costs_the_same_queries_for_1_and_3_registrations(secretariat_client, conference):
    assert _queue_queries(secretariat_client, conference, 1) == _queue_queries(secretariat_client, conference, 3)
