"""The task worker (django-tasks-db's db_worker) with a heartbeat, which /healthz reads."""

import os
import socket
import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from plenary.jobs.workers import HEARTBEAT_SECONDS, heartbeat_start


class Command(DbWorkerCommand):
    help = (
        "Run background jobs (badge batches, imports, PDFs): django-tasks-db's db_worker, plus a heartbeat "
        f"every {HEARTBEAT_SECONDS} s that /healthz reads. Takes db_worker's options."
    )

    def handle(self, *args, **options) -> None:
        stop = threading.Event()
        heartbeat_start(worker=f"{socket.gethostname()}:{os.getpid()}", stop=stop)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
