"""Undoing an import: all of it, or only the rows nobody touched since.

Each row the import created or changed has an ``ImportChange`` with the file's row number and a keyed digest of
the values the import set. A registration is untouched when those values are what it holds now: a change that
was made and then reverted (declined, then approved again) is no change. A registration created by the import
that has a badge or a check-in is never removed (that would lose them). ``import_undo_plan`` says which rows are
which, for the batch's page; ``import_undo`` undoes under the lock, refusing with the changed rows named unless
asked to undo the untouched rows only, and records it in the audit log.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plenary.audit.models import Action
from plenary.audit.services import audit_record
from registration.models import (
    DELEGATE_CONSENT_FIELDS,
    DELEGATE_DETAIL_FIELDS,
    Badge,
    CheckIn,
    ImportBatch,
    ImportChange,
    Registration,
    User,
)
from registration.spreadsheets.columns import ImportRefused

# What a registration the import created must still hold to be removed: also what the delegate or the
# secretariat could have added since (an account linked, needs, consents, a status).
CREATED_FIELDS = ("user_id", "email", "status", *DELEGATE_DETAIL_FIELDS, *DELEGATE_CONSENT_FIELDS)
WRITE_BATCH_SIZE = 500


def values_digest(values: Mapping[str, object]) -> str:
    """A keyed digest of the values (the values themselves are not kept: a name is not stored twice)."""
    text = repr(sorted((name, "" if value is None else str(value)) for name, value in values.items()))
    return salted_hmac("plenary.import_undo", text, algorithm="sha256").hexdigest()


def registration_digest(registration: Registration, fields: Iterable[str]) -> str:
    return values_digest({name: getattr(registration, name) for name in fields})


@dataclass(frozen=True)
class UndoRow:
    """A row undo leaves as it is: changed since, deleted, or with a badge or check-in."""

    number: int | None
    name: str

    @property
    def label(self) -> str:
        if self.number is None:
            return self.name
        return _("%(name)s (row %(row)s)") % {"name": self.name, "row": self.number}


@dataclass
class UndoPlan:
    untouched: list[ImportChange] = field(default_factory=list)
    changed: list[UndoRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportUndoOutcome:
    batch: ImportBatch
    undone: int
    left: list[UndoRow]


def _is_untouched(change: ImportChange, registration: Registration | None, batch: ImportBatch) -> bool:
    if registration is None or (change.created and (registration.has_badge or registration.has_checkin)):
        return False
    if change.applied_digest:
        return registration_digest(registration, change.applied_fields) == change.applied_digest
    # Imported before rows had digests: any later write counts as a change.
    return registration.updated_at <= batch.applied_at


def _plan(batch: ImportBatch, *, lock: bool) -> UndoPlan:
    changes = list(batch.changes.filter(undone_at__isnull=True).order_by("row", "pk"))
    ids = {change.registration_id for change in changes} - {None}
    registrations = Registration.objects.filter(Q(import_batch=batch) | Q(pk__in=ids)).annotate(
        has_badge=Exists(Badge.objects.filter(registration=OuterRef("pk"))),
        has_checkin=Exists(CheckIn.objects.filter(registration=OuterRef("pk"))),
    )
    if lock:
        registrations = registrations.select_for_update(of=("self",))
    by_pk = {registration.pk: registration for registration in registrations}
    created = {change.registration_id for change in changes if change.created}
    # Imported before each created row had its ImportChange: found by their batch.
    changes += [
        ImportChange(batch=batch, registration_id=pk, created=True)
        for pk, registration in by_pk.items()
        if registration.import_batch_id == batch.pk and pk not in created and pk not in ids
    ]
    plan = UndoPlan()
    for change in changes:
        registration = by_pk.get(change.registration_id)
        if _is_untouched(change, registration, batch):
            plan.untouched.append(change)
        else:
            name = registration and (registration.full_name or registration.name_ar or registration.email)
            plan.changed.append(UndoRow(number=change.row, name=name or _("a deleted registration")))
    return plan


def import_undo_plan(*, batch: ImportBatch) -> UndoPlan:
    """Which rows of an applied import undo would put back, and which it would leave (changed since)."""
    if batch.state != ImportBatch.State.APPLIED:
        return UndoPlan()
    return _plan(batch, lock=False)


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: User | None, untouched_only: bool = False) -> ImportUndoOutcome:
    """Removes the registrations the batch created and restores the values it changed. If some were changed
    since, refuses naming them, unless ``untouched_only``: then the others are undone and those stay (a later
    undo can finish once they are as the import left them)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.APPLIED:
        raise ImportRefused(_("This import was already undone."))
    plan = _plan(batch, lock=True)
    labels = ", ".join(row.label for row in plan.changed)
    if plan.changed and not untouched_only:
        raise ImportRefused(
            ngettext(
                "%(count)s row was changed since the import (or deleted, or has a badge or a check-in): %(rows)s. "
                "Undo the untouched rows only, or correct it first.",
                "%(count)s rows were changed since the import (or deleted, or have a badge or a check-in): "
                "%(rows)s. Undo the untouched rows only, or correct them first.",
                len(plan.changed),
            )
            % {"count": len(plan.changed), "rows": labels}
        )
    if plan.changed and not plan.untouched:
        raise ImportRefused(_("Every row left was changed since the import: %(rows)s.") % {"rows": labels})
    removed = [change.registration_id for change in plan.untouched if change.created]
    for start in range(0, len(removed), 5000):
        Registration.objects.filter(pk__in=removed[start : start + 5000]).delete()
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[Registration]] = {}
    for change in plan.untouched:
        if not change.created:
            by_fields.setdefault(tuple(sorted(change.previous)), []).append(
                Registration(pk=change.registration_id, updated_at=now, **change.previous)
            )
    for names, items in by_fields.items():
        Registration.objects.bulk_update(items, [*names, "updated_at"], batch_size=WRITE_BATCH_SIZE)
    batch.changes.filter(pk__in=[change.pk for change in plan.untouched if change.pk]).update(undone_at=now)
    if not plan.changed:
        batch.state = ImportBatch.State.UNDONE
        batch.save(update_fields=["state"])
    restored = len(plan.untouched) - len(removed)
    audit_record(
        action=Action.IMPORT_UNDO,
        summary=f"Import batch #{batch.pk} undone: {len(removed)} removed, {restored} restored"
        + (f", {len(plan.changed)} changed since left" if plan.changed else ""),
        conference=batch.conference,
        actor=by,
        details={"batch": batch.pk, "removed": len(removed), "restored": restored, "left": len(plan.changed)},
    )
    return ImportUndoOutcome(batch=batch, undone=len(plan.untouched), left=plan.changed)
