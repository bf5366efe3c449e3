"""Uploaded scans taken as facts: idempotent by nonce, the earliest admission wins, clocks not trusted blindly."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registration.checkin.selectors import checkin_counts
from registration.checkin.services import checkin_scan
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import Badge, CheckIn, Registration, Scan, sha256_hex
from tests.factories import DoorFactory
from tests.registration.doors.conftest import delegate_badge, paired_client, scan_item, upload


@pytest.fixture
def now(conference):
    """The first morning of the conference, as the server sees it."""
    return (conference.starts_at + dt.timedelta(hours=9)).astimezone(dt.UTC)


def _scan(badge, at, *, offline=True, nonce=None):
    return UploadedScan(nonce=nonce or uuid.uuid4(), h=sha256_hex(badge.token), at=at, offline=offline)


def _sender(door, device=None, user=None):
    return Sender(conference=door.conference, door=door, device=device, user=user)


def test_the_same_batch_uploaded_twice_changes_nothing_and_answers_the_same(conference, door, device_client, now):
    badges = [delegate_badge(conference) for _ in range(3)]
    batch = [_scan(badge, now - dt.timedelta(minutes=n)) for n, badge in enumerate(badges)] + [
        _scan(badges[0], now)  # the same person again on this phone
    ]
    sender = _sender(door, device=device_client.device)

    first = scans_upload(sender=sender, scans=batch, now=now)
    second = scans_upload(sender=sender, scans=batch, now=now + dt.timedelta(minutes=1))

    assert [r.as_json() for r in first] == [r.as_json() for r in second]
    assert [r.outcome for r in first] == ["checked_in", "checked_in", "checked_in", "duplicate"]
    assert Scan.objects.count() == 4 and CheckIn.objects.count() == 3


def test_a_later_upload_with_an_earlier_admission_takes_the_check_in_over(conference, now):
    north, south = (
        DoorFactory(conference=conference, name_en="North"),
        DoorFactory(conference=conference, name_en="South"),
    )
    badge = delegate_badge(conference, first_name="Amina", last_name="Haddad")
    north_phone, south_phone = paired_client(north).device, paired_client(south).device

    late = scans_upload(
        sender=_sender(north, north_phone), scans=[_scan(badge, now - dt.timedelta(minutes=5))], now=now
    )
    early = scans_upload(
        sender=_sender(south, south_phone), scans=[_scan(badge, now - dt.timedelta(minutes=20))], now=now
    )

    checkin = CheckIn.objects.get()
    assert late[0].outcome == "checked_in" and early[0].outcome == "checked_in"
    assert checkin.at == now - dt.timedelta(minutes=20) and checkin.door == south and checkin.device == south_phone
    assert sorted(Scan.objects.values_list("door__name_en", "outcome")) == [
        ("North", "duplicate"),
        ("South", "checked_in"),
    ]
    assert early[0].name == "Amina Haddad" and early[0].door == "South"


def test_two_devices_admitting_the_same_five_people_give_five_check_ins_and_five_duplicates(conference, now):
    north, south = (
        DoorFactory(conference=conference, name_en="North"),
        DoorFactory(conference=conference, name_en="South"),
    )
    people = [delegate_badge(conference, last_name=f"Person{n}") for n in range(5)]
    for minutes, door in ((30, north), (25, south)):
        phone = paired_client(door).device
        scans_upload(
            sender=_sender(door, phone), scans=[_scan(b, now - dt.timedelta(minutes=minutes)) for b in people], now=now
        )

    counts = checkin_counts(conference=conference, day=now.date())

    assert CheckIn.objects.count() == 5 and set(CheckIn.objects.values_list("door__name_en", flat=True)) == {"North"}
    assert Scan.objects.filter(outcome="duplicate").count() == 5
    assert counts.total == 5 and len(counts.duplicates) == 5
    assert {d.door for d in counts.duplicates} == {"South"} and counts.duplicates[0].name.startswith("")


def test_a_device_clock_an_hour_ahead_is_flagged_and_corrected(conference, door, device_client, now):
    badge = delegate_badge(conference)
    hour = dt.timedelta(hours=1)
    # The phone thinks it is 10:00 when it is 09:00; it admitted the delegate at "09:50", really 08:50.
    scans_upload(
        sender=_sender(door, device_client.device),
        scans=[_scan(badge, now + hour - dt.timedelta(minutes=10))],
        sent_at=now + hour,
        now=now,
    )

    scan = Scan.objects.get()
    assert scan.clock_flagged and scan.device_at == now + hour - dt.timedelta(minutes=10)
    assert scan.at == now - dt.timedelta(minutes=10) == CheckIn.objects.get().at


@pytest.mark.parametrize(
    ("at", "offline"),
    [
        (dt.timedelta(hours=1), True),
        (-dt.timedelta(hours=1), False),
        (-dt.timedelta(days=30), True),
    ],
    ids=["in-the-future", "online-but-an-hour-old", "before-the-conference"],
)
def test_an_implausible_time_is_flagged_and_the_server_time_used(conference, door, device_client, now, at, offline):
    badge = delegate_badge(conference)
    at = now + at

    scans_upload(sender=_sender(door, device_client.device), scans=[_scan(badge, at, offline=offline)], now=now)

    scan = Scan.objects.get()
    assert scan.clock_flagged and scan.device_at == at and scan.at == now == CheckIn.objects.get().at


def test_an_offline_scan_an_hour_old_is_a_fact(conference, door, device_client, now):
    badge = delegate_badge(conference)

    scans_upload(sender=_sender(door, device_client.device), scans=[_scan(badge, now - dt.timedelta(hours=1))], now=now)

    assert not Scan.objects.get().clock_flagged and CheckIn.objects.get().at == now - dt.timedelta(hours=1)


def test_a_badge_revoked_after_the_last_sync_is_refused_but_a_scan_before_its_revocation_stands(
    conference, door, device_client, now
):
    lost, replaced = delegate_badge(conference), delegate_badge(conference)
    # Both revoked after the phone's last list (it still had them); a scan before a revocation was a real entry.
    Badge.objects.filter(pk=lost.pk).update(revoked_at=now - dt.timedelta(minutes=30))
    Badge.objects.filter(pk=replaced.pk).update(revoked_at=now - dt.timedelta(minutes=5))

    results = scans_upload(
        sender=_sender(door, device_client.device),
        scans=[_scan(lost, now - dt.timedelta(minutes=10)), _scan(replaced, now - dt.timedelta(minutes=20))],
        now=now,
    )

    assert [r.outcome for r in results] == ["revoked", "checked_in"]
    assert results[0].name == "" and CheckIn.objects.get().registration == replaced.registration


@pytest.mark.parametrize("status", ["pending", "declined", "cancelled"])
def test_a_door_volunteer_uploading_someone_not_approved_learns_nothing(conference, door, door_client, status):
    badge = delegate_badge(conference, status=status, first_name="Hidden", last_name="Witness")

    answer = upload(door_client, conference, [scan_item(badge, dt.datetime.now(dt.UTC))], door=door.pk)

    assert answer.status_code == 200
    assert answer.json()["results"][0]["outcome"] == "not_approved"
    assert "Hidden" not in answer.text and "Witness" not in answer.text
    assert not CheckIn.objects.exists() and Scan.objects.get().door == door


def test_a_door_volunteer_uploads_at_the_door_they_picked_idempotently(conference, door, door_client, door_user):
    badge = delegate_badge(conference)
    scans = [scan_item(badge, dt.datetime.now(dt.UTC), offline=False)]

    first = upload(door_client, conference, scans, door=door.pk).json()
    again = upload(door_client, conference, scans, door=door.pk).json()

    assert first["results"] == again["results"] and first["results"][0]["outcome"] == "checked_in"
    assert first["results"][0]["door"] == "Main entrance"
    checkin = CheckIn.objects.get()
    assert checkin.door == door and checkin.by == door_user and Scan.objects.count() == 1


def test_unknown_hashes_and_other_conferences_badges_are_unknown(conference, other_conference, device_client):
    elsewhere = delegate_badge(other_conference)

    answer = upload(
        device_client,
        conference,
        [scan_item(elsewhere, dt.datetime.now(dt.UTC)), scan_item("0" * 64, dt.datetime.now(dt.UTC))],
    ).json()

    assert [r["outcome"] for r in answer["results"]] == ["unknown", "unknown"]
    assert not CheckIn.objects.exists()


def _queries_for(conference, door, count: int, now) -> int:
    badges = [delegate_badge(conference) for _ in range(count)]
    phone = paired_client(door).device
    scans = [_scan(badge, now - dt.timedelta(minutes=1)) for badge in badges] + [
        _scan(badges[0], now - dt.timedelta(minutes=2))  # and one duplicate
    ]
    with CaptureQueriesContext(connection) as captured:
        scans_upload(sender=_sender(door, phone), scans=scans, now=now)
    return len(captured)


def test_the_queries_do_not_grow_with_the_batch(conference, door, now):
    assert _queries_for(conference, door, 5, now) == _queries_for(conference, door, 60, now)


def test_the_counts_page_shows_the_offline_duplicates_by_door_in_the_page_language(
    secretariat_client, conference, door
):
    badge = delegate_badge(conference, first_name="Amina", last_name="Haddad")
    now = dt.datetime.now(dt.UTC)
    for minutes in (10, 5):
        phone = paired_client(door).device
        scans_upload(sender=_sender(door, phone), scans=[_scan(badge, now - dt.timedelta(minutes=minutes))], now=now)

    english = secretariat_client.get(reverse("registration:checkin_counts", args=[conference.slug])).text
    arabic = secretariat_client.get(
        reverse("registration:checkin_counts_live", args=[conference.slug]).replace("/en/", "/ar/")
    ).text

    assert "Main entrance" in english and "Amina Haddad" in english and "By hour" in english
    assert "المدخل الرئيسي" in arabic


def test_the_scan_status_outcomes_are_those_of_the_contract():
    assert {"duplicate", "refused"} <= set(Scan.Outcome.values)
    assert Registration.Status.APPROVED == "approved"


def test_an_earlier_offline_admission_takes_over_a_check_in_made_at_the_usb_scanner(
    conference, door, device_client, now
):
    badge = delegate_badge(conference)
    desk = DoorFactory(conference=conference, name_en="Desk")
    checkin_scan(conference=conference, code=badge.token, door=desk, by=None, now=now)

    results = scans_upload(
        sender=_sender(door, device_client.device), scans=[_scan(badge, now - dt.timedelta(minutes=3))], now=now
    )

    assert results[0].outcome == "checked_in" and CheckIn.objects.get().door == door
    assert dict(Scan.objects.values_list("door__name_en", "outcome")) == {
        "Desk": "duplicate",
        "Main entrance": "checked_in",
    }
