"""The secretariat's long work holds the conference lock (an import applies in one transaction under it, for many
seconds at 10,000 rows): a door scan must not wait for it. On PostgreSQL a scan's row references the conference, and
inserting it takes a key-share lock on the conference row, which a plain FOR UPDATE would block."""

import threading

import pytest
from django.db import connection, transaction

from registration.badges.services import badge_issue
from registration.checkin.services import checkin_scan
from registration.services import registration_lock_conference
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_scan_does_not_wait_for_an_import_holding_the_conference_lock():
    conference = ConferenceFactory(slug="door-during-import")
    badge = badge_issue(registration=RegistrationFactory(conference=conference, status="approved"))
    door = DoorFactory(conference=conference, name_en="North")
    locked, release = threading.Event(), threading.Event()

    def import_in_progress() -> None:
        try:
            with transaction.atomic():
                registration_lock_conference(conference=conference)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=import_in_progress)
    holder.start()
    assert locked.wait(timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # a blocked scan fails here instead of hanging the suite
        outcome = checkin_scan(conference=conference, code=badge.token, door=door, by=None)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")

    assert outcome.result == "checked_in"
