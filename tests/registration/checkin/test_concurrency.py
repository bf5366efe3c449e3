"""Two doors scanning one badge at the same moment: exactly one check-in, on PostgreSQL and on SQLite."""

import threading

import pytest
from django.db import connection

from registration.badges.services import badge_issue
from registration.checkin.services import checkin_scan
from registration.models import CheckIn, Scan
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory

DOORS = ["North", "South", "East", "West", "Desk", "VIP"]


def _scan_at_once(conference, token: str, doors: list) -> list[str]:
    barrier = threading.Barrier(len(doors))
    results: list[str] = []
    errors: list[BaseException] = []

    def scan(door) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(checkin_scan(conference=conference, code=token, door=door, by=None).result)
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(door,)) for door in doors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return sorted(results)


def _race(doors: list[str]) -> None:
    conference = ConferenceFactory(slug="race")
    badge = badge_issue(registration=RegistrationFactory(conference=conference, status="approved"))

    doors = [DoorFactory(conference=conference, name_en=name) for name in doors]
    results = _scan_at_once(conference, badge.token, doors)

    assert results == ["already_checked_in"] * (len(doors) - 1) + ["checked_in"]
    assert CheckIn.objects.filter(registration=badge.registration).count() == 1
    assert Scan.objects.count() == len(doors)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("doors", [DOORS[:2], DOORS])
def test_simultaneous_scans_give_one_check_in_on_postgresql(doors):
    _race(doors)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("doors", [DOORS[:2], DOORS])
def test_simultaneous_scans_give_one_check_in_on_sqlite(doors):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race")
    _race(doors)
