"""The secretariat's attendance pages, as the attack sees them, and what they show."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import sha256_hex
from tests.factories import ConferenceFactory, DoorFactory, RoomFactory, SessionFactory
from tests.registration.doors.conftest import delegate_badge, paired_client

# Session, user, MFA and permission checks, then the session, its counts (three) and the inside list (one).
QUERIES = 10


@pytest.fixture
def testimony(conference):
    now = timezone.now()
    return SessionFactory(
        conference=conference, title_en="Testimonies", room=RoomFactory(conference=conference, capacity=3),
        attendance_list=True, exit_scans=True,
        starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip


def _enter(door, session, badges, *, direction="entry"):
    scans = [
        UploadedScan(nonce=uuid.uuid4(), h=sha256_hex(b.token), at=timezone.now(), offline=False,
                     session=session.pk, direction=direction)
        for b in badges
    ]  # fmt: skip
    return scans_upload(sender=Sender(conference=door.conference, door=door), scans=scans)


def _url(session, name="attendance_session"):
    return reverse(f"registration:{name}", args=[session.conference.slug, session.pk])


def test_the_secretariat_sees_who_is_inside_now_and_the_counts(secretariat_client, conference, door, testimony):
    inside = delegate_badge(conference, first_name="Amina", last_name="Haddad", name_ar="أمينة حداد")
    gone = delegate_badge(conference, first_name="Omar", last_name="Saleh")
    _enter(door, testimony, [inside, gone])
    _enter(door, testimony, [gone], direction="exit")

    for name in ("attendance_session", "attendance_session_live"):
        html = secretariat_client.get(_url(testimony, name)).content.decode()
        assert "Amina Haddad" in html and "أمينة حداد" in html
        assert "Omar Saleh" not in html  # he left
        assert "<strong>1</strong> / 3" in html


def test_the_counts_page_links_the_days_marked_sessions(secretariat_client, conference, door, testimony):
    _enter(door, testimony, [delegate_badge(conference)])
    SessionFactory(conference=conference, title_en="Not marked")
    html = secretariat_client.get(reverse("registration:checkin_counts_live", args=[conference.slug])).content.decode()
    assert _url(testimony) in html and "Testimonies" in html and "Not marked" not in html
    assert "data-inside>1<" in html


@pytest.mark.parametrize("role", ["anonymous", "delegate", "door", "rapporteur"])
@pytest.mark.parametrize("name", ["attendance_session", "attendance_session_live"])
def test_nobody_but_the_secretariat_sees_who_is_inside(as_role, role, name, conference, door, testimony):
    _enter(door, testimony, [delegate_badge(conference, first_name="Hidden", last_name="Witness")])
    response = as_role(role).get(_url(testimony, name))
    assert response.status_code in (302, 403, 404)
    assert b"Witness" not in response.content


def test_a_paired_device_even_of_this_conference_does_not_reach_the_list(conference, door, testimony):
    _enter(door, testimony, [delegate_badge(conference, last_name="Witness")])
    for device_door in (door, DoorFactory(conference=ConferenceFactory())):
        response = paired_client(device_door).get(_url(testimony))
        assert response.status_code == 302 and b"Witness" not in response.content


def test_a_session_not_marked_or_of_another_conference_is_not_found(secretariat_client, conference):
    unmarked = SessionFactory(conference=conference)
    foreign = SessionFactory(conference=ConferenceFactory(), attendance_list=True)
    assert secretariat_client.get(_url(unmarked)).status_code == 404
    url = reverse("registration:attendance_session", args=[conference.slug, foreign.pk])
    assert secretariat_client.get(url).status_code == 404


@pytest.mark.parametrize("people", [1, 3])
def test_the_inside_list_takes_the_same_queries_whatever_its_length(
    secretariat_client, conference, door, testimony, people, django_assert_num_queries
):
    testimony.seats = 10
    testimony.save()
    _enter(door, testimony, [delegate_badge(conference) for _ in range(people)])
    secretariat_client.get(_url(testimony, "attendance_session_live"))  # warm the session and permissions
    with django_assert_num_queries(QUERIES):
        assert secretariat_client.get(_url(testimony, "attendance_session_live")).status_code == 200
