"""Dates in one form per language: day, month name, year (plenary/formats), on every page."""

import datetime

import pytest
from django.utils import timezone

from plenary.audit.models import Action, AuditLogEntry

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 11, 26, 14, 30))


@pytest.mark.parametrize(
    ("code", "shown"),
    [("en", "26 November 2026, 14:30"), ("ar", "26 نوفمبر 2026، 14:30"), ("fr", "26 novembre 2026 à 14:30")],
)
def test_the_audit_log_dates_are_in_the_form_of_the_page_language(secretariat_client, conference, code, shown):
    entry = AuditLogEntry.objects.create(conference=conference, action=Action.EXPORT, summary="Export")
    AuditLogEntry.objects.filter(pk=entry.pk).update(at=AT)

    page = secretariat_client.get(f"/{code}/{conference.slug}/manage/audit-log/").content.decode()

    assert f">{shown}</time>" in page


@pytest.mark.parametrize(("code", "shown"), [("en", "3 May 2025"), ("ar", "3 مايو 2025"), ("fr", "3 mai 2025")])
def test_the_conference_list_shows_dates_in_the_same_form(client, code, shown):
    from tests.factories import ConferenceFactory

    ConferenceFactory(slug="brussels-2025", start_date=datetime.date(2025, 5, 3), end_date=datetime.date(2025, 5, 4))
    assert shown in client.get(f"/{code}/").content.decode()
