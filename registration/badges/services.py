"""Writes on badges: issuing and reprinting tokens, print marks, and starting a print batch.

A badge's QR code holds ``SITE_URL/b/<token>`` and nothing else. Reprinting (a lost badge, a corrected
name) revokes the old token, so a badge that left the building stops working at the door.
"""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.jobs.models import Job
from plenary.jobs.services import job_create
from registration.badges.selectors import BadgeBatch, _active_badges
from registration.badges.tasks import render_badge_batch
from registration.models import Badge, Registration, User

# Batches up to this size render while the secretariat waits; larger ones go to the task worker.
INLINE_BATCH_LIMIT = 40


# --- Writes ---


def badge_issue(*, registration: Registration, now=None) -> Badge:
    """The registration's active badge, issued now if it has none (idempotent, safe under a race)."""
    badge = _active_badges().filter(registration=registration).first()
    if badge:
        return badge
    try:
        with transaction.atomic():
            return Badge.objects.create(registration=registration, issued_at=now or timezone.now())
    except IntegrityError:  # another request issued it a moment ago
        return _active_badges().get(registration=registration)


def badges_issue_for(*, registrations: Sequence[Registration], now=None) -> list[Badge]:
    """Active badges for these registrations, in the same order, issuing the missing ones in one insert."""
    now = now or timezone.now()
    ids = [registration.pk for registration in registrations]
    existing = {badge.registration_id: badge for badge in _active_badges().filter(registration_id__in=ids)}
    missing = [Badge(registration=r, issued_at=now) for r in registrations if r.pk not in existing]
    if missing:
        try:
            with transaction.atomic():
                Badge.objects.bulk_create(missing)
        except IntegrityError:  # a concurrent print issued some of them: take what is there now
            return [badge_issue(registration=r, now=now) for r in registrations]
        existing.update({badge.registration_id: badge for badge in missing})
    for registration in registrations:
        existing[registration.pk].registration = registration
    return [existing[registration.pk] for registration in registrations]


@transaction.atomic
def badge_reprint(*, registration: Registration, by: User | None, now=None) -> Badge:
    """Revokes the active badge (its QR code stops working) and issues a new, unprinted one."""
    now = now or timezone.now()
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    revoked = _active_badges().filter(registration=registration).update(revoked_at=now)
    badge = Badge.objects.create(registration=registration, issued_at=now)
    audit_record(
        conference=registration.conference,
        actor=by,
        action=Action.BADGE_REPRINT,
        summary=f"Badge reissued for registration #{registration.pk}",
        details={"registration": registration.pk, "revoked": revoked},
    )
    return badge


@transaction.atomic
def badges_mark_printed(*, badges: QuerySet[Badge], now=None) -> int:
    """Marks active badges printed; a badge revoked meanwhile stays out of it."""
    return badges.filter(revoked_at__isnull=True).update(printed_at=now or timezone.now())


def badge_batch_start(
    *, conference: Conference, registrations: Sequence[Registration], layout: str, by: User | None
) -> Job:
    """Issues the missing badges and prints them into a job's file: at once for a small batch,
    through the task worker for a large one. The page then shows the job's progress and download."""
    badges = badges_issue_for(registrations=registrations)
    badge_ids = [badge.pk for badge in badges]
    job = job_create(kind="badges", conference=conference, by=by, total=len(badge_ids))
    job.details = BadgeBatch(job=job, layout_key=layout, badge_ids=tuple(badge_ids)).details()
    job.save(update_fields=["details"])
    if len(badge_ids) <= INLINE_BATCH_LIMIT:
        render_badge_batch.call(job.pk, badge_ids, layout)
    else:
        transaction.on_commit(lambda: render_badge_batch.enqueue(job.pk, badge_ids, layout))
    return job


def badge_batch_retry(*, batch: BadgeBatch, by: User | None) -> Job:
    """Prints a failed batch again (its worker died, say): the same delegates and layout, in the same order,
    as a new job. A badge reissued meanwhile is printed in its new version."""
    owners = dict(Badge.objects.filter(pk__in=batch.badge_ids).values_list("pk", "registration_id"))
    registrations = Registration.objects.in_bulk([owners[pk] for pk in batch.badge_ids if pk in owners])
    ordered = [registrations[owners[pk]] for pk in batch.badge_ids if pk in owners and owners[pk] in registrations]
    return badge_batch_start(conference=batch.job.conference, registrations=ordered, layout=batch.layout_key, by=by)
