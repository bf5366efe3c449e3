"""Applying a previewed upload, and the import's work outside the request: ``import_start`` applies a small
upload at once and hands a big one (more than ``BACKGROUND_ROWS`` rows) to the task worker with a job and its
progress bar, as ``registration.badges.services.badge_batch_start`` does for badges; the invitations e-mailed to
the people an import registered go through ``plenary.mail``.
"""

import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_create, job_fail, job_finish, job_progress
from plenary.mail import TemplatedMail, send_templated_mails
from registration.models import ImportBatch, Registration, User
from registration.notifications import conference_sender_name
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.columns import ImportFileError, ImportRefused
from registration.spreadsheets.uploads import import_discard_upload, import_load_upload, import_upload_name

# Above this many rows, applying runs as a background task with a progress bar.
BACKGROUND_ROWS = 2000


@dataclass(frozen=True)
class ApplyOptions:
    """What the secretariat chose on the upload and preview pages; JSON-friendly for the background task."""

    conference_id: int
    user_id: int | None
    token: str
    filename: str
    sha256: str
    fingerprint: str
    source_organisation: str = ""
    pending: bool = False
    skip_invalid: bool = False
    invite: bool = False


def import_apply_upload(options: ApplyOptions, *, progress: Callable[[int, int], None] | None = None) -> ImportBatch:
    """Applies a stored upload exactly as previewed, then discards it and (optionally) sends the invitations."""
    conference = Conference.objects.get(pk=options.conference_id)
    by = User.objects.filter(pk=options.user_id).first()
    content = import_load_upload(conference_id=options.conference_id, token=options.token, sha256=options.sha256)
    batch = import_apply(
        conference=conference,
        content=content,
        filename=options.filename,
        by=by,
        source_organisation=options.source_organisation,
        pending=options.pending,
        skip_invalid=options.skip_invalid,
        expected_fingerprint=options.fingerprint,
        progress=progress,
    )
    import_discard_upload(conference_id=options.conference_id, token=options.token)
    if options.invite and batch.created_count:
        send_import_invitations.enqueue(batch.pk)
    return batch


@dataclass(frozen=True)
class ImportStarted:
    """What ``import_start`` did: applied at once (``batch``) or handed to the task worker (``job``)."""

    batch: ImportBatch | None = None
    job: "Job | None" = None

    @property
    def in_background(self) -> bool:
        return self.job is not None


def import_start(*, options: ApplyOptions, rows: int) -> ImportStarted:
    """Applies the upload now when it is small; a big one (more than ``BACKGROUND_ROWS`` rows) becomes a job that
    the task worker runs, with its progress. Raises ``ImportRefused``/``ImportFileError`` only when applied now."""
    if rows <= BACKGROUND_ROWS:
        return ImportStarted(batch=import_apply_upload(options))
    conference = Conference.objects.get(pk=options.conference_id)
    by = User.objects.filter(pk=options.user_id).first()
    # The upload is named in the job, so that it is deleted if the worker dies (plenary.jobs.services).
    upload_files = [import_upload_name(conference_id=options.conference_id, token=options.token)]
    job = job_create(kind="import", conference=conference, by=by, total=rows, details={"upload_files": upload_files})
    details = asdict(options)
    transaction.on_commit(lambda: import_apply_job.enqueue(job.pk, details))
    return ImportStarted(job=job)


@contextlib.contextmanager
def job_progress_outside_transaction(job) -> Iterator[Callable[[int, int], None]]:
    """A progress reporter for a job whose work runs in one transaction. A write made inside that transaction
    stays invisible to the page polling the job until the very end, so on PostgreSQL the progress goes through a
    second connection of its own, in autocommit. (SQLite allows one writer at a time: there the bar moves at the
    end.)"""
    if connection.vendor != "postgresql":
        yield lambda done, total: job_progress(job, done=done, total=total)
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    quote = side.ops.quote_name
    columns = ("done", "total", "state", "heartbeat_at")
    assignments = ", ".join(f"{quote(Job._meta.get_field(name).column)} = %s" for name in columns)
    sql = f"UPDATE {quote(Job._meta.db_table)} SET {assignments} WHERE {quote(Job._meta.pk.column)} = %s"  # noqa: S608 - names from the model

    def report(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(sql, [done, total, Job.State.RUNNING, timezone.now(), job.pk])

    try:
        yield report
    finally:
        side.close()


@task()
def import_apply_job(job_id: int, options: dict) -> int | None:
    """A big import in the background: progress in the Job row, the batch's id in its details."""
    job = Job.objects.get(pk=job_id)
    try:
        with job_progress_outside_transaction(job) as progress:
            batch = import_apply_upload(ApplyOptions(**options), progress=progress)
    except (ImportRefused, ImportFileError) as error:
        job_fail(job, message=str(error))
        return None
    except Exception:
        job_fail(job, message=_("The import failed; nothing was changed."))
        raise
    job_finish(job, details={"batch": batch.pk, "counts": batch_counts(batch)})
    return batch.pk


def batch_counts(batch: ImportBatch) -> dict[str, int]:
    return {
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "skipped": batch.skipped_count,
    }


@task()
def send_import_invitations(batch_id: int) -> int:
    """Invites the people a batch registered to create their account with the same e-mail address: registering
    then links them to the registration the secretariat made (``registration_claim``), where they check it."""

    def context_for(registration: Registration):
        def context() -> dict:  # called in the delegate's language: the links have its prefix
            return {
                "registration": registration,
                "conference": registration.conference,
                "signup_url": settings.SITE_URL + reverse("account_signup"),
                "register_url": settings.SITE_URL
                + reverse("registration:register", kwargs={"slug": registration.conference.slug}),
            }

        return context

    registrations = Registration.objects.filter(
        import_batch_id=batch_id, user__isnull=True, anonymised_at__isnull=True
    ).select_related("conference")
    return send_templated_mails(
        TemplatedMail(
            to=registration.email,
            subject_template="registration/email/import_invitation_subject.txt",
            template_name="registration/email/import_invitation.txt",
            context=context_for(registration),
            language=registration.language,
            sender_name=functools.partial(conference_sender_name, registration.conference),
        )
        for registration in registrations
    )
