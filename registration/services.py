"""Writes on registrations: creation, edits, status changes with the capacity rule (anonymisation is in
``registration.accounts.services``).

Every status change goes through ``registration_set_status``: it locks the conference row so that
approvals made at the same moment never push the approved count past the capacity, records the
change (``StatusChange`` and ``AuditLogEntry``) and e-mails the delegate.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.lifecycle import registration_window
from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.permissions import SECRETARIAT, in_group
from registration.models import (
    DELEGATE_CONSENT_FIELDS,
    DELEGATE_DETAIL_FIELDS,
    SECRETARIAT_EDIT_FIELDS,
    Registration,
    StatusChange,
    User,
)
from registration.notifications import StatusEmailOccasion, send_status_email
from registration.selectors import registration_is_editable, registration_may_register_again

Status = Registration.Status
# Statuses in which a registration still holds (or waits for) a place.
ACTIVE_STATUSES = frozenset({Status.PENDING, Status.APPROVED, Status.WAITLISTED})
SELF_SERVICE_FIELDS = DELEGATE_DETAIL_FIELDS + DELEGATE_CONSENT_FIELDS


class RegistrationError(Exception):
    """A rule of the registration process refused the change; the message is for the user."""


@dataclass(frozen=True)
class StatusChangeOutcome:
    """What ``registration_set_status`` did: the status asked for, the one applied, and whether the capacity
    rule turned an approval into a place on the waiting list."""

    registration: Registration
    requested: str
    applied: str
    capacity_reached: bool = False
    # A cancellation is the delegate's own decision: the secretariat's status actions leave it alone.
    skipped_cancelled: bool = False
    # The waitlisted delegate approved in the place this change freed, if any.
    promoted: Registration | None = None


@dataclass(frozen=True)
class BulkStatusOutcome:
    """What ``registration_bulk_set_status`` did: how many registrations ended up in each status and how many
    approvals the capacity rule put on the waiting list. ``items()`` iterates the counts."""

    requested: str
    counts: dict[str, int] = field(default_factory=dict)
    capacity_reached: int = 0
    skipped_cancelled: int = 0
    promoted: int = 0

    def __bool__(self) -> bool:
        return bool(self.counts)

    def skipped_message(self) -> str:
        return skipped_cancelled_message(self.skipped_cancelled)


def skipped_cancelled_message(count: int) -> str:
    """Why a status action left ``count`` registrations alone: their delegates cancelled them."""
    return ngettext(
        "%(count)d registration was skipped: its delegate cancelled it, and only they can register again.",
        "%(count)d registrations were skipped: their delegates cancelled them, and only they can register again.",
        count,
    ) % {"count": count}


def _record_change(
    *,
    registration: Registration,
    from_status: str,
    by: User | None,
    message: str,
    occasion: StatusEmailOccasion = StatusEmailOccasion.DECISION,
) -> StatusChange:
    change = StatusChange.objects.create(
        registration=registration, from_status=from_status, to_status=registration.status, by=by, message=message
    )
    audit_record(
        action=Action.STATUS_CHANGE,
        summary=f"Registration #{registration.pk}: {from_status or '-'} → {registration.status}",
        conference=registration.conference,
        actor=by,
        details={"registration": registration.pk, "from": from_status, "to": registration.status},
    )
    # In the transaction: with the database task backend the e-mail exists only if the change is committed.
    send_status_email.enqueue(change.pk, occasion)
    return change


@transaction.atomic
def registration_create(
    *,
    conference: Conference,
    user: User | None,
    fields: dict[str, Any],
    source: str = Registration.Source.SELF,
    by: User | None = None,
) -> Registration:
    """A new, pending registration. Self-registration needs the conference to be open and the privacy
    policy accepted (``fields["accept_privacy"]``); the policy version and the time are stored."""
    if source == Registration.Source.SELF and not registration_window(conference=conference).is_open:
        raise RegistrationError(_("Registration for this conference is closed."))
    values = {name: value for name, value in fields.items() if name in SELF_SERVICE_FIELDS}
    registration = Registration(
        conference=conference,
        user=user,
        email=(fields.get("email") or (user.email if user else "")).strip(),
        source=source,
        status=Status.PENDING,
        **values,
    )
    if fields.get("accept_privacy"):
        registration.privacy_policy_version = settings.PLENARY_PRIVACY_POLICY_VERSION
        registration.privacy_accepted_at = timezone.now()
    registration.full_clean()
    registration.save()
    _record_change(registration=registration, from_status="", by=by or user, message="")
    return registration


@transaction.atomic
def registration_register_again(*, registration: Registration, user: User, fields: dict[str, Any]) -> Registration:
    """A delegate who cancelled registers again while registration is open: the same row (one per delegate and
    conference) takes the new details and the privacy policy accepted again, and is pending once more."""
    registration = Registration.objects.select_for_update().select_related("conference").get(pk=registration.pk)
    if registration.user_id != user.pk:
        raise PermissionDenied
    if not registration_may_register_again(registration):
        raise RegistrationError(_("Registration for this conference is closed."))
    for name, value in fields.items():
        if name in SELF_SERVICE_FIELDS:
            setattr(registration, name, value)
    if fields.get("accept_privacy"):
        registration.privacy_policy_version = settings.PLENARY_PRIVACY_POLICY_VERSION
        registration.privacy_accepted_at = timezone.now()
    registration.full_clean()
    registration.save()
    return registration_set_status(registration=registration, to_status=Status.PENDING, by=user).registration


@transaction.atomic
def registration_update(*, registration: Registration, fields: dict[str, Any], by: User) -> Registration:
    """Changes a registration's details. Its owner may do so until the edit cut-off; staff always."""
    # Compared with the stored row: a bound ModelForm has already copied its values onto its instance.
    registration = Registration.objects.select_for_update().select_related("conference").get(pk=registration.pk)
    if registration.user_id == by.pk and not registration_is_editable(registration):
        raise RegistrationError(_("Your details can no longer be changed online; please contact the secretariat."))
    _save_fields(registration, fields=fields, allowed=SELF_SERVICE_FIELDS, by=by, summary="updated")
    return registration


