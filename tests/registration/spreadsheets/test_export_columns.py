"""What the secretariat reads in an export: every field with a status and the check-in, headers and names in the
page's language, only the rows the queue's filters show, a frozen header row with a filter in XLSX; the admin's
export and ``export_attendees`` write the same columns."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV

from registration.models import CheckIn, Registration
from registration.spreadsheets.columns import COLUMNS
from registration.spreadsheets.export_columns import export_headers
from registration.spreadsheets.exports import registrations_export
from registration.spreadsheets.preview import import_preview
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(conference):
    checked_in = RegistrationFactory(
        conference=conference,
        email="amina@example.org",
        first_name="Amina",
        status=Registration.Status.APPROVED,
        country="BE",
        category="journalist",
        language="fr",
        dietary_requirements="Vegetarian",
        accessibility_needs="Wheelchair access",
        interpretation_needs="Arabic to French",
        photo_consent=True,
        list_consent=False,
    )
    at = dt.datetime.combine(conference.start_date, dt.time(9, 5), tzinfo=conference.tzinfo)
    CheckIn.objects.create(registration=checked_in, day=conference.start_date, at=at)
    RegistrationFactory(conference=conference, email="omar@example.org", country="PS", category="lawyer")
    return checked_in


def export_url(conference, language):
    with translation.override(language):
        return reverse("registration:export", kwargs={"slug": conference.slug})


def csv_records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_every_delegate_field_with_its_status_and_check_in(conference, registrations):
    content, _name = registrations_export(
        conference=conference, registrations=conference.registrations.all(), file_format="csv", by=None
    )
    records = {record["E-mail"]: record for record in csv_records(content)}

    amina = records["amina@example.org"]
    assert amina["Status"] == "Approved"
    assert amina["Country"] == "Belgium"
    assert amina["Category"] == "Press"
    assert amina["Preferred language"] == "French"
    assert amina["Dietary requirements"] == "Vegetarian"
    assert amina["Accessibility needs"] == "Wheelchair access"
    assert amina["Interpretation needs"] == "Arabic to French"
    assert (amina["Photo consent"], amina["Consent to the participants list"]) == ("Yes", "No")
    assert (amina["Checked in"], amina["Checked in at"]) == ("Yes", f"{conference.start_date:%Y-%m-%d} 09:05")
    omar = records["omar@example.org"]
    assert (omar["Status"], omar["Country"], omar["Category"]) == ("Pending", "Palestine", "Lawyer")
    assert (omar["Checked in"], omar["Checked in at"]) == ("No", "")


def test_an_arabic_page_exports_arabic_headers_and_names_with_a_frozen_filtered_header(
    secretariat_client, conference, registrations
):
    response = secretariat_client.get(export_url(conference, "ar"), {"format": "xlsx"})

    sheet = xlsx_sheet(response.content)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert {"الاسم الأول", "البريد الإلكتروني", "الحالة", "البلد", "الفئة", "المتطلبات الغذائية"} <= set(header)
    amina = dict(zip(header, next(row for row in rows if "amina@example.org" in row), strict=True))
    assert amina["البلد"] == "بلجيكا"
    assert amina["الحالة"] == "مقبول"
    assert amina["الفئة"] == "صحافة"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}3"


def test_a_french_page_exports_french_headers(secretariat_client, conference, registrations):
    response = secretariat_client.get(export_url(conference, "fr"), {"format": "csv"})

    amina = next(record for record in csv_records(response.content) if record["Courriel"] == "amina@example.org")
    assert (amina["Prénom"], amina["Statut"], amina["Pays"], amina["Catégorie"]) == (
        "Amina",
        "Approuvée",
        "Belgique",
        "Presse",
    )


def test_the_queue_links_to_an_export_of_exactly_the_rows_its_filters_show(
    secretariat_client, conference, registrations
):
    RegistrationFactory(conference=conference, email="karim@example.org", category="journalist")
    queue_url = reverse("registration:manage_registrations", kwargs={"slug": conference.slug})

    queue = secretariat_client.get(queue_url, {"category": "journalist", "status": "approved"})
    link = f"{export_url(conference, 'en')}?format=csv&amp;category=journalist&amp;status=approved"
    assert link in queue.content.decode()
    response = secretariat_client.get(
        export_url(conference, "en"), {"format": "csv", "category": "journalist", "status": "approved"}
    )
    assert [record["E-mail"] for record in csv_records(response.content)] == ["amina@example.org"]


def test_a_filter_the_queue_ignores_is_ignored_by_the_export_too(secretariat_client, conference, registrations):
    response = secretariat_client.get(
        export_url(conference, "en"), {"format": "csv", "status": "<script>", "q": "x" * 5000}
    )

    assert response.status_code == 200
    assert len(csv_records(response.content)) == 2


def test_the_admin_export_and_the_command_write_the_same_columns(
    rf, conference, registrations, secretariat_user, tmp_path
):
    request = rf.get("/admin/")
    request.user = secretariat_user
    data = admin.site._registry[Registration].get_export_data(CSV(), request, Registration.objects.all())
    admin_header = next(csv.reader(io.StringIO(data.decode("utf-8-sig") if isinstance(data, bytes) else data)))
    output = tmp_path / "attendees.csv"
    call_command("export_attendees", conference=conference.slug, output=str(output), stdout=io.StringIO())
    command_header = next(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))

    assert admin_header == command_header == export_headers()


def test_the_export_reads_check_ins_in_a_constant_number_of_queries(conference, registrations):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            registrations_export(
                conference=conference, registrations=conference.registrations.all(), file_format="xlsx", by=None
            )
        return len(captured)

    few = queries()
    for registration in RegistrationFactory.create_batch(20, conference=conference):
        CheckIn.objects.create(registration=registration, day=conference.start_date)
    assert queries() == few


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_in_any_language_imports_back_unchanged(conference, registrations, language, file_format):
    with translation.override(language):
        content, _name = registrations_export(
            conference=conference, registrations=conference.registrations.all(), file_format=file_format, by=None
        )

    preview = import_preview(conference=conference, content=content, filename=f"export.{file_format}")

    assert preview.counts == {"new": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert set(preview.columns) == set(COLUMNS)
