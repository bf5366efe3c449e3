"""Reads the first visible, non-empty worksheet of an .xlsx/.xls/.ods file with python-calamine, in a child process.

Run as a script (never imported by Django code): ``python reader_child.py MAX_ROWS MAX_BYTES_OF_MEMORY``
with the file on stdin.
calamine allocates the whole rectangle between the first and the last cell in one block, so a file of a few
kilobytes with one cell in A1 and one in XFD1048576 asks for hundreds of gigabytes and aborts the process. Here the
abort happens in a child whose address space is capped; the parent sees the exit status and refuses the file.
Writes on stdout a ``marshal`` dump: ``("ok", rows)`` with values as str/int/float/bool, or ``("error", kind)``.
"""

import datetime as dt
import io
import marshal
import resource
import sys


def _plain(value):
    # Dates, times and durations become text in the ISO format; cells stay values, never formulas.
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def read(content: bytes, max_rows: int) -> tuple:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet or meta.visible != calamine.SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height == 0:
                continue
            if sheet.end[0] + 1 > max_rows:
                return ("error", "rows", sheet.end[0] + 1)
            # skip_empty_area=False keeps row 1 at index 0: row numbers as the spreadsheet shows them.
            rows = sheet.to_python(skip_empty_area=False)
            return ("ok", [[_plain(value) for value in row] for row in rows])
        return ("ok", [])
    except calamine.PasswordError:
        return ("error", "encrypted", 0)
    except Exception:  # any reader failure means the same to the user: unreadable
        return ("error", "corrupt", 0)


if __name__ == "__main__":
    row_limit, memory_limit = int(sys.argv[1]), int(sys.argv[2])
    data = sys.stdin.buffer.read()
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    sys.stdout.buffer.write(marshal.dumps(read(data, row_limit)))
