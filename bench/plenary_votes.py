"""The closing plenary under load: 600 delegates vote from their phones against a running server, on PostgreSQL.

    DEBUG=1 .venv/bin/python bench/plenary_votes.py [--delegates 600] [--phones 20] [--threads 8]

Starts the throwaway PostgreSQL server (.ci/pg-test-server), creates a throwaway database, migrates it, builds
approved delegates checked in today (each with an account and a session), and serves Plenary on 127.0.0.1 with
the same pooled WSGI server as bench/checkin.py. The chair's steps go through the services in this process (the
Secretariat's second factor stays out of the benchmark); a screen polls the state endpoint with its ETag every
0.7 s, as static/js/live/screen.js does.

1. Baseline: a first electronic vote, 30 delegates voting one after the other.
2. Load: a secret electronic vote; every delegate posts a ballot at a random moment of ``--window`` seconds (25:
   "600 delegates vote within 30 s"), then a tenth of them try again (refused: already voted). The chair closes.
Prints p50/p95/p99 per ballot, the time for all, the tallies and ballots (every vote counted exactly once), how
long after the close the result was on the state endpoint, and how long the screen took to follow the chair's
steps. Targets: all within 30 s, p95 < 200 ms, result < 2 s after closing, the screen follows within 1 s.
Only loopback traffic; every loop is bounded; the database is dropped at the end.
"""

