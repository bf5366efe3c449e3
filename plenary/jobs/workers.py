"""The task workers' heartbeat: each ``manage.py run_worker`` process writes one every ``HEARTBEAT_SECONDS``
from a thread of its own, so that a worker waiting for work is seen alive and a killed one goes quiet.
``/healthz`` asks ``workers_alive``."""

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from plenary.jobs.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30
# Rows of workers gone for longer than this are deleted (each restart is a new host:pid).
FORGET_AFTER = dt.timedelta(days=1)
logger = logging.getLogger(__name__)


def worker_heartbeat(*, worker: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker[:100], defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def workers_alive(*, now: dt.datetime | None = None) -> int:
    """How many workers gave a sign of life within ``PLENARY_WORKER_DEAD_MINUTES``."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=settings.PLENARY_WORKER_DEAD_MINUTES)
    return WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).count()


def heartbeat_start(*, worker: str, stop: threading.Event) -> threading.Thread:
    """Beats until ``stop`` is set or the process ends (a daemon thread dies with its worker)."""

    def beat() -> None:
        while True:
            try:
                worker_heartbeat(worker=worker)
            except DatabaseError:  # the database is away for a moment: the next beat tries again
                logger.warning("Worker heartbeat not written", exc_info=True)
            finally:
                connection.close()  # this thread's own connection
            if stop.wait(HEARTBEAT_SECONDS):
                return

    thread = threading.Thread(target=beat, name="plenary-worker-heartbeat", daemon=True)
    thread.start()
    return thread
