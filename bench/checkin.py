"""Check-in under load: 20 door scanners against a running server, on PostgreSQL and on SQLite.

    DEBUG=1 .venv/bin/python bench/checkin.py [--database postgresql|sqlite] [--scanners 20] [--scans 2000]

Without --database it runs twice: PostgreSQL (production), then SQLite (the embedded default).

Starts the throwaway PostgreSQL server (.ci/pg-test-server), creates a throwaway database, migrates it,
builds approved delegates with badges and one Door account per scanner, and serves Plenary on
127.0.0.1 and a free port with gunicorn and deploy/gunicorn.conf.py, as `make serve` and the systemd unit do
(database connections kept between requests, CONN_MAX_AGE). Then every scanner posts its share of
the scans (a fifth of them repeats of badges already scanned) to /<slug>/checkin/scan, first one
scanner alone (the baseline), then all of them at once. Prints p50/p95/p99 milliseconds, and counts the
check-ins recorded: they must equal the distinct badges scanned (no double check-in).
Only loopback traffic; every loop is bounded; the database is dropped at the end.
Before the load, one device at USB-scanner speed: 10 codes 50 ms apart, each must be recorded.
Targets: p95 < 50 ms with 20 scanners, zero double check-ins, 10 of 10 at scanner speed.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _door_bench import door_cookies, free_port, percentile, server_environment, wait_for_server
from _stack import web_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# What deploy/gunicorn.conf.py starts on this machine: two processes per core and one more.
DEFAULT_WEB_WORKERS = 2 * (os.cpu_count() or 1) + 1


def start_postgres() -> str:
    try:
        return subprocess.run(
            [str(ROOT / ".ci/pg-test-server"), "start"], check=True, capture_output=True, text=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        sys.exit(f"PostgreSQL is needed for this benchmark (apt-get install postgresql): {error}")


def admin_sql(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--web-workers", type=int, default=DEFAULT_WEB_WORKERS, help="gunicorn processes (deploy/gunicorn.conf.py's)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
    parser.add_argument("--scanners", type=int, default=20)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--baseline-scans", type=int, default=100)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.5,
        help="seconds each scanner waits between scans (a door volunteer needs more; 0 = saturation)",
    )
    parser.add_argument(
        "--database",
        choices=["postgresql", "sqlite"],
        help="PostgreSQL (production) or SQLite (the embedded default, a file in a temporary folder)",
    )
    options = parser.parse_args()
    if options.database is None:
        for database in ("postgresql", "sqlite"):
            print(f"== {database}", flush=True)
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--database", database], check=True)
        return

    if options.database == "sqlite":
        folder = tempfile.mkdtemp(prefix="plenary-bench-checkin-")
        server_url, database = None, None
        database_url = f"sqlite:///{folder}/bench.sqlite3"
    else:
        server_url = start_postgres()
        database = f"plenary_bench_checkin_{os.getpid()}"
        admin_sql(server_url, f'CREATE DATABASE "{database}"')
        database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path=f"/{database}"))
    port = free_port()
    environment = server_environment(
        base=dict(os.environ),
        database_url=database_url,
        port=port,
        CONN_MAX_AGE="600",
    )
    os.environ.update(environment)
    server = None
    import django

    try:
        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from django.db.models import Count

        from conference.models import Conference
        from plenary.i18n import FALLBACK_LANGUAGE, field_name
        from registration.badges.services import badges_issue_for
        from registration.models import CheckIn, Door, Registration, Scan

        call_command("migrate", verbosity=0)
        conference = Conference.objects.create(
            slug="bench-door",
            status=Conference.Status.REGISTRATION_CLOSED,  # the door works a conference open for check-in
            edition=9,
            title_en="Bench",
            city_en="Brussels",
            start_date=dt.date(2025, 5, 3),
            end_date=dt.date(2025, 5, 4),
        )
        distinct = options.scans - options.scans // 5
        registrations = Registration.objects.bulk_create(
            Registration(
                conference=conference,
                first_name="Delegate",
                last_name=str(n),
                email=f"d{n}@example.org",
                status=Registration.Status.APPROVED,
            )
            for n in range(distinct + options.baseline_scans)
        )
        tokens = [badge.token for badge in badges_issue_for(registrations=registrations)]
        baseline_tokens, tokens = tokens[: options.baseline_scans], tokens[options.baseline_scans :]
        cookies = door_cookies(options.scanners + 1)  # the last one runs the baseline
        doors = {
            name: Door.objects.create(conference=conference, **{field_name("name", FALLBACK_LANGUAGE): name}).pk
            for name in ["Baseline", *(f"Door {n}" for n in range(4))]
        }

        server = subprocess.Popen(
            web_command(port=port, workers=options.web_workers, threads=options.threads),
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        scan_url = f"http://127.0.0.1:{port}/{conference.slug}/checkin/scan"
        if not wait_for_server(port, seconds=30):
            sys.exit("the server did not start")

        def scan(token: str, cookie: tuple[str, str], door: str) -> tuple[float, int]:
            body = urllib.parse.urlencode({"code": f"{settings.SITE_URL}/b/{token}", "door": doors[door]}).encode()
            request = urllib.request.Request(
                scan_url, data=body, headers={"Cookie": cookie[0], "X-CSRFToken": cookie[1]}, method="POST"
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return (time.perf_counter() - started) * 1000, status

        # Baseline: one scanner alone, one scan after the other.
        baseline = [scan(token, cookies[-1], "Baseline")[0] for token in baseline_tokens]

        # A USB scanner at full speed on one device: 10 codes typed 50 ms apart, none may be lost.
        burst_tokens, tokens = tokens[:10], tokens[10:]
        burst: list[threading.Thread] = []
        for token in burst_tokens:
            burst.append(threading.Thread(target=scan, args=(token, cookies[-1], "Baseline")))
            burst[-1].start()
            time.sleep(0.05)
        for thread in burst:
            thread.join()
        burst_recorded = CheckIn.objects.filter(registration__badges__token__in=burst_tokens).count()

        # Load: every scanner at once; a fifth of the scans repeat a badge scanned elsewhere.
        work = tokens + random.Random(6).choices(tokens, k=options.scans - distinct)
        random.Random(7).shuffle(work)
        shares = [work[n :: options.scanners] for n in range(options.scanners)]
        latencies: list[float] = []
        statuses: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(options.scanners)

        def scanner(n: int) -> None:
            barrier.wait()
            # Staggered starts: at a volunteer's pace (a long --pause) scanners that all began together would
            # keep scanning in the same instant, bursts of twenty that no door sees.
            time.sleep(options.pause * n / options.scanners)
            mine = []
            for token in shares[n]:
                mine.append(scan(token, cookies[n], f"Door {n % 4}"))
                time.sleep(options.pause)
            with lock:
                latencies.extend(latency for latency, _status in mine)
                statuses.extend(status for _latency, status in mine)

        threads = [threading.Thread(target=scanner, args=(n,)) for n in range(options.scanners)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started

        work_set = set(work)
        load_checkins = CheckIn.objects.exclude(door=doors["Baseline"]).count()
        double = CheckIn.objects.values("registration", "day").distinct().count() != CheckIn.objects.count()
        outcomes = dict(Scan.objects.exclude(door=doors["Baseline"]).values_list("outcome").annotate(n=Count("pk")))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        connections.close_all()
        if server_url:
            admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    p50, p95, p99 = (percentile(latencies, q) for q in (0.50, 0.95, 0.99))
    print(
        f"server: gunicorn (deploy/gunicorn.conf.py), {options.web_workers} processes of {options.threads} "
        f"thread(s), on {options.database}, {options.scanners} scanners, "
        f"{len(latencies)} scans, "
        f"{options.pause:g} s between the scans of one scanner"
    )
    print(f"baseline, 1 scanner alone: p50 {statistics.median(baseline):.1f} ms ({len(baseline)} scans)")
    print(f"load: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, {len(latencies) / elapsed:.0f} scans/s")
    print(f"ratio p95 under load / p50 alone: {p95 / statistics.median(baseline):.1f}x")
    print(f"HTTP statuses: {dict(sorted((s, statuses.count(s)) for s in set(statuses)))}")
    print(f"outcomes: {outcomes}")
    print(f"check-ins recorded: {load_checkins} for {len(work_set)} distinct badges; double check-ins: {double}")
    print(f"one device at scanner speed (10 codes 50 ms apart): {burst_recorded} of 10 recorded")
    print(f"target p95 < 50 ms: {'met' if p95 < 50 else 'MISSED'}")
    print(f"target 10 of 10 at scanner speed: {'met' if burst_recorded == 10 else 'MISSED'}")
    print(f"target zero double check-ins: {'met' if load_checkins == len(work_set) and not double else 'MISSED'}")


if __name__ == "__main__":
    main()
