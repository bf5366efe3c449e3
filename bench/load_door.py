"""The door peak under Locust: 20 door devices scan 600 arrivals while the secretariat runs a 10,000-row import
and a 1,000-badge batch on the task workers.

    .venv/bin/python bench/load_door.py [--duration 600] [--devices 20] [--arrivals 600] [--rows 10000]
                                        [--badges 1000] [--rounds 1] [--web-workers 5] [--threads 1]

The stack (bench/_stack.py): a throwaway PostgreSQL database, gunicorn with DEBUG off, two db_worker processes
at a lower CPU priority (nice 10). One door account per device (bench/_door_bench.py), each at one of four doors.
The arrivals are spread evenly over --duration; a tenth of them is scanned a second time, at once, by the next
device (a delegate who shows the badge twice). The baseline: one device alone, before the load, 30 scans one
after the other; the devices start staggered, so that their scans interleave. At the first scan the secretariat
previews the import (in this process, as the preview request would), hands it to the workers and starts the
badge batch; both are followed to the end. --rounds 0 repeats them (new delegates each time) until the last
scan, so that every scan meets heavy work.
Prints the scan p50/p95/p99 with and without the secretariat's work, errors, check-ins recorded against the
distinct arrivals (a double check-in would show there), the scans' outcomes, and when the import and batch
finished. Targets: scan p95 < 100 ms, zero errors, zero double check-ins, the import and the batch complete.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from _door_bench import door_cookies, percentile
from _stack import ROOT, VENV_BIN, start_stack


def build_xlsx(rows: int, *, prefix: str = "") -> bytes:
    """A partner's delegation list: ``rows`` new delegates, Arabic names included."""
    import io

    import openpyxl

    from registration.spreadsheets.columns import COLUMNS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Delegation")
    sheet.append(COLUMNS)
    countries = ["PS", "BE", "FR", "LB", "JO", "EG", "MA", "TN", "DZ", "GB"]
    for n in range(rows):
        sheet.append([
            f"Amina{n}", f"Haddad{n}", f"{prefix}import{n}@example.org", f"Organisation {n % 50}", countries[n % 10],
            "delegate", f"أمينة حداد {n}", "Member", f"+970 59 {n:07d}", "en",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Secretariat(threading.Thread):
    """The import (preview here, apply on a worker) and the badge batch (on a worker), followed to the end."""

    def __init__(self, *, conference, registrations, rows: int, rounds: int, deadline: float) -> None:
        super().__init__(daemon=True)
        self.conference, self.registrations, self.rows, self.deadline = conference, registrations, rows, deadline
        self.rounds = rounds  # 0: one round after the other until the scans end (``scans_ended``)
        self.scans_ended = threading.Event()
        self.times: dict[str, float] = {}  # of the first round
        self.window = (0.0, 0.0)  # wall clock: from the first preview to the last job's end
        self.states: dict[str, str] = {}
        self.completed = 0  # rounds whose import and batch were both done
        self.error: BaseException | None = None

    def run(self) -> None:
        from django.db import connection

        try:
            self.work()
        except BaseException as error:  # reported by the main thread
            self.error = error
        finally:
            connection.close()

    def work(self) -> None:
        self.window = (time.time(), time.time())
        number = 0
        while time.monotonic() < self.deadline and (number < self.rounds or not self.rounds):
            if not self.rounds and self.scans_ended.is_set():
                break
            states, times = self.round(number)
            if number == 0:
                self.states, self.times = states, times
            self.completed += all(state.startswith("done") for state in states.values()) and len(states) == 2
            self.window = (self.window[0], time.time())
            number += 1

    def round(self, number: int) -> tuple[dict[str, str], dict[str, float]]:
        """One import of new delegates (round ``number``'s e-mail addresses) and one badge batch, to their end."""
        from plenary.jobs.models import Job
        from registration.badges.pdf import LAYOUTS
        from registration.badges.services import badge_batch_start
        from registration.spreadsheets.preview import import_preview
        from registration.spreadsheets.tasks import ApplyOptions, import_start
        from registration.spreadsheets.uploads import import_store_upload

        started = time.monotonic()
        content = build_xlsx(self.rows, prefix=f"r{number}-")
        preview = import_preview(conference=self.conference, content=content, filename="delegation.xlsx")
        token = import_store_upload(conference_id=self.conference.pk, content=content)
        times = {"import preview": time.monotonic() - started}
        options = ApplyOptions(
            conference_id=self.conference.pk,
            user_id=None,
            token=token,
            filename="delegation.xlsx",
            sha256=preview.sha256,
            fingerprint=preview.fingerprint,
        )
        states: dict[str, str] = {}
        jobs = {"import": import_start(options=options, rows=self.rows).job}
        if jobs["import"] is None:  # a small import is applied at once, in this process
            states["import"], times["import"] = "done (at once)", time.monotonic() - started
            del jobs["import"]
        jobs["badges"] = badge_batch_start(
            conference=self.conference, registrations=self.registrations, layout=next(iter(LAYOUTS)), by=None
        )
        while jobs and time.monotonic() < self.deadline:
            for kind, job in list(jobs.items()):
                job = Job.objects.get(pk=job.pk)
                states[kind] = f"{job.state} ({job.done}/{job.total}) {job.message}".strip()
                if job.state in (Job.State.DONE, Job.State.FAILED):
                    times[kind] = time.monotonic() - started
                    del jobs[kind]
            time.sleep(0.5)
        return states, times


def scan_once(url: str, *, code: str, door: int, device: dict) -> tuple[float, int]:
    body = urllib.parse.urlencode({"code": code, "door": door}).encode()
    headers = {"Cookie": device["cookie"], "X-CSRFToken": device["csrf"]}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds over which the arrivals come")
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--arrivals", type=int, default=600)
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the import")
    parser.add_argument("--badges", type=int, default=1000, help="badges in the batch")
    parser.add_argument(
        "--rounds", type=int, default=1, help="imports + batches one after the other (0: until the last scan)"
    )
    # deploy/gunicorn.conf.py's default: synchronous workers, two per core and one more.
    parser.add_argument("--web-workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--wait", type=int, default=900, help="at most this many seconds for the import and batch")
    options = parser.parse_args()
    stack = start_stack(
        name="door", instances=1, web_workers=options.web_workers, threads=options.threads, task_workers=2
    )
    try:
        os.environ.update(stack.env)
        import django

        django.setup()
        report = measure(options, stack)
    finally:
        try:
            from django.db import connections

            connections.close_all()
        finally:
            stack.stop()  # even when Django failed to start here
    print("\n".join(report))


def measure(options, stack) -> list[str]:
    from django.conf import settings
    from django.db.models import Count

    from conference.models import Conference
    from plenary.i18n import FALLBACK_LANGUAGE, field_name
    from registration.badges.services import badges_issue_for
    from registration.models import CheckIn, Door, Registration, Scan

    conference = Conference.objects.create(
        slug="bench-door",
        status=Conference.Status.REGISTRATION_CLOSED,
        edition=9,
        title_en="Bench",
        city_en="Brussels",
        start_date=dt.date.today(),
        end_date=dt.date.today() + dt.timedelta(days=1),
    )
    baseline_count = 30
    registrations = Registration.objects.bulk_create(
        Registration(
            conference=conference,
            first_name="Delegate",
            last_name=str(n),
            email=f"d{n}@example.org",
            status=Registration.Status.APPROVED,
        )
        for n in range(max(options.badges, options.arrivals) + baseline_count)
    )
    tokens = [badge.token for badge in badges_issue_for(registrations=registrations)]
    baseline_tokens, tokens = tokens[:baseline_count], tokens[baseline_count:]
    doors = [
        Door.objects.create(conference=conference, **{field_name("name", FALLBACK_LANGUAGE): name}).pk
        for name in ["Baseline", *(f"Door {n}" for n in range(4))]
    ]
    cookies = door_cookies(options.devices + 1)
    devices = [{"cookie": cookie, "csrf": csrf, "door": doors[1 + n % 4]} for n, (cookie, csrf) in enumerate(cookies)]
    arrivals = random.Random(14).sample(tokens, options.arrivals)
    codes = []
    for n, token in enumerate(arrivals):
        codes.append(f"{settings.SITE_URL}/b/{token}")
        if n % 10 == 9:  # shown twice: the next device scans it again
            codes.append(codes[-1])
    plan = stack.folder / "door-plan.json"
    plan.write_text(json.dumps({"slug": conference.slug, "devices": devices[:-1], "codes": codes}))

    scan_url = f"{stack.url}/{conference.slug}/checkin/scan"
    baseline = [
        scan_once(scan_url, code=f"{settings.SITE_URL}/b/{token}", door=doors[0], device=devices[-1])[0]
        for token in baseline_tokens
    ]

    pacing = options.duration * options.devices / len(codes)
    secretariat = Secretariat(
        conference=conference,
        registrations=registrations[baseline_count : baseline_count + options.badges],
        rows=options.rows,
        rounds=options.rounds,
        deadline=time.monotonic() + options.duration + options.wait,
    )
    prefix = stack.folder / "locust-door"
    log = stack.folder / "door-scans.log"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench/locustfile.py"),
        "--headless",
        "--only-summary",
        "--loglevel=ERROR",
        f"--users={options.devices}",
        f"--spawn-rate={options.devices}",
        f"--run-time={options.duration + 300}s",  # a safety net: the last device ends the run
        f"--host={stack.url}",
        f"--csv={prefix}",
        "DoorDevice",
    ]
    env = {
        **os.environ,
        "BENCH_DOOR_PLAN": str(plan),
        "BENCH_DOOR_PACING": f"{pacing:.3f}",
        "BENCH_DOOR_LOG": str(log),
    }
    locust = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The secretariat starts with the first scan (Locust takes seconds to start): its work overlaps the door's.
    while not log.exists() and locust.poll() is None:
        time.sleep(0.1)
    secretariat.start()
    locust.wait()
    secretariat.scans_ended.set()
    secretariat.join(timeout=options.wait)

    with open(f"{prefix}_failures.csv", newline="") as failures:
        failed = list(csv.DictReader(failures))
    scans = [line.split() for line in log.read_text().splitlines()] if log.exists() else []
    latencies = [float(milliseconds) for _at, milliseconds, _status in scans]
    during = [float(ms) for at, ms, _status in scans if secretariat.window[0] <= float(at) <= secretariat.window[1]]
    outside = [
        float(ms) for at, ms, _status in scans if not secretariat.window[0] <= float(at) <= secretariat.window[1]
    ]
    statuses = Counter(status for _at, _ms, status in scans)
    scanning_seconds = float(scans[-1][0]) - float(scans[0][0]) if scans else 0.0
    load_doors = doors[1:]
    checkins = CheckIn.objects.filter(door__in=load_doors).count()
    admitted = Scan.objects.filter(door__in=load_doors, outcome=Scan.Outcome.CHECKED_IN)
    admitted_twice = admitted.values("registration").annotate(n=Count("pk")).filter(n__gt=1).count()
    outcomes = dict(Scan.objects.filter(door__in=load_doors).values_list("outcome").annotate(n=Count("pk")))
    errors = sum(count for status, count in statuses.items() if status != "200") + len(codes) - len(scans)
    p95 = percentile(latencies, 0.95) if len(latencies) > 1 else 0.0

    every_round = secretariat.completed >= max(options.rounds, 1) and not secretariat.error
    verdict = {True: "met", False: "MISSED"}

    def figures(values: list[float]) -> str:
        if len(values) < 2:
            return f"{len(values)} scans"
        quantiles = ", ".join(f"p{round(q * 100)} {percentile(values, q):.0f}" for q in (0.5, 0.95, 0.99))
        return f"{quantiles}, max {max(values):.0f} ms ({len(values)} scans)"

    return [
        f"Door peak on {os.cpu_count()} shared cores: gunicorn {options.web_workers} workers x {options.threads} "
        f"threads, 2 db_workers at nice 10, PostgreSQL; {options.devices} devices, {options.arrivals} arrivals "
        f"({len(codes)} scans) over {options.duration} s, one scan per device every {pacing:.1f} s",
        f"baseline, one device alone: {figures(baseline)}",
        f"under load, all scans ({scanning_seconds:.0f} s): {figures(latencies)}",
        f"  while the import or the batch ran: {figures(during)}",
        f"  the rest of the time: {figures(outside)}",
        f"secretariat from the first scan, {secretariat.completed} round(s) completed; the first: "
        f"import of {options.rows:,} rows (preview "
        f"{secretariat.times.get('import preview', 0):.1f} s here) {secretariat.states.get('import')} at "
        f"{secretariat.times.get('import', 0):.0f} s; {options.badges} badges {secretariat.states.get('badges')} at "
        f"{secretariat.times.get('badges', 0):.0f} s" + (f"; ERROR {secretariat.error!r}" if secretariat.error else ""),
        f"HTTP statuses: {dict(statuses)}; errors: {errors}"
        + "".join(f"\n  {row['Occurrences']} x {row['Error'][:160]}" for row in failed),
        f"check-ins recorded: {checkins} for {options.arrivals} distinct arrivals; admitted twice (two scans "
        f"answered 'checked in' for one delegate): {admitted_twice}",
        f"scan outcomes: {outcomes}",
        f"target p95 < 100 ms: {verdict[0 < p95 < 100]}",
        f"target zero errors: {verdict[errors == 0 and not failed]}",
        f"target zero double check-ins: {verdict[admitted_twice == 0 and checkins == options.arrivals]}",
        f"target import and batch complete: {verdict[every_round]}",
    ]


if __name__ == "__main__":
    sys.exit(main())
