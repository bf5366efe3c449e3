"""Writes on visa letters: the delegate's request, the secretariat's decisions (issue, decline, revoke, edit),
the letter settings, the explicit export with passport data, and erasure with a registration.

The audit log records that a letter was issued, declined or revoked, by ids: never a passport's data."""

from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from registration.letters.pdf import render_letter_pdf
from registration.letters.selectors import letter_document, letter_settings_for
from registration.models import Certificate, LetterSettings, Registration, User, VisaLetter
from registration.models.letters import LETTER_REQUEST_FIELDS, new_reference
from registration.services import registration_lock_conference
from registration.spreadsheets.exports import render_csv


class LetterError(Exception):
    """The request or decision is not possible now; the message says why, to the person who tried."""


SERIAL_COUNTERS = {"L": "last_letter_number", "C": "last_certificate_number"}


@transaction.atomic
def serials_take(*, conference: Conference, prefix: str, count: int = 1) -> list[str]:
    """The next ``count`` serials of a kind ("L": letters, "C": certificates), like 9-2025-L0001 (edition, year,
    kind, number), under the conference's lock: two decisions at once never take the same number."""
    registration_lock_conference(conference=conference)
    counters, _created = LetterSettings.objects.get_or_create(conference=conference)
    field = SERIAL_COUNTERS[prefix]
    first = getattr(counters, field) + 1
    LetterSettings.objects.filter(pk=counters.pk).update(**{field: first + count - 1})
    return [f"{conference.edition}-{conference.start_date.year}-{prefix}{n:04d}" for n in range(first, first + count)]


@transaction.atomic
def letter_request(*, registration: Registration, fields: Mapping[str, Any]) -> VisaLetter:
    """A new request, or a pending or declined one sent again with corrected data."""
    if registration.status != Registration.Status.APPROVED:
        raise LetterError(_("An invitation letter can be requested once your registration is approved."))
    letter = VisaLetter.objects.select_for_update().filter(registration=registration).first()
    if letter is None:
        coverage = letter_settings_for(conference=registration.conference).covered_by_default
        letter = VisaLetter(registration=registration, coverage=coverage)
    elif letter.status not in (VisaLetter.Status.REQUESTED, VisaLetter.Status.DECLINED):
        raise LetterError(_("Your letter has been issued; please contact the secretariat to change it."))
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.status = VisaLetter.Status.REQUESTED
    letter.decline_message = ""
    letter.requested_at = timezone.now()
    letter.save()
    return letter


@transaction.atomic
def letter_update(*, letter: VisaLetter, fields: Mapping[str, Any]) -> VisaLetter:
    """The secretariat corrects a request before deciding on it."""
    if letter.status != VisaLetter.Status.REQUESTED:
        raise LetterError(_("Only a letter waiting for a decision can be edited."))
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.save()
    return letter


def letter_issue(*, letter: VisaLetter, by: User | None) -> VisaLetter:
    """Gives the letter its serial and verification reference, then renders its PDF (outside the lock)."""
    conference = letter.registration.conference
    with transaction.atomic():
        registration_lock_conference(conference=conference)
        letter = VisaLetter.objects.select_related("registration__conference").get(pk=letter.pk)
        if letter.status != VisaLetter.Status.REQUESTED:
            raise LetterError(_("Only a letter waiting for a decision can be issued."))
        if letter.registration.status != Registration.Status.APPROVED:
            raise LetterError(_("The registration is no longer approved: the letter cannot be issued."))
        [letter.serial] = serials_take(conference=conference, prefix="L")
        letter.reference = new_reference()
        letter.status = VisaLetter.Status.ISSUED
        letter.decided_at = timezone.now()
        letter.decided_by = by
        letter.save()
        _audit(letter, by=by, action=Action.LETTER_ISSUE, verb="issued")
    letter_pdf(letter=letter)
    return letter


