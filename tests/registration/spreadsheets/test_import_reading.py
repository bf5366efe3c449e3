"""Reading partners' files as they come: formats, encodings, delimiters, title rows, blank lines, header names."""

import pytest
from django.utils import translation

from registration.models import Category
from registration.spreadsheets import columns as imports
from registration.spreadsheets.preview import import_preview
from registration.spreadsheets.reading import find_header, read_table
from tests.registration.spreadsheets import files as sheets

ROWS = [sheets.HEADERS, *sheets.people(2)]
EXPECTED = {
    "first_name": "Amina0",
    "last_name": "Haddad0",
    "email": "amina0@example.org",
    "organisation": "Addameer",
    "country": "PS",
    "category": "ngo",
    "phone": "+970 59 0000000",
}


def preview_of(conference, content: bytes, filename: str):
    return import_preview(conference=conference, content=content, filename=filename)


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("list.xlsx", sheets.xlsx(ROWS)),
        ("list.xls", sheets.xls(ROWS)),
        ("list.ods", sheets.ods(ROWS)),
        ("list.csv", sheets.text(ROWS)),
        ("list.csv", b"\xef\xbb\xbf" + sheets.text(ROWS)),
        ("list.txt", sheets.text(ROWS, encoding="utf-16", delimiter="\t")),  # Excel's "Unicode text"
        ("list.tsv", sheets.text(ROWS, delimiter="\t")),
        ("list.csv", sheets.text(ROWS, encoding="utf-16")),
        ("list.csv", sheets.text(ROWS, encoding="cp1252", delimiter=";")),  # a French Excel's CSV
    ],
    ids=[
        "xlsx",
        "xls",
        "ods",
        "csv-utf8",
        "csv-utf8-bom",
        "utf16-unicode-text",
        "tsv",
        "csv-utf16",
        "csv-cp1252-semicolon",
    ],
)
def test_every_format_and_encoding_reads_the_same_rows(conference, filename, content):
    preview = preview_of(conference, content, filename)

    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert preview.rows[0].values == EXPECTED
    assert [row.number for row in preview.rows] == [2, 3]


def test_accents_survive_windows_1252_and_utf16(conference):
    rows = [["Prénom", "Nom", "Courriel"], ["Hélène", "Müller-Ğ", "helene@example.org"]]
    for content, name in (
        (sheets.text([rows[0], ["Hélène", "Müller", "helene@example.org"]], encoding="cp1252", delimiter=";"), "a.csv"),
        (sheets.text(rows, encoding="utf-16", delimiter="\t"), "a.txt"),
    ):
        row = preview_of(conference, content, name).rows[0]
        assert row.values["first_name"] == "Hélène"


def test_title_rows_merged_headers_and_blank_lines_are_skipped_with_spreadsheet_row_numbers(conference):
    rows = [
        ["Delegation of the Belgian Parliament to the 9th conference"],
        [],
        ["Identity", None, None, "Contact"],
        sheets.HEADERS,
        sheets.people(1)[0],
        [],
        [None, "   ", None],
        sheets.people(1, start=1)[0],
    ]
    content = sheets.xlsx(rows, merge="A3:C3")

    preview = preview_of(conference, content, "delegation.xlsx")

    assert preview.header_row == 4
    assert [row.number for row in preview.rows] == [5, 8]
    assert preview.counts["new"] == 2


def test_a_header_too_far_down_is_not_found(conference):
    content = sheets.xlsx([["title"]] * 10 + [sheets.HEADERS, *sheets.people(1)])
    with pytest.raises(imports.ImportFileError, match="No column for the e-mail address"):
        preview_of(conference, content, "late.xlsx")


@pytest.mark.parametrize(
    ("column", "alias"),
    [(column, alias) for column, aliases in imports.HEADER_ALIASES.items() for alias in aliases],
)
def test_every_header_alias_is_recognised_ignoring_case_spaces_and_punctuation(column, alias):
    decorated = f"  {alias.upper()} :" if alias.isascii() else f" {alias} "
    assert imports.header_lookup()[imports.normalise_key(decorated)] == column
    others = {"email": ["Surname"], "last_name": ["E-mail"]}.get(column, ["E-mail", "Surname"])
    header, _start = find_header([(1, [*others, decorated])])
    assert header.columns[len(others)] == column


