"""The production stack started for a test: gunicorn instances with deploy/gunicorn.conf.py, task workers
(manage.py run_worker, under nice) and nginx with the proxy settings of deploy/nginx-plenary.conf, on loopback.
Also a small cookie-keeping HTTP client (the stdlib's), which sends one session to every port of 127.0.0.1."""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

from tests.plenary.test_settings import ROOT, run_manage

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_SITE = ROOT / "deploy" / "nginx-plenary.conf"


def stack_environment(*, database_url: str, public_port: int, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) over plain http on loopback, private files in the database."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="plenary.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        PLENARY_LOCAL_HTTP="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{public_port}",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{public_port}",
        DATABASE_URL=database_url,
        PLENARY_FILE_STORAGE="database",
        STATIC_MANIFEST="0",  # no collectstatic here: pages name the static files, nobody fetches them
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        GUNICORN_WORKERS="1",  # two instances of one process each: what crosses between them is the point
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="WARNING",
    )
    environment.update(extra)
    return environment


def empty_shared_cache(environment: dict[str, str]) -> None:
    """The production cache table (rate limits, pages), made and emptied: it outlives each test's flush, and the
    login failures an earlier stack counted for 127.0.0.1 would refuse this stack's logins."""
    created = run_manage("createcachetable", **environment)
    assert created.returncode == 0, created.stderr
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM plenary_cache")  # plenary.settings.CACHES's LOCATION


def nginx_site(*, port: int, upstreams: list[int]) -> str:
    """deploy/nginx-plenary.conf's HTTPS server, its proxy settings unchanged, listening on loopback over http."""
    text = DEPLOY_SITE.read_text()
    servers = "\n".join(f"    server 127.0.0.1:{upstream} max_fails=3 fail_timeout=10s;" for upstream in upstreams)
    plain = text.index("\nserver {")
    https = text[text.index("\nserver {", plain + 1) :]  # the second server: the HTTPS one
    upstream = re.sub(r"\n    server 127\.0\.0\.1:8000[^\n]*", "\n" + servers, text[:plain])
    kept = [
        line
        for line in https.splitlines()
        if not re.match(r"\s*(listen|http2|server_name|ssl_)", line) and not line.lstrip().startswith("#")
    ]
    kept.insert(2, f"    listen 127.0.0.1:{port};")
    return upstream + "\n".join(kept) + "\n"


def tls_site(*, http_port: int, https_port: int, upstream: int, certificates: Path) -> str:
    """deploy/nginx-plenary.conf whole (both servers, TLS on), changed only where this machine differs: loopback
    ports, no IPv6, the certificate in ``certificates`` (privkey.pem, fullchain.pem), one web server."""
    site = DEPLOY_SITE.read_text().replace("/etc/letsencrypt/live/plenary.example.org", str(certificates))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = re.sub(r"listen 443 ssl( http2)?;", f"listen 127.0.0.1:{https_port} ssl\\1;", site)
    site = re.sub(r"\n    server 127\.0\.0\.1:8000", f"\n    server 127.0.0.1:{upstream}", site)
    return "\n".join(line for line in site.splitlines() if "[::]" not in line) + "\n"


def self_signed_certificate(folder: Path) -> Path:
    """A certificate for 127.0.0.1 (and plenary.test) in ``folder``, as Let's Encrypt's files are named."""
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=plenary.test"]
    names = ["-addext", "subjectAltName=IP:127.0.0.1,DNS:plenary.test"]
    subprocess.run(
        [*request, *names, "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    return folder / "fullchain.pem"


def nginx_config(*, folder: Path, site: str) -> Path:
    """nginx's main file around ``site`` (``nginx_site`` or ``tls_site``), its files under ``folder``."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  access_log {folder}/access.log;\n"
        f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n"
        f"{site}"
        "}\n"
    )
    return config


class Stack:
    """Processes started in order and stopped together (each by its own pid)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], environment: dict[str, str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((name, process))
        return process

    def gunicorn(self, name: str, port: int, environment: dict[str, str]) -> None:
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
        self.start(name, command, {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"})

    def worker(self, name: str, environment: dict[str, str]) -> None:
        command = ["nice", "-n", "10", sys.executable, "manage.py", "run_worker", "--worker-id", name]
        self.start(name, command, environment)

    def nginx(self, site: str) -> None:
        config = nginx_config(folder=self.folder / "nginx", site=site)
        self.start("nginx", [NGINX, "-c", str(config), "-g", "daemon off;"], dict(os.environ))

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in self.folder.glob("*.log")
        )

    def stop(self) -> None:
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # quick shutdown for gunicorn and nginx; the workers stop idle
        for _, process in self.processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_port(port: int, *, stack: Stack, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in stack.processes:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}\n{stack.logs()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError(f"nothing listens on {port}\n{stack.logs()}")


class Browser:
    """Keeps cookies like a browser: the session set through one port is sent to every port of 127.0.0.1. Over
    https when given ``certificate``, the one certificate it trusts."""

    def __init__(self, *, certificate: Path | None = None) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.headers: dict[str, str] = {}  # sent with every request
        self.scheme = "https" if certificate else "http"
        transport = (
            urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=certificate))
            if certificate
            else urllib.request.HTTPHandler
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect, transport
        )

    def request(self, port: int, path: str, data: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token(), **data}, doseq=True).encode()
        request = urllib.request.Request(f"{self.scheme}://127.0.0.1:{port}{path}", data=body)
        request.add_header("Referer", f"{self.scheme}://127.0.0.1:{port}{path}")
        for name, value in self.headers.items():
            request.add_header(name, value)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, port: int, path: str, data: dict | None = None) -> tuple[int, dict]:
        status, _, body = self.request(port, path, data)
        return status, json.loads(body)

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers the test reads (where a login or a form sends the browser)."""

    def redirect_request(self, *args, **kwargs):
        return None