import argparse
import datetime as dt
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _door_bench import free_port, percentile, server_environment, wait_for_server
from checkin import admin_sql, serve, start_postgres

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCREEN_PERIOD = 0.7


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    try:
        with OPENER.open(urllib.request.Request(url, data=data, headers=headers or {}), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


class Screen(threading.Thread):
    """The hall's screen: polls the state with its ETag and notes when each version first appeared."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.etag, self.seen, self.stop = url, None, {}, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            status, headers, body = request(self.url, headers={"If-None-Match": self.etag} if self.etag else {})
            if status == 200:
                self.etag = headers.get("ETag")
                self.seen.setdefault(json.loads(body)["version"], time.perf_counter())
            self.stop.wait(SCREEN_PERIOD)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=8, help="server threads")
    parser.add_argument("--delegates", type=int, default=600)
    parser.add_argument(
        "--window", type=float, default=25, help="seconds over which the delegates vote (0: all at once)"
    )
    parser.add_argument("--phones", type=int, default=60, help="at most this many ballots in flight")
    parser.add_argument("--baseline", type=int, default=30)
    options = parser.parse_args()
    if options.serve:
        serve(options.serve, options.threads)
        return

    server_url = start_postgres()
    database = f"plenary_bench_votes_{os.getpid()}"
    admin_sql(server_url, f'CREATE DATABASE "{database}"')
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path=f"/{database}"))
    port = free_port()
    environment = server_environment(base=dict(os.environ), database_url=database_url, port=port, CONN_MAX_AGE="600")
    os.environ.update(environment)
    server = None
    import django

    try:
        django.setup()
        from django.conf import settings
        from django.contrib.auth.models import Group
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client
        from django.utils import timezone

        from conference.models import Conference
        from plenary.permissions import SECRETARIAT
        from recommendations.live import services, votes
        from recommendations.models import Ballot, Recommendation, Sitting, Theme, Vote
        from registration.checkin.services import conference_day
        from registration.models import CheckIn, Registration, User

        call_command("migrate", verbosity=0)
        conference = Conference.objects.create(
            slug="bench-plenary",
            status=Conference.Status.REGISTRATION_CLOSED,
            edition=9,
            title_en="Bench",
            city_en="Brussels",
            start_date=dt.date(2025, 5, 3),
            end_date=dt.date(2025, 5, 4),
        )
        chair = User.objects.create_user("chair@example.org", secrets.token_urlsafe(16))
        chair.groups.add(Group.objects.get(name=SECRETARIAT))
        theme = Theme.objects.filter(conference=None).first()
        items = Recommendation.objects.bulk_create(
            Recommendation(conference=conference, theme=theme, state=Recommendation.State.SUBMITTED, text_en=text)
            for text in ("The baseline. It has two lines.", "The conference calls for the release of all prisoners.")
        )
        total = options.delegates + options.baseline
        users = User.objects.bulk_create(User(email=f"d{n}@example.org") for n in range(total))
        registrations = Registration.objects.bulk_create(
            Registration(
                conference=conference,
                user=user,
                first_name="Delegate",
                last_name=str(n),
                email=user.email,
                status=Registration.Status.APPROVED,
            )
            for n, user in enumerate(users)
        )
        today = conference_day(conference=conference, at=timezone.now())
        CheckIn.objects.bulk_create(CheckIn(registration=r, day=today) for r in registrations)
        cookies = []
        for user in users:
            client = Client()
            client.force_login(user)
            csrf = secrets.token_hex(16)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append((f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}", csrf))
        baseline_cookies, cookies = cookies[: options.baseline], cookies[options.baseline :]
        services.agenda_set(conference=conference, by=chair, recommendation_ids=[r.pk for r in items])
        services.sitting_take_up(conference=conference, by=chair)
        key = Sitting.objects.get(conference=conference).screen_key

        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--threads", str(options.threads)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_server(port, seconds=10):
            sys.exit("the server did not start")
        base = f"http://127.0.0.1:{port}"
        vote_url = f"{base}/en/{conference.slug}/plenary/vote/"
        state_url = f"{base}/{conference.slug}/plenary/state.json?key={key}"

        def ballot(vote_id: int, cookie: tuple[str, str], choice: str) -> tuple[float, int]:
            body = urllib.parse.urlencode({"vote": vote_id, "choice": choice}).encode()
            headers = {"Cookie": cookie[0], "X-CSRFToken": cookie[1], "Referer": base + "/"}
            started = time.perf_counter()
            status, _headers, _body = request(vote_url, data=body, headers=headers)
            return (time.perf_counter() - started) * 1000, status

        request(state_url)  # the server's first request loads the application
        screen = Screen(state_url)
        screen.start()
        follow: list[float] = []

        def chair_step(step) -> None:
            """A chair's step, then the time until the screen showed its version."""
            done = time.perf_counter()
            step()
            version = Sitting.objects.get(conference=conference).version
            deadline = time.monotonic() + 10
            while version not in screen.seen and time.monotonic() < deadline:
                time.sleep(0.01)
            follow.append(screen.seen.get(version, float("inf")) - done)

        # 1. Baseline: one delegate after the other.
        chair_step(lambda: services.floor_set(conference=conference, by=chair, open_=True))
        baseline_vote = votes.vote_open(conference=conference, by=chair, method=Vote.Method.ELECTRONIC)
        baseline = [ballot(baseline_vote.pk, cookie, "for")[0] for cookie in baseline_cookies]
        chair_step(lambda: votes.vote_close(conference=conference, by=chair))
        chair_step(lambda: services.sitting_take_up(conference=conference, by=chair))

        # 2. Load: a secret vote, every delegate at once (``--phones`` in flight), then a tenth try again.
        vote = votes.vote_open(conference=conference, by=chair, method=Vote.Method.ELECTRONIC, secret=True)
        choices = ["for", "for", "against", "abstain"]
        work = [(cookie, choices[n % 4]) for n, cookie in enumerate(cookies)]
        work += [(cookie, "against") for cookie in cookies[::10]]
        # Each delegate presses at a random moment of the window; the tries again come in its last tenth.
        rng = random.Random(16)
        moments = [rng.uniform(0, options.window * 0.9) for _ in cookies]
        moments += [options.window * 0.9 + rng.uniform(0, options.window * 0.1) for _ in work[len(cookies) :]]
        started = time.perf_counter()

        def at_its_moment(index: int) -> tuple[float, int]:
            time.sleep(max(0.0, started + moments[index] - time.perf_counter()))
            return ballot(vote.pk, *work[index])

        order = sorted(range(len(work)), key=moments.__getitem__)
        with ThreadPoolExecutor(max_workers=options.phones) as pool:
            by_index = dict(zip(order, pool.map(at_its_moment, order), strict=True))
        results = [by_index[index] for index in range(len(work))]
        elapsed = time.perf_counter() - started

        closing = time.perf_counter()
        votes.vote_close(conference=conference, by=chair)
        result_after = float("inf")
        for _attempt in range(400):
            status, _headers, body = request(state_url)
            if status == 200 and "result" in (json.loads(body).get("vote") or {}):
                result_after = time.perf_counter() - closing
                break
            time.sleep(0.005)
        chair_step(lambda: services.floor_set(conference=conference, by=chair, open_=False))
        screen.stop.set()
        vote.refresh_from_db()
        tallies = (vote.votes_for, vote.votes_against, vote.votes_abstaining)
        ballots = Ballot.objects.filter(vote=vote).count()
        stored_choices = Ballot.objects.filter(vote=vote).exclude(choice="").count()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        connections.close_all()
        admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    latencies = [latency for latency, _status in results[: len(cookies)]]
    p50, p95, p99 = (percentile(latencies, q) for q in (0.50, 0.95, 0.99))
    statuses = [status for _latency, status in results]
    expected = (
        len([c for c in work[: len(cookies)] if c[1] == "for"]),
        len([c for c in work[: len(cookies)] if c[1] == "against"]),
        len([c for c in work[: len(cookies)] if c[1] == "abstain"]),
    )
    print(
        f"server: wsgiref with {options.threads} threads on PostgreSQL, {len(cookies)} delegates voting within "
        f"{options.window:g} s (at most {options.phones} in flight)"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average over the last minute {os.getloadavg()[0]:.1f}")
    print(f"baseline, {len(baseline)} delegates one after the other: p50 {statistics.median(baseline):.1f} ms")
    print(f"load: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms; all {len(work)} posts in {elapsed:.1f} s")
    print(f"ratio p95 under load / p50 alone: {p95 / statistics.median(baseline):.1f}x")
    print(
        f"HTTP statuses (302: recorded, or refused with a message): { {s: statuses.count(s) for s in set(statuses)} }"
    )
    print(f"tallies for/against/abstaining {tallies}, expected {expected}; ballots {ballots}")
    print(f"choices stored for this secret vote: {stored_choices}")
    print(f"result on the state endpoint {result_after * 1000:.0f} ms after the close")
    print(f"screen followed the chair's steps after: {', '.join(f'{s * 1000:.0f} ms' for s in follow)}")
    print(f"target all answered within 30 s of the opening: {'met' if elapsed < 30 else 'MISSED'}")
    print(f"target p95 < 200 ms: {'met' if p95 < 200 else 'MISSED'}")
    print(f"target every vote counted once: {'met' if tallies == expected and ballots == len(cookies) else 'MISSED'}")
    print(f"target secret: no choice stored: {'met' if stored_choices == 0 else 'MISSED'}")
    print(f"target result < 2 s after closing: {'met' if result_after < 2 else 'MISSED'}")
    print(f"target screen follows within 1 s: {'met' if max(follow) < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
