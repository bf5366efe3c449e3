import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from registration.badges.services import badge_issue
from registration.doors import devices
from registration.doors.access import DEVICE_COOKIE
from registration.models import sha256_hex
from tests.factories import DoorFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def door(conference):
    return DoorFactory(conference=conference, name_en="Main entrance", name_ar="المدخل الرئيسي", name_fr="Entrée")


def paired_client(door, label="Blue phone"):
    """A browser holding a paired device's cookie (and nobody signed in)."""
    added = devices.device_add(door=door, label=label, by=None)
    paired = devices.device_pair(token=added.pairing_token)
    client = Client()
    client.cookies[DEVICE_COOKIE] = f"{paired.device.pk}.{paired.secret}"
    client.device = paired.device
    return client


@pytest.fixture
def device_client(door):
    return paired_client(door)


def delegate_badge(conference, **fields):
    registration = RegistrationFactory(conference=conference, **{"status": "approved", **fields})
    return badge_issue(registration=registration)


def scan_item(badge_or_hash, at: dt.datetime, *, offline=True, nonce=None) -> dict:
    h = badge_or_hash if isinstance(badge_or_hash, str) else sha256_hex(badge_or_hash.token)
    return {"nonce": str(nonce or uuid.uuid4()), "h": h, "at": at.isoformat(), "offline": offline}


def upload(client, conference, scans, **extra):
    url = reverse("registration_files:checkin_offline_scans", args=[conference.slug])
    return client.post(url, {"scans": scans, **extra}, content_type="application/json")


def local_list(client, conference, **params):
    return client.get(reverse("registration_files:checkin_offline_list", args=[conference.slug]), params)
