"""The door's paper list, for when every phone is dead: rendering only.

``registration.checkin.paper_selectors.door_paper_list`` builds the plain data; this module never queries.
Two lists in one PDF, by Latin name and by Arabic name, each row with the badge reference, both names,
category, country and an empty tick box; every page says the conference, the day and "page X of Y".
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from plenary.pdf.render import render_pdf, static_file_url


@dataclass(frozen=True)
class PaperRow:
    reference: str  # the badge reference (registration.badges.selectors.badge_reference), never the QR token
    last_name: str
    first_name: str
    name_ar: str
    category_label: str
    country: str


@dataclass(frozen=True)
class DoorList:
    """Everything the template prints, already translated into ``language``."""

    language: str
    direction: str
    conference_title: str
    day: str
    generated: str
    latin: list[PaperRow]
    arabic: list[PaperRow]
    # "Page X of Y" in the list's language, split around the two numbers for CSS counters.
    page_before: str
    page_between: str
    page_after: str


def _css_string(text: str) -> str:
    """A CSS string literal: the translated pieces of "page X of Y" go into the stylesheet."""
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text)
    return f'"{escaped}"'


def render_door_list_html(door_list: DoorList) -> str:
    return render_to_string(
        "pdf/door_list.html",
        {
            "list": door_list,
            "stylesheet": static_file_url("css/door-list.css"),
            "page_counter": " ".join(
                (
                    _css_string(door_list.page_before),
                    "counter(page)",
                    _css_string(door_list.page_between),
                    "counter(pages)",
                    _css_string(door_list.page_after),
                )
            ),
        },
    )


def render_door_list_pdf(door_list: DoorList) -> bytes:
    with translation.override(door_list.language):
        html = render_door_list_html(door_list)
    return render_pdf(html)
