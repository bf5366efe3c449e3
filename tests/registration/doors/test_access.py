"""Devices and doors, written as the attack: what a paired phone, a revoked one, a forged cookie, an old pairing
link and other roles can reach; and the secretariat's pages."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registration.doors import devices
from registration.doors.access import DEVICE_COOKIE
from registration.models import CheckIn, Door, DoorDevice, Scan, sha256_hex
from tests.factories import DoorFactory
from tests.registration.doors.conftest import delegate_badge, local_list, scan_item, upload


def _pair_link(door) -> str:
    return reverse(
        "registration:device_pair", args=[devices.device_add(door=door, label="Phone", by=None).pairing_token]
    )


def test_the_pairing_link_sets_the_device_cookie_once_and_sends_the_phone_to_the_scanner(conference, door):
    link = _pair_link(door)
    phone = Client()

    paired = phone.get(link)
    scanner = phone.get(reverse("registration:checkin", args=[conference.slug]))
    again = Client().get(link)

    cookie = paired.cookies[DEVICE_COOKIE]
    assert paired.status_code == 200 and "Main entrance" in paired.text
    assert reverse("registration:checkin", args=[conference.slug]) in paired.text
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    device = DoorDevice.objects.get()
    secret = cookie.value.split(".", 1)[1]
    assert device.secret_sha256 and secret not in str(device.__dict__) and device.paired_at
    assert scanner.status_code == 200 and scanner.context["door"] == door
    assert again.status_code == 404 and DEVICE_COOKIE not in again.cookies


def test_an_expired_pairing_link_pairs_nothing(conference, door):
    added = devices.device_add(door=door, label="Phone", by=None, now=timezone.now() - dt.timedelta(minutes=16))

    answer = Client().get(reverse("registration:device_pair", args=[added.pairing_token]))

    assert answer.status_code == 404 and DEVICE_COOKIE not in answer.cookies
    assert not DoorDevice.objects.get().paired_at


def test_a_device_on_another_conference_is_refused_everywhere(conference, other_conference, device_client):
    badge = delegate_badge(other_conference)

    page = device_client.get(reverse("registration:checkin", args=[other_conference.slug]))
    listed = local_list(device_client, other_conference)
    uploaded = upload(device_client, other_conference, [scan_item(badge, timezone.now())])

    assert page.status_code == 403 and listed.status_code == 403 and uploaded.status_code == 403
    assert "entries" not in listed.text
    assert not Scan.objects.exists() and not CheckIn.objects.exists()


@pytest.mark.parametrize("name", ["doors_manage", "checkin_counts", "manage_registrations", "badge_queue", "audit_log"])
def test_a_device_cookie_opens_no_secretariat_page(conference, device_client, name):
    answer = device_client.get(reverse(f"registration:{name}", args=[conference.slug]))

    assert answer.status_code == 302 and "/accounts/login/" in answer.url


def test_a_device_cannot_use_the_old_scan_endpoint_or_the_search(conference, device_client):
    badge = delegate_badge(conference)

    scanned = device_client.post(
        reverse("registration_files:checkin_scan", args=[conference.slug]), {"code": badge.token}
    )
    searched = device_client.get(reverse("registration_files:checkin_search", args=[conference.slug]), {"q": "a"})

    assert scanned.status_code == 302 and searched.status_code == 302 and not CheckIn.objects.exists()


def test_a_revoked_device_is_told_to_wipe_and_its_uploads_are_refused_and_recorded(conference, device_client):
    badge = delegate_badge(conference)
    devices.device_revoke(device=device_client.device)
    scans = [scan_item(badge, timezone.now())]

    page = device_client.get(reverse("registration:checkin", args=[conference.slug]))
    listed = local_list(device_client, conference)
    first = upload(device_client, conference, scans)
    again = upload(device_client, conference, scans)

    assert page.status_code == 403
    assert listed.status_code == 403 and listed.json()["wipe"] is True and "entries" not in listed.json()
    assert first.status_code == 403 and first.json()["wipe"] is True
    assert first.json()["results"][0]["outcome"] == "refused" == again.json()["results"][0]["outcome"]
    assert Scan.objects.get().outcome == "refused" and not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "cookie", ["1.forged", "999.x", "abc", "1." + "x" * 5000, "", ".", "-1.x", "1e3.x"], ids=range(8)
)
def test_a_forged_device_cookie_is_nobody(conference, device_client, cookie):
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = cookie.replace("1.", f"{device_client.device.pk}.", 1)

    page = forged.get(reverse("registration:checkin", args=[conference.slug]))
    listed = local_list(forged, conference)

    assert page.status_code == 302 and "/accounts/login/" in page.url
    assert listed.status_code == 401 and listed.json() == {"wipe": False, "error": "signed_out"}


@pytest.mark.parametrize("role", ["delegate", "rapporteur"])
def test_the_offline_endpoints_are_refused_to_other_roles(as_role, conference, role):
    delegate_badge(conference, first_name="Amina")
    client = as_role(role)

    assert local_list(client, conference).status_code == 403
    assert upload(client, conference, []).status_code == 403


def test_a_volunteer_whose_session_ended_is_told_to_sign_in_again_not_to_wipe(door_client, conference):
    """Not a revoked device: the page keeps its queue and uploads it once the volunteer signs in again."""
    badge = delegate_badge(conference, first_name="Amina")
    door_client.logout()

    listed, uploaded = local_list(door_client, conference), upload(door_client, conference, [])

    for answer in (listed, uploaded):
        assert answer.status_code == 401 and answer.json() == {"wipe": False, "error": "signed_out"}
    assert "Amina" not in listed.text and sha256_hex(badge.token) not in listed.text


@pytest.mark.parametrize("role", ["anonymous", "delegate", "rapporteur", "door"])
def test_only_the_secretariat_manages_doors_and_devices(as_role, conference, door, role):
    client = as_role(role)
    device = devices.device_add(door=door, label="Phone", by=None).device

    pages = [
        client.get(reverse("registration:doors_manage", args=[conference.slug])),
        client.post(reverse("registration:doors_manage", args=[conference.slug]), {"name_en": "Back door"}),
        client.post(reverse("registration:device_add", args=[conference.slug, door.pk]), {"label": "Mine"}),
        client.post(reverse("registration:device_revoke", args=[conference.slug, device.pk])),
    ]

    assert {page.status_code for page in pages} <= {302, 403}
    assert Door.objects.count() == 1 and DoorDevice.objects.count() == 1
    assert DoorDevice.objects.get().revoked_at is None


def test_the_secretariat_adds_and_renames_a_door_adds_a_phone_and_revokes_it(secretariat_client, conference):
    manage = reverse("registration:doors_manage", args=[conference.slug])

    secretariat_client.post(manage, {"name_en": "North gate", "name_ar": "البوابة الشمالية", "name_fr": "Porte nord"})
    door = Door.objects.get()
    secretariat_client.post(
        reverse("registration:door_edit", args=[conference.slug, door.pk]),
        {"name_en": "North entrance", "name_ar": "المدخل الشمالي", "name_fr": "Entrée nord"},
    )
    pairing = secretariat_client.post(
        reverse("registration:device_add", args=[conference.slug, door.pk]), {"label": "Blue phone"}
    )
    link = re.search(r'href="(http[^"]+/door/pair/[^"]+)"', pairing.text).group(1)
    phone = Client()
    phone.get(link)
    listed = local_list(phone, conference, queue=3)
    page = secretariat_client.get(manage)
    confirm = secretariat_client.get(
        reverse("registration:device_revoke", args=[conference.slug, DoorDevice.objects.get().pk])
    )
    secretariat_client.post(reverse("registration:device_revoke", args=[conference.slug, DoorDevice.objects.get().pk]))
    after = local_list(phone, conference)

    assert "North entrance" in page.text and "Blue phone" in page.text
    assert 'src="data:image/png;base64,' in pairing.text and "15 minutes" in pairing.text
    assert listed.status_code == 200 and listed.json()["door"]["name"] == "North entrance"
    assert "<td>3</td>" in page.text  # the phone's queue, as it said at its last contact
    assert "will stop working" in confirm.text and DoorDevice.objects.get().revoked_at
    assert after.status_code == 403 and after.json()["wipe"] is True
    arabic = secretariat_client.get(manage.replace("/en/", "/ar/"))
    assert "المدخل الشمالي" in arabic.text


def test_a_door_volunteer_picks_the_door_from_the_conferences_doors(door_client, conference, other_conference):
    north = DoorFactory(conference=conference, name_en="North")
    elsewhere = DoorFactory(conference=other_conference, name_en="Elsewhere")
    badge = delegate_badge(conference)

    page = door_client.get(reverse("registration:checkin", args=[conference.slug]))
    foreign = door_client.post(
        reverse("registration_files:checkin_scan", args=[conference.slug]), {"code": badge.token, "door": elsewhere.pk}
    )

    assert list(page.context["doors"]) == [north]
    assert foreign.status_code == 400 and not CheckIn.objects.exists()
