"""The free-text doors of existing check-ins and scans become door records; existing badges get their hash."""

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plenary.i18n import LANGUAGE_CODES

BEFORE = [("registration", "0008_registration_internal_note")]


def _migrate(targets=None):
    """Migrates to ``targets`` (default: every app's latest, as the other tests expect)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_one_door_per_conference_and_text_named_so_in_every_language():
    old = _migrate(BEFORE)
    conference_model = old.get_model("conference", "Conference")
    registration_model = old.get_model("registration", "Registration")
    badge_model = old.get_model("registration", "Badge")
    checkin_model = old.get_model("registration", "CheckIn")
    scan_model = old.get_model("registration", "Scan")
    first, second = (
        conference_model.objects.create(
            slug=slug, edition=9, title_en=slug, start_date=dt.date(2025, 5, 3), end_date=dt.date(2025, 5, 4)
        )
        for slug in ("first", "second")
    )
    people = [
        registration_model.objects.create(conference=conference, email=f"{n}@example.org", status="approved")
        for n, conference in enumerate((first, first, second))
    ]
    badge = badge_model.objects.create(registration=people[0], token="t" * 32)
    for person, door in zip(people, ("North", "North", "North"), strict=True):
        checkin_model.objects.create(registration=person, day=dt.date(2025, 5, 3), door=door)
    scan_model.objects.create(conference=first, door="South", outcome="unknown")
    scan_model.objects.create(conference=first, door="", outcome="unknown")

    new = _migrate()

    door_model = new.get_model("registration", "Door")
    names = sorted((door.conference.slug, door.name_en) for door in door_model.objects.select_related("conference"))
    assert names == [("first", "North"), ("first", "South"), ("second", "North")]
    assert all(
        getattr(door, f"name_{code}") == door.name_en for door in door_model.objects.all() for code in LANGUAGE_CODES
    )
    checkins = new.get_model("registration", "CheckIn").objects.select_related("door", "registration")
    assert all(checkin.door.conference_id == checkin.registration.conference_id for checkin in checkins)
    scans = new.get_model("registration", "Scan").objects.order_by("pk")
    assert [scan.door.name_en if scan.door else None for scan in scans] == ["South", None]
    stored = new.get_model("registration", "Badge").objects.get(pk=badge.pk)
    assert stored.token_sha256 == hashlib.sha256(b"t" * 32).hexdigest()
