"""The foundation: production settings pass Django's deploy checks, CSP is strict, SQLite is in WAL mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Not the test run's own settings: DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests (conftest).
    test_run_only = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in test_run_only}
    environment.update({"DJANGO_SETTINGS_MODULE": "plenary.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-real-production-secret-" + "k3y" * 20,
        ALLOWED_HOSTS="plenary.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/en/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_session_and_csrf_cookies_are_secure_in_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT)"
    )
    result = run_manage("shell", "-c", code, DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.stdout.split()[-5:] == ["True", "True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_database_url_selects_postgresql():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/plenary")
    assert result.stdout.strip().endswith("django.db.backends.postgresql"), result.stderr


def test_page_templates_have_no_inline_script_or_style_that_the_csp_would_block():
    """PDF templates are rendered by WeasyPrint, not a browser, and may carry their own styles."""
    import re

    offending = []
    for template in (ROOT / "templates").rglob("*.html"):
        if "pdf" in template.relative_to(ROOT / "templates").parts:
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style\b|\sstyle=\"", text):
            offending.append(str(template.relative_to(ROOT)))
    assert offending == []
