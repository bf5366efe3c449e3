"""Progress of long jobs. A task calls ``job_progress`` as it goes and ``job_finish`` with its file;
pages poll ``job_status`` (JSON) through static/js/job-progress.js.

Every ``job_progress`` is also a heartbeat. A job that has given no sign of life for
``PLENARY_JOB_STALE_MINUTES`` lost its worker (killed, out of memory, the machine restarted): the status
view and ``manage.py fail_stale_jobs`` (cron, or at worker start) mark it failed, with a message that says so,
and delete the files it was working from (``details["upload_files"]``: names in private storage). Its page
then offers to start again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from plenary.jobs.models import STALE_MESSAGE, Job
from plenary.permissions import SECRETARIAT, in_group
from plenary.storage import private_storage

if TYPE_CHECKING:  # types only: plenary imports no app at run time
    from conference.models import Conference

# The role a job's kind needs, checked against the reader's groups *now*: a creator who has left the
# group has lost the job's file too. A kind not listed needs the Secretariat.
JOB_ROLES: dict[str, tuple[str, ...]] = {"badges": (SECRETARIAT,), "import": (SECRETARIAT,), "export": (SECRETARIAT,)}
ACTIVE_STATES = (Job.State.QUEUED, Job.State.RUNNING)


def job_create(*, kind: str, conference: Conference | None, by, total: int = 0, details: dict | None = None) -> Job:
    return Job.objects.create(
        kind=kind, conference=conference, created_by=by, total=total, details=details or {}, heartbeat_at=timezone.now()
    )


def job_can_see(*, job: Job, user) -> bool:
    """The reader holds the kind's role today, and is the creator or in the Secretariat."""
    if not in_group(user, *JOB_ROLES.get(job.kind, (SECRETARIAT,))):
        return False
    return job.created_by_id == user.pk or in_group(user, SECRETARIAT)


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Writes progress (and the heartbeat) outside the caller's transaction's view: one UPDATE."""
    fields = {"done": done, "state": Job.State.RUNNING, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    job.done = done
    if total is not None:
        job.total = total


@transaction.atomic
def job_finish(job: Job, *, content: bytes | None = None, filename: str = "", details: dict | None = None) -> Job:
    if content is not None:
        job.result.save(filename, ContentFile(content), save=False)
        job.result_name = filename
    job.state = Job.State.DONE
    job.done = job.total
    if details is not None:
        job.details = {**job.details, **details}
    job.save()
    return job


def job_fail(job: Job, *, message: str) -> Job:
    job.state = Job.State.FAILED
    job.message = message[:500]
    job.save(update_fields=["state", "message", "updated_at"])
    return job


def job_stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PLENARY_JOB_STALE_MINUTES)


def _stale(now: dt.datetime):
    """Queued or running jobs whose last sign of life (or creation) is older than the limit."""
    return (
        Job.objects.filter(state__in=ACTIVE_STATES)
        .alias(last_seen=Coalesce("heartbeat_at", "created_at"))
        .filter(Q(last_seen__lt=now - job_stale_after()))
    )


def job_fail_if_stale(*, job: Job, now: dt.datetime | None = None) -> Job:
    """The job, marked failed first if its worker has gone quiet for too long (called by the status view)."""
    if job.state in ACTIVE_STATES and _stale(now or timezone.now()).filter(pk=job.pk).exists():
        _abandon(job)
        job.refresh_from_db()
    return job


def jobs_fail_stale(*, now: dt.datetime | None = None) -> list[Job]:
    """Marks every stale job failed and deletes its working files; returns them (``manage.py fail_stale_jobs``)."""
    abandoned = []
    for job in _stale(now or timezone.now()):
        if _abandon(job):
            abandoned.append(job)
    return abandoned


def _abandon(job: Job) -> bool:
    # Conditional: a worker that comes back to life and finishes first wins, and two pollers fail it once.
    marked = Job.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=Job.State.FAILED,
        message=STALE_MESSAGE,
        details={**job.details, "stale": True},
        updated_at=timezone.now(),
    )
    if marked:
        storage = private_storage()
        for name in job.details.get("upload_files", []):
            storage.delete(name)
    return bool(marked)


def job_status(job: Job, *, download_url: str | None) -> dict:
    return {
        "id": job.pk,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.failure_message,
        "download_url": download_url if job.state == Job.State.DONE and job.result else None,
        "details": {key: value for key, value in job.details.items() if key != "upload_files"},
    }
