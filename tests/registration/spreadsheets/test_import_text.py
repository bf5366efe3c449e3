"""A partner's spreadsheet as the attack: invisible, direction and look-alike characters in names are error rows
(the import never silently changes a name); free text loses what could reverse it."""

import pytest

from registration.models import Registration
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.columns import ImportRefused
from registration.spreadsheets.preview import import_preview
from tests.factories import RegistrationFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = pytest.mark.django_db

HEADER = ["Email", "First name", "Last name", "Name in Arabic", "Organisation"]
INVISIBLE = ["\u202e", "\u202d", "\u2067", "\u200b", "\u200d", "\u200f", "\u061c", "\ufeff", "\u00ad", "\u2028", "\x1f"]


def preview(conference, rows, filename="list.xlsx"):
    content = sheets.xlsx(rows) if filename.endswith(".xlsx") else sheets.text(rows)
    return import_preview(conference=conference, content=content, filename=filename)


def errors_by_row(result) -> dict[int, list[str]]:
    return {row.number: row.errors for row in result.rows if row.errors}


@pytest.mark.parametrize("filename", ["list.xlsx", "list.csv"])
def test_a_right_to_left_override_in_a_last_name_makes_an_error_row(conference, filename):
    result = preview(
        conference,
        [
            HEADER,
            ["amina@example.org", "Amina", "Had\u202edad", "", ""],
            ["omar@example.org", "Omar", "Khalil", "", ""],
        ],
        filename,
    )

    assert errors_by_row(result) == {
        2: [
            "Last name: Names cannot contain invisible control characters (such as direction controls or "
            "zero-width spaces): remove U+202E RIGHT-TO-LEFT OVERRIDE."
        ]
    }
    assert result.counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 1}


def test_a_cyrillic_e_in_a_latin_first_name_makes_an_error_row(conference):
    result = preview(conference, [HEADER, ["elena@example.org", "\u0415lena", "Petrova", "", ""]])

    assert errors_by_row(result) == {
        2: [
            "First name: This name mixes scripts: “\u0415” is Cyrillic. Write it in Latin letters only, "
            "as in your passport."
        ]
    }


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(char):04X}" for char in INVISIBLE])
@pytest.mark.parametrize("column", [1, 2, 3])
def test_every_invisible_character_in_a_name_makes_an_error_row(conference, char, column):
    row = ["amina@example.org", "Amina", "Haddad", "أمينة حداد", ""]
    row[column] = row[column][:2] + char + row[column][2:]

    result = preview(conference, [HEADER, row], "list.csv")

    [errors] = errors_by_row(result).values()
    assert f"U+{ord(char):04X}" in errors[0] and "invisible control characters" in errors[0]


def test_a_latin_name_in_the_arabic_name_column_makes_an_error_row(conference):
    result = preview(conference, [HEADER, ["amina@example.org", "Amina", "Haddad", "Amina Haddad", ""]])
    assert errors_by_row(result)[2] == ["Full name in arabic script: Write this name in Arabic letters: “A” is Latin."]


def test_applying_refuses_the_file_and_skipping_leaves_the_row_out(conference):
    rows = [
        HEADER,
        ["amina@example.org", "Amina", "Had\u202edad", "", ""],
        ["omar@example.org", "Omar", "Khalil", "", ""],
    ]

    with pytest.raises(ImportRefused):
        import_apply(conference=conference, content=sheets.xlsx(rows), filename="list.xlsx", by=None)
    import_apply(conference=conference, content=sheets.xlsx(rows), filename="list.xlsx", by=None, skip_invalid=True)

    assert list(Registration.objects.values_list("last_name", flat=True)) == ["Khalil"]


def test_an_update_bringing_in_a_refused_name_is_an_error(conference):
    RegistrationFactory(conference=conference, email="amina@example.org", last_name="Haddad")
    result = preview(conference, [HEADER, ["amina@example.org", "Amina", "Hadd\u0430d", "", ""]])
    assert result.counts["error"] == 1


def test_free_text_loses_direction_controls_and_keeps_arabic_marks(conference):
    rows = [
        HEADER,
        ["amina@example.org", "Amina", "Haddad", "", "\u202eAddameer\u202c\u200b Association"],
        ["omar@example.org", "Omar", "Khalil", "", "مؤسسة\u200c الضمير \u200fADD\u200f"],
        ["lina@example.org", "Lina", "Saleh", "", "\u2067\u202e"],
    ]

    result = preview(conference, rows, "list.csv")

    assert result.counts == {"new": 3, "updated": 0, "unchanged": 0, "error": 0}
    organisations = [row.values.get("organisation") for row in result.rows]
    assert organisations == ["Addameer Association", "مؤسسة\u200c الضمير \u200fADD\u200f", None]


def test_a_line_separator_in_free_text_becomes_a_space(conference):
    result = preview(conference, [HEADER, ["amina@example.org", "Amina", "Haddad", "", "Addameer\u2028Association"]])
    assert result.rows[0].values["organisation"] == "Addameer Association"


def test_a_refused_name_that_is_also_too_long_reports_both(conference):
    RegistrationFactory(conference=conference, email="amina@example.org")
    result = preview(conference, [HEADER, ["amina@example.org", "Amina", "\u202e" + "x" * 200, "", ""]])
    [errors] = errors_by_row(result).values()
    assert len(errors) == 2 and "too long" in errors[0] and "U+202E" in errors[1]


def test_an_export_re_imported_with_a_name_already_stored_changes_nothing(conference):
    RegistrationFactory(conference=conference, email="amina@example.org", last_name="Had\u202edad")
    result = preview(conference, [HEADER, ["amina@example.org", "", "Had\u202edad", "", ""]])
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 1, "error": 0}
