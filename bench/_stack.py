"""The production stack the load benchmarks run against, started here and stopped at the end: a throwaway
PostgreSQL database, migrate and the demo programme, gunicorn instances serving ``plenary.wsgi``, ``db_worker``
processes at a lower CPU priority, and nginx on the loopback in front of two instances.

Everything that decides how the stack starts is in this module (``web_command``, ``worker_command``,
``stack_environment``, ``nginx_config``), so that it can later follow ``make serve`` and ``deploy/``.
Imported by bench/load_rush.py and bench/load_door.py (their folder is on sys.path).
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _door_bench import free_port, wait_for_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
NGINX = Path("/usr/sbin/nginx")
# The bench's mail backend (bench/_mailbox.py): every message kept in a folder, one file per recipient.
MAILBOX_BACKEND = "bench._mailbox.EmailBackend"


def stack_environment(*, database_url: str, site_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) over plain HTTP on the loopback. The load generator plays many clients
    from one address: it names each client in X-Forwarded-For, which allauth's per-IP limits trust as one proxy
    (ALLAUTH_TRUSTED_PROXY_COUNT=1), so that the sign-up limit (20 a minute per address) applies per client."""
    host = urllib.parse.urlsplit(site_url).hostname
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "plenary.settings",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": host,
        "SITE_URL": site_url,
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "EMAIL_BACKEND": MAILBOX_BACKEND,
        "PLENARY_BENCH_MAILBOX": str(folder / "mailbox"),
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        **extra,
    }


def web_command(*, port: int, workers: int, threads: int) -> list[str]:
    """One gunicorn instance with the production configuration (deploy/gunicorn.conf.py: its keep-alive outlasts
    a device's pause between scans), ``workers`` processes of ``threads`` threads each. PLENARY_BENCH_ACCESS_LOG
    names a file for gunicorn's access log, whose last column is each request's time in the server."""
    return [
        str(VENV_BIN / "gunicorn"),
        f"--config={ROOT / 'deploy' / 'gunicorn.conf.py'}",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--backlog=512",
        "--access-logfile=" + os.environ.get("PLENARY_BENCH_ACCESS_LOG", "/dev/null"),
        "--log-level=warning",
    ]


def worker_command(*, niceness: int) -> list[str]:
    """One task worker; heavy work (imports, badges) runs below the web processes' CPU priority."""
    return ["nice", "-n", str(niceness), sys.executable, str(ROOT / "manage.py"), "run_worker"]


def nginx_config(*, port: int, upstreams: list[int], folder: Path) -> str:
    """nginx on the loopback, balancing over ``upstreams``; pid, logs and temporary files under ``folder``.
    The client's X-Forwarded-For passes through unchanged (see ``stack_environment``)."""
    servers = "\n".join(f"    server 127.0.0.1:{upstream};" for upstream in upstreams)
    temp = {kind: folder / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {temp["client_body"]};
  proxy_temp_path {temp["proxy"]};
  fastcgi_temp_path {temp["fastcgi"]};
  uwsgi_temp_path {temp["uwsgi"]};
  scgi_temp_path {temp["scgi"]};
  client_max_body_size 12m;
  upstream plenary {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://plenary;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $http_x_forwarded_for;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def _admin_sql(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)


@dataclass
class Stack:
    """A running stack; ``url`` is where the load goes (nginx when there are two instances)."""

    folder: Path
    env: dict[str, str]
    url: str
    web_ports: list[int]
    server_url: str
    database: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
        _admin_sql(self.server_url, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if os.environ.get("PLENARY_BENCH_KEEP"):
            print(f"(PLENARY_BENCH_KEEP: the logs and Locust's files stay in {self.folder})")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def manage(self, *arguments: str) -> None:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, env=self.env, check=True)


def start_postgres() -> str:
    try:
        return subprocess.run(
            [str(ROOT / ".ci/pg-test-server"), "start"], check=True, capture_output=True, text=True
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        sys.exit(f"PostgreSQL is needed for this benchmark (apt-get install postgresql): {error}")


def start_stack(
    *, name: str, instances: int, web_workers: int, threads: int, task_workers: int, niceness: int = 10, **extra: str
) -> Stack:
    """Creates the database, migrates, loads the demo programme, then starts the web instances (behind nginx when
    more than one) and the task workers. The caller stops it (``Stack.stop``), also on failure."""
    if instances > 1 and not NGINX.exists():
        sys.exit(f"{NGINX} is needed for {instances} instances (apt-get install nginx)")
    server_url = start_postgres()
    database = f"plenary_bench_{name}_{os.getpid()}"
    _admin_sql(server_url, f'CREATE DATABASE "{database}"')
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(server_url)._replace(path=f"/{database}"))
    folder = Path(tempfile.mkdtemp(prefix=f"plenary-{name}-"))
    web_ports = [free_port() for _ in range(instances)]
    front = web_ports[0] if instances == 1 else free_port()
    url = f"http://127.0.0.1:{front}"
    env = stack_environment(database_url=database_url, site_url=url, folder=folder, **extra)
    stack = Stack(folder=folder, env=env, url=url, web_ports=web_ports, server_url=server_url, database=database)
    try:
        stack.manage("collectstatic", "--noinput", "-v", "0")
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.manage("load_demo", "-v", "0")
        logs = (folder / "logs").resolve()
        logs.mkdir()
        for n, port in enumerate(web_ports):
            command = web_command(port=port, workers=web_workers, threads=threads)
            stack.processes.append(_spawn(command, env, logs / f"web{n}.log"))
        for n in range(task_workers):
            stack.processes.append(_spawn(worker_command(niceness=niceness), env, logs / f"worker{n}.log"))
        if instances > 1:
            nginx_folder = folder / "nginx"
            nginx_folder.mkdir()
            config = nginx_folder / "nginx.conf"
            config.write_text(nginx_config(port=front, upstreams=web_ports, folder=nginx_folder.resolve()))
            command = [str(NGINX), "-c", str(config.resolve()), "-g", "daemon off;"]
            stack.processes.append(_spawn(command, env, logs / "nginx.log"))
        for port in {*web_ports, front}:
            if not wait_for_server(port, seconds=30):
                raise RuntimeError(f"nothing listens on port {port}: see {logs}")
        warm_up(url, requests=2 * web_workers * instances)
    except BaseException:
        stack.stop()
        raise
    return stack


def warm_up(url: str, *, requests: int) -> None:
    """Every web process loads its URLs, templates and translations before the measurement: ``requests``
    pages at once, in every language."""
    from concurrent.futures import ThreadPoolExecutor

    from plenary.i18n import LANGUAGE_CODES

    def get(n: int) -> None:
        with urllib.request.urlopen(f"{url}/{LANGUAGE_CODES[n % len(LANGUAGE_CODES)]}/", timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=requests) as pool:
        list(pool.map(get, range(requests * 2)))


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
