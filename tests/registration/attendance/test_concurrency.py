"""Four doors of one room letting people in online at the same moment: never more inside than the seats."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from registration.badges.services import badges_issue_for
from registration.doors import devices
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import Attendance, Scan
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory, SessionFactory
from tests.registration.doors.test_concurrency import _at_once


def _race() -> None:
    today = timezone.localdate()
    conference = ConferenceFactory(slug="seat-race", start_date=today - dt.timedelta(days=1), end_date=today)
    now = timezone.now()
    workshop = SessionFactory(
        conference=conference, attendance_list=True, seats=5,
        starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip
    people = [RegistrationFactory(conference=conference, status="approved") for _ in range(12)]
    hashes = [badge.token_sha256 for badge in badges_issue_for(registrations=people)]
    jobs = []
    for n in range(4):
        door = DoorFactory(conference=conference, name_en=f"Door {n}")
        sender = Sender(
            conference=conference, door=door, device=devices.device_add(door=door, label=f"{n}", by=None).device
        )
        scans = [
            UploadedScan(nonce=uuid.uuid4(), h=h, at=now, offline=False, session=workshop.pk)
            for h in hashes[n * 3 : n * 3 + 3]
        ]
        jobs.append(lambda sender=sender, scans=scans: scans_upload(sender=sender, scans=scans, now=now))

    _at_once(jobs)

    assert Attendance.objects.filter(session=workshop).count() == 5
    assert Scan.objects.filter(outcome="session_full").count() == 7


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_online_entries_never_pass_the_seats_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL variant of the race")
    _race()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_online_entries_never_pass_the_seats_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race")
    _race()
