"""Real spreadsheet files for the import tests, written by openpyxl, xlwt, odfpy and the csv module."""

import csv
import io
import zipfile

import openpyxl

HEADERS = ["First name", "Last name", "Email", "Organisation", "Country", "Category", "Phone"]


def people(count: int, *, start: int = 0) -> list[list[object]]:
    return [
        [f"Amina{n}", f"Haddad{n}", f"amina{n}@example.org", "Addameer", "Palestine", "NGO", f"+970 59 {n:07d}"]
        for n in range(start, start + count)
    ]


def xlsx(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(rows: list[list[object]]) -> bytes:
    """The old Excel 97-2003 format, as xlwt writes it."""
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Delegation")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list[object]]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Delegation")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            elif value in (None, ""):
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def text(rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def zip_bomb(size: int = 20 * 1024 * 1024) -> bytes:
    """An .xlsx-shaped zip whose sheet expands from a few hundred kilobytes to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()
