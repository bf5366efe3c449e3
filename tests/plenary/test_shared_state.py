"""Several web processes (on several machines) share one rate limit, one cache and the sessions: all live in the
database, never in one process's memory."""

import pytest
from django.db import connection

from plenary.rate_limit import rate_limit_exceeded
from tests.plenary.test_settings import run_manage

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "plenary_cache"},
}


def test_production_keeps_the_cache_and_the_sessions_in_the_database():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.stdout.split()[-2:] == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ], result.stderr


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_rate_limit():
    bucket = {"key": "door:device-7", "burst": 3, "per_second": 0.001}
    assert [rate_limit_exceeded(**bucket) for _ in range(2)] == [False, False]
    # Another process (another gunicorn worker, another machine): one token left for it, then refused.
    code = (
        "from plenary.rate_limit import rate_limit_exceeded as r;"
        "print([r(key='door:device-7', burst=3, per_second=0.001) for _ in range(2)])"
    )
    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL=database_url())
    assert result.stdout.strip().splitlines()[-1] == "[False, True]", result.stderr
    assert rate_limit_exceeded(**bucket) is True
