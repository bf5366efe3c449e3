"""Locust users for the load benchmarks (bench/load_rush.py and bench/load_door.py start them; see there).

- ``Delegate``: signs up, reads the verification e-mail from the bench mailbox (bench/_mailbox.py), confirms,
  and registers for the conference, again and again with new addresses, each from its own client address.
- ``Visitor``: browses the agenda, the speakers and the home page in every language, at a reader's pace.
- ``DoorDevice``: a door scanner posting badge codes to the scan endpoint at the door's pace, from a plan file.

Environment: BENCH_SLUG (the conference), BENCH_RUN (a prefix that keeps addresses unique between runs),
BENCH_DELEGATES and BENCH_DELEGATE_PACING (seconds between one delegate's journeys; 0: back to back),
BENCH_VISITORS, BENCH_MAILBOX (the mailbox folder), BENCH_DOOR_PLAN (a JSON file), BENCH_DOOR_PACING (seconds
between one device's scans).
"""

import email
import email.policy
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from locust import FastHttpUser, between, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from plenary.i18n import LANGUAGE_CODES

SLUG = os.environ.get("BENCH_SLUG", "tenth-conference")
RUN = os.environ.get("BENCH_RUN", str(os.getpid()))
MAILBOX = Path(os.environ.get("BENCH_MAILBOX", "."))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"(/[a-z-]+/accounts/confirm-email/[^/\s\"<>]+/)")
MAIL_WAIT_SECONDS = 10
_numbers = itertools.count()


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise ValueError("no CSRF token in the page")
    return found.group(1)


def confirmation_link(message_bytes: bytes) -> str | None:
    """The path of the verification link in an allauth e-mail (its text parts decoded), or None."""
    message = email.message_from_bytes(message_bytes, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found = CONFIRM_LINK.search(part.get_content())
            if found:
                return found.group(1)
    return None


class Paced:
    """A user on its own clock: user n of N starts n/N of ``pacing`` into the run, then starts a task every
    ``pacing`` seconds (a late task is followed by the next at once, as a queue at a door would be). Locust's
    constant_pacing counts the staggered first delay as a slow task and makes it up at once, which put all the
    users back in the same instant: bursts that no door and no registration opening sees. A pacing of 0 runs
    the tasks back to back."""

    pacing = 0.0

    def start_clock(self, *, number: int, count: int) -> None:
        self.due = time.monotonic() + self.pacing * number / max(count, 1)
        time.sleep(max(0.0, self.due - time.monotonic()))  # Locust patches sleep: only this user waits

    def wait_time(self) -> float:
        self.due += self.pacing
        return max(0.0, self.due - time.monotonic())


class Browser(FastHttpUser):
    """A browser that reached the site over TLS: the production cookies are Secure, the bench speaks plain HTTP
    on the loopback, so the cookies are sent anyway (TLS itself is left out of the measurement). FastHttpUser
    (geventhttpclient) rather than HttpUser (requests): the load generator shares the server's two cores, and
    it costs a fraction of the CPU per request."""

    abstract = True
    headers: dict[str, str] = {}

    def send(self, method: str, path: str, *, name: str, expect: int, **kwargs):
        """One request; a status other than ``expect`` is a failure. Returns the response, or None on failure
        (compare with None: a response without a body, a redirect, is falsy)."""
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, headers=self.headers, **kwargs
        ) as r:
            for cookie in self.client.cookiejar:
                cookie.secure = False
            if r.status_code != expect:
                r.failure(f"HTTP {r.status_code}, expected {expect} {getattr(r, 'error', None) or ''}"[:300])
                return None
            return r


