"""Registration tests run against a conference that is still ahead (so delegates may edit their details)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import ConferenceFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters (and used TOTP codes) in the cache: one test's sign-ups
    must not throttle the next test's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conference(db):
    start = timezone.localdate() + dt.timedelta(days=60)
    return ConferenceFactory(slug="brussels-2025", start_date=start, end_date=start + dt.timedelta(days=1))


@pytest.fixture
def other_conference(db):
    start = timezone.localdate() + dt.timedelta(days=400)
    return ConferenceFactory(slug="rome-2026", start_date=start, end_date=start + dt.timedelta(days=1))


@pytest.fixture
def delegate_registration(conference, delegate_user):
    return RegistrationFactory(conference=conference, user=delegate_user, email=delegate_user.email)


@pytest.fixture
def other_registration(conference, other_delegate_user):
    return RegistrationFactory(conference=conference, user=other_delegate_user, email=other_delegate_user.email)
