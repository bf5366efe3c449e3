"""Passport data stays where it belongs: never in the registrations' exports, in its owner's data download,
in the secretariat's passport export only when asked (and audited), and gone with a purge or anonymisation."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conference.models import Conference
from plenary.audit.models import Action, AuditLogEntry
from registration.accounts.services import registration_anonymise
from registration.letters import services
from registration.models import VisaLetter
from tests.registration.letters.conftest import PASSPORT_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(conference, approved, request_data, secretariat_user):
    fields = request_data | {
        "passport_number": PASSPORT_NUMBER,
        "passport_expiry": conference.end_date.replace(year=conference.end_date.year + 3),
        "date_of_birth": dt.date(1988, 4, 12),
    }
    letter = services.letter_request(registration=approved, fields=fields)
    return services.letter_issue(letter=letter, by=secretariat_user)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_registrations_export_holds_no_passport_data(client, conference, issued, secretariat_user, file_format):
    client.force_login(secretariat_user)
    response = client.get(reverse("registration:export", args=[conference.slug]), {"format": file_format})
    assert response.status_code == 200
    content = response.content
    if file_format == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        content = json.dumps([[cell.value for cell in row] for row in sheet.iter_rows()], default=str).encode()
    assert PASSPORT_NUMBER.encode() not in content and b"1988-04-12" not in content
    assert b"Embassy of Belgium" not in content


def test_the_passport_export_only_when_confirmed_and_audited(client, conference, issued, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registration:letters_export", args=[conference.slug])
    refused = client.post(url)
    assert refused.status_code == 302 and PASSPORT_NUMBER.encode() not in refused.content
    assert not AuditLogEntry.objects.filter(action=Action.LETTER_EXPORT).exists()
    assert client.get(url).status_code == 405  # never a link one could follow by accident
    response = client.post(url, {"include_passport_data": "yes"})
    text = response.content.decode("utf-8-sig")
    assert PASSPORT_NUMBER in text and "AMINA KHALED HADDAD" in text and issued.serial in text
    entry = AuditLogEntry.objects.get(action=Action.LETTER_EXPORT)
    assert entry.details == {"count": 1, "format": "csv"} and PASSPORT_NUMBER not in entry.summary


def test_the_owner_s_data_download_holds_their_passport_data(client, issued, delegate_user):
    client.force_login(delegate_user)
    data = client.get(reverse("registration:my_data")).json()
    [registration] = data["registrations"]
    assert registration["visa_letter"]["passport_number"] == PASSPORT_NUMBER
    assert registration["visa_letter"]["serial"] == issued.serial
    assert "reference" not in registration["visa_letter"]  # the verification key, not a fact about them


def test_anonymisation_removes_the_letter_and_its_pdf(conference, issued, secretariat_user):
    storage, name = issued.pdf.storage, issued.pdf.name
    assert storage.exists(name)
    registration_anonymise(registration=issued.registration, by=secretariat_user, reason="test")
    assert not VisaLetter.objects.exists()
    assert not storage.exists(name)


def test_the_purge_removes_passport_data_and_letters(client, conference, issued, settings):
    settings.PLENARY_RETENTION_DAYS = 30
    reference, storage, name = issued.reference, issued.pdf.storage, issued.pdf.name
    Conference.objects.filter(pk=conference.pk).update(
        status=Conference.Status.ARCHIVED, archived_at=timezone.now() - dt.timedelta(days=31)
    )
    call_command("purge_personal_data", "--conference", conference.slug, stdout=io.StringIO())
    assert not VisaLetter.objects.exists()
    assert not storage.exists(name)
    body = client.get(reverse("registration_files:verify", args=[reference])).content.decode()
    assert 'data-verified="unknown"' in body
