"""The secretariat's vetting queue with 2,000 registrations, against a 1-registration queue as the baseline.

Run from the project root: DEBUG=1 .venv/bin/python bench/registrations.py
Builds its own data in a throwaway SQLite database; prints median milliseconds and queries per request
for the queue, and seconds per export (CSV and XLSX, through the export endpoint) against a 1-row export.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = tempfile.mkdtemp(prefix="plenary-bench-registrations-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenary.settings")

import django

django.setup()

import datetime as dt

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conference.models import Conference
from plenary.permissions import SECRETARIAT
from registration.models import Category, Registration, User

SIZE = int(os.environ.get("BENCH_REGISTRATIONS", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "25"))
EXPORT_REPEAT = 5
COUNTRIES = ["PS", "BE", "FR", "TN", "JO", "LB", "MA", "IT", "NO", "DE", "GB", "ES", "IE", "NL", "SE"]
STATUSES = list(Registration.Status.values)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_conference(slug: str, size: int) -> Conference:
    conference = Conference.objects.create(
        slug=slug,
        edition=9,
        title_en="Ninth Annual Conference",
        city_en="Brussels",
        start_date=dt.date(2030, 5, 3),
        end_date=dt.date(2030, 5, 4),
        status=Conference.Status.REGISTRATION_OPEN,
    )
    Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name=f"Amina{n}",
            last_name=f"Haddad{n}",
            name_ar=f"أمينة حداد {n}",
            email=f"delegate{n}@example.org",
            organisation=f"Organisation {n % 120}",
            country=COUNTRIES[n % len(COUNTRIES)],
            category=Category.values[n % len(Category.values)],
            status=STATUSES[n % len(STATUSES)],
            source=Registration.Source.IMPORT if n % 3 else Registration.Source.SELF,
        )
        for n in range(size)
    )
    return conference


def sign_in_with_second_factor(client: Client, *, email: str, password: str, secret: str) -> None:
    """The secretariat's pages need a session that passed the second factor: log in as a person would."""
    client.post("/en/accounts/login/", {"login": email, "password": password})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302, "the second factor was refused"


def measure(client: Client, url: str, repeat: int = REPEAT) -> tuple[float, int]:
    client.get(url)  # warm caches (templates, translations)
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def main() -> None:
    call_command("migrate", verbosity=0)
    clerk = User.objects.create_user("clerk@example.org", "bench-password-123")
    clerk.groups.add(Group.objects.get(name=SECRETARIAT))
    EmailAddress.objects.create(user=clerk, email=clerk.email, verified=True, primary=True)
    TOTP.activate(clerk, TOTP_SECRET)
    baseline = make_conference("baseline", 1)
    large = make_conference("large", SIZE)
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in_with_second_factor(client, email="clerk@example.org", password="bench-password-123", secret=TOTP_SECRET)

    rows = [
        ("queue, 1 registration (baseline)", f"/en/{baseline.slug}/manage/registrations/"),
        (f"queue, {SIZE} registrations", f"/en/{large.slug}/manage/registrations/"),
        (f"queue, {SIZE}, last page", f"/en/{large.slug}/manage/registrations/?page=last"),
        (f"queue, {SIZE}, filtered + search", f"/en/{large.slug}/manage/registrations/?status=pending&q=haddad1"),
    ]
    print(f"Vetting queue: median of {REPEAT} requests ({connection.vendor})")
    base_ms = None
    for label, url in rows:
        median_ms, queries = measure(client, url)
        base_ms = base_ms or median_ms
        print(f"  {label:40} {median_ms:8.1f} ms  {queries:3d} queries  x{median_ms / base_ms:5.2f} baseline")

    print(f"Exports: median of {EXPORT_REPEAT} downloads")
    for file_format in ("csv", "xlsx"):
        base_s = None
        for conference in (baseline, large):
            count = conference.registrations.count()
            url = f"/en/{conference.slug}/manage/registrations/export/?format={file_format}"
            seconds, queries = measure(client, url, repeat=EXPORT_REPEAT)
            seconds /= 1000
            base_s = base_s or seconds
            label = f"export {file_format}, {count} registration(s)"
            print(f"  {label:40} {seconds:8.3f} s   {queries:3d} queries  x{seconds / base_s:5.2f} baseline")


if __name__ == "__main__":
    main()