# The names the issue lists for each column, spelt as there: each one must find its column, whatever the code's
# own alias table says.
ISSUE_HEADERS = {
    "first_name": ["First name", "Given name", "Prénom", "الاسم الأول"],
    "last_name": ["Last name", "Surname", "Family name", "Nom", "Nom de famille", "اسم العائلة"],
    "email": ["Email", "E-mail", "Email address", "Courriel", "Adresse e-mail", "البريد الإلكتروني"],
    "organisation": ["Organisation", "Organization", "Organisation / Institution", "المنظمة"],
    "country": ["Country", "Pays", "البلد"],
    "category": ["Category", "Catégorie", "الفئة"],
    "name_ar": ["Name in Arabic", "Arabic name", "Nom en arabe", "الاسم بالعربية"],
    "position": ["Position", "Fonction", "Poste", "المنصب"],
    "phone": ["Phone", "Telephone", "Téléphone", "الهاتف"],
    "language": ["Language", "Preferred language", "Langue", "اللغة"],
}


@pytest.mark.parametrize(
    ("column", "header"), [(column, header) for column, headers in ISSUE_HEADERS.items() for header in headers]
)
def test_each_header_name_of_the_issue_reads_its_column_from_a_real_file(conference, column, header):
    values = {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organisation": "Addameer",
        "country": "PS",
        "category": "ngo",
        "name_ar": "أمينة حداد",
        "position": "Lawyer",
        "phone": "+970 2 296 0446",
        "language": "ar",
    }
    others = [name for name in ("email", "last_name", "first_name") if name != column][:2]
    rows = [[header, *others], [values[column], *(values[name] for name in others)]]

    preview = preview_of(conference, sheets.xlsx(rows), "list.xlsx")

    assert preview.columns[column] == header
    assert preview.unknown_columns == []
    assert preview.rows[0].values[column] == values[column]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_category_is_read_from_its_label_in_english_french_and_arabic(conference, language):
    with translation.override(language):
        labels = [(str(label), value) for value, label in Category.choices]
    rows = [["Email", "Last name", "Category"]]
    rows += [[f"p{n}@example.org", "A", label] for n, (label, _value) in enumerate(labels)]

    preview = preview_of(conference, sheets.xlsx(rows), "list.xlsx")

    assert [row.values["category"] for row in preview.rows] == [value for _label, value in labels]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Prénom", "Nom de famille", "Adresse e-mail", "Pays", "Catégorie"], "fr"),
        (["الاسم الأول", "اسم العائلة", "البريد الإلكتروني", "البلد", "الفئة"], "ar"),
        (["PRENOM", "NOM", "COURRIEL", "PAYS", "CATEGORIE"], "fr without accents"),
        (["الاسم الاول", "اسم العائله", "البريد الالكتروني", "البلد", "الفئه"], "ar without hamza"),
    ],
)
def test_french_and_arabic_headers_and_values(conference, headers, expected):
    rows = [headers, ["Amina", "Haddad", " Amina@Example.ORG ", "فلسطين", "صحفي"]]

    row = preview_of(conference, sheets.xlsx(rows), "list.xlsx").rows[0]

    assert row.values == {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "country": "PS",
        "category": "journalist",
    }, expected


def test_unknown_columns_are_listed_and_ignored(conference):
    rows = [["Email", "Name in Arabic", "Last name", "Shoe size", "Dietary"], ["a@example.org", "أمينة", "H", 42, "x"]]

    preview = preview_of(conference, sheets.xlsx(rows), "list.xlsx")

    assert preview.unknown_columns == ["Shoe size", "Dietary"]
    assert preview.rows[0].values == {"email": "a@example.org", "name_ar": "أمينة", "last_name": "H"}


