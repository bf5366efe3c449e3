"""The door's offline endpoints: what the local list holds (and never holds), hostile uploads, rate limits."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plenary.rate_limit import rate_limit_exceeded
from registration.badges.services import badge_reprint
from registration.models import Badge, CheckIn, Registration, Scan, sha256_hex
from tests.factories import DoorFactory
from tests.registration.doors.conftest import delegate_badge, local_list, paired_client, scan_item, upload


def test_the_local_list_holds_hashes_names_category_consent_and_nothing_else(conference, device_client):
    badge = delegate_badge(
        conference,
        first_name="Amina",
        last_name="Haddad",
        name_ar="أمينة حداد",
        email="amina.private@example.org",
        phone="+32 470 12 34 56",
        organisation="Secret Solidarity Org",
        photo_consent=False,
    )
    for status in ("pending", "declined"):
        delegate_badge(conference, status=status, first_name=f"Hidden{status}")

    answer = local_list(device_client, conference)

    body = answer.json()
    assert answer.status_code == 200 and body["full"] is True and body["wipe"] is False
    assert body["entries"] == [
        {
            "h": sha256_hex(badge.token),
            "ref": f"B-{badge.pk:06d}",
            "name": "Amina Haddad",
            "name_ar": "أمينة حداد",
            "category": "Delegate",
            "photo_consent": False,
            "checked_in_today": False,
        }
    ]
    for secret in (badge.token, "amina.private", "+32 470", "Secret Solidarity", "Hidden"):
        assert secret not in answer.text
    assert body["door"]["name"] == "Main entrance" and body["wipe_after"].startswith(
        str(conference.end_date + dt.timedelta(days=1))
    )


def test_the_local_list_sends_only_the_changes_since_its_version(conference, device_client, secretariat_user):
    _, reprinted, declined = (delegate_badge(conference, last_name=n) for n in ("Kept", "Reprinted", "Declined"))
    earlier = timezone.now() - dt.timedelta(minutes=5)  # before the list's version, past its overlap
    Registration.objects.filter(conference=conference).update(updated_at=earlier)
    Badge.objects.update(issued_at=earlier)
    version = local_list(device_client, conference).json()["version"]
    new = badge_reprint(registration=reprinted.registration, by=secretariat_user)
    declined.registration.status = "declined"
    declined.registration.save()
    approved_at_the_desk = delegate_badge(conference, last_name="Latecomer")

    changes = local_list(device_client, conference, since=version).json()

    assert changes["full"] is False
    assert {entry["h"] for entry in changes["entries"]} == {
        sha256_hex(new.token),
        sha256_hex(approved_at_the_desk.token),
    }
    assert changes["revoked"] == [sha256_hex(reprinted.token)]
    assert changes["removed"] == [f"B-{declined.pk:06d}"]


@pytest.mark.parametrize("since", ["1", "abc", "99999999999999999999", str(10**15)])
def test_a_missing_or_too_old_or_odd_version_gets_the_full_list(conference, device_client, since):
    delegate_badge(conference)

    assert local_list(device_client, conference, since=since).json()["full"] is True


def _raw(client, conference, body: bytes, **extra):
    url = reverse("registration_files:checkin_offline_scans", args=[conference.slug])
    return client.post(url, body, content_type="application/json", **extra)


def _scans(count, badge):
    return [scan_item(badge, timezone.now()) for _ in range(count)]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"not json at all", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[1, 2]", "no list of scans"),
        (b'{"scans": "many"}', "no list of scans"),
        (b'{"scans": [], "sent_at": "soon"}', "sent_at"),
        (b'{"scans": [], "queue": -1}', "queue"),
    ],
    ids=["text", "binary", "list", "scans-not-list", "sent-at", "queue"],
)
def test_a_malformed_upload_gets_a_clear_400_and_records_nothing(conference, device_client, body, says):
    delegate_badge(conference)

    answer = _raw(device_client, conference, body)

    assert answer.status_code == 400 and says in answer.json()["error"]
    assert not Scan.objects.exists()


_AT = "2027-02-04T08:00:00+01:00"


@pytest.mark.parametrize(
    ("item", "nonce", "says"),
    [
        (1, None, "not an object"),
        ({"nonce": "12345", "h": "0" * 64, "at": _AT}, "12345", "nonce"),
        ({"nonce": "n" * 5000, "h": "0" * 64, "at": _AT}, None, "nonce"),
        ({"nonce": "5f0c3c2e-4a52-4c59-9a39-1f1f4f1c2b3a", "h": "ABC", "at": _AT}, None, "hash"),
        ({"nonce": "5f0c3c2e-4a52-4c59-9a39-1f1f4f1c2b3a", "h": "0" * 5000, "at": _AT}, None, "hash"),
        ({"nonce": "5f0c3c2e-4a52-4c59-9a39-1f1f4f1c2b3a", "h": "0" * 64, "at": "yesterday"}, None, "time"),
        ({"nonce": "5f0c3c2e-4a52-4c59-9a39-1f1f4f1c2b3a", "h": "0" * 64, "at": "2027-02-04T08:00:00"}, None, "offset"),
        (
            {"nonce": "5f0c3c2e-4a52-4c59-9a39-1f1f4f1c2b3a", "h": "0" * 64, "at": _AT, "offline": "yes"},
            None,
            "offline",
        ),
    ],
    ids=["not-object", "nonce", "huge-nonce", "hash", "huge-hash", "time", "naive-time", "offline"],
)
def test_a_malformed_scan_is_rejected_alone_and_the_rest_of_its_batch_settles(
    conference, device_client, item, nonce, says
):
    """A hostile or corrupted scan in a device's queue must not block the scans queued with it."""
    good = scan_item(delegate_badge(conference), timezone.now())
    if isinstance(item, dict) and nonce is None and "nonce" in item and len(item["nonce"]) < 64:
        nonce = item["nonce"]

    answer = upload(device_client, conference, [good, item])

    assert answer.status_code == 200
    assert [(r["nonce"], r["outcome"]) for r in answer.json()["results"]] == [(good["nonce"], "checked_in")]
    [rejected] = answer.json()["rejected"]
    assert rejected["index"] == 1 and rejected["nonce"] == nonce and says in rejected["reason"]
    assert Scan.objects.count() == 1 and CheckIn.objects.count() == 1


