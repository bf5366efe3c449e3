"""deploy/nginx-plenary.conf as shipped (TLS included, a self-signed certificate in place of Let's Encrypt's): a
configuration nginx accepts, and, in front of gunicorn with the production settings (BEHIND_TLS_PROXY=1, the
redirect to HTTPS on), a site that works over HTTPS only: plain http is sent to https, HTTPS answers carry HSTS,
cookies are Secure, a login passes CSRF (Django believes the forwarded scheme), a too-big upload is refused by
nginx, and a client cannot choose the address the rate limits count."""

import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.conftest import IN_CI
from tests.deploy.stack import (
    NGINX,
    Browser,
    Stack,
    empty_shared_cache,
    nginx_config,
    self_signed_certificate,
    stack_environment,
    tls_site,
    wait_for_port,
)
from tests.factories import UserFactory
from tests.plenary.test_shared_state import database_url

HTTP, HTTPS, WEB = 18180, 18143, 18181
PASSWORD = "correct horse battery"


def _need_nginx() -> None:
    if not shutil.which(NGINX) or not shutil.which("openssl"):
        if IN_CI:
            pytest.fail("CI=true but nginx or openssl is missing")
        pytest.skip("nginx NOT INSTALLED: the nginx site is not checked (apt-get install nginx)")


def test_nginx_accepts_the_site(tmp_path):
    _need_nginx()
    self_signed_certificate(tmp_path)
    site = tls_site(http_port=HTTP, https_port=HTTPS, upstream=WEB, certificates=tmp_path)
    config = nginx_config(folder=tmp_path / "nginx", site=site)
    result = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.fixture
def tls_stack(tmp_path):
    _need_nginx()
    certificate = self_signed_certificate(tmp_path)
    environment = stack_environment(database_url=database_url(), public_port=HTTPS)
    del environment["PLENARY_LOCAL_HTTP"]  # the real thing: HTTPS-only cookies, HSTS, the redirect to https
    environment.update(
        BEHIND_TLS_PROXY="1",
        SITE_URL=f"https://127.0.0.1:{HTTPS}",
        # A browser's Origin names the port; on 443 the site's own origin is enough.
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{HTTPS}",
    )
    empty_shared_cache(environment)
    running = Stack(tmp_path)
    try:
        running.gunicorn("web", WEB, environment)
        running.nginx(tls_site(http_port=HTTP, https_port=HTTPS, upstream=WEB, certificates=tmp_path))
        for port in (WEB, HTTP, HTTPS):
            wait_for_port(port, stack=running)
        yield certificate
    finally:
        running.stop()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_site_works_over_https_only_behind_nginx(tls_stack):
    user = UserFactory()
    # The suite's fast test hasher is not one production settings accept.
    get_user_model().objects.filter(pk=user.pk).update(
        password=PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    )

    # Plain http: nginx sends every page to https (Let's Encrypt's challenge path aside).
    status, headers, _ = Browser().request(HTTP, "/en/accounts/login/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/en/accounts/login/"

    browser = Browser(certificate=tls_stack)
    status, headers, _ = browser.request(HTTPS, "/en/accounts/login/")
    assert status == 200, headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert {cookie.name: cookie.secure for cookie in browser.cookies} == {"csrftoken": True}

    # A login over https: CSRF accepts it (the forwarded scheme is https), the session cookie is Secure.
    status, headers, page = browser.request(HTTPS, "/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert status == 302, page.decode()[:2000]
    assert "sessionid" in {cookie.name for cookie in browser.cookies}
    assert all(cookie.secure for cookie in browser.cookies)
    assert browser.request(HTTPS, "/en/accounts/email/")[0] == 200

    # An upload over the import limit stops at nginx, before it takes a gunicorn worker.
    status, _, page = browser.request(HTTPS, "/en/accounts/login/", {"file": "x" * (12 * 1024 * 1024)})
    assert status == 413 and b"413" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_client_cannot_choose_the_address_the_login_limit_counts(tls_stack):
    """The attack: a password guesser names a new address in X-Forwarded-For on every try. nginx replaces the
    header with the address it sees, so the per-address limit (10 failures a minute) still stops it."""
    browser = Browser(certificate=tls_stack)
    browser.request(HTTPS, "/en/accounts/login/")
    refused = []
    for attempt in range(12):
        browser.headers = {"X-Forwarded-For": f"203.0.113.{attempt}"}
        form = {"login": f"guess{attempt}@example.org", "password": "wrong"}
        status, _, page = browser.request(HTTPS, "/en/accounts/login/", form)
        assert status == 200
        refused.append(b"Too many failed login attempts" in page)
    assert refused == [False] * 10 + [True] * 2
