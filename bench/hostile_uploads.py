"""Hostile uploads against the web process: its peak memory, and the door's scans while they are read.

    .venv/bin/python bench/hostile_uploads.py [--scanners 5] [--scans 60] [--pause 0.1]

Builds a throwaway SQLite database (approved delegates with badges, one Door account per scanner), writes three
hostile files: a 10 MB CSV of 3.5 million short lines, a 100,000 × 60 sheet of numbers (openpyxl write-only,
about 4.7 MB, cached under /tmp because writing it takes minutes) and an .xlsx whose shared-strings table expands
to 1 GB; then serves Plenary with the standard library's WSGI server (8 threads) in a subprocess, the web process
(this script with --serve). The scanners post to /<slug>/checkin/scan, first without uploads (the baseline),
then while three threads of the web process import the hostile files again and again, three at once, with the
call the upload view makes (import_preview). Prints the web process's peak resident memory (VmHWM) and the
scanners' p50/p95 with and without the uploads.
Targets: peak < 300 MB, p95 < 100 ms under the uploads. Only loopback traffic; every loop is bounded.
"""

import argparse
import datetime as dt
import json
import os
import shutil
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = Path(tempfile.gettempdir()) / "plenary-bench-hostile-uploads"
FILES = ("short-lines.csv", "wide.xlsx", "shared-strings-bomb.xlsx")
# With --at-limits: a real list as large as the limits allow (50,000 rows, 12 columns), imported in full.
AT_LIMITS = "at-the-limits.csv"
UPLOADERS = 3
MB = 1024 * 1024


