"""Attendance per session, settled from the door's uploads: entry, exit, full, re-entry, refusals, idempotency."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from registration.badges.services import badge_reprint
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import Attendance, CheckIn, Registration, Scan, sha256_hex
from tests.factories import ConferenceFactory, RoomFactory, SessionFactory
from tests.registration.doors.conftest import delegate_badge, local_list, paired_client, scan_item, upload


@pytest.fixture
def now(conference):
    return (conference.starts_at + dt.timedelta(hours=9)).astimezone(dt.UTC)


@pytest.fixture
def workshop(conference, now):
    room = RoomFactory(conference=conference, capacity=40)
    return SessionFactory(
        conference=conference, room=room, attendance_list=True, seats=2, exit_scans=True,
        starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip


@pytest.fixture
def phone(door):
    return paired_client(door).device


def _scan(badge, at, session, *, direction="entry", offline=False, nonce=None):
    return UploadedScan(
        nonce=nonce or uuid.uuid4(),
        h=sha256_hex(badge.token),
        at=at,
        offline=offline,
        session=session.pk if session else None,
        direction=direction,
    )


def _upload(door, device, scans, now):
    return scans_upload(sender=Sender(conference=door.conference, door=door, device=device), scans=scans, now=now)


def test_entry_exit_and_re_entry(conference, door, phone, workshop, now):
    badge = delegate_badge(conference, first_name="Amina", last_name="Haddad")
    steps = [("entry", 0), ("entry", 1), ("exit", 2), ("entry", 3)]
    outcomes = []
    for direction, minute in steps:
        at = now + dt.timedelta(minutes=minute)
        outcomes += _upload(door, phone, [_scan(badge, at, workshop, direction=direction)], at)

    assert [o.outcome for o in outcomes] == ["admitted", "already_inside", "left", "admitted"]
    assert outcomes[0].as_json()["name"] == "Amina Haddad"
    assert [o.inside for o in outcomes] == [1, 1, 0, 1]
    assert outcomes[0].as_json()["seats"] == 2
    assert Attendance.objects.filter(session=workshop).count() == 3
    assert not CheckIn.objects.exists()  # a session's list is not the day's entry, nor needs it


def test_online_entry_past_the_seats_is_refused_offline_it_is_kept_and_flagged(conference, door, phone, workshop, now):
    badges = [delegate_badge(conference) for _ in range(4)]
    online = _upload(door, phone, [_scan(b, now, workshop) for b in badges[:3]], now)
    offline = _upload(door, phone, [_scan(badges[3], now - dt.timedelta(minutes=1), workshop, offline=True)], now)

    assert [o.outcome for o in online] == ["admitted", "admitted", "session_full"]
    assert offline[0].outcome == "admitted" and offline[0].inside == 3
    assert list(Attendance.objects.filter(over_capacity=True).values_list("registration", flat=True)) == [
        badges[3].registration_id
    ]


def test_the_room_capacity_applies_when_no_seats_are_set(conference, door, phone, now):
    session = SessionFactory(
        conference=conference, room=RoomFactory(conference=conference, capacity=1), attendance_list=True,
        starts_at=now, ends_at=now + dt.timedelta(hours=1),
    )  # fmt: skip
    first, second = delegate_badge(conference), delegate_badge(conference)
    results = _upload(door, phone, [_scan(first, now, session), _scan(second, now, session)], now)
    assert [r.outcome for r in results] == ["admitted", "session_full"]


def test_two_offline_devices_admitting_one_person_make_one_entry_and_a_duplicate(conference, door, workshop, now):
    badge = delegate_badge(conference)
    first, second = paired_client(door).device, paired_client(door, "Red phone").device
    _upload(door, first, [_scan(badge, now - dt.timedelta(minutes=5), workshop, offline=True)], now)
    again = _upload(door, second, [_scan(badge, now - dt.timedelta(minutes=2), workshop, offline=True)], now)
    assert again[0].outcome == "duplicate"
    assert Attendance.objects.count() == 1
    assert Scan.objects.filter(outcome="duplicate", session=workshop).count() == 1


def test_an_upload_twice_changes_nothing(conference, door, phone, workshop, now):
    badges = [delegate_badge(conference) for _ in range(3)]
    batch = [_scan(b, now - dt.timedelta(minutes=n), workshop, offline=True) for n, b in enumerate(badges)]
    first = _upload(door, phone, batch, now)
    second = _upload(door, phone, batch, now + dt.timedelta(minutes=1))
    assert [r.as_json() for r in first] == [r.as_json() for r in second]
    assert Attendance.objects.count() == 3 and Attendance.objects.filter(over_capacity=True).count() == 1
    assert Scan.objects.count() == 3


def test_a_late_offline_entry_does_not_put_back_inside_someone_who_left(conference, door, phone, workshop, now):
    badge = delegate_badge(conference)
    scans = [
        _scan(badge, now, workshop, offline=True),
        _scan(badge, now + dt.timedelta(minutes=9), workshop, direction="exit", offline=True),
    ]
    _upload(door, phone, scans, now + dt.timedelta(minutes=10))
    late = paired_client(door, "Late phone").device
    early = _scan(badge, now + dt.timedelta(minutes=1), workshop, offline=True)
    result = _upload(door, late, [early], now + dt.timedelta(minutes=10))
    assert result[0].outcome == "duplicate"  # inside already at that time
    assert result[0].inside == 0


@pytest.mark.parametrize("status", [Registration.Status.PENDING, Registration.Status.DECLINED])
def test_not_approved(conference, door, phone, workshop, now, status):
    badge = delegate_badge(conference, status=status, first_name="Hidden")
    result = _upload(door, phone, [_scan(badge, now, workshop)], now)[0]
    assert result.outcome == "not_approved" and result.name == ""
    assert not Attendance.objects.exists()


def test_revoked_badge_and_unknown_code(conference, door, phone, workshop, now):
    badge = delegate_badge(conference)
    badge_reprint(registration=badge.registration, by=None, now=now - dt.timedelta(hours=1))  # revokes the old one
    unknown = UploadedScan(nonce=uuid.uuid4(), h="0" * 64, at=now, offline=False, session=workshop.pk)
    results = _upload(door, phone, [_scan(badge, now, workshop), unknown], now)
    assert [r.outcome for r in results] == ["revoked", "unknown"]
    assert not Attendance.objects.exists()


def test_another_conferences_session_an_unmarked_one_and_an_exit_without_exit_scans(conference, door, phone, now):
    badge = delegate_badge(conference)
    other = SessionFactory(conference=ConferenceFactory(), attendance_list=True)
    unmarked = SessionFactory(conference=conference)
    no_exits = SessionFactory(conference=conference, attendance_list=True)
    scans = [_scan(badge, now, other), _scan(badge, now, unmarked), _scan(badge, now, no_exits, direction="exit")]
    results = _upload(door, phone, scans, now)
    assert [r.outcome for r in results] == ["refused"] * 3
    assert not Attendance.objects.exists()


def test_old_clients_without_the_fields_check_in_for_the_day(conference, door, phone, workshop, now):
    badge = delegate_badge(conference)
    result = _upload(door, phone, [_scan(badge, now, None)], now)[0]
    assert result.outcome == "checked_in" and "session" not in result.as_json()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"direction": "sideways"}, {"direction": None}, {"session": "7"}, {"session": -1}, {"session": True}],
)
def test_a_bad_session_or_direction_is_rejected_alone(conference, door, device_client, workshop, now, fields):
    badge = delegate_badge(conference)
    scans = [scan_item(badge, now), {**scan_item(badge, now), "session": workshop.pk, **fields}]
    response = upload(device_client, conference, scans)
    assert response.status_code == 200
    assert [rejected["index"] for rejected in response.json()["rejected"]] == [1]
    assert [result["outcome"] for result in response.json()["results"]] == ["checked_in"]
    assert Scan.objects.count() == 1 and not Attendance.objects.exists()


def test_the_endpoint_takes_session_scans_and_the_list_names_todays_marked_sessions(conference, door, device_client):
    badge = delegate_badge(conference)
    today = timezone.now()
    workshop = SessionFactory(
        conference=conference, attendance_list=True, seats=2, exit_scans=True,
        starts_at=today - dt.timedelta(minutes=5), ends_at=today + dt.timedelta(minutes=5),
    )  # fmt: skip
    SessionFactory(conference=conference, attendance_list=True, starts_at=today + dt.timedelta(days=2),
                   ends_at=today + dt.timedelta(days=2, hours=1))  # fmt: skip
    listed = local_list(device_client, conference).json()["sessions"]
    assert listed == [
        {
            "id": workshop.pk,
            "title": workshop.title_en,
            "starts_at": listed[0]["starts_at"],
            "ends_at": listed[0]["ends_at"],
            "seats": 2,
            "exit_scans": True,
            "inside": 0,
        }
    ]
    at = dt.datetime.now(dt.UTC)
    item = {**scan_item(badge, at, offline=False), "session": workshop.pk, "direction": "entry"}
    [result] = upload(device_client, conference, [item]).json()["results"]
    assert (result["outcome"], result["session"], result["inside"], result["seats"]) == ("admitted", workshop.pk, 1, 2)
    assert local_list(device_client, conference).json()["sessions"][0]["inside"] == 1
