"""Agenda, .ics and frab JSON for a 60-session, 200-person conference against a 1-session baseline.

    DEBUG=1 .venv/bin/python bench/agenda.py [--requests 30]

Builds its data in a throwaway SQLite database (the test runner's database set-up), measures the
median time and the queries of each request with Django's test Client, and prints both conferences
side by side with the ratio.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite file, never a real database

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from conference.models import Conference, Participation, Person, Room, Session

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
ROLES = [Participation.Role.CHAIR, *[Participation.Role.SPEAKER] * 3, Participation.Role.RAPPORTEUR]
VISIBILITY = [Person.Visibility.PUBLIC] * 8 + [Person.Visibility.NAME_ONLY, Person.Visibility.ANONYMOUS]


def build(slug: str, sessions: int, people: int) -> Conference:
    conference = Conference.objects.create(
        slug=slug,
        edition=9,
        title_en="Ninth Annual Conference",
        title_ar="المؤتمر السنوي التاسع",
        city_en="Brussels",
        city_ar="بروكسل",
        start_date=dt.date(2025, 5, 3),
        end_date=dt.date(2025, 5, 4),
        status=Conference.Status.REGISTRATION_OPEN,
    )
    rooms = Room.objects.bulk_create(Room(conference=conference, name=f"Room {n}") for n in range(3))
    persons = Person.objects.bulk_create(
        Person(
            name=f"{slug} Person {n}",
            name_ar=f"شخص {n}",
            honorific="Dr." if n % 5 == 0 else "",
            organisation="Alliance",
            biography_en="Biography.",
            visibility=VISIBILITY[n % len(VISIBILITY)],
        )
        for n in range(people)
    )
    slots = [  # 10 slots of 45 minutes a day, each used by every room
        dt.datetime(2025, 5, 3 + k // 10, 8, tzinfo=BRUSSELS) + dt.timedelta(minutes=45 * (k % 10))
        for k in range(-(-sessions // len(rooms)))
    ]
    created = Session.objects.bulk_create(
        Session(
            conference=conference,
            room=rooms[n % len(rooms)],
            title_en=f"Session {n}",
            title_ar=f"الجلسة {n}",
            description_en="A panel on legal accountability. " * 5,
            kind=Session.Kind.PANEL,
            starts_at=slots[n // len(rooms)],
            ends_at=slots[n // len(rooms)] + dt.timedelta(minutes=40),
            is_published=True,
        )
        for n in range(sessions)
    )
    Participation.objects.bulk_create(
        Participation(session=session, person=persons[(s * len(ROLES) + k) % people], role=role, order=k)
        for s, session in enumerate(created)
        for k, role in enumerate(ROLES)
    )
    return conference


def measure(client: Client, path: str, requests: int) -> tuple[float, int]:
    for _ in range(3):  # warm the template and URL caches
        assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # now: the next request resets the connection's query log
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), query_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        build("baseline", sessions=1, people=5)
        build("big", sessions=60, people=200)
        client = Client()
        endpoints = [
            ("agenda page (en)", "/en/{slug}/agenda/"),
            ("agenda page (ar)", "/ar/{slug}/agenda/"),
            ("agenda.ics", "/{slug}/agenda.ics"),
            ("agenda.json (frab)", "/{slug}/agenda.json"),
        ]
        print(f"median of {args.requests} requests; SQLite; Django test Client (no network)\n")
        header = (
            f"{'endpoint':<20} {'1 session ms':>13} {'queries':>8} {'60 sessions ms':>15} {'queries':>8} {'ratio':>6}"
        )
        print(header)
        print("-" * len(header))
        for label, pattern in endpoints:
            base_ms, base_q = measure(client, pattern.format(slug="baseline"), args.requests)
            big_ms, big_q = measure(client, pattern.format(slug="big"), args.requests)
            print(f"{label:<20} {base_ms:>13.1f} {base_q:>8} {big_ms:>15.1f} {big_q:>8} {big_ms / base_ms:>5.1f}x")
        print("\n60 sessions: 3 rooms, 200 people, 300 participations (1 in 10 anonymous).")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
