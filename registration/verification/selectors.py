"""What /verify/<reference>/ shows for a letter's or a certificate's reference: only what the document itself
shows (less: never the passport's number or dates), and nothing at all for a reference that matches none."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat

from conference.selectors import conference_dates
from registration.models import Certificate, CheckIn, VisaLetter

REFERENCE_LENGTH = 24  # registration.models.letters.new_reference
REFERENCE_CHARACTERS = re.compile(rf"[A-Za-z0-9_-]{{1,{REFERENCE_LENGTH}}}")  # secrets.token_urlsafe's alphabet


@dataclass(frozen=True)
class VerifiedDocument:
    kind: str  # "letter" or "certificate"
    serial: str
    name: str
    conference_title: str
    dates: str
    valid: bool
    days: tuple[str, ...] = ()  # a certificate's days of attendance


def verify_url(reference: str) -> str:
    """What a letter's or a certificate's QR code holds: the verification page, with no language prefix."""
    return f"{settings.SITE_URL}{reverse('registration_files:verify', args=[reference])}"


def document_for_reference(reference: str) -> VerifiedDocument | None:
    """Both kinds are always looked up, by an indexed column, whatever the reference looks like: a wrong one
    costs the same two queries as a right one, and its answer tells nothing about what exists."""
    if not REFERENCE_CHARACTERS.fullmatch(reference):
        reference = ""  # matches nothing (a NUL byte or a slash would not even reach the database)
    letter = (
        VisaLetter.objects.filter(reference=reference, status__in=[VisaLetter.Status.ISSUED, VisaLetter.Status.REVOKED])
        .select_related("registration__conference")
        .first()
    )
    certificate = Certificate.objects.filter(reference=reference).select_related("registration__conference").first()
    if letter is not None:
        conference = letter.registration.conference
        return VerifiedDocument(
            kind="letter",
            serial=letter.serial,
            name=letter.passport_name,
            conference_title=conference.title,
            dates=conference_dates(conference),
            valid=letter.status == VisaLetter.Status.ISSUED,
        )
    if certificate is not None and certificate.registration.anonymised_at is None:
        registration = certificate.registration
        days = CheckIn.objects.filter(registration=registration).order_by("day").values_list("day", flat=True)
        return VerifiedDocument(
            kind="certificate",
            serial=certificate.serial,
            name=registration.full_name,
            conference_title=registration.conference.title,
            dates=conference_dates(registration.conference),
            valid=True,
            days=tuple(dateformat.format(day, "j F Y") for day in days),
        )
    return None
