"""Offline door devices coming back online: 10 devices each upload their 200 queued scans at once, on PostgreSQL.

    .venv/bin/python bench/checkin_offline.py [--devices 10] [--scans 200]

Starts the throwaway PostgreSQL server (.ci/pg-test-server), creates a throwaway database, migrates it, builds
approved delegates with badges, pairs one door device per door (docs/door-protocol.md), and serves Plenary on
127.0.0.1 with the pooled WSGI server of bench/checkin.py. Each device's queue holds offline scans of the last
half hour: four fifths of its own delegates, one fifth admitting the delegates of the next device (whom that
device admitted too). Baseline: the same number of scans, uploaded by one device alone in batches of 500, on a
second conference of the same shape. Then all devices upload at once; prints the seconds until every upload is
answered, and checks that every scan is recorded, each person has exactly one check-in (the earliest) and every
second admission is a duplicate. Only loopback traffic; the database is dropped at the end.
Target: settled in < 5 s.
"""

import argparse
import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zoneinfo
from pathlib import Path

from _door_bench import free_port, server_environment, wait_for_server
from checkin import admin_sql, serve, start_postgres

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_conference(slug: str, *, people: int):
    """A conference open for check-in since yesterday, with ``people`` approved delegates and their badges."""
    from django.utils import timezone

    from conference.models import Conference
    from registration.badges.services import badges_issue_for
    from registration.models import Registration

    time_zone = _zone_past_one_am()
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(time_zone))
    conference = Conference.objects.create(
        time_zone=time_zone,
        slug=slug,
        status=Conference.Status.REGISTRATION_CLOSED,
        edition=9,
        title_en="Bench",
        city_en="Brussels",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name="Delegate",
            last_name=str(n),
            email=f"{slug}-{n}@example.org",
            status=Registration.Status.APPROVED,
        )
        for n in range(people)
    )
    return conference, [badge.token_sha256 for badge in badges_issue_for(registrations=registrations)]


def _zone_past_one_am() -> str:
    """The scans are spread over the last 30 minutes: in a zone where it is past 01:00 they all fall on one
    conference day (at 00:10 in Brussels, a third of them would be yesterday's check-ins)."""
    now = dt.datetime.now(dt.UTC)
    for name in ("Europe/Brussels", "America/New_York", "Asia/Tokyo"):
        if now.astimezone(zoneinfo.ZoneInfo(name)).hour >= 1:
            return name
    raise AssertionError("unreachable: these zones are more than an hour apart")


def pair_devices(conference, count: int) -> list[tuple[str, str]]:
    """``count`` doors with one paired device each, as (Cookie header, CSRF token)."""
    from plenary.i18n import FALLBACK_LANGUAGE
    from registration.doors import devices
    from registration.doors.access import DEVICE_COOKIE

    cookies = []
    for n in range(count):
        door = devices.door_create(conference=conference, names={FALLBACK_LANGUAGE: f"Door {n}"})
        added = devices.device_add(door=door, label=f"Phone {n}", by=None)
        paired = devices.device_pair(token=added.pairing_token)
        csrf = secrets.token_hex(16)
        cookies.append((f"{DEVICE_COOKIE}={paired.device.pk}.{paired.secret}; csrftoken={csrf}", csrf))
    return cookies


def queues(hashes: list[str], *, devices: int, per_device: int) -> list[list[dict]]:
    """Each device: its own delegates, then a fifth of its queue admitting the next device's delegates."""
    shared = per_device // 5
    own = per_device - shared
    rng = random.Random(13)
    now = dt.datetime.now(dt.UTC)
    result = []
    for n in range(devices):
        mine = hashes[n * own : (n + 1) * own]
        theirs = hashes[((n + 1) % devices) * own :][:shared]
        result.append(
            [
                {
                    "nonce": str(uuid.uuid4()),
                    "h": h,
                    "at": (now - dt.timedelta(seconds=rng.uniform(60, 1800))).isoformat(),
                    "offline": True,
                }
                for h in mine + theirs
            ]
        )
    return result


