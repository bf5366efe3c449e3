"""The placeholders a message may use, their values for one delegate, and how a text is filled in.

``{first_name}`` is replaced by the delegate's value; any other ``{word}`` is refused by the form. In the HTML
part every literal piece and every value is escaped; only the links Plenary makes become ``<a>`` elements.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from plenary.i18n import translate

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = {
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "full_name": _("First and last name"),
    "arabic_name": _("Name in Arabic script (else the name in Latin script)"),
    "organisation": _("Organisation"),
    "category": _("Category"),
    "conference": _("The conference's title"),
    "dates": _("The conference's dates"),
    "city": _("City"),
    "venue": _("Venue"),
    "my_registration_link": _("Link to the delegate's registration page"),
    "badge_link": _("Link to the delegate's badge"),
    "agenda_link": _("Link to the agenda"),
}
LINKS = frozenset({"my_registration_link", "badge_link", "agenda_link"})


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in a text that are not placeholders, in order, once each."""
    return list(dict.fromkeys(name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS))


def conference_dates(conference) -> str:
    """ "3 May 2025" or "3 May 2025 – 4 May 2025", in the active language's date format."""
    first = formats.date_format(conference.start_date, "DATE_FORMAT")
    if conference.end_date == conference.start_date:
        return first
    return f"{first} – {formats.date_format(conference.end_date, 'DATE_FORMAT')}"


def conference_values(*, conference, language: str) -> dict[str, str]:
    """The placeholders that are the same for every delegate in ``language`` (a sending job computes them once
    per language, not once per e-mail)."""
    with translation.override(language):
        slug = {"slug": conference.slug}
        return {
            "conference": str(translate(conference, "title", language)),
            "dates": conference_dates(conference),
            "city": str(translate(conference, "city", language)),
            "venue": conference.venue,
            "my_registration_link": settings.SITE_URL + reverse("registration:my", kwargs=slug),
            "badge_link": settings.SITE_URL + reverse("registration:my_badge", kwargs=slug),
            "agenda_link": settings.SITE_URL + reverse("conference:agenda", kwargs=slug),
        }


def placeholder_values(
    *, registration, conference, language: str, common: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """Every placeholder's value for this delegate, in ``language`` (links with its prefix). No queries: the
    registration's conference is the one given. ``common``: ``conference_values`` by language, filled as needed."""
    common = {} if common is None else common
    if language not in common:
        common[language] = conference_values(conference=conference, language=language)
    with translation.override(language):
        category = str(registration.get_category_display())
    return {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "full_name": registration.full_name,
        "arabic_name": registration.name_ar or registration.full_name,
        "organisation": registration.organisation,
        "category": category,
        **common[language],
    }


@dataclass(frozen=True)
class Filled:
    text: str
    html: str  # escaped; paragraphs and line breaks as elements


def fill_subject(template: str, values: dict[str, str]) -> str:
    """The subject on one line: line breaks (typed, or in a value) cannot start a header."""
    return " ".join(PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), template).split())


def fill(template: str, values: dict[str, str]) -> Filled:
    text, html = [], []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        literal = template[position : match.start()]
        text.append(literal)
        html.append(escape(literal))
        position = match.end()
        name = match[1]
        if name not in values:  # refused by the form; left as typed if it ever gets here
            text.append(match[0])
            html.append(escape(match[0]))
            continue
        value = values[name]
        text.append(value)
        html.append(format_html('<a href="{}">{}</a>', value, value) if name in LINKS else escape(value))
    text.append(template[position:])
    html.append(escape(template[position:]))
    return Filled(text="".join(text), html=_paragraphs("".join(html)))


def _paragraphs(html: str) -> str:
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", html.replace("\r\n", "\n")) if block.strip()]
    return "\n".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks)
