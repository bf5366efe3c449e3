"""Scale-out: two gunicorn instances (deploy/gunicorn.conf.py) on two ports behind nginx (deploy/nginx-plenary.conf's
proxy settings), two task workers, one PostgreSQL. Web processes share nothing but the database: a badge batch
started through one instance is rendered by a worker and downloaded through the other, a check-in through one is
"already checked in" through the other, a login through one is valid on the other, and the door's rate limit
counts the scans sent to both.

Runs in the PostgreSQL pass of `make test`; skipped loudly where nginx is missing, a failure with CI=true."""

import os
import re
import shutil
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult

from registration.badges.pdf import DEFAULT_LAYOUT
from registration.badges.services import INLINE_BATCH_LIMIT, badges_issue_for
from registration.models import Registration
from tests.conftest import IN_CI, authenticator_code
from tests.deploy.stack import (
    NGINX,
    Browser,
    Stack,
    empty_shared_cache,
    nginx_site,
    stack_environment,
    wait_for_port,
)
from tests.factories import DoorFactory, RegistrationFactory
from tests.plenary.test_shared_state import database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PUBLIC, FIRST, SECOND = 18100, 18101, 18102
SCANS_PER_MINUTE = 8
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


@pytest.fixture
def stack(tmp_path):
    if not shutil.which(NGINX) and not os.path.exists(NGINX):
        if IN_CI:
            pytest.fail(f"CI=true but nginx ({NGINX}) is missing: the scale-out test cannot be skipped in CI")
        pytest.skip("nginx NOT INSTALLED: SCALE-OUT TEST SKIPPED (apt-get install nginx)")
    environment = stack_environment(
        database_url=database_url(),
        public_port=PUBLIC,
        PLENARY_CHECKIN_SCANS_PER_MINUTE=str(SCANS_PER_MINUTE),
    )
    empty_shared_cache(environment)
    running = Stack(tmp_path)
    try:
        # The workers first: at nice 10 they start last on a busy machine.
        running.worker("worker-1", environment)
        running.worker("worker-2", environment)
        running.gunicorn("web-1", FIRST, environment)
        running.gunicorn("web-2", SECOND, environment)
        running.nginx(nginx_site(port=PUBLIC, upstreams=[FIRST, SECOND]))
        for port in (FIRST, SECOND, PUBLIC):
            wait_for_port(port, stack=running)
        yield running
    finally:
        running.stop()


def login(browser: Browser, port: int, email: str, *, totp: bool = False) -> None:
    browser.request(port, "/en/accounts/login/")
    status, headers, page = browser.request(port, "/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert status == 302, page.decode()[:3000]
    if totp:
        assert headers["Location"].endswith("/accounts/2fa/authenticate/")
        code = authenticator_code()
        status, headers, _ = browser.request(port, "/en/accounts/2fa/authenticate/", {"code": code})
        assert status == 302 and "2fa" not in headers["Location"], (status, headers.get("Location"))


def wait_until_done(browser: Browser, port: int, job: int, *, stack: Stack, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, answer = browser.json(port, f"/jobs/{job}/status")
        assert status == 200, answer
        if answer["state"] in {"done", "failed"}:
            return answer
        time.sleep(0.5)
    raise AssertionError(f"job {job} not finished\n{stack.logs()}")


def test_two_instances_behind_nginx_share_everything_through_the_database(
    stack, conference, door_user, secretariat_user
):
    # The suite's fast test hasher is not one production settings accept.
    get_user_model().objects.filter(pk__in=[door_user.pk, secretariat_user.pk]).update(
        password=PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    )
    door = DoorFactory(conference=conference, name_en="North")
    registrations = [
        RegistrationFactory(conference=conference, status=Registration.Status.APPROVED)
        for _ in range(INLINE_BATCH_LIMIT + 5)  # more than a page renders at once: the batch goes to a worker
    ]
    badge = badges_issue_for(registrations=registrations[:1])[0]
    slug = conference.slug

    # Through nginx, the site and its health: green once a worker has written its first heartbeat (at nice 10
    # on a busy machine, a worker may take a while to start: it yields the CPU to everything else).
    browser = Browser()
    deadline = time.monotonic() + 300
    while (answer := browser.json(PUBLIC, "/healthz"))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert answer == (200, {"status": "ok", "database": "ok", "worker": "ok"}), stack.logs()
    status, _, page = browser.request(PUBLIC, f"/en/{slug}/")
    assert status == 200 and conference.title_en.encode() in page

    # A door volunteer signs in through the first instance; the second knows the session.
    door_browser = Browser()
    login(door_browser, FIRST, door_user.email)
    assert door_browser.request(SECOND, f"/en/{slug}/checkin/")[0] == 200
    assert Browser().request(SECOND, f"/en/{slug}/checkin/")[0] == 302  # without the session: the login page

    # The door's limit is per minute: the scans below stay within one.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    # A check-in through one instance is "already checked in" through the other.
    scan = {"code": badge.token, "door": door.pk}
    status, first = door_browser.json(FIRST, f"/{slug}/checkin/scan", scan)
    assert (status, first["result"]) == (200, "checked_in")
    status, second = door_browser.json(SECOND, f"/{slug}/checkin/scan", scan)
    assert (status, second["result"]) == (200, "already_checked_in")
    assert second["door"] == "North"

    # The door's rate limit counts the scans sent to both instances (2 so far), then refuses on either.
    answers = [
        door_browser.json((FIRST, SECOND)[index % 2], f"/{slug}/checkin/scan", scan)[0]
        for index in range(SCANS_PER_MINUTE - 2)
    ]
    assert answers == [200] * (SCANS_PER_MINUTE - 2)
    assert door_browser.json(FIRST, f"/{slug}/checkin/scan", scan)[0] == 429
    assert door_browser.json(SECOND, f"/{slug}/checkin/scan", scan)[0] == 429

    # The secretariat starts a badge batch through the first instance, a worker renders it, the second serves it.
    secretariat = Browser()
    login(secretariat, FIRST, secretariat_user.email, totp=True)
    status, headers, _ = secretariat.request(FIRST, f"/en/{slug}/manage/badges/", {"layout": DEFAULT_LAYOUT})
    assert status == 302, status
    job = int(re.search(r"/jobs/(\d+)/$", headers["Location"]).group(1))
    answer = wait_until_done(secretariat, SECOND, job, stack=stack)
    assert (answer["state"], answer["total"]) == ("done", len(registrations)), answer
    status, headers, pdf = secretariat.request(SECOND, answer["download_url"])
    assert status == 200 and pdf.startswith(b"%PDF"), (status, pdf[:100])
    assert headers["Content-Disposition"].startswith("attachment")
    rendered = DBTaskResult.objects.get(task_path__endswith="render_badge_batch")
    assert len(rendered.worker_ids) == 1 and rendered.worker_ids[0] in {"worker-1", "worker-2"}
