"""gunicorn's configuration for Plenary (``gunicorn -c deploy/gunicorn.conf.py``): `make serve`, the systemd
unit deploy/plenary-web.service and the scale-out test all start the web processes with it.

Every value can be overridden from the environment (deploy/plenary.env.example documents them).
"""

import os
from pathlib import Path

wsgi_app = "plenary.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent)
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, two per core and one more: a request either waits on PostgreSQL (a scan, a page) or
# is short CPU work; nginx in front buffers slow phones, so a worker is never held by a client's connection.
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
# More than one thread per worker makes them gthread workers (a load test may find that better on few cores).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# An import's preview reads the file in a capped child process (at most 120 s); nothing else takes long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "150"))
graceful_timeout = 30
# gthread workers keep connections open longer than nginx's upstream keepalive_timeout (60 s): a connection
# gunicorn closed just as nginx or a client sent on it fails that request (found by bench/load_door.py).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Restart each worker now and then, so that a slow leak never grows into the door's morning.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# X-Forwarded-* are believed from these addresses only (nginx on the same machine by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The access log leaves the query string out (a pairing or e-mail verification link holds a token).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
proc_name = "plenary-web"
# gunicorn's control socket (gunicornc) is not used: one fixed path per user would be shared by every instance.
control_socket_disable = True
