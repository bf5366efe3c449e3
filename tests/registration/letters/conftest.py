"""A delegate with an approved registration and a letter request ready to send."""

import datetime as dt

import pytest

from registration.models import Registration

PASSPORT_NUMBER = "P9X41275"


@pytest.fixture
def approved(delegate_registration):
    Registration.objects.filter(pk=delegate_registration.pk).update(status=Registration.Status.APPROVED)
    delegate_registration.refresh_from_db()
    return delegate_registration


@pytest.fixture
def request_data(conference):
    return {
        "passport_name": "AMINA KHALED HADDAD",
        "nationality": "JO",
        "passport_number": "p9x 412-75",
        "passport_expiry": (conference.end_date + dt.timedelta(days=900)).isoformat(),
        "date_of_birth": "1988-04-12",
        "consulate": "Embassy of Belgium in Amman",
        "language": "en",
    }
