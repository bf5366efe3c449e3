"""Badge PDFs: the layouts, the template and chunked rendering on every core.

This module receives plain data (``registration.badges.badge_sheet_data`` builds it) and never queries.
A batch is rendered as a few large documents rather than one per badge (WeasyPrint's fixed cost per
document dominates a single badge), in chunks so that memory stays flat whatever the batch size,
two chunks at a time in worker processes, and joined with pypdf.
"""

import contextlib
import io
import math
import multiprocessing
import queue
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

import django
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter

from conference.pdf import qr_png_data_uri, render_pdf, static_file_url

# A chunk of 150 badges is about 60 MB in a worker; 2 workers match the 2-core target machine.
CHUNK_SIZE = 150
WORKERS = 2
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
    title_ar: str
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
    category_label_ar: str
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


def qr_version_for(url: str) -> int:
    """The smallest QR version (error correction M) that holds ``url``; badge URLs all have one length."""
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    return code.best_fit()


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
    import os, time  # TRACE
    _t = time.time()  # TRACE
    try:  # TRACE
        return _render_chunk2(chunk)  # TRACE
    finally:  # TRACE
        print(f"TRACE pid {os.getpid()} {len(chunk.badges)} {_t % 100:.2f}->{time.time() % 100:.2f}", flush=True)  # TRACE


def _render_chunk2(chunk: _Chunk) -> bytes:  # TRACE
    with translation.override(chunk.language):
        html = render_badges_html(
            conference=chunk.conference, badges=chunk.badges, layout=chunk.layout, qr_version=chunk.qr_version
        )
    return render_pdf(html)


def _worker_init() -> None:
    # Normally done by the preloaded registration.badge_worker; the fork server ignores failed preloads.
    django.setup()


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver, not fork: the caller may be a threaded server or task worker, where fork can deadlock.
    # The server preloads Django and WeasyPrint once (settings from DJANGO_SETTINGS_MODULE).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "registration.badge_worker"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


def _chunk_size(count: int, *, per_sheet: int, largest: int) -> int:
    """Chunks of at most ``largest`` badges, as even as possible, and made of whole sheets so that a
    4-up sheet is never split across two documents."""
    chunks = math.ceil(count / largest)
    size = math.ceil(count / chunks)
    return max(per_sheet, math.ceil(size / per_sheet) * per_sheet)


def _render_chunks(
    chunks: Sequence[_Chunk], *, workers: int, progress: Callable[[int, int], None] | None
) -> list[bytes]:
    """Renders the chunks on ``workers`` processes: this one and ``workers - 1`` worker processes, each
    taking the next chunk whenever it is free. This process starts at once instead of waiting for the
    workers to start (about a second), and the progress is reported from this thread (it writes to the
    database) after each chunk it renders."""
    pdfs: list[bytes | None] = [None] * len(chunks)
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(chunks)):
        todo.put(index)
    total = sum(len(chunk.badges) for chunk in chunks)
    reported = 0

    def take() -> int | None:
        try:
            return todo.get_nowait()
        except queue.Empty:
            return None

    def feed(pool: ProcessPoolExecutor) -> None:
        while (index := take()) is not None:
            pdfs[index] = pool.submit(_render_chunk, chunks[index]).result()

    def report() -> None:
        nonlocal reported
        done = sum(len(chunk.badges) for chunk, pdf in zip(chunks, pdfs, strict=True) if pdf is not None)
        if progress and done > reported:
            progress(done, total)
        reported = done

    extra = min(workers, len(chunks)) - 1
    with contextlib.ExitStack() as stack:
        feeders = []
        if extra > 0:
            pool = stack.enter_context(_pool(extra))
            threads = stack.enter_context(ThreadPoolExecutor(extra))
            feeders = [threads.submit(feed, pool) for _ in range(extra)]
        try:
            while (index := take()) is not None:
                pdfs[index] = _render_chunk(chunks[index])
                report()
                for feeder in feeders:
                    if feeder.done():
                        feeder.result()  # a failed worker stops the batch now
            for feeder in feeders:
                feeder.result()
        except BaseException:
            while take() is not None:  # the feeders stop after their current chunk
                pass
            raise
    report()
    return [pdf for pdf in pdfs if pdf is not None]


def _join(pdfs: Sequence[bytes], *, title: str) -> bytes:
    if len(pdfs) == 1:
        return pdfs[0]
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Creator": "Plenary"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_badges_pdf(
    *,
    conference: BadgeConference,
    badges: Sequence[BadgeData],
    layout: str = DEFAULT_LAYOUT,
    language: str = "en",
    chunk_size: int = CHUNK_SIZE,
    workers: int = WORKERS,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF for the whole batch. ``progress(done, total)`` is called after each chunk."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}")
    if not badges:
        raise ValueError("No badges to print.")
    chunk_size = _chunk_size(len(badges), per_sheet=LAYOUTS[layout].per_sheet, largest=chunk_size)
    qr_version = qr_version_for(badges[0].url)
    chunks = [
        _Chunk(conference, badges[start : start + chunk_size], layout, qr_version, language)
        for start in range(0, len(badges), chunk_size)
    ]
    pdfs = _render_chunks(chunks, workers=workers, progress=progress)
    return _join(pdfs, title=f"{conference.title} – badges")
