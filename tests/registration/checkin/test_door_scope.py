"""What a door volunteer can learn, written as the attack: walking the registrations through the search and the
scan endpoint, guessing ids, scanning a pending witness's badge, working a draft or archived conference."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conference.models import Conference
from registration.badges.services import badge_issue
from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
WITNESS = "Zaynab Hiddenwitness"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def people(conference):
    """One approved delegate, and a pending witness, a declined and a cancelled person of the same surname."""
    approved = RegistrationFactory(conference=conference, first_name="Amina", last_name="Hiddenwitness")
    approved.status = Registration.Status.APPROVED
    approved.save()
    others = {}
    for status in ("pending", "declined", "cancelled"):
        registration = RegistrationFactory(
            conference=conference, first_name=f"Zaynab{status}", last_name="Hiddenwitness", name_ar="زينب"
        )
        registration.status = status
        registration.save()
        others[status] = registration
    return approved, others


def search(client, conference, q):
    return client.get(reverse("registration_files:checkin_search", args=[conference.slug]), {"q": q})


def scan(client, conference, **data):
    return client.post(reverse("registration_files:checkin_scan", args=[conference.slug]), data)


def test_the_name_search_returns_only_approved_delegates_and_only_what_the_door_needs(door_client, conference, people):
    approved, _ = people
    results = search(door_client, conference, "Hiddenwitness").json()["results"]
    assert [result["id"] for result in results] == [approved.pk]
    # h: the hash of the active badge, which the door's local list holds already (never the token).
    assert set(results[0]) == {"id", "h", "name", "name_ar", "category", "can_check_in", "state"}
    assert b"Zaynab" not in search(door_client, conference, "Zaynab").content


@pytest.mark.parametrize("status", ["pending", "declined", "cancelled"])
def test_a_guessed_registration_id_of_someone_not_approved_answers_nothing(door_client, conference, people, status):
    _, others = people
    response = scan(door_client, conference, registration=others[status].pk)
    assert response.status_code == 404
    assert b"Zaynab" not in response.content and "زينب".encode() not in response.content


def test_scanning_a_pending_witness_badge_names_no_one(door_client, conference, people):
    _, others = people
    badge = badge_issue(registration=others["pending"])
    body = scan(door_client, conference, code=badge.token).json()
    assert body["result"] == "not_approved"
    assert body["name"] == body["name_ar"] == body["category"] == ""


def test_the_badge_page_of_a_pending_person_shows_the_door_nothing(door_client, conference, people):
    _, others = people
    badge = badge_issue(registration=others["pending"])
    page = door_client.get(reverse("registration_files:badge_landing", args=[badge.token])).content.decode()
    assert "Zaynab" not in page and "زينب" not in page


@pytest.mark.parametrize("status", [Conference.Status.DRAFT, Conference.Status.ARCHIVED])
def test_the_door_cannot_work_a_draft_or_archived_conference(door_client, conference, people, status):
    approved, _ = people
    conference.status = status
    conference.save()
    assert search(door_client, conference, "Amina").status_code == 403
    assert scan(door_client, conference, registration=approved.pk).status_code == 403
    assert door_client.get(reverse("registration:checkin", args=[conference.slug])).status_code == 403
    badge = badge_issue(registration=approved)
    page = door_client.get(reverse("registration_files:badge_landing", args=[badge.token]))
    assert "Amina" not in page.content.decode()


def test_one_phone_at_its_limit_does_not_stop_another_phone(secretariat_user, conference, people, settings):
    """The secretariat works from several devices at once: each has its own scan limit."""
    settings.PLENARY_CHECKIN_SCANS_PER_MINUTE = 3
    first, second = Client(), Client()
    first.force_login(secretariat_user)
    second.force_login(secretariat_user)
    statuses = [scan(first, conference, code="x" * 20).status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert scan(second, conference, code="x" * 20).status_code == 200


def test_a_shared_door_account_signs_out_the_other_phone(door_user, conference, people):
    """Twenty phones on one door account: each sign-in ends the others, so each volunteer needs their own."""
    first, second = Client(), Client()
    first.force_login(door_user)
    assert scan(first, conference, code="x" * 20).status_code == 200
    second.force_login(door_user)
    assert scan(second, conference, code="x" * 20).status_code == 200
    assert scan(first, conference, code="x" * 20).status_code == 302  # back to the login page
