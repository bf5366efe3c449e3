"""Reading any real attendee list into rows of text, always in a capped, low-priority child process
(``reader_child.py``) that stops as soon as a row, column, cell or size limit is passed: .xlsx, .xls and .ods
through python-calamine, .csv, .tsv and .txt (UTF-8, UTF-16 or Windows-1252) with the csv module. Then
finding the header row among the first rows, with the column names of ``columns``.

``preview.import_preview`` reads through here, and so does ``apply.import_apply`` when it reads the file again.
"""

import io
import marshal
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from registration.spreadsheets.columns import (
    HEADER_SEARCH_ROWS,
    SPREADSHEET_EXTENSIONS,
    TEXT_EXTENSIONS,
    ImportFileError,
    clean_text,
    header_lookup,
    normalise_key,
)

# A zip member may expand this many times over its compressed size (real sheets: 5 to 30 times).
MAX_ZIP_RATIO = 200
# Address space of the child process that runs calamine (it holds one sheet).
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_TIMEOUT_SECONDS = 120
READER_SCRIPT = Path(__file__).with_name("reader_child.py")
# A row may fill this many columns (an old .xls has 256); the rows kept may fill this many cells each on average
# (the ten columns Plenary reads and two more): 600,000 cells at the 50,000-row limit, about 45 MB once cleaned in the
# web process, so that three such uploads at once stay under 300 MB.
MAX_COLUMNS = 256
CELLS_PER_ROW = 12


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


def _read_spreadsheet(content: bytes, extension: str) -> list[tuple[int, list[object]]]:
    label = extension.lstrip(".")
    # calamine recognises the format by the content, not the name (an old .xls saved as "list.xlsx" reads
    # fine): check by the content too.
    if content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in content:
        raise _encrypted()
    if content.startswith(ZIP_MAGIC) or zipfile.is_zipfile(io.BytesIO(content)):
        _check_zip(content, label)
    return _run_reader(content, "sheet", label)


def _limits() -> tuple[int, int, int, int, int]:
    """Rows kept, sheet height, columns per row, cells and characters that the reader accepts."""
    rows = settings.PLENARY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    # One sheet never needs more rows than the limit plus a header area and its blank lines.
    height = 2 * settings.PLENARY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    return rows, height, MAX_COLUMNS, rows * CELLS_PER_ROW, 2 * settings.PLENARY_IMPORT_MAX_BYTES


def _run_reader(content: bytes, kind: str, label: str) -> list[tuple[int, list[object]]]:
    """Reads the file in the capped child process (reader_child.py). The file goes in and the rows come out
    through temporary files: the web process never holds more than the file and the rows it can import."""
    limits = _limits()
    arguments = [str(value) for value in (*limits, READER_MEMORY_BYTES)]
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as output:
        source.write(content)
        source.flush()
        source.seek(0)
        try:
            completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
                [sys.executable, "-I", str(READER_SCRIPT), kind, *arguments],
                stdin=source,
                stdout=output,
                stderr=subprocess.DEVNULL,
                timeout=READER_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ImportFileError(_("This file took too long to read: it was refused.")) from None
        # The child's limits bound what it writes; a larger answer is not read.
        size = os.fstat(output.fileno()).st_size
        if completed.returncode != 0 or size > 4 * limits[4] + 16 * limits[3] + 64 * limits[0] + 1_048_576:
            raise ImportFileError(
                _("This file could not be read: it expands to more than a list of attendees holds, or it is damaged.")
            )
        output.seek(0)
        result = marshal.loads(output.read())  # noqa: S302 - written by our own reader script
    if result[0] == "ok":
        return result[1]
    raise _refusal(result[1], result[2], label)


def _refusal(kind: str, count: int, label: str) -> ImportFileError:
    if kind == "encrypted":
        return _encrypted()
    if kind == "rows":
        return _too_many_rows(count)
    if kind == "columns":
        return ImportFileError(
            _(
                "This file has too many columns: a row has %(count)s, at most %(limit)s can be imported. "
                "Delete the columns that are not needed and upload it again."
            )
            % {"count": count, "limit": MAX_COLUMNS}
        )
    if kind == "cells":
        return ImportFileError(
            _(
                "This file has too many cells: more than %(limit)s filled in, far more than a list of attendees "
                "holds. Delete the columns that are not needed or split the file, and upload it again."
            )
            % {"limit": count}
        )
    if kind == "text":
        return ImportFileError(
            _(
                "This file holds more than %(limit)s characters of text, far more than a list of attendees: "
                "it was refused."
            )
            % {"limit": count}
        )
    if kind == "table":
        return ImportFileError(_("This text file could not be read as a table (CSV or tab separated)."))
    return ImportFileError(
        _("This file is damaged or is not a real %(format)s file. Save it again from your spreadsheet program.")
        % {"format": label}
    )


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
        raw = _run_reader(content, "tsv" if extension == ".tsv" else "csv", extension.lstrip("."))
    else:
        raise ImportFileError(
            _("Plenary reads .xlsx, .xls, .ods, .csv, .tsv and .txt files; %(name)s is none of them.")
            % {"name": filename}
        )
    # The child dropped the blank rows it could see; cleaning may blank a few more. Each row read is let go
    # as soon as it is cleaned.
    rows = []
    raw.reverse()
    while raw:
        number, values = raw.pop()
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
            name = header_lookup().get(normalise_key(value))
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