def post(url: str, cookie: tuple[str, str], scans: list[dict]) -> int:
    body = json.dumps({"scans": scans, "sent_at": dt.datetime.now(dt.UTC).isoformat()}).encode()
    headers = {"Cookie": cookie[0], "X-CSRFToken": cookie[1], "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--scans", type=int, default=200, help="queued scans per device")
    options = parser.parse_args()
    if options.serve:
        serve(options.serve, options.threads)
        return

    server_url = start_postgres()
    database = f"plenary_bench_offline_{os.getpid()}"
    admin_sql(server_url, f'CREATE DATABASE "{database}"')
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path=f"/{database}"))
    port = free_port()
    environment = server_environment(
        base=dict(os.environ),
        database_url=database_url,
        port=port,
        CONN_MAX_AGE="600",
        # A phone's 200 queued scans fit one upload; the bench is not about the rate limit.
        PLENARY_DOOR_BURST="1000",
    )
    os.environ.update(environment)
    server = None
    import django

    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.db.models import Count

        from registration.models import CheckIn, Scan

        call_command("migrate", verbosity=0)
        own = options.scans - options.scans // 5
        people = own * options.devices
        total = options.scans * options.devices
        load, load_hashes = build_conference("bench-offline", people=people)
        alone, alone_hashes = build_conference("bench-offline-baseline", people=people)
        load_cookies = pair_devices(load, options.devices)
        alone_cookie = pair_devices(alone, 1)[0]
        load_queues = queues(load_hashes, devices=options.devices, per_device=options.scans)
        alone_queue = [
            scan for queue in queues(alone_hashes, devices=options.devices, per_device=options.scans) for scan in queue
        ]

        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--threads", str(options.threads)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_server(port, seconds=10):
            sys.exit("the server did not start")

        def url(conference) -> str:
            return f"http://127.0.0.1:{port}/{conference.slug}/checkin/offline/scans/"

        post(url(alone), alone_cookie, [])  # warm the server up (URL resolver, first connection)
        # Baseline: the same number of scans from one device, in batches of 500, one after the other.
        started = time.perf_counter()
        alone_statuses = [post(url(alone), alone_cookie, alone_queue[i : i + 500]) for i in range(0, total, 500)]
        baseline = time.perf_counter() - started

        statuses: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(options.devices)

        def device(n: int) -> None:
            barrier.wait()
            status = post(url(load), load_cookies[n], load_queues[n])
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=device, args=(n,)) for n in range(options.devices)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        settled = time.perf_counter() - started

        def tally(conference) -> tuple[int, int, int, dict]:
            checkins = CheckIn.objects.filter(registration__conference=conference)
            scans = Scan.objects.filter(conference=conference)
            persons = checkins.values("registration", "day").distinct().count()
            outcomes = dict(scans.values_list("outcome").annotate(n=Count("pk")))
            return scans.count(), checkins.count(), persons, outcomes

        load_tally, alone_tally = tally(load), tally(alone)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        connections.close_all()
        admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    shared = total - people
    print(
        f"server: wsgiref with {options.threads} threads on PostgreSQL; "
        f"{options.devices} devices x {options.scans} queued offline scans"
    )
    print(
        f"baseline, 1 device uploading {total} scans in batches of 500: {baseline:.2f} s, "
        f"HTTP {sorted(set(alone_statuses))}"
    )
    print(
        f"load, {options.devices} devices uploading at once: settled in {settled:.2f} s, HTTP {sorted(set(statuses))}"
    )
    print(f"ratio load / baseline: {settled / baseline:.2f}x")
    for name, (scans, checkins, persons, outcomes) in (("load", load_tally), ("baseline", alone_tally)):
        print(f"{name}: {scans} scans recorded, {checkins} check-ins for {persons} person-days, outcomes {outcomes}")
    scans, checkins, persons, outcomes = load_tally
    correct = (
        scans == total
        and checkins == persons == people
        and outcomes.get("duplicate", 0) == shared
        and outcomes.get("checked_in", 0) == people
    )
    print(
        f"expected: {total} scans, {people} check-ins (one per person), {shared} duplicates: "
        f"{'met' if correct else 'MISSED'}"
    )
    print(f"target settled < 5 s: {'met' if settled < 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