@transaction.atomic
def registration_secretariat_update(*, registration: Registration, fields: dict[str, Any], by: User) -> list[str]:
    """The secretariat corrects a delegate's details, category (the staff categories too) or internal note,
    at any time. Returns the names of the fields that changed."""
    if not in_group(by, SECRETARIAT):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().select_related("conference").get(pk=registration.pk)
    if registration.anonymised_at is not None:
        raise RegistrationError(_("This registration has been anonymised."))
    return _save_fields(
        registration, fields=fields, allowed=SECRETARIAT_EDIT_FIELDS, by=by, summary="updated by the secretariat"
    )


def _save_fields(
    registration: Registration, *, fields: dict[str, Any], allowed: Iterable[str], by: User, summary: str
) -> list[str]:
    """Saves the allowed fields that differ from the stored row; the audit line names them, not their values."""
    changed = [name for name in allowed if name in fields and getattr(registration, name) != fields[name]]
    if not changed:
        return []
    for name in changed:
        setattr(registration, name, fields[name])
    registration.full_clean()
    registration.save()
    audit_record(
        action=Action.REGISTRATION_UPDATE,
        summary=f"Registration #{registration.pk} {summary}: {', '.join(changed)}",
        conference=registration.conference,
        actor=by,
        details={"registration": registration.pk, "fields": changed},
    )
    return changed


def _approved_count(conference: Conference) -> int:
    return conference.registrations.filter(status=Status.APPROVED).count()


def _has_room(conference: Conference) -> bool:
    return conference.capacity is None or _approved_count(conference) < conference.capacity


def _promote_first_waitlisted(
    conference: Conference, *, by: User | None, passed_over: Collection[int]
) -> Registration | None:
    """The place an approved delegate left goes to the first on the waiting list but ``passed_over`` (the rest
    of a bulk action, which decides about them itself); a lowered capacity may still be full, without a
    capacity there is always room."""
    if not _has_room(conference):
        return None
    candidate = (
        conference.registrations.select_for_update()
        .filter(status=Status.WAITLISTED, anonymised_at__isnull=True)
        .exclude(pk__in=passed_over)
        .order_by("waitlisted_at", "pk")
        .first()
    )
    if candidate is None:
        return None
    candidate.status = Status.APPROVED
    candidate.waitlisted_at = None
    candidate.save(update_fields=["status", "waitlisted_at", "updated_at"])
    _record_change(
        registration=candidate,
        from_status=Status.WAITLISTED,
        by=by,
        message="",
        occasion=StatusEmailOccasion.PROMOTED,
    )
    return candidate


def _apply_status(
    registration: Registration,
    *,
    conference: Conference,
    to_status: str,
    by: User | None,
    message: str,
    passed_over: Collection[int] = (),
) -> StatusChangeOutcome:
    """Applies one change under the conference lock the caller holds."""
    requested = to_status
    from_status = registration.status
    by_owner = by is not None and registration.user_id == by.pk
    if from_status == Status.CANCELLED and to_status != Status.CANCELLED and not by_owner:
        return StatusChangeOutcome(
            registration=registration, requested=requested, applied=from_status, skipped_cancelled=True
        )
    capacity_reached = to_status == Status.APPROVED and from_status != Status.APPROVED and not _has_room(conference)
    if capacity_reached:
        to_status = Status.WAITLISTED
    if to_status == from_status:
        return StatusChangeOutcome(registration=registration, requested=requested, applied=to_status)
    registration.status = to_status
    registration.waitlisted_at = timezone.now() if to_status == Status.WAITLISTED else None
    registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    occasion = StatusEmailOccasion.CAPACITY_REACHED if capacity_reached else StatusEmailOccasion.DECISION
    _record_change(registration=registration, from_status=from_status, by=by, message=message, occasion=occasion)
    left = from_status == Status.APPROVED
    promoted = _promote_first_waitlisted(conference, by=by, passed_over=passed_over) if left else None
    return StatusChangeOutcome(
        registration=registration,
        requested=requested,
        applied=to_status,
        capacity_reached=capacity_reached,
        promoted=promoted,
    )