@pytest.mark.parametrize(
    ("headers", "missing"),
    [(["First name", "Organisation"], "e-mail"), (["Email", "Organisation", "Pays"], "name")],
)
def test_a_file_without_email_or_name_column_is_refused_naming_the_headers_found(conference, headers, missing):
    content = sheets.xlsx([headers, ["x"] * len(headers)])
    with pytest.raises(imports.ImportFileError) as refused:
        preview_of(conference, content, "list.xlsx")
    message = str(refused.value)
    assert "e-mail column and a first name or last name column" in message
    assert all(header in message for header in headers)


def test_values_are_cleaned(conference):
    rows = [
        ["First name", "Last name", "Email", "Phone", "Country", "Category", "Language", "Position"],
        ["  Amina \t\n ", "Al   Haddad", "  AMINA@Example.org ", 3225551234.0, "bel", "", "Français", "e\u0301lue"],
        ["Omar", "", "omar@example.org", "+32 2 555 12 34", "Belgique", "Member of Parliament", "arabe", ""],
        ["Lina", "", "lina@example.org", "", "بلجيكا", "MP", "العربية", ""],
    ]

    preview = preview_of(conference, sheets.xlsx(rows), "list.xlsx")

    first, second, third = (row.values for row in preview.rows)
    assert first == {
        "first_name": "Amina",
        "last_name": "Al Haddad",
        "email": "amina@example.org",
        "phone": "3225551234",
        "country": "BE",
        "language": "fr",
        "position": "élue",  # NFC: one code point
    }
    assert len(first["position"]) == 4
    assert second["phone"] == "+32 2 555 12 34"
    assert (second["country"], second["category"], second["language"]) == ("BE", "parliamentarian", "ar")
    assert (third["country"], third["category"], third["language"]) == ("BE", "parliamentarian", "ar")


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("NGO", "ngo"),
        ("Press", "journalist"),
        ("presse", "journalist"),
        ("Diplomate", "diplomat"),
        ("lawyer", "lawyer"),
    ],
)
def test_category_names(conference, value, category):
    rows = [["Email", "Last name", "Category"], ["a@example.org", "A", value]]
    assert preview_of(conference, sheets.xlsx(rows), "l.xlsx").rows[0].values["category"] == category


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("PS", "PS"),
        ("PSE", "PS"),
        ("State of Palestine", "PS"),
        ("Royaume-Uni", "GB"),
        ("المغرب", "MA"),
        ("liban", "LB"),
    ],
)
def test_country_names(conference, value, code):
    rows = [["Email", "Last name", "Country"], ["a@example.org", "A", value]]
    assert preview_of(conference, sheets.xlsx(rows), "l.xlsx").rows[0].values["country"] == code


def test_cells_are_read_as_values_never_formulas(conference):
    rows = [["Email", "Last name", "Organisation"], ["a@example.org", "=1+2", '=HYPERLINK("http://evil","x")']]
    content = sheets.xlsx(rows)  # openpyxl stores both as formulas, without a cached value

    row = preview_of(conference, content, "l.xlsx").rows[0]

    assert "organisation" not in row.values
    assert row.errors == ["No name: neither a first name nor a last name."]


def test_csv_quote_that_neutralised_a_formula_is_removed_only_before_formula_characters(conference):
    rows = [["Email", "Last name", "Phone", "Organisation"], ["a@example.org", "'O'Brien", "'+32 2 555", "'=SUM(A1)"]]

    row = preview_of(conference, sheets.text(rows), "l.csv").rows[0]

    assert (row.values["last_name"], row.values["phone"], row.values["organisation"]) == (
        "'O'Brien",
        "+32 2 555",
        "=SUM(A1)",
    )


def test_delimiter_is_detected_despite_commas_inside_a_semicolon_file():
    content = b"Email;Last name;Organisation\na@example.org;Haddad, Amina;Addameer, Ramallah\n"
    assert read_table(content=content, filename="x.csv")[1][1] == [
        "a@example.org",
        "Haddad, Amina",
        "Addameer, Ramallah",
    ]
