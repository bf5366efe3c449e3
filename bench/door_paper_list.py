"""The door's paper list: 2,000 approved delegates (two thirds with an Arabic name) rendered as one PDF,
against a baseline of 10 delegates in the same run (WeasyPrint's fixed cost per document).

    DEBUG=1 .venv/bin/python bench/door_paper_list.py [--delegates 2000] [--baseline 10]

Builds its data in a throwaway SQLite database (the test runner's database set-up), reads the list with
its selector and renders it the way the page does, and prints seconds and pages for each size. The page
renders in the request up to ``PAPER_INLINE_LIMIT`` delegates and on the task worker beyond.
"""

import argparse
import datetime as dt
import os
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django

django.setup()

from _names import COUNTRIES, FIRST, LAST
from django.db import connection
from pypdf import PdfReader

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE
from registration.checkin.paper import render_door_list_pdf
from registration.checkin.paper_selectors import door_paper_list
from registration.checkin.paper_services import PAPER_INLINE_LIMIT
from registration.models import Category, Registration

ARABIC = ["أمينة حداد", "خالد عبد الرحمن", "مريم الشيخ", "فاطمة البرغوثي", "محمد أبو ستة", "إيمان القاسم"]
CATEGORIES = [key for key, _label in Category.choices]


def build(slug: str, count: int) -> Conference:
    conference = Conference.objects.create(
        slug=slug,
        edition=9,
        title_en="Ninth Annual Conference",
        title_ar="المؤتمر السنوي التاسع",
        city_en="Brussels",
        start_date=dt.date(2026, 5, 3),
        end_date=dt.date(2026, 5, 4),
        status=Conference.Status.REGISTRATION_OPEN,
    )
    Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name=FIRST[n % len(FIRST)],
            last_name=f"{LAST[n % len(LAST)]} {n}",
            name_ar=f"{ARABIC[n % len(ARABIC)]} {n}" if n % 3 else "",
            email=f"{slug}-{n}@example.org",
            category=CATEGORIES[n % len(CATEGORIES)],
            country=COUNTRIES[n % len(COUNTRIES)],
            status=Registration.Status.APPROVED,
        )
        for n in range(count)
    )
    return conference


def measure(conference: Conference) -> tuple[float, int]:
    started = time.perf_counter()
    data = door_paper_list(conference=conference, day=conference.start_date, language=FALLBACK_LANGUAGE)
    pdf = render_door_list_pdf(data)
    seconds = time.perf_counter() - started
    return seconds, len(PdfReader(BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--baseline", type=int, default=10)
    options = parser.parse_args()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0)
    try:
        small, large = build("bench-paper-small", options.baseline), build("bench-paper", options.delegates)
        measure(small)  # warms WeasyPrint's fonts, as a running server is warm
        base_seconds, base_pages = measure(small)
        seconds, pages = measure(large)
        print(f"baseline: {options.baseline} delegates, {base_pages} pages: {base_seconds:.2f} s")
        print(f"door list: {options.delegates} delegates, {pages} pages: {seconds:.2f} s")
        print(f"rendered in the request up to {PAPER_INLINE_LIMIT} delegates, on the task worker beyond")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
