"""Reads on visa letters: a delegate's own, the secretariat's queue, and the plain data of a letter's PDF."""

import base64
import mimetypes

from django.db.models import QuerySet
from django.http import Http404
from django.utils import dateformat, timezone, translation

from conference.models import Conference
from conference.selectors import conference_dates
from registration.letters.pdf import LetterDocument
from registration.models import LetterSettings, Registration, VisaLetter
from registration.verification.selectors import verify_url


def letter_settings_for(*, conference: Conference) -> LetterSettings:
    """The conference's settings, or unsaved defaults."""
    return LetterSettings.objects.filter(conference=conference).first() or LetterSettings(conference=conference)


def letter_for_registration(*, registration: Registration) -> VisaLetter | None:
    return VisaLetter.objects.filter(registration=registration).first()


def letter_queue(*, conference: Conference, status: str = "") -> QuerySet[VisaLetter]:
    letters = VisaLetter.objects.filter(registration__conference=conference).select_related("registration")
    return letters.filter(status=status) if status else letters


def letter_get(*, conference: Conference, pk: int) -> VisaLetter:
    letter = letter_queue(conference=conference).filter(pk=pk).first()
    if letter is None:
        raise Http404
    return letter


def _signature_uri(letter_settings: LetterSettings) -> str:
    if not letter_settings.signature:
        return ""
    with letter_settings.signature.open("rb") as file:
        data = file.read()
    mime = mimetypes.guess_type(letter_settings.signature.name)[0] or "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def letter_document(*, letter: VisaLetter) -> LetterDocument:
    """The letter's PDF data, in the language the delegate chose for it."""
    registration = letter.registration
    conference = registration.conference
    letter_settings = letter_settings_for(conference=conference)
    issued = timezone.localtime(letter.decided_at or timezone.now(), conference.tzinfo).date()
    with translation.override(letter.language):
        return LetterDocument(
            language=letter.language,
            letterhead_lines=tuple(line for line in letter_settings.letterhead.splitlines() if line.strip()),
            signatory_name=letter_settings.signatory_name,
            signatory_title=letter_settings.signatory_title,
            signature=_signature_uri(letter_settings),
            conference_title=str(conference.title),
            organiser=str(conference.organiser),
            dates=conference_dates(conference),
            venue=conference.venue,
            city=str(conference.city),
            passport_name=letter.passport_name,
            passport_number=letter.passport_number,
            nationality=str(letter.nationality.name),
            date_of_birth=dateformat.format(letter.date_of_birth, "j F Y"),
            passport_expiry=dateformat.format(letter.passport_expiry, "j F Y"),
            consulate=letter.consulate,
            coverage=str(letter.get_coverage_display()),
            serial=letter.serial,
            issued_on=dateformat.format(issued, "j F Y"),
            verify_url=verify_url(letter.reference or ""),
        )
