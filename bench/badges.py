"""Badge printing: 1,000 approved delegates (a third with Arabic names) as one A6 4-up PDF, against the
naive baseline of one document per badge.

    DEBUG=1 .venv/bin/python bench/badges.py [--badges 1000] [--naive 100]

Builds its data in a throwaway SQLite database (the test runner's database set-up), renders the batch
the way the print queue's task does (from the badge ids, chunks on both cores, written into one PDF as
they come), and prints seconds, badges per second, peak memory of this process and of the rendering
workers, and the per-badge ratio to the baseline (timed on --naive badges, one WeasyPrint document
each); then the same badges in one document with QR codes as PNG data URIs and as SVG paths.
Targets: 1,000 badges < 15 s, >= 15x faster than the baseline, peak memory < 300 MB.
"""

import argparse
import base64
import datetime as dt
import gc
import io
import multiprocessing.forkserver
import os
import resource
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django

django.setup()

import qrcode
import qrcode.constants
import qrcode.image.svg
from _names import ARABIC, COUNTRIES, FIRST, LAST
from django.db import connection
from pypdf import PdfReader

from conference.models import Conference
from plenary.pdf.qr import qr_png_data_uri
from registration.badges import pdf as badge_pdf
from registration.badges.pdf import CHUNK_SIZE, WORKERS, render_badges_pdf
from registration.badges.selectors import badge_sheet_data
from registration.badges.services import badges_issue_for
from registration.badges.tasks import badges_pdf_by_ids
from registration.models import Category, Registration

CATEGORIES = [key for key, _label in Category.choices]


def build(count: int) -> Conference:
    conference = Conference.objects.create(
        slug="bench-badges",
        edition=9,
        title_en="Ninth Annual Conference of the European Alliance",
        title_ar="المؤتمر السنوي التاسع",
        city_en="Brussels",
        start_date=dt.date(2025, 5, 3),
        end_date=dt.date(2025, 5, 4),
    )
    Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name=FIRST[n % len(FIRST)],
            last_name=f"{LAST[n % len(LAST)]} {n}",
            name_ar=f"{ARABIC[n % len(ARABIC)]} {n}" if n % 3 == 0 else "",
            email=f"delegate{n}@example.org",
            organisation="Addameer Prisoner Support and Human Rights Association" if n % 4 else "Al-Haq",
            country=COUNTRIES[n % len(COUNTRIES)],
            category=CATEGORIES[n % len(CATEGORIES)],
            photo_consent=n % 5 != 0,
            status=Registration.Status.APPROVED,
        )
        for n in range(count)
    )
    return conference


def qr_svg_path_data_uri(text: str, *, version: int, box_size: int, border: int) -> str:
    """The alternative to Plenary's PNG QR codes: qrcode's compact SVG path, error correction M too."""
    del box_size  # a vector path has no pixel size
    image = qrcode.make(
        text,
        version=version,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=border,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def megabytes(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=100)
    options = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        conference = build(options.badges)
        registrations = list(Registration.objects.filter(conference=conference).order_by("last_name"))
        badges = badges_issue_for(registrations=registrations)
        ids = [badge.pk for badge in badges]
        naive_badges = badges[: options.naive]
        del registrations, badges  # the print queue's task starts from the ids, as here
        gc.collect()
        self_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        started = time.perf_counter()
        pdf = badges_pdf_by_ids(conference=conference, ids=ids, layout="a6-4up")
        batch_seconds = time.perf_counter() - started
        pages = len(PdfReader(io.BytesIO(pdf)).pages)

        # Stop the worker processes' server so that their peak memory is counted in RUSAGE_CHILDREN.
        multiprocessing.forkserver._forkserver._stop()
        self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

        header, items = badge_sheet_data(conference=conference, badges=naive_badges)
        started = time.perf_counter()
        for item in items:
            render_badges_pdf(conference=header, badges=[item], layout="a6", workers=1)
        naive_seconds = time.perf_counter() - started

        qr_seconds = {}
        for name, make_qr in (("PNG", qr_png_data_uri), ("SVG path", qr_svg_path_data_uri)):
            with mock.patch.object(badge_pdf, "qr_png_data_uri", make_qr):
                started = time.perf_counter()
                render_badges_pdf(conference=header, badges=items, layout="a6-4up", workers=1)
                qr_seconds[name] = time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    per_badge = batch_seconds / options.badges
    naive_per_badge = naive_seconds / options.naive
    print(f"badges: {options.badges} in A6 4-up, {pages} A4 pages, {len(pdf) / 1e6:.1f} MB")
    print(
        f"chunks of at most {CHUNK_SIZE} badges on {WORKERS} processes (this one and {WORKERS - 1} worker), "
        f"{os.cpu_count()} cores"
    )
    print(
        f"batch: {batch_seconds:.2f} s, {options.badges / batch_seconds:.0f} badges/s, {per_badge * 1000:.1f} ms/badge"
    )
    print(f"naive (one document per badge, {options.naive} badges): {naive_per_badge * 1000:.1f} ms/badge")
    print(f"ratio naive/batch per badge: {naive_per_badge / per_badge:.1f}x")
    print(
        f"QR codes, {options.naive} badges in one document on one core: "
        + ", ".join(f"{name} {seconds * 1000 / options.naive:.1f} ms/badge" for name, seconds in qr_seconds.items())
    )
    print(
        f"peak memory: this process {megabytes(self_peak):.0f} MB (before rendering {megabytes(self_before):.0f} MB), "
        f"largest worker {megabytes(children_peak):.0f} MB"
    )
    targets = [
        ("1,000 badges < 15 s", options.badges < 1000 or batch_seconds * 1000 / options.badges < 15),
        (">= 15x faster than one document per badge", naive_per_badge / per_badge >= 15),
        ("peak memory < 300 MB", max(self_peak, children_peak) < 300 * 1024),
    ]
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