class Delegate(Paced, Browser):
    """BENCH_DELEGATES delegates, each starting a journey every BENCH_DELEGATE_PACING seconds (0: one after the
    other, as fast as the site answers)."""

    pacing = float(os.environ.get("BENCH_DELEGATE_PACING", "0"))
    count = int(os.environ.get("BENCH_DELEGATES", "1"))
    _delegates = itertools.count()

    def on_start(self) -> None:
        self.start_clock(number=next(self._delegates), count=self.count)

    @task
    def register(self) -> None:
        number = next(_numbers)
        address = f"rush-{RUN}-{os.getpid()}-{number}@example.org"
        password = f"Rush-{random.getrandbits(64):x}-pass"
        # Each delegate is a different phone: its own client address for the per-IP limits.
        self.headers = {"X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"}
        self.client.cookiejar.clear()
        page = self.send("GET", "/en/accounts/signup/", name="sign-up form", expect=200)
        if page is None:
            return
        form = {"email": address, "password1": password, "password2": password}
        signed_up = self.send(
            "POST", "/en/accounts/signup/", name="sign-up submit", expect=302, data=form | self.csrf(page)
        )
        if signed_up is None:
            return
        link = self.read_link(address)
        if not link:
            return
        page = self.send("GET", link, name="confirm page", expect=200)
        if page is None or self.send("POST", link, name="confirm submit", expect=302, data=self.csrf(page)) is None:
            return
        register = f"/en/{SLUG}/register/"
        page = self.send("GET", register, name="register form", expect=200)
        if page is None:
            return
        details = {
            "first_name": "Amina",
            "last_name": f"Haddad {number}",
            "organisation": "Addameer",
            "country": "PS",
            "category": "delegate",
            "language": LANGUAGE_CODES[number % len(LANGUAGE_CODES)],
            "accept_privacy": "on",
        }
        self.send("POST", register, name="register submit", expect=302, data=details | self.csrf(page))

    def csrf(self, page) -> dict:
        return {"csrfmiddlewaretoken": csrf_token(page.text)}

    def read_link(self, address: str) -> str | None:
        """The verification link, read from the mailbox; a failure (as a request) when no mail came."""
        path = MAILBOX / f"{address}.eml"
        started = time.perf_counter()
        while time.perf_counter() - started < MAIL_WAIT_SECONDS:
            if path.exists():
                link = confirmation_link(path.read_bytes())
                if link:
                    return link
            time.sleep(0.05)
        self.environment.events.request.fire(
            request_type="MAIL",
            name="verification e-mail",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=RuntimeError(f"no verification e-mail in {MAIL_WAIT_SECONDS} s"),
            context={},
        )
        return None


class Visitor(Browser):
    fixed_count = int(os.environ.get("BENCH_VISITORS", "100"))
    wait_time = between(1, 5)

    def language(self) -> str:
        return random.choice(LANGUAGE_CODES)

    @task(3)
    def agenda(self) -> None:
        self.send("GET", f"/{self.language()}/{SLUG}/agenda/", name="agenda", expect=200)

    @task(2)
    def speakers(self) -> None:
        self.send("GET", f"/{self.language()}/{SLUG}/speakers/", name="speakers", expect=200)

    @task(1)
    def home(self) -> None:
        self.send("GET", f"/{self.language()}/{SLUG}/", name="home", expect=200)


def _door_plan() -> dict:
    path = os.environ.get("BENCH_DOOR_PLAN")
    return json.loads(Path(path).read_text()) if path else {"devices": [], "codes": []}


class DoorDevice(Paced, FastHttpUser):
    """One scanner: a door account's session (cookie and CSRF token from the plan) at one door. The devices share
    the arrivals in the plan's order (a badge scanned twice is scanned by two devices). Every scan's time is
    written to BENCH_DOOR_LOG (wall clock, milliseconds, status), exact where Locust's CSV rounds; when the last
    device has no code left, the run ends."""

    plan = _door_plan()
    fixed_count = len(plan["devices"])
    pacing = float(os.environ.get("BENCH_DOOR_PACING", "20"))
    _devices = itertools.count()
    _codes = iter(plan["codes"])
    _finished = 0

    def on_start(self) -> None:
        number = next(self._devices)
        self.device = self.plan["devices"][number % len(self.plan["devices"])]
        self.start_clock(number=number, count=self.fixed_count)  # arrivals spread over the run

    @task
    def scan(self) -> None:
        code = next(self._codes, None)
        if code is None:
            DoorDevice._finished += 1
            if DoorDevice._finished == self.fixed_count:
                self.environment.runner.quit()
            raise StopUser
        headers = {"Cookie": self.device["cookie"], "X-CSRFToken": self.device["csrf"]}
        data = {"code": code, "door": self.device["door"]}
        started = time.perf_counter()
        with self.client.post(
            f"/{self.plan['slug']}/checkin/scan", data=data, headers=headers, name="scan", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}"[:300])
        milliseconds = (time.perf_counter() - started) * 1000
        with open(os.environ["BENCH_DOOR_LOG"], "a") as log:
            log.write(f"{time.time():.3f} {milliseconds:.1f} {response.status_code}\n")
