"""Writes on a delegate's account: deleting it at their request (places given back, registrations
anonymised, the traces that named them forgotten, an audit entry without personal data).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conference.models import Conference
from plenary.audit.erasure import admin_log_forget, audit_forget_free_text
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.jobs.models import Job
from registration.letters.services import letters_forget
from registration.mailings.services import deliveries_erase
from registration.models import (
    ANONYMISED_BLANK_FIELDS,
    Attendance,
    Badge,
    CheckIn,
    ImportBatch,
    ImportChange,
    Registration,
    User,
)
from registration.services import ACTIVE_STATUSES, Status, registration_set_status


@transaction.atomic
def account_delete(*, user: User) -> int:
    """Deletes an account at its owner's request. Registrations still holding a place are cancelled first
    (so the waiting list moves up), then all of them are anonymised. Returns how many were anonymised."""
    registrations = list(user.registrations.select_related("conference").order_by("pk"))
    for registration in registrations:
        if registration.status in ACTIVE_STATUSES and registration.conference.status != Conference.Status.ARCHIVED:
            registration_set_status(registration=registration, to_status=Status.CANCELLED, by=user)
            registration.refresh_from_db()
        registration_anonymise(registration=registration, by=None, reason="account deleted")
    files = _forget_traces(user=user, registrations=registrations)
    audit_record(
        action=Action.ACCOUNT_DELETE,
        summary=f"An account was deleted; {len(registrations)} registration(s) anonymised, {files} file(s) deleted",
        details={"registrations": [registration.pk for registration in registrations], "files": files},
    )
    user.delete()
    return len(registrations)


def _forget_traces(*, user: User, registrations: list[Registration]) -> int:
    """Beyond the registrations: the admin's change log about the account, the names of the files that imported
    them, the searches recorded with their conferences' exports, and the job files (badge PDFs, door lists) that
    hold their badge or name, or that they made. Returns how many files were deleted."""
    ids = [registration.pk for registration in registrations]
    admin_log_forget(model=User, object_ids=[user.pk])
    batches = {pk for pk in Registration.objects.filter(pk__in=ids).values_list("import_batch", flat=True) if pk}
    batches |= set(ImportChange.objects.filter(registration_id__in=ids).values_list("batch_id", flat=True))
    for pk in batches:
        ImportBatch.objects.filter(pk=pk).update(filename=f"import #{pk}")
    admin_log_forget(model=ImportBatch, object_ids=batches)
    conference_ids = {registration.conference_id for registration in registrations}
    audit_forget_free_text(conference_ids=conference_ids)
    badges = set(Badge.objects.filter(registration_id__in=ids).values_list("pk", flat=True))
    printing = Q(conference_id__in=conference_ids, kind__in=["badges", "door_list", "certificates"]) | Q(
        created_by=user
    )
    jobs = Job.objects.exclude(result="").filter(printing)
    deleted = 0
    for job in jobs:
        printed = {pk for pk in job.details.get("badge_ids", []) if isinstance(pk, int)}
        # A door list holds every approved delegate of its conference, a certificate batch everyone checked in.
        if job.created_by_id == user.pk or job.kind in ("door_list", "certificates") or printed & badges:
            job.result.delete(save=False)
            job.save(update_fields=["result"])
            deleted += 1
    return deleted


@transaction.atomic
def registration_anonymise(*, registration: Registration, by: User | None, reason: str) -> Registration:
    """Erases what identifies a person. Conference, category, country, language, source and status stay,
    so that the counts per category and country survive; the history keeps its dates, not its messages."""
    if registration.anonymised_at is not None:
        return registration
    for name in ANONYMISED_BLANK_FIELDS:
        setattr(registration, name, "")
    registration.email = f"anonymised-{registration.pk}@anonymised.invalid"
    registration.user = None
    registration.photo_consent = registration.list_consent = False
    registration.privacy_accepted_at = None
    registration.anonymised_at = timezone.now()
    registration.save()
    registration.status_changes.update(message="")
    deliveries_erase(registration=registration)  # the address each e-mail went to, the server's answers
    # Passport data, the letter's PDF and the certificate go entirely: they exist only for this person.
    letters_forget(registration=registration)
    # An import keeps the values it replaced (for its undo): names and e-mails too.
    ImportChange.objects.filter(registration=registration).update(previous={}, applied_digest="")
    # The admin's change log named it ("Recent actions" too), and its badges, check-ins and attendance by its name.
    admin_log_forget(model=Registration, object_ids=[registration.pk])
    admin_log_forget(model=Badge, object_ids=registration.badges.values_list("pk", flat=True))
    admin_log_forget(model=CheckIn, object_ids=registration.checkins.values_list("pk", flat=True))
    admin_log_forget(model=Attendance, object_ids=registration.attendances.values_list("pk", flat=True))
    audit_record(
        action=Action.ANONYMISE,
        summary=f"Registration #{registration.pk} anonymised ({reason})",
        conference=registration.conference,
        actor=by,
        details={"registration": registration.pk, "reason": reason},
    )
    return registration
