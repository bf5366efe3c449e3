"""Hostile uploads, as an attacker (or an unlucky partner) writes them: used by test_hostile_uploads.py and by
bench/hostile_uploads.py."""

import io
import re
import zipfile

import openpyxl


def short_lines_csv(size: int = 10 * 1024 * 1024 - 1) -> bytes:
    """About 3.5 million lines of two characters: a file under the size limit that holds 70 times the row limit."""
    return b"ab\n" * (size // 3)


def wide_xlsx(rows: int = 100_000, columns: int = 60) -> bytes:
    """``rows`` × ``columns`` numbers under a header (100,000 × 60 by default: about 4 MB). openpyxl's write-only
    mode writes it; the cells' references (``r="AH5"``), which the format makes optional, are then dropped and the
    parts compressed again, as a smaller writer would have done: openpyxl's own file is four times larger, above
    the upload limit."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Delegation")
    sheet.append(["Email", "Last name", *(f"Column {n}" for n in range(columns - 2))])
    for row in range(rows):
        sheet.append([(row * 7 + column * 13) % 3000 for column in range(columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    references = re.compile(rb' r="[A-Z]+[0-9]+"| t="n"')
    compact = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as written,
        zipfile.ZipFile(compact, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for name in written.namelist():
            body = written.read(name)
            archive.writestr(name, references.sub(b"", body) if name.startswith("xl/worksheets/") else body)
    return compact.getvalue()


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Delegation" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>"
    ),
    "xl/worksheets/sheet1.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>2</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def shared_strings_bomb(size: int = 1024 * 1024 * 1024, *, declared_count: int | None = None) -> bytes:
    """A real .xlsx whose sharedStrings.xml expands from about a megabyte to ``size`` bytes (one string of that
    length, used by two cells). ``declared_count`` instead writes a small table that declares that many strings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            count = declared_count or 3
            member.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'count="%d" uniqueCount="%d"><si><t>Email</t></si><si><t>Last name</t></si><si><t>' % (count, count)
            )
            if declared_count is None:
                chunk = b"A" * (1024 * 1024)
                for _ in range(size // len(chunk)):
                    member.write(chunk)
            member.write(b"</t></si></sst>")
    return buffer.getvalue()
