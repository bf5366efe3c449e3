"""Exports: the import's columns, formulas neutralised, a round trip that changes nothing, the audit log."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from plenary.audit.models import AuditLogEntry
from registration.models import Registration
from registration.selectors import registration_queue
from registration.spreadsheets.exports import neutralise, registrations_export
from registration.spreadsheets.preview import import_preview
from tests.factories import RegistrationFactory

FORMULA_LIKE = {
    "first_name": "=1+2",
    "last_name": "@SUM(A1)",
    "organisation": "-2+3 Org",
    "position": '=HYPERLINK("http://evil.example","x")',
    "phone": "+32 2 555 12 34",
    "name_ar": "\u202eأمينة",
}


@pytest.fixture
def registrations(conference):
    return [
        RegistrationFactory(conference=conference, email="formula@example.org", category="journalist", **FORMULA_LIKE),
        RegistrationFactory(conference=conference, email="plain@example.org", country="BE", language="fr"),
        RegistrationFactory(conference=conference, email="quote@example.org", last_name="'=already quoted"),
    ]


def export(conference, file_format):
    content, _name = registrations_export(
        conference=conference, registrations=conference.registrations.all(), file_format=file_format, by=None
    )
    return content


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+32 2", "'+32 2"),
        ("-3", "'-3"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("O'Brien", "O'Brien"),
        ("Amina", "Amina"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def csv_records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_neutralised_cells_and_names_not_codes(conference, registrations):
    records = {record["E-mail"]: record for record in csv_records(export(conference, "csv"))}

    formula = records["formula@example.org"]
    assert formula["First name"] == "'=1+2"
    assert formula["Last name"] == "'@SUM(A1)"
    assert formula["Organisation"] == "'-2+3 Org"
    assert formula["Phone"] == "'+32 2 555 12 34"
    assert formula["Category"] == "Press"
    plain = records["plain@example.org"]
    assert (plain["Country"], plain["Preferred language"]) == ("Belgium", "French")


def test_xlsx_writes_every_value_as_a_text_cell_never_a_formula(conference, registrations):
    sheet = openpyxl.load_workbook(io.BytesIO(export(conference, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=False))

    for row in rows[1:]:
        for cell in row:
            assert cell.data_type == "s" or cell.value is None
    values = [[cell.value for cell in row] for row in rows]
    assert ["=1+2", "@SUM(A1)"] in [row[:2] for row in values]


def test_xlsx_keeps_a_value_that_reads_like_a_spreadsheet_error_as_text(conference, registrations):
    RegistrationFactory(conference=conference, email="error@example.org", organisation="#N/A", position="#DIV/0!")
    sheet = openpyxl.load_workbook(io.BytesIO(export(conference, "xlsx"))).active
    header, *rows = sheet.iter_rows(values_only=False)
    names = [cell.value for cell in header]
    [row] = [dict(zip(names, row, strict=False)) for row in rows if "error@example.org" in [c.value for c in row]]

    assert (row["Organisation"].value, row["Organisation"].data_type) == ("#N/A", "s")
    assert (row["Position"].value, row["Position"].data_type) == ("#DIV/0!", "s")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_export_then_import_shows_every_row_unchanged(conference, registrations, file_format):
    preview = import_preview(
        conference=conference, content=export(conference, file_format), filename=f"x.{file_format}"
    )

    assert preview.counts == {"new": 0, "updated": 0, "unchanged": 3, "error": 0}


def test_every_export_is_recorded_in_the_audit_log(conference, registrations, secretariat_user):
    registrations_export(
        conference=conference,
        registrations=conference.registrations.filter(status="pending"),
        file_format="xlsx",
        by=secretariat_user,
        filters={"status": "pending", "q": ""},
    )
    entry = AuditLogEntry.objects.get(action="export")
    assert (entry.actor, entry.conference) == (secretariat_user, conference)
    assert entry.details == {"format": "xlsx", "count": 3, "filters": {"status": "pending"}}


def test_an_exports_audit_line_keeps_whether_it_searched_never_what(conference, registrations, secretariat_user):
    registrations_export(
        conference=conference,
        registrations=conference.registrations.all(),
        file_format="csv",
        by=secretariat_user,
        filters={"search": "Haddad", "status": ""},
    )
    entry = AuditLogEntry.objects.get(action="export")
    assert entry.details == {"format": "csv", "count": 3, "filters": {}, "searched": True}
    assert "Haddad" not in str(entry.details) + entry.summary


def test_export_view_with_the_queue_filters(secretariat_client, conference, registrations):
    url = reverse("registration:export", kwargs={"slug": conference.slug})

    response = secretariat_client.get(url, {"format": "csv", "country": "BE"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{conference.slug}-registrations.csv"'
    assert [record["E-mail"] for record in csv_records(response.content)] == ["plain@example.org"]
    assert AuditLogEntry.objects.get(action="export").details["filters"] == {"country": "BE"}
    xlsx = secretariat_client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert secretariat_client.get(url, {"format": "pdf"}).status_code == 404


@pytest.mark.parametrize("who", ["delegate_client", "door_client", "rapporteur_client"])
def test_export_refuses_everyone_but_the_secretariat(request, conference, registrations, who):
    client = request.getfixturevalue(who)
    url = reverse("registration:export", kwargs={"slug": conference.slug})
    assert client.get(url, {"format": "csv"}).status_code == 403
    assert not AuditLogEntry.objects.filter(action="export").exists()


def test_export_sends_anonymous_visitors_to_login(client, conference):
    response = client.get(reverse("registration:export", kwargs={"slug": conference.slug}), {"format": "csv"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_anonymised_registrations_are_not_exported(conference, registrations):
    Registration.objects.filter(email="plain@example.org").update(anonymised_at="2025-06-01T00:00:00Z")
    content, _ = registrations_export(
        conference=conference,
        registrations=registration_queue(conference=conference),
        file_format="csv",
        by=None,
    )
    assert b"plain@example.org" not in content
