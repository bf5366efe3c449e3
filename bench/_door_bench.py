"""What bench/checkin.py and bench/hostile_uploads.py share: a production-like server environment, door
accounts with session cookies, and timing helpers. Imported by those scripts (their folder is on sys.path)."""

import secrets
import socket
import statistics
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def server_environment(*, base: dict, database_url: str, port: int, **extra: str) -> dict:
    """Production settings (DEBUG off, no query log), over plain HTTP on the loopback."""
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "plenary.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def door_cookies(count: int) -> list[tuple[str, str]]:
    """``count`` door accounts, one per scanner, each as (Cookie header, CSRF token). Needs Django set up."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client

    from plenary.permissions import DOOR
    from registration.models import User

    door_group = Group.objects.get(name=DOOR)
    cookies = []
    for n in range(count):
        user = User.objects.create_user(f"door{n}@example.org", secrets.token_urlsafe(16))
        user.groups.add(door_group)
        client = Client()
        client.force_login(user)
        csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append((f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}", csrf))
    return cookies


def wait_for_server(port: int, *, seconds: float) -> bool:
    """True once something listens on the port, False after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False
