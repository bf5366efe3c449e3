"""Uploads written as an attack on the web process's memory: every format is read in the capped child process,
which stops as soon as a limit is passed; the web process's peak memory (VmHWM) barely moves."""

import contextlib
from pathlib import Path

import pytest

from registration.spreadsheets import reading
from registration.spreadsheets.columns import ImportFileError
from registration.spreadsheets.preview import import_preview
from tests.registration.spreadsheets import files as sheets
from tests.registration.spreadsheets import hostile_files as hostile

MB = 1024 * 1024
# What the web process may add while a refused file is read: the upload itself and a little bookkeeping. Before the
# reading moved to the child, the short-lines file added 1.2 GB and the wide sheet about 1 GB.
GROWTH_BOUND = 40 * MB


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


@contextlib.contextmanager
def peak_growth():
    """Yields a list that receives how far the process's peak resident memory rose above its level at the start."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    except OSError:
        pytest.skip("/proc/self/clear_refs cannot reset the peak memory here")
    start = _status("VmRSS")
    growth: list[int] = []
    yield growth
    growth.append(_status("VmHWM") - start)


def test_three_and_a_half_million_short_lines_are_refused_at_the_row_limit_without_growing_the_process(conference):
    content = hostile.short_lines_csv()
    assert content.count(b"\n") > 3_400_000
    assert len(content) <= reading.settings.PLENARY_IMPORT_MAX_BYTES

    with peak_growth() as growth, pytest.raises(ImportFileError, match=r"The file has \d+ rows; at most 50000"):
        import_preview(conference=conference, content=content, filename="list.csv")

    assert growth[0] < GROWTH_BOUND, f"the web process grew by {growth[0] / MB:.0f} MB"


def test_a_wide_sheet_of_numbers_is_refused_for_its_cells_without_growing_the_process(conference, settings):
    # The attack is 100,000 rows × 60 numbers under the 50,000-row limit; the same shape at a tenth of the limit
    # (2,000 rows for 1,000) takes seconds to write instead of minutes.
    settings.PLENARY_IMPORT_MAX_ROWS = 1_000
    content = hostile.wide_xlsx(rows=2_000, columns=60)

    with peak_growth() as growth, pytest.raises(ImportFileError, match="This file has too many cells"):
        import_preview(conference=conference, content=content, filename="wide.xlsx")

    assert growth[0] < GROWTH_BOUND, f"the web process grew by {growth[0] / MB:.0f} MB"


@pytest.mark.parametrize("filename", ["wide.csv", "wide.xlsx"])
def test_a_row_wider_than_any_list_is_refused_for_its_columns(conference, filename):
    rows = [["Email", "Last name", *(f"c{n}" for n in range(reading.MAX_COLUMNS))], ["a@example.org", "A"]]
    content = sheets.text(rows) if filename.endswith(".csv") else sheets.xlsx(rows)

    with pytest.raises(ImportFileError, match=f"This file has too many columns: a row has {reading.MAX_COLUMNS + 2}"):
        import_preview(conference=conference, content=content, filename=filename)


def test_a_shared_strings_table_that_expands_to_a_quarter_of_a_gigabyte_is_refused_before_it_is_read(conference):
    content = hostile.shared_strings_bomb(256 * MB)
    assert len(content) < MB

    with peak_growth() as growth, pytest.raises(ImportFileError, match="expands to far more data"):
        import_preview(conference=conference, content=content, filename="bomb.xlsx")

    assert growth[0] < GROWTH_BOUND, f"the web process grew by {growth[0] / MB:.0f} MB"


def test_a_shared_strings_table_that_declares_a_billion_strings_is_refused(conference):
    content = hostile.shared_strings_bomb(declared_count=1_000_000_000)

    with peak_growth() as growth, pytest.raises(ImportFileError):
        import_preview(conference=conference, content=content, filename="bomb.xlsx")

    assert growth[0] < GROWTH_BOUND, f"the web process grew by {growth[0] / MB:.0f} MB"


def _at_the_limits(data_rows: int) -> bytes:
    # Nine title rows and the header fill the header area; the header is as wide as a row may be.
    header = [*sheets.HEADERS, *(f"Note {n}" for n in range(reading.MAX_COLUMNS - len(sheets.HEADERS)))]
    titles = [[f"Delegation list, part {n}"] for n in range(9)]
    return sheets.text([*titles, header, *sheets.people(data_rows)])


def test_a_csv_right_at_the_limits_still_imports(conference, settings):
    settings.PLENARY_IMPORT_MAX_ROWS = 500
    content = _at_the_limits(500)
    settings.PLENARY_IMPORT_MAX_BYTES = len(content)

    preview = import_preview(conference=conference, content=content, filename="list.csv")

    assert preview.header_row == 10
    assert preview.counts == {"new": 500, "updated": 0, "unchanged": 0, "error": 0}
    assert [row.number for row in preview.rows[:2]] == [11, 12]
    assert preview.rows[-1].number == 510


def test_one_row_more_than_the_limits_is_refused(conference, settings):
    settings.PLENARY_IMPORT_MAX_ROWS = 500
    content = _at_the_limits(501)

    with pytest.raises(ImportFileError, match="The file has 511 rows; at most 500"):
        import_preview(conference=conference, content=content, filename="list.csv")


@pytest.mark.parametrize(("filename", "blank_lines"), [("list.csv", 30), ("list.xlsx", 5)])
def test_blank_rows_do_not_count_and_keep_the_numbers_the_spreadsheet_shows(
    conference, settings, filename, blank_lines
):
    # A sheet's height is still checked as a whole (twice the limit and the header area): its blank lines count
    # there, a text file's never.
    settings.PLENARY_IMPORT_MAX_ROWS = 3
    rows = [sheets.HEADERS, *([[]] * blank_lines), *sheets.people(3), [" ", "", "\t"]]
    content = sheets.text(rows) if filename.endswith(".csv") else sheets.xlsx(rows)

    table = reading.read_table(content=content, filename=filename)

    assert [number for number, _values in table] == [1, blank_lines + 2, blank_lines + 3, blank_lines + 4]
