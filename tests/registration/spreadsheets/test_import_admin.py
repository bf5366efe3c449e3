"""The Django admin never imports registrations (the secretariat's import page is the one way in) and links to
that page; every export, the admin's included, neutralises the cells a spreadsheet would run as formulas."""

import csv
import io

import openpyxl
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from python_calamine import CalamineWorkbook

from registration.models import Registration
from registration.spreadsheets.export_columns import export_columns, export_headers
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registration/registration/"
# What a hostile partner puts in a cell: each must reach the file behind a ', as text, never as a formula.
HOSTILE = {
    "first_name": '=HYPERLINK("http://evil.example","x")',
    "last_name": "+1+cmd|' /C calc'!A0",
    "organisation": "-2+3",
    "position": "@SUM(A1:A9)",
    "phone": "\t=1+2",
    "name_ar": "\r=1+2",
}


@pytest.fixture
def admin_client(client):
    """A secretariat superuser with MFA: the strongest account there is."""
    root = UserFactory(email="root@example.org", groups=["Secretariat"], is_staff=True, is_superuser=True)
    TOTP.activate(root, SECRETARIAT_TOTP_SECRET)
    client.force_login(root)
    return client


@pytest.fixture
def hostile(conference):
    return RegistrationFactory(conference=conference, email="hostile@example.org", **HOSTILE)


def assert_neutralised(rows: list[list[str]], *, prefix: str = "'") -> None:
    header, *data = rows
    assert header == export_headers()
    names = [column.name for column in export_columns()]
    [row] = [dict(zip(names, values, strict=False)) for values in data if "hostile@example.org" in values]
    for name, value in HOSTILE.items():
        assert row[name] == prefix + value, name


# --- The admin's import is gone ---


@pytest.mark.parametrize("page", ["import/", "process_import/"])
def test_the_admin_import_pages_are_refused_and_create_nothing(admin_client, conference, page):
    upload = SimpleUploadedFile("a.csv", b"email,last_name\nattacker@example.org,X\n")

    assert admin_client.get(CHANGELIST + page).status_code == 404
    response = admin_client.post(
        CHANGELIST + page, {"conference": conference.pk, "format": "0", "resource": "0", "import_file": upload}
    )

    assert response.status_code == 404
    assert not Registration.objects.exists()
    with pytest.raises(NoReverseMatch):
        reverse("admin:registration_registration_import_confirm", args=())


def test_the_admin_registration_list_links_to_the_import_page(admin_client, conference):
    page = admin_client.get(CHANGELIST).content.decode()

    assert reverse("registration:import", kwargs={"slug": conference.slug}) in page
    assert 'class="plenary-import-link"' in page
    assert "/admin/registration/registration/import/" not in page


# --- Every export neutralises formulas ---


def test_plenary_export_page_csv_and_xlsx(secretariat_client, conference, hostile):
    url = reverse("registration:export", kwargs={"slug": conference.slug})

    text = secretariat_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert_neutralised(list(csv.reader(io.StringIO(text, newline=""))))

    # The Plenary XLSX keeps the value as it is, in a text cell (so that it imports back unchanged).
    xlsx = secretariat_client.get(url, {"format": "xlsx"}).content
    assert_xlsx_has_no_formula(xlsx, prefix="")


def assert_xlsx_has_no_formula(content: bytes, *, prefix: str = "'") -> None:
    """Read back twice: openpyxl sees the cell types (no formula cell), calamine what a spreadsheet shows."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    # XML turns a CR into a line feed: still text, still behind the prefix.
    assert_neutralised([[str(value).replace("\n", "\r") for value in row] for row in rows], prefix=prefix)


def test_the_command_export_csv_and_xlsx(conference, hostile, tmp_path):
    call_command("export_attendees", "--conference", conference.slug, "--output", str(tmp_path / "out.csv"))
    text = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    assert_neutralised(list(csv.reader(io.StringIO(text, newline=""))))

    call_command("export_attendees", "--conference", conference.slug, "--output", str(tmp_path / "out.xlsx"))
    assert_xlsx_has_no_formula((tmp_path / "out.xlsx").read_bytes(), prefix="")


def admin_export(client, registration: Registration, format_name: str) -> bytes:
    """The admin's export action on the registration list, then its export form, as a browser would."""
    form_page = client.post(CHANGELIST, {"action": "export_admin_action", "_selected_action": [registration.pk]})
    assert form_page.status_code == 200
    form = form_page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({name: "on" for name, field in form.fields.items() if field.widget.input_type == "checkbox"})
    data["format"] = next(value for value, label in form.fields["format"].choices if label == format_name)
    data["export_items"] = [registration.pk]
    response = client.post(form_page.context["export_url"], data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_the_admin_export_action_csv_and_xlsx(admin_client, conference, hostile):
    text = admin_export(admin_client, hostile, "csv").decode("utf-8-sig")
    assert_neutralised(list(csv.reader(io.StringIO(text, newline=""))))

    # The library writes the admin's XLSX through openpyxl, which would take "=..." for a formula: the ' stays.
    assert_xlsx_has_no_formula(admin_export(admin_client, hostile, "xlsx"))
