"""Applying an import in bulk, in one transaction (``undo`` undoes it).

``import_apply`` takes the conference lock the registration services take for status changes
(``registration.services.registration_lock_conference``), reads the file again through ``preview.import_preview``
(which applies the capacity rule: approved up to the places left, the rest waitlisted in file order), then writes
with ``bulk_create``/``bulk_update`` in batches, with the status history (``StatusChange``) and what undo needs
(``ImportChange``) in bulk too, and one line in the audit log.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from registration.models import Category, ImportBatch, ImportChange, Registration, StatusChange, User
from registration.services import registration_lock_conference
from registration.spreadsheets.columns import ImportRefused
from registration.spreadsheets.preview import ERROR, NEW, UNCHANGED, UPDATED, ImportPreview, import_preview
from registration.spreadsheets.undo import CREATED_FIELDS, WRITE_BATCH_SIZE, registration_digest, values_digest

# --- Applying ---


def _chunks(items: list, size: int = WRITE_BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def import_apply(
    *,
    conference: Conference,
    content: bytes,
    filename: str,
    by: User | None,
    source_organisation: str = "",
    pending: bool = False,
    skip_invalid: bool = False,
    expected_fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Applies the file in one transaction: all of it or nothing. The rows are read again and the e-mails'
    registrations locked; ``expected_fingerprint`` (from the preview the secretariat saw) must still match.
    New registrations are approved (a partner vetted its delegation) up to the conference's capacity, the rows
    beyond it waitlisted in file order, under the conference lock of the status changes; or all ``pending``."""
    conference = registration_lock_conference(conference=conference)
    preview = import_preview(conference=conference, content=content, filename=filename, pending=pending, lock=True)
    if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
        raise ImportRefused(_("The registrations changed since the preview. Check the new preview and apply again."))
    if preview.has_errors and not skip_invalid:
        raise ImportRefused(
            ngettext(
                "%(count)s row has errors: correct the file, or choose to skip the invalid rows.",
                "%(count)s rows have errors: correct the file, or choose to skip the invalid rows.",
                preview.counts[ERROR],
            )
            % {"count": preview.counts[ERROR]}
        )
    try:
        return _write(
            preview, conference=conference, by=by, source=source_organisation, pending=pending, progress=progress
        )
    except IntegrityError:
        raise ImportRefused(
            _("Someone registered with one of these e-mail addresses meanwhile. Check the new preview and apply again.")
        ) from None


def _write(
    preview: ImportPreview,
    *,
    conference: Conference,
    by: User | None,
    source: str,
    pending: bool,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    new_rows = [row for row in preview.rows if row.outcome == NEW]
    updated_rows = [row for row in preview.rows if row.outcome == UPDATED]
    batch = ImportBatch.objects.create(
        conference=conference,
        created_by=by,
        filename=preview.filename[:255],
        sha256=preview.sha256,
        source_organisation=source[:200],
        created_count=len(new_rows),
        updated_count=len(updated_rows),
        unchanged_count=preview.counts[UNCHANGED],
        skipped_count=preview.counts[ERROR],
    )
    total, done = len(new_rows) + len(updated_rows), 0

    now = timezone.now()
    created = [
        Registration(
            conference=conference,
            source=Registration.Source.IMPORT,
            import_batch=batch,
            status=row.status,
            # The waiting list is served in this order (``waitlisted_at``, then id): the file's order, after the
            # registrations already waiting.
            waitlisted_at=now + dt.timedelta(microseconds=index)
            if row.status == Registration.Status.WAITLISTED
            else None,
            **{"category": Category.DELEGATE, **row.values},
        )
        for index, row in enumerate(new_rows)
    ]
    for chunk in _chunks(created):
        Registration.objects.bulk_create(chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    message = _("Imported from %(file)s") % {"file": preview.filename[:200]}
    StatusChange.objects.bulk_create(
        [
            StatusChange(registration=item, from_status="", to_status=item.status, by=by, message=message)
            for item in created
        ],
        batch_size=WRITE_BATCH_SIZE,
    )

    changed_fields = sorted({name for row in updated_rows for name in row.changes})
    updated = []
    for row in updated_rows:
        item = Registration(pk=row.registration_id, updated_at=now, **preview.current[row.registration_id])
        for name, (_old, new) in row.changes.items():
            setattr(item, name, new)
        updated.append(item)
    for chunk in _chunks(updated):
        Registration.objects.bulk_update(chunk, [*changed_fields, "updated_at"])
        done += len(chunk)
        if progress:
            progress(done, total)

    ImportChange.objects.bulk_create(
        [
            *(
                ImportChange(
                    batch=batch,
                    registration=item,
                    created=True,
                    row=row.number,
                    applied_fields=list(CREATED_FIELDS),
                    applied_digest=registration_digest(item, CREATED_FIELDS),
                )
                for row, item in zip(new_rows, created, strict=True)
            ),
            *(
                ImportChange(
                    batch=batch,
                    registration_id=row.registration_id,
                    previous={name: old for name, (old, _new) in row.changes.items()},
                    row=row.number,
                    applied_fields=sorted(row.changes),
                    applied_digest=values_digest({name: new for name, (_old, new) in row.changes.items()}),
                )
                for row in updated_rows
            ),
        ],
        batch_size=WRITE_BATCH_SIZE,
    )
    batch.applied_at = timezone.now()
    batch.save(update_fields=["applied_at"])
    statuses = {str(status): count for status, count in preview.new_statuses.items()}
    audit_record(
        action=Action.IMPORT,
        summary=f"Import batch #{batch.pk}: {batch.created_count} created ({statuses[Registration.Status.APPROVED]} "
        f"approved, {statuses[Registration.Status.WAITLISTED]} waitlisted, {statuses[Registration.Status.PENDING]} "
        f"pending), {batch.updated_count} updated, {batch.unchanged_count} unchanged, {batch.skipped_count} skipped",
        conference=conference,
        actor=by,
        details={
            "batch": batch.pk,
            "sha256": batch.sha256,
            "pending": pending,
            "statuses": statuses,
            "places_left": preview.places_left,
            "capacity": conference.capacity,
        },
    )
    return batch
