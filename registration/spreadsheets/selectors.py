"""Reads for the secretariat's import pages: the conference's import batches and import jobs."""

from django.db.models import QuerySet

from conference.models import Conference
from plenary.jobs.models import Job
from registration.models import ImportBatch, Registration


def import_batches(*, conference: Conference) -> QuerySet[ImportBatch]:
    """The conference's imports, newest first, with who made them."""
    return conference.import_batches.select_related("created_by").order_by("-created_at", "-pk")


def import_jobs(*, conference: Conference) -> QuerySet[Job]:
    """The conference's background imports (see ``tasks.import_start``)."""
    return Job.objects.filter(conference=conference, kind="import")


def import_batch_waitlisted(*, batch: ImportBatch) -> int:
    """How many of the registrations the batch created are on the waiting list now (over the capacity)."""
    return batch.registrations.filter(status=Registration.Status.WAITLISTED).count()
