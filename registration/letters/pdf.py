"""The visa invitation letter as a PDF, from plain data (``registration.letters.selectors.letter_document``
builds it): this module never queries. One A4 page through the restricted WeasyPrint path."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from plenary.i18n import language_direction
from plenary.pdf.qr import qr_png_data_uri
from plenary.pdf.render import render_pdf, static_file_url


@dataclass(frozen=True)
class LetterDocument:
    """Every value already decided and in the letter's language: the template only places them."""

    language: str
    letterhead_lines: tuple[str, ...]
    signatory_name: str
    signatory_title: str
    signature: str  # a data: URI, or empty
    conference_title: str
    organiser: str
    dates: str
    venue: str
    city: str
    passport_name: str
    passport_number: str
    nationality: str
    date_of_birth: str
    passport_expiry: str
    consulate: str
    coverage: str
    serial: str
    issued_on: str
    verify_url: str


def render_letter_pdf(document: LetterDocument) -> bytes:
    with translation.override(document.language):
        html = render_to_string(
            "pdf/visa_letter.html",
            {
                "letter": document,
                "direction": language_direction(document.language),
                "qr": qr_png_data_uri(document.verify_url, box_size=4, border=2),
                "stylesheet": static_file_url("css/documents.css"),
            },
        )
    return render_pdf(html)