def letter_pdf(*, letter: VisaLetter) -> bytes:
    """The issued letter's PDF: rendered once, when it is issued (again if its file is missing), then kept."""
    if letter.status not in (VisaLetter.Status.ISSUED, VisaLetter.Status.REVOKED):
        raise LetterError(_("This letter has not been issued."))
    if letter.pdf:
        with letter.pdf.open("rb") as file:
            return file.read()
    pdf = render_letter_pdf(letter_document(letter=letter))
    letter.pdf.save(f"{letter.reference}.pdf", ContentFile(pdf), save=False)
    VisaLetter.objects.filter(pk=letter.pk).update(pdf=letter.pdf.name)
    return pdf


@transaction.atomic
def letter_decline(*, letter: VisaLetter, by: User | None, message: str) -> VisaLetter:
    if letter.status != VisaLetter.Status.REQUESTED:
        raise LetterError(_("Only a letter waiting for a decision can be declined."))
    letter.status = VisaLetter.Status.DECLINED
    letter.decline_message = message
    letter.decided_at = timezone.now()
    letter.decided_by = by
    letter.save()
    _audit(letter, by=by, action=Action.LETTER_DECLINE, verb="declined")
    return letter


@transaction.atomic
def letter_revoke(*, letter: VisaLetter, by: User | None) -> VisaLetter:
    """The verification page says "revoked" from now on; the delegate can no longer download it."""
    if letter.status != VisaLetter.Status.ISSUED:
        raise LetterError(_("Only an issued letter can be revoked."))
    letter.status = VisaLetter.Status.REVOKED
    letter.revoked_at = timezone.now()
    letter.save(update_fields=["status", "revoked_at"])
    _audit(letter, by=by, action=Action.LETTER_REVOKE, verb="revoked")
    return letter


def _audit(letter: VisaLetter, *, by: User | None, action: Action, verb: str) -> None:
    audit_record(
        action=action,
        summary=f"Visa letter #{letter.pk} {verb} for registration #{letter.registration_id}",
        conference=letter.registration.conference,
        actor=by,
        details={"letter": letter.pk, "registration": letter.registration_id},
    )


@transaction.atomic
def letter_settings_save(*, conference: Conference, form_instance: LetterSettings) -> LetterSettings:
    """Saves the settings a ``LetterSettingsForm`` filled in (its signature is re-encoded by its storage)."""
    form_instance.conference = conference
    form_instance.save()
    return form_instance


EXPORT_FIELDS = ("serial", "status", *LETTER_REQUEST_FIELDS, "coverage")


def letters_export(*, conference: Conference, by: User | None) -> tuple[bytes, str]:
    """The requests with their passport data, as CSV: only when the secretariat asks for this file (the
    registrations' exports never hold passport data), recorded in the audit log with the count only."""
    letters = list(
        VisaLetter.objects.filter(registration__conference=conference)
        .select_related("registration")
        .order_by("serial", "pk")
    )
    rows = [
        [
            str(letter.registration_id),
            letter.registration.email,
            *(str(getattr(letter, name) or "") for name in EXPORT_FIELDS),
        ]
        for letter in letters
    ]
    content = render_csv(rows, headers=["registration", "email", *EXPORT_FIELDS])
    audit_record(
        action=Action.LETTER_EXPORT,
        summary=f"Export of {len(letters)} visa letter request(s) with passport data (CSV)",
        conference=conference,
        actor=by,
        details={"count": len(letters), "format": "csv"},
    )
    return content, f"{conference.slug}-visa-letters.csv"


def letters_forget(*, registration: Registration) -> int:
    """Deletes the registration's letter (its passport data and PDF) and its certificate: anonymisation, purge
    and account deletion call this. Returns how many files were deleted."""
    files = 0
    for letter in VisaLetter.objects.filter(registration=registration):
        if letter.pdf:
            letter.pdf.delete(save=False)
            files += 1
        letter.delete()
    Certificate.objects.filter(registration=registration).delete()
    return files
