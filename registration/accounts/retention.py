"""Retention: a conference's personal data is anonymised once it has been archived long enough."""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.audit.erasure import admin_log_forget, audit_forget_free_text
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.jobs.models import Job
from registration.accounts.services import registration_anonymise
from registration.models import DoorDevice, ImportBatch, Registration, User
from registration.spreadsheets.uploads import import_discard_conference_uploads


class PurgeRefused(Exception):
    """The conference may not be purged (yet); the message says why."""


@dataclasses.dataclass(frozen=True)
class PurgeResult:
    conference: str
    anonymised: int
    dry_run: bool
    by_category: dict[str, int]
    by_country: dict[str, int]
    files: int = 0
    uploads: int = 0


def archived_since(conference: Conference) -> dt.datetime:
    """When the conference was archived; without a record, the end of its last day."""
    if conference.archived_at is not None:
        return conference.archived_at
    return dt.datetime.combine(conference.end_date, dt.time.max, tzinfo=conference.tzinfo)


def purge_conference(
    *, conference: Conference, dry_run: bool = False, by: User | None = None, now: dt.datetime | None = None
) -> PurgeResult:
    """Anonymises every registration of an archived conference past the retention period. The counts per
    category and country survive (those fields stay). Refuses a conference not archived, or archived too recently."""
    now = now or timezone.now()
    if conference.status != Conference.Status.ARCHIVED:
        raise PurgeRefused(_("Conference %(slug)s is not archived: nothing was purged.") % {"slug": conference.slug})
    purge_after = archived_since(conference) + dt.timedelta(days=settings.PLENARY_RETENTION_DAYS)
    if now < purge_after:
        raise PurgeRefused(
            _("Conference %(slug)s was archived less than %(days)s days ago: it can be purged from %(date)s.")
            % {"slug": conference.slug, "days": settings.PLENARY_RETENTION_DAYS, "date": f"{purge_after:%Y-%m-%d}"}
        )
    pending = conference.registrations.filter(anonymised_at__isnull=True)
    # Files that background jobs made for the conference (badge PDFs, import reports) carry names too.
    jobs_with_files = list(conference.jobs.exclude(result=""))
    result = PurgeResult(
        conference=conference.slug,
        anonymised=pending.count(),
        dry_run=dry_run,
        by_category=_counts(conference, "category"),
        by_country=_counts(conference, "country"),
        files=len(jobs_with_files),
        uploads=import_discard_conference_uploads(conference_id=conference.pk, dry_run=True),
    )
    if dry_run:
        return result
    with transaction.atomic():
        for registration in pending.select_for_update().order_by("pk"):
            registration_anonymise(registration=registration, by=by, reason="retention period over")
        for job in jobs_with_files:
            job.result.delete(save=False)
            job.save(update_fields=["result"])
        forget_traces(conference=conference)
        import_discard_conference_uploads(conference_id=conference.pk)
        audit_record(
            action=Action.PURGE,
            summary=f"Personal data of {conference.slug} purged: {result.anonymised} registration(s) anonymised, "
            f"{result.files} file(s) deleted",
            conference=conference,
            actor=by,
            details={
                "anonymised": result.anonymised,
                "files": result.files,
                "uploads": result.uploads,
                "retention_days": settings.PLENARY_RETENTION_DAYS,
            },
        )
    return result


def forget_traces(*, conference: Conference) -> None:
    """What names people outside their registrations: the admin's change log (registrations anonymised earlier
    too), the imported files' names, the door devices' labels ("Fatima's phone"), the searches recorded with
    exports, the jobs' messages."""
    admin_log_forget(model=Registration, object_ids=conference.registrations.values_list("pk", flat=True))
    batches = list(conference.import_batches.values_list("pk", flat=True))
    for pk in batches:
        ImportBatch.objects.filter(pk=pk).update(filename=f"import #{pk}")
    admin_log_forget(model=ImportBatch, object_ids=batches)
    devices = list(DoorDevice.objects.filter(conference=conference).values_list("pk", flat=True))
    for pk in devices:
        DoorDevice.objects.filter(pk=pk).update(label=f"Device {pk}")
    admin_log_forget(model=DoorDevice, object_ids=devices)
    audit_forget_free_text(conference_ids=[conference.pk])
    Job.objects.filter(conference=conference, state__in=[Job.State.DONE, Job.State.FAILED]).update(message="")


def _counts(conference: Conference, field: str) -> dict[str, int]:
    rows = conference.registrations.values(field).annotate(n=Count("pk")).order_by(field)
    return {str(row[field] or "-"): row["n"] for row in rows}
