"""The admin's doors and devices: names in every language, devices without their secrets, revoking through the
service, no pairing here; and the attack: a door volunteer and a rapporteur, even made staff, get nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from plenary.i18n import LANGUAGE_CODES
from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT
from registration.doors import devices
from registration.models import Door
from tests.factories import UserFactory

from .conftest import local_list, paired_client

pytestmark = pytest.mark.django_db
DEVICES = "admin:registration_doordevice_changelist"


@pytest.fixture
def clerk_client(client):
    client.force_login(UserFactory(groups=[SECRETARIAT], is_staff=True, totp=True))
    return client


def test_the_device_list_shows_contact_queue_and_age_but_no_secret(clerk_client, conference, door):
    phone = paired_client(door, label="Blue phone")
    local_list(phone, conference, queue="7")
    device = phone.device
    device.refresh_from_db()
    page = clerk_client.get(reverse(DEVICES)).content.decode()
    assert "Blue phone" in page and "Main entrance" in page and ">7<" in page
    assert reverse("registration:doors_manage", args=[conference.slug]) in page
    change = clerk_client.get(reverse("admin:registration_doordevice_change", args=[device.pk])).content.decode()
    assert device.secret_sha256 not in change and device.pairing_token_sha256 not in change
    assert "secret" not in change.lower()


def test_devices_are_never_added_or_deleted_in_the_admin(clerk_client, door):
    added = devices.device_add(door=door, label="Spare", by=None).device
    assert clerk_client.get(reverse("admin:registration_doordevice_add")).status_code == 403
    assert clerk_client.get(reverse("admin:registration_doordevice_delete", args=[added.pk])).status_code == 403


def test_revoking_from_the_admin_wipes_the_phone_at_its_next_contact(clerk_client, conference, door):
    phone = paired_client(door)
    response = clerk_client.post(reverse(DEVICES), {"action": "revoke", "_selected_action": [phone.device.pk]})
    assert response.status_code == 302
    phone.device.refresh_from_db()
    assert phone.device.revoked_at is not None
    assert LogEntry.objects.filter(object_id=str(phone.device.pk)).exists()
    answer = local_list(phone, conference)
    assert answer.status_code == 403 and answer.json()["wipe"] is True


def test_a_door_is_named_in_every_language(clerk_client, conference):
    names = {f"name_{code}": f"North {code}" for code in LANGUAGE_CODES}
    response = clerk_client.post(reverse("admin:registration_door_add"), {"conference": conference.pk, **names})
    assert response.status_code == 302
    door = Door.objects.get(name_en=names["name_en"])
    assert all(getattr(door, name) == value for name, value in names.items())


@pytest.mark.parametrize("group", [DOOR, RAPPORTEUR])
@pytest.mark.parametrize("staff", [False, True])
def test_a_volunteer_or_a_rapporteur_gets_nothing(client, door, group, staff):
    device = devices.device_add(door=door, label="Blue phone", by=None).device
    client.force_login(UserFactory(groups=[group], is_staff=staff, totp=staff))
    for url in (
        reverse(DEVICES),
        reverse("admin:registration_doordevice_change", args=[device.pk]),
        reverse("admin:registration_door_changelist"),
        reverse("admin:registration_door_change", args=[door.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Blue phone" not in response.content and b"Main entrance" not in response.content
    refused = client.post(reverse(DEVICES), {"action": "revoke", "_selected_action": [device.pk]})
    assert refused.status_code in (302, 403)
    device.refresh_from_db()
    assert device.revoked_at is None
