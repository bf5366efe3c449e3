"""Doors and door devices: add and rename doors, add a device (its pairing link), pair, revoke, note contact."""

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from conference.models import Conference
from plenary.i18n import field_name
from registration.models import Door, DoorDevice, User, sha256_hex

PAIRING_VALID_FOR = dt.timedelta(minutes=15)


@transaction.atomic
def door_create(*, conference: Conference, names: Mapping[str, str]) -> Door:
    """``names``: the door's name per language code."""
    return Door.objects.create(
        conference=conference, **{field_name("name", code): text for code, text in names.items()}
    )


@transaction.atomic
def door_rename(*, door: Door, names: Mapping[str, str]) -> Door:
    for code, text in names.items():
        setattr(door, field_name("name", code), text)
    door.save()
    return door


@dataclass(frozen=True)
class DeviceAdded:
    device: DoorDevice
    pairing_token: str  # shown once, as a link and a QR code; the server keeps only its hash


@transaction.atomic
def device_add(*, door: Door, label: str, by: User | None, now: dt.datetime | None = None) -> DeviceAdded:
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    device = DoorDevice.objects.create(
        conference=door.conference,
        door=door,
        label=label,
        pairing_token_sha256=sha256_hex(token),
        pairing_expires_at=now + PAIRING_VALID_FOR,
        created_by=by,
        created_at=now,
    )
    return DeviceAdded(device=device, pairing_token=token)


@dataclass(frozen=True)
class DevicePaired:
    device: DoorDevice
    secret: str  # goes into the device's cookie; the server keeps only its hash


@transaction.atomic
def device_pair(*, token: str, now: dt.datetime | None = None) -> DevicePaired | None:
    """Pairs the device whose link this is, once, within its 15 minutes; None for any other link."""
    now = now or timezone.now()
    device = (
        DoorDevice.objects.select_for_update(of=("self",))
        .select_related("conference", "door")
        .filter(pairing_token_sha256=sha256_hex(token[:100]), pairing_used=False, revoked_at__isnull=True)
        .first()
    )
    if device is None or device.pairing_expires_at <= now:
        return None
    secret = secrets.token_urlsafe(32)
    device.secret_sha256 = sha256_hex(secret)
    device.pairing_used = True
    device.paired_at = now
    device.last_contact_at = now
    device.save(update_fields=["secret_sha256", "pairing_used", "paired_at", "last_contact_at"])
    return DevicePaired(device=device, secret=secret)


@transaction.atomic
def device_revoke(*, device: DoorDevice, now: dt.datetime | None = None) -> DoorDevice:
    """A lost phone: its next contact wipes its list, its uploads are refused from now on."""
    if device.revoked_at is None:
        device.revoked_at = now or timezone.now()
        device.save(update_fields=["revoked_at"])
    return device


def device_contact(
    *,
    device: DoorDevice,
    now: dt.datetime,
    queue_length: int | None = None,
    list_version: int | None = None,
) -> None:
    """What the secretariat's devices list shows: when it was last heard from, its queue, its list's version."""
    fields = {"last_contact_at": now}
    if queue_length is not None:
        fields["last_queue_length"] = queue_length
    if list_version is not None:
        fields["last_list_version"] = list_version
    DoorDevice.objects.filter(pk=device.pk).update(**fields)
