"""Reads the first sheet of an attendee list in a child process: .xlsx/.xls/.ods with python-calamine, .csv/.tsv/.txt
with the csv module. Every format is read here, never in the web process.

Run as a script (never imports Django: the limits come as arguments) with the file on stdin::

    python reader_child.py FORMAT ROW_LIMIT HEIGHT_CAP MAX_COLUMNS MAX_CELLS MAX_CHARS MAX_MEMORY_BYTES

FORMAT is ``sheet``, ``csv`` or ``tsv``. Rows are read one at a time and reading stops as soon as a limit is
passed: more than ROW_LIMIT non-blank rows, a row wider than MAX_COLUMNS, more than MAX_CELLS cells or MAX_CHARS
characters of text in the rows kept. Blank rows are dropped and trailing empty cells trimmed, so the parent
receives only what it can import. Writes on stdout a ``marshal`` dump: ``("ok", [(number, values), ...])``, the
number as the spreadsheet shows it and the values as str/int/float/bool, or ``("error", kind, count)``.

calamine allocates the whole rectangle between the first and the last cell in one block, so a file of a few
kilobytes with one cell in A1 and one in XFD1048576 asks for hundreds of gigabytes and aborts the process. Here the
abort happens in a child whose address space is capped; the parent sees the exit status and refuses the file.
The child also runs at a lower priority, so that the door's scans on the same machine are not slowed.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import marshal
import os
import resource
import sys

# Characters that the parent's cleaning does not treat as plain spaces: a cell holding one is not blank.
OTHER_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f\x85\u2028\u2029")
NICENESS = 19


class Refused(Exception):
    def __init__(self, kind: str, count: int = 0) -> None:
        super().__init__(kind)
        self.kind, self.count = kind, count


def _plain(value):
    # Dates, times and durations become text in the ISO format; cells stay values, never formulas.
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _blank(value) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, str) and value.isspace() and OTHER_SEPARATORS.isdisjoint(value)


class Collector:
    """Keeps the non-blank rows, trimmed, and refuses as soon as one of the limits is passed."""

    def __init__(self, row_limit: int, max_columns: int, max_cells: int, max_chars: int) -> None:
        self.row_limit, self.max_columns, self.max_cells, self.max_chars = row_limit, max_columns, max_cells, max_chars
        self.rows: list[tuple[int, list]] = []
        self.cells = self.chars = 0

    def add(self, number: int, values) -> None:
        width = len(values)
        while width and _blank(values[width - 1]):
            width -= 1
        if not width:
            return
        if width > self.max_columns:
            raise Refused("columns", width)
        if len(self.rows) >= self.row_limit:
            raise Refused("rows", number)
        self.cells += width
        if self.cells > self.max_cells:
            raise Refused("cells", self.max_cells)
        kept = [_plain(value) for value in values[:width]]
        self.chars += sum(len(value) for value in kept if isinstance(value, str))
        if self.chars > self.max_chars:
            raise Refused("text", self.max_chars)
        self.rows.append((number, kept))


def read_sheet(content: bytes, height_cap: int, collector: Collector) -> tuple:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet or meta.visible != calamine.SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height == 0:
                continue
            if sheet.end[0] + 1 > height_cap:
                return ("error", "rows", sheet.end[0] + 1)
            try:
                # iter_rows starts at row 1 whatever the first used row: numbers as the spreadsheet shows them.
                for number, values in enumerate(sheet.iter_rows(), start=1):
                    collector.add(number, values)
            except Refused as refused:
                count = sheet.end[0] + 1 if refused.kind == "rows" else refused.count
                return ("error", refused.kind, count)
            return ("ok", collector.rows)
        return ("ok", [])
    except calamine.PasswordError:
        return ("error", "encrypted", 0)
    except Exception:  # any reader failure means the same to the user: unreadable
        return ("error", "corrupt", 0)


def _encoding(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(view), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"  # what Excel writes as "CSV" on Western European Windows
    return "utf-8"


def _delimiter(lines: list[str], tsv: bool) -> str:
    """The delimiter among tab, semicolon and comma that splits most of the first lines into the same number
    (above one) of fields; quoted fields are respected."""
    if tsv:
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


def _line_count(content: bytes, encoding: str) -> int:
    """The file's lines, without reading it as a table (a refused file need not be parsed to its end)."""
    if encoding == "utf-16":
        text = content.decode(encoding, errors="replace")
        return max(text.count("\n"), text.count("\r")) + (not text.endswith(("\n", "\r")))
    return max(content.count(b"\n"), content.count(b"\r")) + (not content.endswith((b"\n", b"\r")))


def read_text(content: bytes, tsv: bool, collector: Collector) -> tuple:
    encoding = _encoding(content)
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, errors="replace", newline="")
    sample = stream.read(65536).replace("\x00", "").splitlines()[:40]
    stream.seek(0)
    delimiter = _delimiter(sample, tsv)
    csv.field_size_limit(max(collector.max_chars, 1))
    lines = (line.replace("\x00", "") for line in stream)
    try:
        for number, values in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            collector.add(number, values)
    except Refused as refused:
        count = max(refused.count, _line_count(content, encoding)) if refused.kind == "rows" else refused.count
        return ("error", refused.kind, count)
    except csv.Error:
        return ("error", "table", 0)
    return ("ok", collector.rows)


def _lower_priority() -> None:
    """Runs only on the time the web process and the door leave (Linux's idle class), else at the lowest niceness."""
    os.nice(NICENESS)
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def main(argv: list[str]) -> None:
    kind = argv[1]
    row_limit, height_cap, max_columns, max_cells, max_chars, memory = (int(value) for value in argv[2:8])
    _lower_priority()
    data = sys.stdin.buffer.read()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    collector = Collector(row_limit, max_columns, max_cells, max_chars)
    result = read_sheet(data, height_cap, collector) if kind == "sheet" else read_text(data, kind == "tsv", collector)
    del data
    sys.stdout.buffer.write(marshal.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
