"""Reading any real attendee list into rows of text: .xlsx, .xls and .ods through python-calamine in a capped
child process (``reader_child.py``), .csv, .tsv and .txt (UTF-8, UTF-16 or Windows-1252) with the csv module;
then finding the header row among the first rows, with the column names of ``columns``.

``preview.import_preview`` reads through here, and so does ``apply.import_apply`` when it reads the file again.
"""

import csv
import io
import marshal
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from registration.spreadsheets.columns import (
    HEADER_LOOKUP,
    HEADER_SEARCH_ROWS,
    SPREADSHEET_EXTENSIONS,
    TEXT_EXTENSIONS,
    ImportFileError,
    clean_text,
    normalise_key,
)

# A zip member may expand this many times over its compressed size (real sheets: 5 to 30 times).
MAX_ZIP_RATIO = 200
# Address space of the child process that runs calamine (it holds one sheet).
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_TIMEOUT_SECONDS = 120
READER_SCRIPT = Path(__file__).with_name("reader_child.py")


def _check_zip(content: bytes, label: str) -> None:
    """Refuses a damaged or bomb-like zip container before any reader expands it: declared sizes against the
    limit and the compression ratio, then every member's CRC, read in small chunks."""
    limit = settings.PLENARY_IMPORT_MAX_BYTES * 20
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > limit or any(
                member.file_size > 1024 * 1024 and member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1)
                for member in members
            ):
                raise ImportFileError(
                    _("This %(format)s file expands to far more data than a list of attendees holds: it was refused.")
                    % {"format": label}
                )
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise ImportFileError(
            _("This file is damaged or is not a real %(format)s file. Save it again from your spreadsheet program.")
            % {"format": label}
        ) from None


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel stores a password-protected .xlsx inside an OLE container, as a stream of this name (UTF-16 in the
# container's directory).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _encrypted() -> ImportFileError:
    return ImportFileError(
        _("This file is protected by a password. Save a copy without the password and upload that copy.")
    )


def _read_spreadsheet(content: bytes, extension: str) -> list[list[object]]:
    label = extension.lstrip(".")
    # calamine recognises the format by the content, not the name (an old .xls saved as "list.xlsx" reads
    # fine): check by the content too.
    if content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in content:
        raise _encrypted()
    if content.startswith(ZIP_MAGIC) or zipfile.is_zipfile(io.BytesIO(content)):
        _check_zip(content, label)
    # One sheet never needs more rows than the limit plus a header area and its blank lines.
    height_cap = 2 * settings.PLENARY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(READER_SCRIPT), str(height_cap), str(READER_MEMORY_BYTES)],
            input=content,
            capture_output=True,
            timeout=READER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImportFileError(_("This file took too long to read: it was refused.")) from None
    if completed.returncode != 0:
        raise ImportFileError(
            _("This file could not be read: it expands to more than a list of attendees holds, or it is damaged.")
        )
    result = marshal.loads(completed.stdout)  # noqa: S302 - written by our own reader script
    if result[0] == "ok":
        return result[1]
    kind, height = result[1], result[2]
    if kind == "encrypted":
        raise _encrypted()
    if kind == "rows":
        raise _too_many_rows(height)
    raise ImportFileError(
        _("This file is damaged or is not a real %(format)s file. Save it again from your spreadsheet program.")
        % {"format": label}
    )


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # What Excel writes as "CSV" on Western European Windows.
        return content.decode("cp1252", errors="replace")


def _delimiter(lines: Sequence[str], extension: str) -> str:
    """The delimiter among tab, semicolon and comma that splits most of the first lines into the same number
    (above one) of fields; quoted fields are respected."""
    if extension == ".tsv":
        return "\t"
    best, best_score = ",", (0, 0)
    for candidate in ("\t", ";", ","):
        widths = [len(row) for row in csv.reader(lines, delimiter=candidate) if len(row) > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_text(content: bytes, extension: str) -> list[list[object]]:
    text = _decode(content).replace("\x00", "")
    sample = text[:65536].splitlines()[:40]
    delimiter = _delimiter(sample, extension)
    csv.field_size_limit(settings.PLENARY_IMPORT_MAX_BYTES)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportFileError(_("This text file could not be read as a table (CSV or tab separated).")) from None


def _too_many_rows(count: int) -> ImportFileError:
    return ImportFileError(
        _("The file has %(count)s rows; at most %(limit)s can be imported at once. Split it into several files.")
        % {"count": count, "limit": settings.PLENARY_IMPORT_MAX_ROWS}
    )


def read_table(*, content: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the file's first sheet, cleaned to text, each with its number as the spreadsheet
    shows it. Raises ImportFileError when the file cannot be read at all."""
    limit = settings.PLENARY_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB.")
            % {"size": len(content) / 1_048_576, "limit": limit / 1_048_576}
        )
    extension = Path(filename).suffix.lower()
    unquote = extension in TEXT_EXTENSIONS
    if extension in SPREADSHEET_EXTENSIONS:
        raw = _read_spreadsheet(content, extension)
    elif unquote:
        raw = _read_text(content, extension)
    else:
        raise ImportFileError(
            _("Plenary reads .xlsx, .xls, .ods, .csv, .tsv and .txt files; %(name)s is none of them.")
            % {"name": filename}
        )
    rows = []
    for number, values in enumerate(raw, start=1):
        cleaned = [clean_text(value, unquote=unquote) for value in values]
        if any(cleaned):
            rows.append((number, cleaned))
    return rows


@dataclass(slots=True)
class Header:
    row: int
    columns: dict[int, str]  # column index -> field
    labels: dict[str, str]  # field -> header as written
    unknown: list[str]


def find_header(rows: Sequence[tuple[int, list[str]]]) -> tuple[Header, int]:
    """The row, among the first ten, that names the most known columns; title rows and merged group headers
    above it are skipped. Returns the header and the position of the first data row in ``rows``."""
    best: Header | None = None
    best_position = 0
    for position, (number, values) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            break
        columns: dict[int, str] = {}
        labels: dict[str, str] = {}
        unknown: list[str] = []
        for index, value in enumerate(values):
            if not value:
                continue
            name = HEADER_LOOKUP.get(normalise_key(value))
            if name and name not in labels:
                columns[index], labels[name] = name, value
            else:
                unknown.append(value)
        if best is None or len(columns) > len(best.columns):
            best, best_position = Header(number, columns, labels, unknown), position
    if best is None:
        raise ImportFileError(_("The file is empty."))
    if "email" not in best.labels or not {"first_name", "last_name"} & best.labels.keys():
        found = (
            ", ".join(best.labels.values()) + (", " if best.labels and best.unknown else "") + ", ".join(best.unknown)
        )
        raise ImportFileError(
            _(
                "No column for the e-mail address or for the name was found in the first %(count)s rows. "
                "A list needs an e-mail column and a first name or last name column. Headers found: %(found)s."
            )
            % {"count": HEADER_SEARCH_ROWS, "found": found or _("none")}
        )
    return best, best_position + 1
