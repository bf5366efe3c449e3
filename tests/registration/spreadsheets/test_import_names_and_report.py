"""The import follows the delegate form's rule on names (a name in Arabic script in a Latin column goes to the
Arabic name when that is empty, flagged in the preview; otherwise the row is an error), the preview shows
categories and countries by name in the page's language, and the rows with errors can be downloaded, by the
secretariat that uploaded them only."""

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from plenary.audit.models import AuditLogEntry
from registration.models import Registration
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.preview import import_preview
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import RegistrationFactory, UserFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = pytest.mark.django_db

HEADER = ["Email", "First name", "Last name", "Name in Arabic", "Organisation", "Country", "Category"]


def preview(conference, rows):
    return import_preview(conference=conference, content=sheets.xlsx([HEADER, *rows]), filename="list.xlsx")


def upload(client, conference, rows, language="en"):
    with translation.override(language):
        url = reverse("registration:import", kwargs={"slug": conference.slug})
    file = SimpleUploadedFile("delegation.xlsx", sheets.xlsx([HEADER, *rows]))
    response = client.post(url, {"file": file})
    assert response.status_code == 302
    return response["Location"]


def test_an_arabic_name_in_the_latin_columns_moves_to_the_empty_arabic_name(conference):
    rows = [["amina@example.org", "أمينة", "حداد", "", "Addameer", "PS", "ngo"]]

    [row] = preview(conference, rows).rows

    assert (row.outcome, row.errors, row.moved) == ("new", [], ["first_name", "last_name"])
    import_apply(conference=conference, content=sheets.xlsx([HEADER, *rows]), filename="list.xlsx", by=None)
    registration = Registration.objects.get()
    assert (registration.first_name, registration.last_name, registration.name_ar) == ("", "", "أمينة حداد")


def test_only_the_column_in_arabic_script_moves(conference):
    [row] = preview(conference, [["amina@example.org", "Amina", "حداد", "", "", "", ""]]).rows

    assert (row.values["first_name"], row.values["name_ar"], row.moved) == ("Amina", "حداد", ["last_name"])


def test_an_arabic_name_in_a_latin_column_beside_an_arabic_name_is_an_error(conference):
    [row] = preview(conference, [["amina@example.org", "أمينة", "Haddad", "أمينة حداد", "", "", ""]]).rows

    assert row.outcome == "error"
    assert row.errors == [
        "First name: this name is in Arabic script and the Arabic name is already given: write it in Latin "
        "letters, as in the passport."
    ]


def test_the_preview_flags_the_move(secretariat_client, conference):
    location = upload(secretariat_client, conference, [["amina@example.org", "أمينة", "حداد", "", "", "", ""]])

    page = secretariat_client.get(location).content.decode()

    assert "First name, Last name: in Arabic script, moved to the Arabic name." in page


@pytest.mark.parametrize(
    ("language", "country", "category", "change"),
    [
        ("en", "Belgium", "Press", "NGO</bdi></del> → <ins><bdi>Press"),
        ("fr", "Belgique", "Presse", "ONG</bdi></del> → <ins><bdi>Presse"),
        ("ar", "بلجيكا", "صحافة", "منظمة غير حكومية</bdi></del> → <ins><bdi>صحافة"),
    ],
)
def test_the_preview_shows_categories_and_countries_by_name(
    secretariat_client, conference, language, country, category, change
):
    RegistrationFactory(
        conference=conference, email="old@example.org", first_name="Omar", last_name="Khalil", category="ngo"
    )
    rows = [
        ["amina@example.org", "Amina", "Haddad", "", "Addameer", "BE", "journalist"],
        ["old@example.org", "Omar", "Khalil", "", "", "", "Press"],
    ]
    location = upload(secretariat_client, conference, rows, language)

    page = secretariat_client.get(location).content.decode()

    assert f"Addameer</bdi> · {country} · {category}" in page
    assert change in page
    assert "journalist" not in page


ERROR_ROWS = [
    ["amina@example.org", "Amina", "Haddad", "", "Addameer", "PS", "ngo"],
    ["not-an-email", "Omar", "Khalil", "", "@SUM(A1:A9)", "PS", ""],
    ["lina@example.org", "Lina", "", "", "+32 cmd", "Atlantis", ""],
]


def test_the_report_lists_the_rows_with_errors_their_values_and_messages(secretariat_client, conference):
    location = upload(secretariat_client, conference, ERROR_ROWS)
    page = secretariat_client.get(location).content.decode()
    report_url = location + "errors.csv"
    assert f'href="{report_url}"' in page

    response = secretariat_client.get(report_url)

    assert response["Content-Disposition"] == f'attachment; filename="{conference.slug}-import-errors.csv"'
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ["Row", *HEADER, "Errors"]
    assert rows == [
        ["3", "not-an-email", "Omar", "Khalil", "", "'@SUM(A1:A9)", "PS", "",
         "Invalid e-mail address: not-an-email."],
        ["4", "lina@example.org", "Lina", "", "", "'+32 cmd", "Atlantis", "", "Unknown country: Atlantis."],
    ]  # fmt: skip
    entry = AuditLogEntry.objects.get(action="export")
    assert entry.details["report"] == "import_errors" and entry.details["count"] == 2
    assert "Omar" not in entry.summary + str(entry.details)


@pytest.mark.parametrize("who", ["door_user", "delegate_user", "rapporteur_user"])
def test_nobody_but_the_secretariat_downloads_the_report(request, client, secretariat_user, conference, who):
    location = upload(_signed_in(secretariat_user), conference, ERROR_ROWS)
    client.force_login(request.getfixturevalue(who))

    assert client.get(location + "errors.csv").status_code == 403


def test_another_secretariat_session_cannot_download_the_report(secretariat_user, conference):
    location = upload(_signed_in(secretariat_user), conference, ERROR_ROWS)
    other = UserFactory(email="other-secretariat@example.org", groups=["Secretariat"])
    TOTP.activate(other, SECRETARIAT_TOTP_SECRET)

    assert _signed_in(other).get(location + "errors.csv").status_code == 404
    assert not AuditLogEntry.objects.filter(action="export").exists()


def test_the_report_of_one_conference_is_not_served_under_another(secretariat_client, conference, other_conference):
    location = upload(secretariat_client, conference, ERROR_ROWS)
    token = location.rstrip("/").rsplit("/", 1)[1]
    url = reverse("registration:import_errors", kwargs={"slug": other_conference.slug, "token": token})

    assert secretariat_client.get(url).status_code == 404


@pytest.mark.parametrize("token", ["x" * 5000, "..%2F..%2Fetc%2Fpasswd", "%00", "<script>"])
def test_a_hostile_token_is_not_found(secretariat_client, conference, token):
    url = f"/en/{conference.slug}/manage/import/{token}/errors.csv"

    assert secretariat_client.get(url).status_code == 404


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
