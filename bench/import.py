"""Importing a 10,000-row .xlsx, each figure measured from the file to the database, against two baselines measured
in the same run: django-import-export's default path (tablib/openpyxl + Resource.import_data with a plain
resource) and the floor (python-calamine reading + one bare bulk_create). Also: exports of 2,000 registrations.

Run from the project root: DEBUG=1 .venv/bin/python bench/import.py [--rows 10000] [--skip-import-export]
Builds its own data in a throwaway SQLite database.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = tempfile.mkdtemp(prefix="plenary-bench-import-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenary.settings")

import django

django.setup()

import datetime as dt

import openpyxl
import python_calamine
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from import_export import resources
from import_export.formats.base_formats import XLSX

from conference.models import Conference
from registration.models import Registration
from registration.spreadsheets import apply as spreadsheets_apply
from registration.spreadsheets import columns as spreadsheets_columns
from registration.spreadsheets import exports
from registration.spreadsheets import preview as spreadsheets_preview

# DEBUG keeps every query's SQL in memory; the figures are for production settings.
settings.DEBUG = False
COUNTRIES = ["PS", "BE", "FR", "LB", "JO", "EG", "MA", "TN", "DZ", "GB"]
CATEGORIES = ["delegate", "parliamentarian", "ngo", "lawyer", "journalist", "diplomat"]


def build_xlsx(path: Path, rows: int, *, position: str, title: bool = False) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Delegation")
    if title:
        sheet.append(["Delegation list"])
    sheet.append(spreadsheets_columns.COLUMNS)
    for n in range(rows):
        sheet.append([
            f"Amina{n}", f"Haddad{n}", f"amina{n}@example.org", f"Organisation {n % 50}", COUNTRIES[n % 10],
            CATEGORIES[n % 6], f"أمينة حداد {n}", position, f"+970 59 {n:07d}", ["en", "ar", "fr"][n % 3],
        ])  # fmt: skip
    workbook.save(path)


def conference(slug: str) -> Conference:
    return Conference.objects.create(
        slug=slug, edition=9, title_en="Ninth", start_date=dt.date(2025, 5, 3), end_date=dt.date(2025, 5, 4)
    )


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def wipe() -> None:
    with connection.cursor() as cursor:
        for table in ("registration_importchange", "registration_statuschange", "registration_registration"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def plenary(target: Conference, path: Path) -> tuple[float, float, spreadsheets_preview.ImportPreview, object]:
    content = path.read_bytes()
    preview_seconds, preview = timed(
        lambda: spreadsheets_preview.import_preview(conference=target, content=content, filename=path.name)
    )
    apply_seconds, batch = timed(
        lambda: spreadsheets_apply.import_apply(
            conference=target, content=content, filename=path.name, by=None, expected_fingerprint=preview.fingerprint
        )
    )
    return preview_seconds, apply_seconds, preview, batch


class PlainResource(resources.ModelResource):
    class Meta:
        model = Registration
        fields = (*spreadsheets_columns.COLUMNS, "conference")
        import_id_fields = ("email",)


def import_export_default(target: Conference, path: Path) -> float:
    def run():
        dataset = XLSX().create_dataset(path.read_bytes())
        dataset.append_col([target.pk] * len(dataset), header="conference")
        result = PlainResource().import_data(dataset, dry_run=False)
        assert not result.has_errors(), result.row_errors()[:1]
        return result

    seconds, _ = timed(run)
    return seconds


def floor(target: Conference, path: Path) -> float:
    def run():
        rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]
        with transaction.atomic():  # one transaction, like Plenary's apply
            Registration.objects.bulk_create(
                (
                    Registration(conference=target, **dict(zip(spreadsheets_columns.COLUMNS, row, strict=True)))
                    for row in rows
                ),
                batch_size=500,
            )

    seconds, _ = timed(run)
    return seconds


def export_timings(count: int) -> tuple[float, float]:
    target = conference("export")
    Registration.objects.bulk_create(
        Registration(
            conference=target, first_name=f"Amina{n}", last_name=f"=Haddad{n}", email=f"e{n}@example.org",
            organisation="Addameer", country=COUNTRIES[n % 10], category=CATEGORIES[n % 6], phone=f"+32 2 {n:06d}",
            name_ar=f"أمينة {n}",
        )
        for n in range(count)
    )  # fmt: skip
    queryset = target.registrations.all()

    def export(file_format: str) -> float:
        seconds, _ = timed(
            lambda: exports.registrations_export(
                conference=target, registrations=queryset, file_format=file_format, by=None
            )
        )
        return seconds

    csv_seconds, xlsx_seconds = export("csv"), export("xlsx")
    return csv_seconds, xlsx_seconds


def megabytes(kilobytes: int) -> float:
    return kilobytes / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--skip-import-export", action="store_true", help="skip the slow baseline")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    spreadsheets_columns.country_lookup()  # built once per process, like a running server

    first, changed = Path(WORKDIR) / "delegation.xlsx", Path(WORKDIR) / "delegation-changed.xlsx"
    build_xlsx(first, args.rows, position="Member")
    build_xlsx(changed, args.rows, position="Head of delegation", title=True)  # Plenary finds the header
    print(f"{args.rows:,} rows, {first.stat().st_size / 1e6:.2f} MB .xlsx; SQLite; {os.cpu_count()} cores")

    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    target = conference("plenary")
    preview_s, apply_s, preview, batch = plenary(target, first)
    assert preview.counts["new"] == args.rows and batch.created_count == args.rows
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reader_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    again_preview, again_apply, again, _ = plenary(target, first)
    assert again.counts["unchanged"] == args.rows
    changed_preview, changed_apply, changes, _ = plenary(target, changed)
    assert changes.counts["updated"] == args.rows
    total = preview_s + apply_s

    wipe()
    ie_s = None if args.skip_import_export else import_export_default(conference("import-export"), first)
    wipe()
    floor_s = floor(conference("floor"), first)
    wipe()
    csv_s, xlsx_s = export_timings(2000)

    print()
    print(f"Plenary preview                      {preview_s:7.2f} s")
    print(f"Plenary apply (reads the file again) {apply_s:7.2f} s")
    print(f"Plenary preview + apply              {total:7.2f} s   target < 5 s")
    print(f"Re-import, all {args.rows:,} unchanged     {again_preview + again_apply:7.2f} s   target < 3 s")
    print(f"Re-import, all {args.rows:,} changed       {changed_preview + changed_apply:7.2f} s")
    if ie_s is not None:
        print(f"django-import-export default         {ie_s:7.2f} s   Plenary is {ie_s / total:.1f}x faster", end="")
        print("   target >= 5x")
    print(f"Floor (calamine + bulk_create)       {floor_s:7.2f} s   Plenary is {total / floor_s:.1f}x it", end="")
    print("   target <= 4x")
    print(
        f"Peak memory: {megabytes(peak_rss):.0f} MB resident for the whole process after preview + apply "
        f"(Django loaded: {megabytes(baseline_rss):.0f} MB before); the calamine reader child process: "
        f"{megabytes(reader_rss):.0f} MB   target < 300 MB"
    )
    print(f"Export of 2,000 registrations: CSV {csv_s:.2f} s, XLSX {xlsx_s:.2f} s")


if __name__ == "__main__":
    main()
