"""Writes for certificates of attendance: a serial and a verification reference for each attendee (issued once,
kept), and the background batch the secretariat prints."""

from collections.abc import Sequence

from django.db import transaction

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_create
from registration.certificates.tasks import render_certificate_batch
from registration.letters.services import serials_take
from registration.models import Certificate, Registration, User
from registration.services import registration_lock_conference

# Batches up to this size render while the secretariat waits; larger ones go to the task worker.
INLINE_BATCH_LIMIT = 20


def certificates_issue_for(*, conference: Conference, registrations: Sequence[Registration]) -> list[Certificate]:
    """The certificates of these registrations, in the same order, the missing ones numbered in one insert."""
    with transaction.atomic():
        registration_lock_conference(conference=conference)  # before reading: a concurrent issue waits here
        existing = {
            certificate.registration_id: certificate
            for certificate in Certificate.objects.filter(registration__in=[r.pk for r in registrations])
        }
        new = [registration for registration in registrations if registration.pk not in existing]
        serials = serials_take(conference=conference, prefix="C", count=len(new)) if new else []
        missing = [
            Certificate(registration=registration, serial=serial)
            for registration, serial in zip(new, serials, strict=True)
        ]
        Certificate.objects.bulk_create(missing)
        existing.update({certificate.registration_id: certificate for certificate in missing})
    for registration in registrations:
        existing[registration.pk].registration = registration
    return [existing[registration.pk] for registration in registrations]


def certificate_batch_start(*, conference: Conference, registrations: Sequence[Registration], by: User | None) -> Job:
    """Every attendee's certificate in one PDF, in a job's file: at once for a few, on the worker for more."""
    ids = [certificate.pk for certificate in certificates_issue_for(conference=conference, registrations=registrations)]
    job = job_create(kind="certificates", conference=conference, by=by, total=len(ids))
    if len(ids) <= INLINE_BATCH_LIMIT:
        render_certificate_batch.call(job.pk, ids)
    else:
        transaction.on_commit(lambda: render_certificate_batch.enqueue(job.pk, ids))
    return job
