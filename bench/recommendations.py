"""Recommendations: the bilingual PDF and the public pages for 60 recommendations against a 1-recommendation baseline.

    DEBUG=1 .venv/bin/python bench/recommendations.py [--runs 5] [--requests 20]

Builds its data in a throwaway SQLite database (the test runner's database set-up), adopts and
publishes through the real services, then prints the median seconds to build the PDF (normal and
PDF/A), to publish (query, hash and PDF), and to render the public page in English and Arabic.
Target: the 60-recommendation PDF in under 5 seconds.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django
import pypdf

django.setup()

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

from conference.models import Conference, Session
from plenary.permissions import SECRETARIAT
from recommendations import selectors, services
from recommendations.models import Publication, Recommendation, Theme
from recommendations.pdf import render_recommendations_pdf
from registration.models import User

TARGET_SECONDS = 5.0
EN = (
    "Call on the States Parties to the Rome Statute to refer the situation of prisoners to the Prosecutor of the "
    "International Criminal Court, and support the documentation of every case of torture and medical neglect ({n})."
)
AR = (
    "دعوة الدول الأطراف في نظام روما الأساسي إلى إحالة وضع الأسرى إلى المدعي العام للمحكمة الجنائية الدولية، "
    "ودعم توثيق كل حالة تعذيب وإهمال طبي ({n})."
)


def build(slug: str, count: int, by: User) -> Publication:
    conference = Conference.objects.create(
        slug=slug, edition=9, title_en="Ninth Annual Conference", title_ar="المؤتمر السنوي التاسع",
        slogan_en="Strengthening International Solidarity", slogan_ar="تعزيز التضامن الدولي",
        organiser_en="European Alliance", city_en="Brussels", city_ar="بروكسل",
        start_date=dt.date(2025, 5, 3), end_date=dt.date(2025, 5, 4), status=Conference.Status.REGISTRATION_OPEN,
    )  # fmt: skip
    session = Session.objects.create(
        conference=conference, title_en="Closing", kind=Session.Kind.CLOSING, is_published=True,
        starts_at=dt.datetime(2025, 5, 4, 16, tzinfo=dt.UTC), ends_at=dt.datetime(2025, 5, 4, 17, tzinfo=dt.UTC),
    )  # fmt: skip
    themes = list(Theme.objects.filter(conference=None).order_by("order"))
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            conference=conference, session=session, theme=themes[n % len(themes)], order=n,
            text_en=EN.format(n=n), text_ar=AR.format(n=n), state=Recommendation.State.SUBMITTED,
        )
        for n in range(count)
    )  # fmt: skip
    services.recommendations_decide(
        recommendations=recommendations, decision=Recommendation.State.ADOPTED, decided_on=dt.date(2025, 5, 4), by=by
    )
    return services.publication_publish(conference=conference, by=by)[0]


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="PDF renderings per measurement")
    parser.add_argument("--requests", type=int, default=20, help="page requests per measurement")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        by = User.objects.create_user("bench@example.org")
        by.groups.add(Group.objects.get(name=SECRETARIAT))
        start = time.perf_counter()
        small = build("baseline", 1, by)
        small_publish = time.perf_counter() - start
        start = time.perf_counter()
        large = build("sixty", 60, by)
        large_publish = time.perf_counter() - start
        client = Client()
        client.get("/en/baseline/recommendations/")  # warm the template and URL caches

        def pdf(publication: Publication, archival: bool = False) -> Callable[[], bytes]:
            document = selectors.pdf_document(publication=publication)
            return lambda: render_recommendations_pdf(document, archival=archival)

        def page(path: str) -> Callable[[], None]:
            return lambda: client.get(path)

        rows = [
            ("adopt + publish (once)", small_publish, large_publish),
            ("PDF", median_seconds(pdf(small), args.runs), median_seconds(pdf(large), args.runs)),
            (
                "PDF/A (archival)",
                median_seconds(pdf(small, True), args.runs),
                median_seconds(pdf(large, True), args.runs),
            ),
        ]
        for lang in ("en", "ar"):
            rows.append((
                f"public page ({lang})",
                median_seconds(page(f"/{lang}/baseline/recommendations/"), args.requests),
                median_seconds(page(f"/{lang}/sixty/recommendations/"), args.requests),
            ))  # fmt: skip
        print(f"median of {args.runs} PDF renderings / {args.requests} page requests; SQLite; Django test Client\n")
        header = f"{'step':<24} {'1 recommendation s':>19} {'60 recommendations s':>21} {'ratio':>6}"
        print(header)
        print("-" * len(header))
        for label, base, big in rows:
            print(f"{label:<24} {base:>19.3f} {big:>21.3f} {big / base:>5.1f}x")
        pages = len(pypdf.PdfReader(io.BytesIO(bytes(large.pdf))).pages)
        size = len(bytes(large.pdf)) // 1024
        verdict = "OK" if rows[1][2] < TARGET_SECONDS else "OVER TARGET"
        print(f"\n60 recommendations in EN and AR: {pages} pages, {size} KiB.")
        print(f"Target: PDF under {TARGET_SECONDS:.0f} s: {verdict}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