def _locked_conference(conference_id: int) -> Conference:
    # The row lock serialises every status change of one conference (PostgreSQL; SQLite's
    # IMMEDIATE transactions already serialise writers). NO KEY UPDATE: rows that only reference the conference
    # (a door scan) are still written while an import holds the lock for its whole transaction.
    return Conference.objects.select_for_update(no_key=True).get(pk=conference_id)


@transaction.atomic
def registration_set_status(
    *, registration: Registration, to_status: str, by: User | None, message: str = ""
) -> StatusChangeOutcome:
    """Approve, waitlist, decline or cancel. An approval beyond the capacity lands on the waiting list;
    when an approved registration leaves, the first waitlisted one is approved in its place. A cancelled
    registration is the delegate's own decision: nobody but its owner changes it (``skipped_cancelled``).
    Returns the outcome: the registration with the status it ended up in, whether the capacity was reached,
    and whom the freed place went to."""
    if to_status not in Status.values:
        raise RegistrationError(_("Unknown status."))
    conference = _locked_conference(registration.conference_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.anonymised_at is not None:
        raise RegistrationError(_("This registration has been anonymised."))
    return _apply_status(locked, conference=conference, to_status=to_status, by=by, message=message)


@transaction.atomic
def registration_bulk_set_status(
    *, conference: Conference, registrations: Iterable[Registration], to_status: str, by: User, message: str = ""
) -> BulkStatusOutcome:
    """The same change for several registrations of one conference, oldest first (so the waiting list
    keeps the order they registered in). Returns how many ended up in each status, how many were skipped
    because their delegates had cancelled, and how many waitlisted delegates got a freed place."""
    locked_conference = _locked_conference(conference.pk)
    ids = {registration.pk for registration in registrations}
    counts: dict[str, int] = {}
    capacity_reached = skipped_cancelled = promoted = 0
    for registration in (
        Registration.objects.select_for_update()
        .filter(conference=locked_conference, pk__in=ids, anonymised_at__isnull=True)
        .order_by("created_at", "pk")
    ):
        result = _apply_status(
            registration,
            conference=locked_conference,
            to_status=to_status,
            by=by,
            message=message,
            passed_over=ids,
        )
        capacity_reached += result.capacity_reached
        skipped_cancelled += result.skipped_cancelled
        promoted += result.promoted is not None
        if not result.skipped_cancelled:
            counts[result.applied] = counts.get(result.applied, 0) + 1
    return BulkStatusOutcome(
        requested=to_status,
        counts=counts,
        capacity_reached=capacity_reached,
        skipped_cancelled=skipped_cancelled,
        promoted=promoted,
    )


def registration_cancel(*, registration: Registration, by: User, message: str = "") -> Registration:
    """The delegate (or the secretariat on their behalf) withdraws; a freed place goes to the first on the
    waiting list, in the same transaction (``registration_set_status``)."""
    if registration.status not in ACTIVE_STATUSES:
        raise RegistrationError(_("This registration cannot be cancelled."))
    if registration.user_id != by.pk and not in_group(by, SECRETARIAT):
        raise PermissionDenied
    return registration_set_status(
        registration=registration, to_status=Status.CANCELLED, by=by, message=message
    ).registration


@transaction.atomic
def registration_claim(*, registration: Registration, user: User) -> Registration:
    """Links a registration the secretariat made (an import) to the account with the same verified e-mail."""
    if registration.user_id is not None or registration.email.lower() != user.email.lower():
        raise RegistrationError(_("This registration belongs to someone else."))
    registration.user = user
    registration.save(update_fields=["user", "updated_at"])
    audit_record(
        action=Action.REGISTRATION_CLAIM,
        summary=f"Registration #{registration.pk} linked to its owner's account",
        conference=registration.conference,
        actor=user,
        details={"registration": registration.pk},
    )
    return registration


# --- The capacity rule for writes that create many registrations at once (the spreadsheet import) ---


def registration_lock_conference(*, conference: Conference) -> Conference:
    """Takes the conference row lock every status change takes, in the caller's transaction (call it first, before
    locking any registration), and returns the conference as it is now."""
    return _locked_conference(conference.pk)


def places_left(*, conference: Conference) -> int | None:
    """How many more registrations can be approved now: None when the conference has no capacity, never below 0.
    When the answer decides a write, ask under ``registration_lock_conference``."""
    if conference.capacity is None:
        return None
    return max(conference.capacity - _approved_count(conference), 0)


def statuses_for_new_approved(*, conference: Conference, count: int) -> list[str]:
    """The statuses ``count`` new registrations to approve end up in, in order, by the capacity rule of
    ``registration_set_status``: approved up to the places left, the others waitlisted."""
    left = places_left(conference=conference)
    approved = count if left is None else min(count, left)
    return [Status.APPROVED] * approved + [Status.WAITLISTED] * (count - approved)
