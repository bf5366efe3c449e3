"""Progress of long jobs. A task calls ``job_progress`` as it goes and ``job_finish`` with its file;
pages poll ``job_status`` (JSON) through static/js/job-progress.js."""

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction

from plenary.jobs.models import Job

if TYPE_CHECKING:  # types only: plenary imports no app at run time
    from conference.models import Conference


def job_create(*, kind: str, conference: "Conference | None", by, total: int = 0) -> Job:
    return Job.objects.create(kind=kind, conference=conference, created_by=by, total=total)


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Writes progress outside the caller's transaction's view: an UPDATE of three columns."""
    fields = {"done": done, "state": Job.State.RUNNING}
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
        job.details = details
    job.save()
    return job


def job_fail(job: Job, *, message: str) -> Job:
    job.state = Job.State.FAILED
    job.message = message[:500]
    job.save(update_fields=["state", "message", "updated_at"])
    return job


def job_status(job: Job, *, download_url: str | None) -> dict:
    return {
        "id": job.pk,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "download_url": download_url if job.state == Job.State.DONE and job.result else None,
        "details": job.details,
    }
