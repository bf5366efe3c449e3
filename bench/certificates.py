"""Certificates of attendance: 600 delegates checked in (a third with Arabic names, some on both days) as one
batch PDF, against a baseline measured in the same run: the same 600 delegates' badges through the badge
batch path (A6 4-up), the print job the secretariat already runs the night before.

    DEBUG=1 .venv/bin/python bench/certificates.py [--certificates 600] [--small 200]

Builds its data in a throwaway SQLite database (the test runner's database set-up), renders the batch the way
the print task does (the certificates' data read in a constant number of queries, then chunks on both cores,
joined as they come), and prints seconds, certificates per second, and the peak memory of the rendering
process and of its worker, for a small batch (--small) and for the full one, each run in a child forked from
the same state: memory is flat when the full batch's peak is the small one's. Targets: 600 certificates < 15 s,
peak memory < 300 MB and flat.
"""

import argparse
import datetime as dt
import gc
import io
import multiprocessing
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

from _names import ARABIC, COUNTRIES, FIRST, LAST
from django.db import connection
from pypdf import PdfReader

from conference.models import Conference
from registration.badges.pdf import render_badges_pdf
from registration.badges.selectors import badge_sheet_data
from registration.badges.services import badges_issue_for
from registration.certificates.pdf import CHUNK_SIZE, WORKERS, render_certificates_pdf
from registration.certificates.selectors import attendees, certificate_documents
from registration.certificates.services import certificates_issue_for
from registration.models import CheckIn, Registration


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


def measured(render) -> dict:
    """Runs ``render`` in a child forked from this process as it is now (the data built, nothing rendered), so
    that each run starts from the same memory and its peaks (its own, its worker's) are its own."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def run() -> None:
        started = time.perf_counter()
        pdf = render()
        seconds = time.perf_counter() - started
        sending.send(
            {
                "seconds": seconds,
                "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                "bytes": len(pdf),
                "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        )

    child = context.Process(target=run)
    child.start()
    result = receiving.recv()
    child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=600)
    parser.add_argument("--small", type=int, default=200)
    options = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        conference = build(options.certificates)
        registrations = list(attendees(conference=conference))
        certificates = certificates_issue_for(conference=conference, registrations=registrations)
        started = time.perf_counter()
        documents = certificate_documents(conference=conference, certificates=certificates)
        data_seconds = time.perf_counter() - started
        header, badges = badge_sheet_data(conference=conference, badges=badges_issue_for(registrations=registrations))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    del registrations, certificates
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The renderers read no database: the children render from the plain data built above.
    small = measured(lambda: render_certificates_pdf(certificates=documents[: options.small], title="bench"))
    full = measured(lambda: render_certificates_pdf(certificates=documents, title="bench"))
    baseline = measured(lambda: render_badges_pdf(conference=header, badges=badges, layout="a6-4up"))

    count = options.certificates
    seconds = full["seconds"] + data_seconds
    print(f"certificates: {count} (English and Arabic halves, A4), {full['pages']} pages, {full['bytes'] / 1e6:.1f} MB")
    print(
        f"chunks of at most {CHUNK_SIZE} certificates on {WORKERS} processes (this one and {WORKERS - 1} worker), "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"batch: {seconds:.2f} s ({data_seconds:.2f} s of it reading the data), {count / seconds:.0f} certificates/s, "
        f"{seconds * 1000 / count:.1f} ms each"
    )
    print(
        f"small batch ({options.small}): {small['seconds']:.2f} s, "
        f"{small['seconds'] * 1000 / options.small:.1f} ms each"
    )
    print(
        f"baseline, the same {count} delegates' badges through the badge batch "
        f"(A6 4-up, {baseline['bytes'] / 1e6:.1f} MB):"
        f" {baseline['seconds']:.2f} s, {baseline['seconds'] * 1000 / count:.1f} ms each;"
        f" certificates/badges time: {full['seconds'] / baseline['seconds']:.1f}x"
    )
    print(
        f"peak memory ({megabytes(before):.0f} MB before rendering): {count} certificates: this process "
        f"{megabytes(full['self']):.0f} MB, worker {megabytes(full['worker']):.0f} MB; {options.small}: "
        f"{megabytes(small['self']):.0f} MB, worker {megabytes(small['worker']):.0f} MB; badges: "
        f"{megabytes(baseline['self']):.0f} MB, worker {megabytes(baseline['worker']):.0f} MB"
    )
    peak, small_peak = max(full["self"], full["worker"]), max(small["self"], small["worker"])
    targets = [
        (f"{count} certificates < 15 s", seconds < 15),
        ("peak memory < 300 MB", peak < 300 * 1024),
        (f"memory flat ({count} vs {options.small}: under 30 MB more)", peak - small_peak < 30 * 1024),
    ]
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
