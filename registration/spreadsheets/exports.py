"""Registrations as CSV or XLSX for the secretariat, in the columns of ``export_columns`` (the import's first, so
an export imports back unchanged), headers and values in the secretariat's language. The rows are read straight
from those columns (the Django admin's export reads the same ones through django-import-export's
``RegistrationResource``, whose per-cell machinery would triple the time of a large export). Writing is ours
because both formats must keep formulas from running: CSV prefixes a ' to a cell a spreadsheet would run (the
import removes it), XLSX stores every string as a text cell, never as a formula. The XLSX header row is frozen
and has a filter."""

import csv
import io
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from conference.models import Conference
from plenary.audit.erasure import FREE_TEXT_FILTERS
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.i18n import NAME_SCRIPT_LANGUAGE
from registration.models import Category, Registration, User
from registration.spreadsheets.columns import COLUMNS, FORMULA_TRIGGERS
from registration.spreadsheets.export_columns import EXPORT_CHUNK_SIZE, export_columns, export_headers, export_queryset
from registration.spreadsheets.preview import ImportPreview

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: str) -> str:
    """For CSV: '=1+2' -> "'=1+2"; '+32 2 555 12 34' -> "'+32 2 555 12 34". A value that already starts with '
    before one of those characters gets one more, so that the import's removal of one ' gives it back unchanged."""
    if value[:1] in FORMULA_TRIGGERS or (value[:1] == "'" and value[1:2] in (*FORMULA_TRIGGERS, "'")):
        return "'" + value
    return value


def export_rows(registrations: QuerySet[Registration]) -> list[list[str]]:
    columns = export_columns()
    return [
        [column.value(registration) for column in columns]
        for registration in export_queryset(registrations).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    ]


def render_csv(rows: Iterable[list[str]], *, headers: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(value) for value in headers])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    # With a BOM Excel opens UTF-8 (Arabic names) correctly; Plenary's import accepts both.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(sheet: WriteOnlyWorksheet, value: str) -> str | Cell | None:
    """A plain string stays one (openpyxl writes it as text); one openpyxl would store as a formula ('=...') or
    an error ('#N/A') gets a cell of its own, forced to text."""
    if not value:
        return None
    if not (value.startswith("=") or value in ERROR_CODES):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def render_xlsx(rows: list[list[str]], *, headers: list[str]) -> bytes:
    # Write-only: each row is streamed into the file as it is appended, not kept as cell objects until saving.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    sheet.freeze_panes = "A2"  # before the first row: the sheet's view is written first
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    for row in [headers, *rows]:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registrations_export(
    *,
    conference: Conference,
    registrations: QuerySet[Registration],
    file_format: str,
    by: User | None,
    filters: dict[str, str] | None = None,
) -> tuple[bytes, str]:
    """The file and its name; every export is recorded in the audit log (who, when, how many, which filters)."""
    rows = export_rows(registrations)
    render = render_csv if file_format == "csv" else render_xlsx
    content = render(rows, headers=export_headers())
    filename = f"{conference.slug}-registrations.{file_format}"
    audit_record(
        action=Action.EXPORT,
        summary=f"Export of {len(rows)} registrations ({file_format.upper()})",
        conference=conference,
        actor=by,
        details=_export_details(file_format=file_format, count=len(rows), filters=filters or {}),
    )
    return content, filename


def _export_details(*, file_format: str, count: int, filters: dict[str, str]) -> dict:
    """What the audit line keeps of an export: the filters that are choices, and only whether there was a search
    (what was searched for names someone, and the audit log outlives the purge of personal data)."""
    details = {
        "format": file_format,
        "count": count,
        "filters": {k: v for k, v in filters.items() if v and k not in FREE_TEXT_FILTERS},
    }
    if any(filters.get(key) for key in FREE_TEXT_FILTERS):
        details["searched"] = True
    return details


def import_errors_report(*, conference: Conference, preview: ImportPreview, by: User | None) -> tuple[bytes, str]:
    """The rows an import would skip, as CSV: the file's row number, the row as the file has it (under the file's
    own headers) and the error messages; formulas neutralised. Recorded in the audit log like every export."""
    rows = [row for row in preview.rows if row.errors]
    width = max([len(preview.header_cells), *(len(row.cells) for row in rows)])
    headers = [_("Row"), *preview.header_cells, *[""] * (width - len(preview.header_cells)), _("Errors")]
    lines = [[str(row.number), *row.cells, *[""] * (width - len(row.cells)), " ".join(row.errors)] for row in rows]
    audit_record(
        action=Action.EXPORT,
        summary=f"Report of {len(rows)} import rows with errors (CSV)",
        conference=conference,
        actor=by,
        details={"format": "csv", "count": len(rows), "report": "import_errors", "sha256": preview.sha256},
    )
    return render_csv(lines, headers=headers), f"{conference.slug}-import-errors.csv"


def import_template_xlsx() -> bytes:
    """The file partners can fill in: the import's headers, one example row, and drop-down lists for category and
    country (the lists live on a hidden sheet: Excel caps an inline list at 255 characters)."""
    from django_countries import countries
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Attendees"
    sheet.append(COLUMNS)
    example = {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina.haddad@example.org",
        "organisation": "Addameer",
        "country": "PS",
        "category": "delegate",
        "name_ar": "أمينة حداد",
        "position": "Lawyer",
        "phone": "+970 2 296 0446",
        "language": NAME_SCRIPT_LANGUAGE,  # Amina writes her name in Arabic script
    }
    sheet.append([example[name] for name in COLUMNS])
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    codes = [code for code, _name in countries]
    for row, key in enumerate(Category.values, start=1):
        lists.cell(row=row, column=1, value=key)
    for row, code in enumerate(codes, start=1):
        lists.cell(row=row, column=2, value=code)
    for name, reference in (
        ("category", f"Lists!$A$1:$A${len(Category.values)}"),
        ("country", f"Lists!$B$1:$B${len(codes)}"),
    ):
        column = chr(ord("A") + COLUMNS.index(name))
        validation = DataValidation(type="list", formula1=reference, allow_blank=True)
        validation.add(f"{column}2:{column}5000")
        sheet.add_data_validation(validation)
    for index, name in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(14, len(name) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
