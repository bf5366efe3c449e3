"""The audit-log page speaks the reader's language: actions by their label, lines built from their details."""

import pytest

from plenary.audit.models import Action, AuditLogEntry
from registration import services
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _audit_page(client, conference, code):
    return client.get(f"/{code}/{conference.slug}/manage/audit-log/").content.decode()


def test_a_status_change_reads_in_arabic_and_french(secretariat_client, secretariat_user, conference):
    registration = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=registration, to_status="approved", by=secretariat_user)

    arabic = _audit_page(secretariat_client, conference, "ar")
    assert "<td>تغيير الحالة</td>" in arabic  # the action's label
    assert f"التسجيل رقم {registration.pk}: قيد المراجعة ← مقبول" in arabic
    assert "status_change" not in arabic and "pending → approved" not in arabic
    french = _audit_page(secretariat_client, conference, "fr")
    assert f"Inscription n° {registration.pk} : en attente → approuvée" in french


def test_an_edit_names_the_fields_in_the_reader_language(secretariat_client, conference):
    AuditLogEntry.objects.create(
        conference=conference,
        action=Action.REGISTRATION_UPDATE,
        summary="Registration #7 updated: phone",
        details={"registration": 7, "fields": ["phone"]},
    )
    assert "Inscription n° 7 modifiée : téléphone" in _audit_page(secretariat_client, conference, "fr")


def test_an_old_line_without_details_keeps_its_summary(secretariat_client, conference):
    AuditLogEntry.objects.create(conference=conference, action=Action.IMPORT_UNDO, summary="Import batch #3 undone")
    page = _audit_page(secretariat_client, conference, "fr")
    assert '<td dir="auto">Import batch #3 undone</td>' in page