def test_501_scans_are_refused_whole(conference, device_client):
    badge = delegate_badge(conference)

    answer = upload(device_client, conference, _scans(501, badge))

    assert answer.status_code == 400 and "500" in answer.json()["error"]
    assert not Scan.objects.exists() and not CheckIn.objects.exists()


def test_500_scans_are_accepted(conference, device_client):
    badge = delegate_badge(conference)

    answer = upload(device_client, conference, _scans(500, badge))

    assert answer.status_code == 200 and len(answer.json()["results"]) == 500
    assert Scan.objects.count() == 500 and CheckIn.objects.count() == 1


def test_a_10_mb_body_is_refused_before_it_is_read(conference, device_client):
    answer = _raw(device_client, conference, b'{"scans": [' + b" " * (10 * 1024 * 1024) + b"]}")

    assert answer.status_code == 400 and "too large" in answer.json()["error"]
    assert not Scan.objects.exists()


@override_settings(PLENARY_DOOR_BURST=20, PLENARY_DOOR_PER_SECOND=1)
def test_a_device_gets_a_burst_of_20_requests_and_another_device_is_not_slowed(
    conference, door, device_client, monkeypatch
):
    # The bucket's clock stands still: on a loaded machine 21 requests may take over a second (one token back).
    monkeypatch.setattr("plenary.rate_limit.time", SimpleNamespace(time=lambda: 1_000_000.0))
    answers = [local_list(device_client, conference).status_code for _ in range(21)]
    other = local_list(paired_client(door, "Other phone"), conference)

    assert answers[:20] == [200] * 20 and answers[20] == 429
    assert other.status_code == 200


@pytest.mark.django_db
def test_the_bucket_allows_one_request_a_second_for_an_hour():
    start = 1_000_000.0
    refused = [rate_limit_exceeded(key="hour", burst=20, per_second=1, now=start + second) for second in range(3600)]

    assert not any(refused)
    assert sum(rate_limit_exceeded(key="burst", burst=20, per_second=1, now=start) for _ in range(25)) == 5


def test_a_volunteer_naming_another_conferences_door_is_refused(conference, other_conference, door_client):
    elsewhere = DoorFactory(conference=other_conference, name_en="Elsewhere")
    badge = delegate_badge(conference)

    answer = upload(door_client, conference, [scan_item(badge, timezone.now())], door=elsewhere.pk)

    assert answer.status_code == 400 and "not one of this conference" in answer.json()["error"]
    assert not Scan.objects.exists()


def test_a_device_upload_without_the_csrf_token_is_refused(conference, device_client):
    badge = delegate_badge(conference)
    forged = Client(enforce_csrf_checks=True)
    forged.cookies.update(device_client.cookies)

    answer = upload(forged, conference, [scan_item(badge, timezone.now())])

    assert answer.status_code == 403 and not Scan.objects.exists()


def test_the_local_lists_queries_do_not_grow_with_the_delegates(conference, device_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert local_list(device_client, conference).status_code == 200
        return len(captured)

    delegate_badge(conference)
    few = queries()
    for _ in range(30):
        delegate_badge(conference)

    assert queries() == few