def memory(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in bytes."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) * 1024 for line in lines if line.startswith(("VmRSS", "VmHWM"))}


def build_files(workdir: Path, wide_rows: int, at_limits: bool) -> tuple[str, ...]:
    from tests.registration.spreadsheets import files as sheets
    from tests.registration.spreadsheets import hostile_files

    CACHE.mkdir(exist_ok=True)
    wide = CACHE / f"wide-{wide_rows}x60.xlsx"
    if not wide.exists():
        print(f"writing the {wide_rows:,} × 60 sheet with openpyxl (minutes, once)...", flush=True)
        partial = wide.with_suffix(".part")
        partial.write_bytes(hostile_files.wide_xlsx(rows=wide_rows))
        partial.rename(wide)
    shutil.copy(wide, workdir / FILES[1])
    (workdir / FILES[0]).write_bytes(hostile_files.short_lines_csv())
    (workdir / FILES[2]).write_bytes(hostile_files.shared_strings_bomb(1024 * MB))
    if not at_limits:
        return FILES
    extra = [f"Note {n}" for n in range(5)]
    rows = [sheets.HEADERS + extra, *(person + extra for person in sheets.people(50_000))]
    (workdir / AT_LIMITS).write_bytes(sheets.text(rows))
    return (*FILES, AT_LIMITS)


def upload_loop(workdir: Path, slug: str, files: tuple[str, ...]) -> None:
    """In the web process: once ``go`` exists, three threads import the hostile files (each starting with a
    different one, so that three different uploads are read at once) until ``stop`` exists."""
    from conference.models import Conference
    from registration.spreadsheets.columns import ImportFileError
    from registration.spreadsheets.preview import import_preview

    while not (workdir / "go").exists():
        time.sleep(0.05)
    conference = Conference.objects.get(slug=slug)
    contents = {name: (workdir / name).read_bytes() for name in files}
    results: list[dict] = []
    lock = threading.Lock()

    def uploader(n: int) -> None:
        for round_ in range(10_000):
            if (workdir / "stop").exists():
                return
            name = files[(n + round_) % len(files)]
            started = time.perf_counter()
            try:
                import_preview(conference=conference, content=contents[name], filename=name)
                outcome = "accepted"
            except ImportFileError as error:
                outcome = str(error)
            with lock:
                results.append({"file": name, "seconds": time.perf_counter() - started, "outcome": outcome})

    threads = [threading.Thread(target=uploader, args=(n,)) for n in range(UPLOADERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (workdir / "uploads.json").write_text(json.dumps(results))


def serve(port: int, workdir: Path, slug: str, files: tuple[str, ...]) -> None:
    """wsgiref's server with a fixed pool of threads, and the upload threads, in one process."""
    from concurrent.futures import ThreadPoolExecutor
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args) -> None:
            pass

    class PooledWSGIServer(WSGIServer):
        request_queue_size = 128
        pool = ThreadPoolExecutor(max_workers=8)

        def process_request(self, request, client_address) -> None:
            self.pool.submit(self.handle_in_pool, request, client_address)

        def handle_in_pool(self, request, client_address) -> None:
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    threading.Thread(target=upload_loop, args=(workdir, slug, files), daemon=True).start()
    application = get_wsgi_application()
    with make_server("127.0.0.1", port, application, PooledWSGIServer, QuietHandler) as server:
        server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    parser.add_argument("--at-limits", action="store_true", help="also import a real list as large as the limits")
    parser.add_argument("--scanners", type=int, default=5)
    parser.add_argument("--scans", type=int, default=60, help="scans per scanner in each phase")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between the scans of one scanner")
    parser.add_argument("--wide-rows", type=int, default=100_000, help="rows of the sheet of 60 numbers")
    options = parser.parse_args()
    slug = "bench-hostile"
    if options.serve:
        serve(options.serve, Path(options.workdir), slug, tuple(options.files.split(",")))
        return

    workdir = Path(tempfile.mkdtemp(prefix="plenary-bench-hostile-"))
    port = free_port()
    environment = server_environment(
        base=dict(os.environ),
        database_url=f"sqlite:///{workdir}/bench.sqlite3",
        port=port,
        # A door account may scan 120 badges a minute; each scanner here scans about 125 in one minute.
        PLENARY_CHECKIN_SCANS_PER_MINUTE="100000",
    )
    os.environ.update(environment)
    server = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        from conference.models import Conference
        from registration.badges.services import badges_issue_for
        from registration.models import Registration

        call_command("migrate", verbosity=0)
        conference = Conference.objects.create(
            slug=slug,
            status=Conference.Status.REGISTRATION_CLOSED,  # the door works a conference open for check-in
            edition=9,
            title_en="Bench",
            city_en="Brussels",
            start_date=dt.date(2025, 5, 3),
            end_date=dt.date(2025, 5, 4),
        )
        count = 2 * options.scanners * options.scans
        registrations = Registration.objects.bulk_create(
            Registration(
                conference=conference,
                first_name="Delegate",
                last_name=str(n),
                email=f"d{n}@example.org",
                status=Registration.Status.APPROVED,
            )
            for n in range(count)
        )
        tokens = [badge.token for badge in badges_issue_for(registrations=registrations)]
        cookies = door_cookies(options.scanners)
        connections.close_all()
        files = build_files(workdir, options.wide_rows, options.at_limits)
        sizes = {name: (workdir / name).stat().st_size for name in files}

        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--workdir", str(workdir), "--files", ",".join(files)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        scan_url = f"http://127.0.0.1:{port}/{slug}/checkin/scan"
        if not wait_for_server(port, seconds=20):
            sys.exit("the server did not start")

        def scan(token: str, cookie: tuple[str, str]) -> tuple[float, int]:
            body = urllib.parse.urlencode({"code": f"{settings.SITE_URL}/b/{token}", "door": "Main"}).encode()
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

        def phase(tokens: list[str]) -> tuple[list[float], list[int]]:
            shares = [tokens[n :: options.scanners] for n in range(options.scanners)]
            latencies: list[float] = []
            statuses: list[int] = []
            lock = threading.Lock()

            def scanner(n: int) -> None:
                mine = []
                for token in shares[n]:
                    mine.append(scan(token, cookies[n]))
                    time.sleep(options.pause)
                with lock:
                    latencies.extend(latency for latency, _status in mine)
                    statuses.extend(status for _latency, status in mine)

            threads = [threading.Thread(target=scanner, args=(n,)) for n in range(options.scanners)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return latencies, statuses

        for token in tokens[:5]:  # warm the server's threads and connections
            scan(token, cookies[0])
        half = len(tokens) // 2
        idle = memory(server.pid)
        baseline, baseline_statuses = phase(tokens[5:half])
        before_uploads = memory(server.pid)
        (workdir / "go").touch()
        time.sleep(0.5)  # the uploads are under way
        loaded, loaded_statuses = phase(tokens[half:])
        (workdir / "stop").touch()
        for _ in range(1200):  # up to 120 s for the uploads in flight to end
            if (workdir / "uploads.json").exists():
                break
            time.sleep(0.1)
        after_uploads = memory(server.pid)
        uploads = json.loads((workdir / "uploads.json").read_text()) if (workdir / "uploads.json").exists() else []
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"web process: wsgiref with 8 threads on SQLite, {options.scanners} scanners, {options.pause:g} s pause")
    print("files: " + ", ".join(f"{name} {size / MB:.1f} MB" for name, size in sizes.items()))
    for name in files:
        mine = [upload for upload in uploads if upload["file"] == name]
        if mine:
            seconds = statistics.median(upload["seconds"] for upload in mine)
            outcomes = sorted({upload["outcome"][:90] for upload in mine})
            print(f"  {name}: {len(mine)} uploads, median {seconds:.2f} s, {' / '.join(outcomes)}")
    grown = (after_uploads["VmHWM"] - before_uploads["VmHWM"]) / MB
    print(
        f"web process memory: idle {idle['VmRSS'] / MB:.0f} MB; peak {before_uploads['VmHWM'] / MB:.0f} MB before "
        f"the uploads, {after_uploads['VmHWM'] / MB:.0f} MB with them (+{grown:.0f} MB)"
    )
    for label, latencies, statuses in (
        ("without uploads", baseline, baseline_statuses),
        (f"with {UPLOADERS} uploads at once", loaded, loaded_statuses),
    ):
        p50, p95 = (percentile(latencies, q) for q in (0.50, 0.95))
        codes = dict(sorted((s, statuses.count(s)) for s in set(statuses)))
        print(f"scans {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms, HTTP {codes}")
    p95 = percentile(loaded, 0.95)
    print(f"target peak < 300 MB: {'met' if after_uploads['VmHWM'] < 300 * MB else 'MISSED'}")
    print(f"target p95 < 100 ms under the uploads: {'met' if p95 < 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
