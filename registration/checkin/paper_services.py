"""Writes for the paper fallback: printing the door list (at once or on the worker), entering a ticked list
through the check-in service, and the desk's reprint of a lost badge.

The ticks go through ``registration.checkin.services.checkin_registration``, the same check-in as at the
door: one per delegate and day, a line in the scan log (who entered it, door "Paper list").
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, field_name
from plenary.jobs.models import Job
from plenary.jobs.services import job_create
from registration.badges.services import badge_reprint, badges_mark_printed
from registration.checkin import services as checkin_services
from registration.checkin.paper import render_door_list_pdf
from registration.checkin.paper_selectors import conference_days, door_list_size, door_paper_list, paper_registrations
from registration.checkin.paper_tasks import render_door_list
from registration.doors.devices import door_create
from registration.models import Badge, CheckIn, Door, Registration, Scan, User

# WeasyPrint lays out about 100 rows a second on the 2-core target (bench/door_paper_list.py: 2,000 delegates,
# 3,300 rows in two lists, 36-40 s; 10 delegates 0.4 s): too slow for a request. Beyond this the list is printed
# on the task worker and the page shows its progress.
PAPER_INLINE_LIMIT = 100
PAPER_DOOR = _("Paper list")


def paper_door(*, conference: Conference) -> Door:
    """The door a paper check-in names: a door record of the conference, named in every language."""
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[code] = str(PAPER_DOOR)
    existing = Door.objects.filter(
        conference=conference, **{field_name("name", FALLBACK_LANGUAGE): names[FALLBACK_LANGUAGE]}
    ).first()
    return existing or door_create(conference=conference, names=names)


@dataclass(frozen=True)
class DoorListStarted:
    """The PDF itself when it was small enough to print at once, else the job printing it."""

    pdf: bytes | None = None
    job: Job | None = None


def door_list_start(*, conference: Conference, day: dt.date, language: str, by: User | None) -> DoorListStarted:
    """Prints the door list for ``day`` in ``language``; a printed list of names is an export (audited)."""
    count = door_list_size(conference=conference)
    audit_record(
        conference=conference,
        actor=by,
        action=Action.EXPORT,
        summary=f"Door paper list for {day.isoformat()}",
        details={"format": "pdf", "door_list": day.isoformat(), "count": count},
    )
    if count <= PAPER_INLINE_LIMIT:
        return DoorListStarted(
            pdf=render_door_list_pdf(door_paper_list(conference=conference, day=day, language=language))
        )
    job = job_create(kind="door_list", conference=conference, by=by, total=count, details={"day": day.isoformat()})
    transaction.on_commit(lambda: render_door_list.enqueue(job.pk, day.isoformat(), language))
    return DoorListStarted(job=job)


@dataclass(frozen=True)
class PaperCheckinOutcome:
    checked_in: list[Registration] = field(default_factory=list)
    already: list[Registration] = field(default_factory=list)  # checked in before: nothing changed for them
    ignored: int = 0  # ticked ids that are not approved delegates of this conference


@transaction.atomic
def paper_checkin(
    *, conference: Conference, day: dt.date, registration_ids: Sequence[int], at: dt.time, by: User | None
) -> PaperCheckinOutcome:
    """Checks in, at ``at`` on ``day``, each ticked delegate not checked in that day yet. Idempotent: a
    delegate already checked in that day (at a door, or by an earlier entry of the same list) is left alone."""
    if day not in conference_days(conference):
        raise ValueError("Not a day of this conference.")
    ids = list(dict.fromkeys(registration_ids))
    registrations = paper_registrations(conference=conference, ids=ids)
    done_before = set(
        CheckIn.objects.filter(registration__in=registrations, day=day).values_list("registration_id", flat=True)
    )
    now = dt.datetime.combine(day, at, tzinfo=conference.tzinfo)
    door = paper_door(conference=conference)
    checked_in, already = [], []
    for registration in registrations:
        if registration.pk in done_before:
            already.append(registration)
            continue
        outcome = checkin_services.checkin_registration(
            conference=conference, registration=registration, door=door, by=by, now=now
        )
        # Scanned at a door a moment ago: the door's check-in stands.
        (checked_in if outcome.result == Scan.Outcome.CHECKED_IN else already).append(registration)
    if checked_in:
        # When the ticks were typed in (the check-ins carry the paper's time) and by whom; no names.
        audit_record(
            action=Action.PAPER_CHECKIN,
            summary=f"{len(checked_in)} check-in(s) entered from the paper list for {day.isoformat()}",
            conference=conference,
            actor=by,
            details={"day": day.isoformat(), "count": len(checked_in), "at": at.isoformat(timespec="minutes")},
        )
    return PaperCheckinOutcome(checked_in=checked_in, already=already, ignored=len(ids) - len(registrations))


@transaction.atomic
def desk_badge_reprint(*, registration: Registration, by: User | None) -> Badge:
    """A lost badge, reprinted at the desk: the old token is revoked (door devices drop it at their next
    sync), the new badge is issued and marked printed, since it leaves the desk's printer now."""
    badge = badge_reprint(registration=registration, by=by)
    badges_mark_printed(badges=Badge.objects.filter(pk=badge.pk))
    badge.refresh_from_db()
    return badge
