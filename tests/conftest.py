"""Shared fixtures: users in each role, and the real parts (PostgreSQL, Chromium) with loud skips."""

import os
import shutil
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT
from tests.factories import ConferenceFactory, UserFactory
from tests.programme import programme  # noqa: F401  (a fixture every folder uses)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    has_chromium = shutil.which(CHROMIUM) is not None
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="runs in the PostgreSQL pass (make test starts one)"))
        if "browser" in item.keywords and not has_chromium:
            if IN_CI:
                raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: browser tests cannot be skipped in CI")
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not installed: BROWSER TESTS SKIPPED"))


@pytest.fixture(autouse=True)
def english_by_default():
    """A request to /ar/ leaves Arabic active in the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def conference(db):
    return ConferenceFactory(slug="brussels-2025")


# The secretariat must use two-factor authentication (plenary.mfa): the test account has an
# authenticator app with this secret; authenticator_code() gives what the app would show.
SECRETARIAT_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def authenticator_code(secret: str = SECRETARIAT_TOTP_SECRET) -> str:
    """The current code, taken at least 8 s before its 30-second window ends: allauth allows no tolerance, and a
    code read at the end of its window was refused by the time a slow browser submitted it."""
    if time.time() % 30 > 22:
        time.sleep(30.5 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a whole login: for a user with an authenticator app that
    includes the second factor, which allauth records in the session (``plenary.mfa.mfa_passed``). A test
    of a session that skipped it logs in with ``login_without_second_factor``."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def mark_second_factor_passed(client, user):
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    session = client.session
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type},
    ]
    session["account_authentication_methods_user"] = user_id_to_str(user)
    session.save()


def login_without_second_factor(client, user):
    """A session signed in with the password only (or some other way than allauth's two-factor step)."""
    client.force_login(user)
    session = client.session
    session.pop("account_authentication_methods", None)
    session.pop("account_authentication_methods_user", None)
    session.save()
    return client


@pytest.fixture
def secretariat_user(db):
    from allauth.mfa.totp.internal.auth import TOTP

    user = UserFactory(email="secretariat@example.org", groups=[SECRETARIAT])
    TOTP.activate(user, SECRETARIAT_TOTP_SECRET)
    return user


@pytest.fixture
def rapporteur_user(db):
    return UserFactory(email="rapporteur@example.org", groups=[RAPPORTEUR])


@pytest.fixture
def door_user(db):
    return UserFactory(email="door@example.org", groups=[DOOR])


@pytest.fixture
def delegate_user(db):
    return UserFactory(email="delegate@example.org")


@pytest.fixture
def other_delegate_user(db):
    return UserFactory(email="other@example.org")


def _client_for(client, user):
    client.force_login(user)
    return client


# Permission tests are written as the attack: each role in turn tries, and what it gets is asserted.
ROLES = ["anonymous", "delegate", "other_delegate", "rapporteur", "door", "secretariat"]


@pytest.fixture
def as_role(client, request):
    """``as_role("door")`` is the test client logged in as that role's user (``anonymous``: not logged in)."""

    def log_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(f"{role}_user"))
        return client

    return log_in


@pytest.fixture
def secretariat_client(client, secretariat_user):
    return _client_for(client, secretariat_user)


@pytest.fixture
def door_client(client, door_user):
    return _client_for(client, door_user)


@pytest.fixture
def rapporteur_client(client, rapporteur_user):
    return _client_for(client, rapporteur_user)


@pytest.fixture
def delegate_client(client, delegate_user):
    return _client_for(client, delegate_user)


# --- Browser (Playwright driving Debian's Chromium; never a downloaded browser) ---


@pytest.fixture(scope="session")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
