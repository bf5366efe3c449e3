"""Badge PDFs: the layouts, the template and chunked rendering on every core.

This module receives plain data (``registration.badges.selectors.badge_sheet_data`` builds it) and never
queries.
A batch is rendered in chunks on every core and joined into one PDF (``plenary.pdf.batch``).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenary.i18n import FALLBACK_LANGUAGE
from plenary.pdf import batch
from plenary.pdf.qr import qr_png_data_uri, qr_version_for
from plenary.pdf.render import render_pdf, static_file_url

# A chunk of 250 badges adds about 55 MB to a process (bench/badges.py: fewer, larger chunks pay
# WeasyPrint's fixed cost per document less often). 2 processes match the 2-core target machine.
CHUNK_SIZE = 250
WORKERS = 2
# What the workers' fork server imports first: Django set up, WeasyPrint's fonts warm (Latin and Arabic).
WORKER_MODULE = "registration.badges.worker"
# One pixel per module: WeasyPrint embeds a tiny image and draws it without smoothing
# (image-rendering: pixelated), faster than an SVG path at the same sharpness (bench/badges.py).
QR_BOX_SIZE = 1
QR_BORDER = 2


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    design: str  # "a6" (portrait, large) or "card" (landscape, small): a set of rules in badges.css
    per_sheet: int
    cut_marks: bool = False


LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (
        Layout("a6-4up", _("A6, four on an A4 sheet with cut marks"), "a6", 4, cut_marks=True),
        Layout("a6", _("A6, one per page"), "a6", 1),
        Layout("cr80", _("CR80 card, 85.6 × 54 mm, one per page"), "card", 1),
        Layout("avery-l4785", _("Avery L4785 name badge labels, 80 × 50 mm, 10 per A4 sheet"), "card", 10),
        Layout("avery-5395", _("Avery 5395 name badge labels, 3⅜ × 2⅓ in, 8 per Letter sheet"), "card", 8),
    )
}
DEFAULT_LAYOUT = "a6-4up"
LAYOUT_CHOICES = [(layout.key, layout.label) for layout in LAYOUTS.values()]


@dataclass(frozen=True)
class BadgeConference:
    title: str
    title_script: str  # the title in the language of the name_ar script (plenary.i18n.NAME_SCRIPT_LANGUAGE)
    dates: str


@dataclass(frozen=True)
class BadgeData:
    """One badge, every value already decided: the template only places them."""

    url: str  # what the QR code encodes: SITE_URL/b/<token>
    full_name: str
    name_ar: str
    organisation: str
    country: str
    category: str
    category_label: str
    category_label_script: str  # in the language of the name_ar script, when it differs
    photo_consent: bool
    name_size: int  # 1 (largest) to 6, chosen from the length so that long names shrink instead of overflowing
    name_ar_size: int
    organisation_size: int


@dataclass(frozen=True)
class _Chunk:
    conference: BadgeConference
    badges: Sequence[BadgeData]
    layout: str
    qr_version: int
    language: str


def _sheets(badges: Sequence[dict], per_sheet: int) -> Iterator[list[dict]]:
    for start in range(0, len(badges), per_sheet):
        yield badges[start : start + per_sheet]


def render_badges_html(
    *, conference: BadgeConference, badges: Sequence[BadgeData], layout: str, qr_version: int
) -> str:
    spec = LAYOUTS[layout]
    items = [
        {
            "badge": badge,
            "qr": qr_png_data_uri(badge.url, version=qr_version, box_size=QR_BOX_SIZE, border=QR_BORDER),
            "slot": index % spec.per_sheet,
        }
        for index, badge in enumerate(badges)
    ]
    return render_to_string(
        "pdf/badges.html",
        {
            "conference": conference,
            "layout": spec,
            "sheets": list(_sheets(items, spec.per_sheet)),
            "stylesheet": static_file_url("css/badges.css"),
        },
    )


def _render_chunk(chunk: _Chunk) -> bytes:
    with translation.override(chunk.language):
        html = render_badges_html(
            conference=chunk.conference, badges=chunk.badges, layout=chunk.layout, qr_version=chunk.qr_version
        )
    return render_pdf(html)


def render_badges_pdf(
    *,
    conference: BadgeConference,
    badges: Sequence[BadgeData],
    layout: str = DEFAULT_LAYOUT,
    language: str = FALLBACK_LANGUAGE,
    chunk_size: int = CHUNK_SIZE,
    workers: int = WORKERS,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF for the whole batch. ``progress(done, total)`` is called after each chunk."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}")
    if not badges:
        raise ValueError("No badges to print.")
    chunk_size = batch.chunk_size(len(badges), per_sheet=LAYOUTS[layout].per_sheet, workers=workers, largest=chunk_size)
    qr_version = qr_version_for(badges[0].url)
    chunks = [
        _Chunk(conference, badges[start : start + chunk_size], layout, qr_version, language)
        for start in range(0, len(badges), chunk_size)
    ]
    return batch.render_chunks(
        chunks,
        render=_render_chunk,
        sizes=[len(chunk.badges) for chunk in chunks],
        workers=workers,
        title=f"{conference.title} – badges",
        progress=progress,
        preload=WORKER_MODULE,
    )
