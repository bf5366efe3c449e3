"""Certificates of attendance: 600 delegates checked in (a third with Arabic names, some on both days) as one
batch PDF, against a baseline measured in the same run: the same 600 delegates' badges through the badge
batch path (A6 4-up), the print job the secretariat already runs the night before.

    DEBUG=1 .venv/bin/python bench/certificates.py [--certificates 600] [--small 150]

Builds its data in a throwaway SQLite database (the test runner's database set-up), renders the batch the way
the print task does (from the certificate ids, chunks on both cores, joined as they come), and prints seconds,
certificates per second, and the peak memory of this process and of the rendering workers, first for a small
batch (--small) and then for the full one: memory is flat when the full batch's peak is no higher than the
small one's by more than a chunk's worth. Targets: 600 certificates < 15 s, peak memory < 300 MB and flat.
"""

import argparse
import datetime as dt
import gc
import io
import multiprocessing.forkserver
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django

django.setup()

from django.db import connection
from pypdf import PdfReader

from conference.models import Conference
from registration.badges.services import badges_issue_for
from registration.badges.tasks import badges_pdf_by_ids
from registration.certificates.pdf import CHUNK_SIZE, WORKERS
from registration.certificates.selectors import attendees
from registration.certificates.services import certificates_issue_for
from registration.certificates.tasks import certificates_pdf_by_ids
from registration.models import CheckIn, Registration

FIRST = ["Amina", "Khaled", "Maryam", "Jean-Pierre", "Siobhán", "Nelson", "Fatima", "Ole", "Zeynep", "Luis"]
LAST = ["Haddad", "Barghouti", "van der Berg", "O'Connor", "Abu Sitta", "Nowak", "Dubois", "Khalil", "Rossi"]
ARABIC = ["أمينة حداد", "خالد عبد الرحمن", "مريم الشيخ", "فاطمة البرغوثي", "محمد أبو ستة"]
COUNTRIES = ["PS", "BE", "FR", "GB", "IE", "ES", "IT", "NL", "DE", "JO", "LB", "TR"]


def build(count: int) -> Conference:
    conference = Conference.objects.create(
        slug="bench-certificates",
        edition=9,
        title_en="Ninth Annual Conference of the European Alliance",
        title_ar="المؤتمر السنوي التاسع",
        organiser_en="European Alliance for Prisoners' Solidarity",
        organiser_ar="التحالف الأوروبي لمناصرة الأسرى",
        city_en="Brussels",
        city_ar="بروكسل",
        start_date=dt.date(2025, 5, 3),
        end_date=dt.date(2025, 5, 4),
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name=FIRST[n % len(FIRST)],
            last_name=f"{LAST[n % len(LAST)]} {n}",
            name_ar=f"{ARABIC[n % len(ARABIC)]} {n}" if n % 3 == 0 else "",
            email=f"delegate{n}@example.org",
            organisation="Addameer Prisoner Support and Human Rights Association",
            country=COUNTRIES[n % len(COUNTRIES)],
            status=Registration.Status.APPROVED,
        )
        for n in range(count)
    )
    CheckIn.objects.bulk_create(
        CheckIn(registration=registration, day=conference.start_date + dt.timedelta(days=day))
        for n, registration in enumerate(registrations)
        for day in ((0, 1) if n % 2 else (n % 2,))
    )
    return conference


def megabytes(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in kilobytes on Linux


def peaks() -> tuple[int, int]:
    # Stop the worker processes' server so that their peak memory is counted in RUSAGE_CHILDREN.
    if multiprocessing.forkserver._forkserver._forkserver_pid:
        multiprocessing.forkserver._forkserver._stop()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def timed(render) -> tuple[float, bytes]:
    started = time.perf_counter()
    pdf = render()
    return time.perf_counter() - started, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=600)
    parser.add_argument("--small", type=int, default=150)
    options = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        conference = build(options.certificates)
        registrations = list(attendees(conference=conference))
        ids = [c.pk for c in certificates_issue_for(conference=conference, registrations=registrations)]
        badge_ids = [badge.pk for badge in badges_issue_for(registrations=registrations)]
        del registrations
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        small_seconds, _small = timed(lambda: certificates_pdf_by_ids(conference=conference, ids=ids[: options.small]))
        small_self, small_children = peaks()
        seconds, pdf = timed(lambda: certificates_pdf_by_ids(conference=conference, ids=ids))
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        full_self, full_children = peaks()
        badge_seconds, badges = timed(lambda: badges_pdf_by_ids(conference=conference, ids=badge_ids, layout="a6-4up"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    count = options.certificates
    print(f"certificates: {count} (English and Arabic halves, A4), {pages} pages, {len(pdf) / 1e6:.1f} MB")
    print(
        f"chunks of at most {CHUNK_SIZE} certificates on {WORKERS} processes (this one and {WORKERS - 1} worker), "
        f"{os.cpu_count()} cores"
    )
    print(f"batch: {seconds:.2f} s, {count / seconds:.0f} certificates/s, {seconds * 1000 / count:.1f} ms each")
    print(f"small batch ({options.small}): {small_seconds:.2f} s, {small_seconds * 1000 / options.small:.1f} ms each")
    print(
        f"baseline, the same {count} delegates' badges through the badge batch (A6 4-up, {len(badges) / 1e6:.1f} MB):"
        f" {badge_seconds:.2f} s, {badge_seconds * 1000 / count:.1f} ms each;"
        f" certificates/badges time: {seconds / badge_seconds:.1f}x"
    )
    print(
        f"peak memory: this process {megabytes(full_self):.0f} MB after {count} "
        f"({megabytes(small_self):.0f} MB after {options.small}, {megabytes(before):.0f} MB before rendering); "
        f"largest worker {megabytes(full_children):.0f} MB ({megabytes(small_children):.0f} MB after {options.small})"
    )
    flat = max(full_self, full_children) - max(small_self, small_children) < 60 * 1024
    targets = [
        (f"{count} certificates < 15 s", seconds < 15),
        ("peak memory < 300 MB", max(full_self, full_children) < 300 * 1024),
        (f"memory flat ({count} vs {options.small}: under 60 MB more)", flat),
    ]
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
