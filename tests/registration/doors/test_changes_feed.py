"""The local list's changes tell a device of every check-in made elsewhere since its version, whenever the
check-in happened (an offline upload or a paper tick records an earlier time than its own), on every day of the
conference: two devices, two days."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from registration.checkin.paper_services import paper_checkin
from registration.checkin.services import checkin_registration
from registration.doors.selectors import local_list, version_of
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import sha256_hex
from tests.factories import BRUSSELS

from .conftest import delegate_badge, paired_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, set by the test (the services and the row defaults read it)."""
    now = {"at": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: now["at"])

    def set_to(moment: dt.datetime) -> dt.datetime:
        now["at"] = moment
        return moment

    return set_to


def _at(conference, day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """A moment of the conference's ``day`` (1 or 2), in its time zone."""
    date = conference.start_date + dt.timedelta(days=day - 1)
    return dt.datetime.combine(date, dt.time(hour, minute, second), tzinfo=BRUSSELS)


def _today(conference, since: int, now: dt.datetime) -> dict[str, bool]:
    """What device A learns: each changed entry's "checked in today", by hash."""
    changes = local_list(conference=conference, door=None, since=since, now=now)
    return {entry["h"]: entry["checked_in_today"] for entry in changes.entries} | {"full": changes.full}


def _upload(device, badge, *, at: dt.datetime, now: dt.datetime):
    scan = UploadedScan(nonce=uuid.uuid4(), h=sha256_hex(badge.token), at=at, offline=True)
    sender = Sender(conference=device.conference, door=device.door, device=device)
    return scans_upload(sender=sender, scans=[scan], now=now)


def test_a_device_learns_of_check_ins_made_elsewhere_on_each_day(conference, door, clock):
    device_b = paired_client(door, "Phone B").device
    amina, karim, lina = (delegate_badge(conference, last_name=name) for name in ("Amina", "Karim", "Lina"))
    day_one = _at(conference, 1, 9, 0)

    # Device A takes its list at 9:00.
    version = version_of(clock(day_one))
    local_list(conference=conference, door=door, since=None, now=day_one)

    # Device B admitted Amina offline at 8:50 and uploads at 9:01; the desk enters a paper tick of 8:30 at 9:02.
    [result] = _upload(device_b, amina, at=day_one - dt.timedelta(minutes=10), now=clock(day_one.replace(minute=1)))
    assert result.outcome == "checked_in"
    paper_checkin(
        conference=conference, day=day_one.date(), registration_ids=[karim.registration_id], at=dt.time(8, 30), by=None
    )
    seen = _today(conference, version, clock(day_one.replace(minute=2)))
    assert seen["full"] is False
    assert seen[sha256_hex(amina.token)] is True
    assert seen[sha256_hex(karim.token)] is True
    assert sha256_hex(lina.token) not in seen

    # A's list was refreshed every 30 s through the night: the first list of day two starts afresh.
    last_evening = version_of(_at(conference, 1, 23, 59, 50))
    morning = clock(_at(conference, 2, 0, 0, 20))
    seen = _today(conference, last_evening, morning)
    assert seen["full"] is True
    assert seen[sha256_hex(amina.token)] is False and seen[sha256_hex(karim.token)] is False

    # Day two: the desk checks Lina in, device B's offline admission of Amina at 8:00 is uploaded at 8:10.
    version = version_of(clock(_at(conference, 2, 8, 5)))
    clock(_at(conference, 2, 8, 6))
    checkin_registration(conference=conference, registration=lina.registration, door=door, by=None)
    eight = _at(conference, 2, 8, 0)
    _upload(device_b, amina, at=eight, now=clock(eight.replace(minute=10)))
    seen = _today(conference, version, clock(eight.replace(minute=11)))
    assert seen["full"] is False
    assert seen[sha256_hex(lina.token)] is True and seen[sha256_hex(amina.token)] is True
    assert sha256_hex(karim.token) not in seen


def test_an_earlier_offline_admission_taking_a_check_in_over_is_a_change(conference, door, clock):
    device_b, device_c = (paired_client(door, label).device for label in ("Phone B", "Phone C"))
    amina = delegate_badge(conference, last_name="Amina")
    nine = _at(conference, 1, 9, 0)
    _upload(device_b, amina, at=nine, now=clock(nine.replace(minute=1)))
    version = version_of(clock(nine.replace(minute=2)))

    # Device C had admitted her at 8:40, offline; it uploads at 9:10: the check-in moves to 8:40, to C's door.
    [result] = _upload(device_c, amina, at=nine.replace(hour=8, minute=40), now=clock(nine.replace(minute=10)))

    assert result.outcome == "checked_in"
    seen = _today(conference, version, clock(nine.replace(minute=11)))
    assert seen[sha256_hex(amina.token)] is True
