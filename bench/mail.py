"""Mail to delegates: 600 personalised e-mails in three languages, rendered and handed to the mail backend
(locmem), against two baselines measured in the same run: the same 600 delegates through the status e-mail
task (the other templated mail path), and 600 plain ``send_mail`` calls.

    DEBUG=1 .venv/bin/python bench/mail.py [--delegates 600]

Builds its data in a throwaway SQLite database (the test runner's database set-up), with verified addresses;
times the release (recipients computed, one delivery each) and the sending job (``send_message``, as the worker
runs it, with PLENARY_MAIL_RATE at 0: the server's pace is not what is measured), and checks that every delegate
got one e-mail in their language. Target: 600 e-mails < 10 s, judged on this process's CPU seconds (printed
with the wall-clock and the machine's load average: on a shared machine the wall-clock measures the neighbours).
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django

django.setup()

from _names import ARABIC, FIRST, LAST
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test.utils import setup_test_environment

from conference.models import Conference
from plenary.i18n import LANGUAGE_CODES, NAME_SCRIPT_LANGUAGE
from registration.mailings.services import message_create, message_release
from registration.mailings.tasks import send_message
from registration.models import Delivery, Registration, StatusChange, User
from registration.notifications import send_status_email

SUBJECT = "{conference}: {first_name}, your practical information"
BODY = (
    "Dear {first_name} {last_name} ({organisation}),\n\nThe conference takes place on {dates} at the {venue}, "
    "{city}. Your badge: {badge_link}\n\nYour registration: {my_registration_link}\nThe agenda: {agenda_link}"
)


def build(count: int) -> Conference:
    conference = Conference.objects.create(
        slug="bench-mail",
        edition=9,
        title_en="Ninth Annual Conference of the European Alliance",
        title_ar="المؤتمر السنوي التاسع",
        title_fr="Neuvième conférence annuelle",
        city_en="Brussels",
        city_ar="بروكسل",
        city_fr="Bruxelles",
        venue="Residence Palace",
        start_date=dt.date(2025, 5, 3),
        end_date=dt.date(2025, 5, 4),
        status=Conference.Status.REGISTRATION_OPEN,
    )
    users = User.objects.bulk_create(User(email=f"delegate{n}@example.org") for n in range(count))
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users)
    Registration.objects.bulk_create(
        Registration(
            conference=conference,
            user=user,
            first_name=FIRST[n % len(FIRST)],
            last_name=f"{LAST[n % len(LAST)]} {n}",
            name_ar=f"{ARABIC[n % len(ARABIC)]} {n}" if LANGUAGE_CODES[n % 3] == NAME_SCRIPT_LANGUAGE else "",
            email=user.email,
            organisation="Addameer Prisoner Support and Human Rights Association",
            country="PS",
            language=LANGUAGE_CODES[n % len(LANGUAGE_CODES)],
            status=Registration.Status.APPROVED,
        )
        for n, user in enumerate(users)
    )
    return conference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=600)
    options = parser.parse_args()
    settings.PLENARY_MAIL_RATE = 0
    setup_test_environment()  # the locmem backend's outbox
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        conference = build(options.delegates)
        texts = {f"subject_{code}": SUBJECT for code in LANGUAGE_CODES} | {
            f"body_{code}": BODY for code in LANGUAGE_CODES
        }
        message = message_create(
            conference=conference, by=None, fields=texts, filters={"status": Registration.Status.APPROVED}
        )

        mail.outbox = []
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            message = message_release(message=message, by=None)
            release_seconds = time.perf_counter() - started
        # The sending job ran as the transaction committed (the immediate task backend).
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        sent = len(mail.outbox)
        rtl = sum('dir="rtl"' in m.alternatives[0][0] for m in mail.outbox)
        assert Delivery.objects.filter(message=message, state=Delivery.State.SENT).count() == options.delegates
        assert sent == options.delegates, sent

        # The job alone, as the worker runs it, on the same deliveries queued again.
        Delivery.objects.filter(message=message).update(state=Delivery.State.QUEUED)
        mail.outbox = []
        started, cpu = time.perf_counter(), time.process_time()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            send_message.call(message.pk, message.job_id)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        else:
            send_message.call(message.pk, message.job_id)
        job_seconds, job_cpu = time.perf_counter() - started, time.process_time() - cpu

        # Baseline 1: the status e-mail task (templates rendered in each delegate's language, one by one).
        changes = StatusChange.objects.bulk_create(
            StatusChange(registration=r, to_status=r.status) for r in conference.registrations.all()
        )
        mail.outbox = []
        started, cpu = time.perf_counter(), time.process_time()
        for change in changes:
            send_status_email.call(change.pk)
        status_seconds, status_cpu = time.perf_counter() - started, time.process_time() - cpu

        # Baseline 2: plain send_mail, no template, no database.
        mail.outbox = []
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(options.delegates):
            mail.send_mail("Subject", "Body", None, [f"delegate{n}@example.org"])
        plain_seconds, plain_cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    count = options.delegates
    print(f"{count} personalised e-mails, {len(LANGUAGE_CODES)} languages ({rtl} right-to-left HTML parts)")
    load = os.getloadavg()[0]
    print(f"(wall-clock seconds, and this process's CPU seconds; load average {load:.1f} on {os.cpu_count()} cores)")
    rows = [
        ("release + sending job", total, total_cpu),
        ("sending job alone", job_seconds, job_cpu),
        ("baseline: status e-mail task", status_seconds, status_cpu),
        ("baseline: plain send_mail", plain_seconds, plain_cpu),
    ]
    for label, seconds, cpu_seconds in rows:
        per_mail = 1000 * seconds / count
        print(f"  {label:<30} {seconds:6.2f} s, CPU {cpu_seconds:5.2f} s, {per_mail:6.2f} ms per e-mail")
    print(f"  of which the release (recipients computed, deliveries queued): {release_seconds:.2f} s; target < 10 s")
    if total_cpu >= 10:
        sys.exit("TARGET MISSED: 600 e-mails took 10 s of CPU or more")


if __name__ == "__main__":
    main()
