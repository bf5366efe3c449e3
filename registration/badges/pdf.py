"""Badge PDFs: the layouts, the template and chunked rendering on every core.

This module receives plain data (``registration.badges.selectors.badge_sheet_data`` builds it) and never
queries.
A batch is rendered as a few large documents rather than one per badge (WeasyPrint's fixed cost per
document dominates a single badge), in chunks so that memory stays flat whatever the batch size,
on every core (this process and worker processes, each taking the next chunk when free), and written
into one PDF as the chunks come in (``plenary.pdf.join``).
"""

import contextlib
import math
import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import cast

import django
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenary.i18n import FALLBACK_LANGUAGE
from plenary.pdf.join import PdfJoiner
from plenary.pdf.qr import qr_png_data_uri
from plenary.pdf.render import render_pdf, static_file_url

# A chunk of 250 badges adds about 55 MB to a process (bench/badges.py: fewer, larger chunks pay
# WeasyPrint's fixed cost per document less often). 2 processes match the 2-core target machine.
CHUNK_SIZE = 250
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
    with translation.override(chunk.language):
        html = render_badges_html(
            conference=chunk.conference, badges=chunk.badges, layout=chunk.layout, qr_version=chunk.qr_version
        )
    return render_pdf(html)


def _worker_init() -> None:
    # Normally done by the preloaded registration.badges.worker; the fork server ignores failed preloads.
    django.setup()


def _start_method() -> str:
    """Forking this process starts a worker at once (Django and WeasyPrint are loaded already), but is
    safe only while it runs a single thread: in a threaded server another thread may hold a lock that
    the child would inherit locked. Then a fork server preloads Django and WeasyPrint (about a second)."""
    return "fork" if threading.active_count() == 1 else "forkserver"


def _pool(workers: int) -> ProcessPoolExecutor:
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        pool.submit(int)  # forks the workers now, from this thread, before any other thread starts
        return pool
    context.set_forkserver_preload(["__main__", "registration.badges.worker"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


def _chunk_size(count: int, *, per_sheet: int, workers: int, largest: int) -> int:
    """Chunks of at most ``largest`` badges, as even as possible so that no process idles at the end,
    and made of whole sheets so that a 4-up sheet is never split across two documents.
    A batch that fits in one chunk stays in one: starting workers would cost more than it saves."""
    if count <= largest:
        return max(per_sheet, count)
    rounds = math.ceil(count / (workers * largest))
    size = math.ceil(count / (workers * rounds))
    return max(per_sheet, math.ceil(size / per_sheet) * per_sheet)


class _Joiner:
    """Appends the chunks' PDFs in order as soon as they are there, between the chunks this process
    renders, so that joining is shared out like the rendering and only the last chunk is left at the end."""

    def __init__(self, chunks: Sequence[_Chunk]) -> None:
        self.sizes = [len(chunk.badges) for chunk in chunks]
        self.pdfs: list[bytes | None] = [None] * len(chunks)
        self.appended = 0
        self.joiner = PdfJoiner()

    def add(self, index: int, pdf: bytes) -> None:
        self.pdfs[index] = pdf

    @property
    def rendered(self) -> int:
        return sum(size for size, pdf in zip(self.sizes, self.pdfs, strict=True) if pdf is not None)

    @property
    def complete(self) -> bool:
        return all(pdf is not None for pdf in self.pdfs)

    def append_ready(self) -> None:
        if len(self.pdfs) == 1:
            return  # a single document needs no joining
        while self.appended < len(self.pdfs) and (pdf := self.pdfs[self.appended]) is not None:
            self.joiner.append(pdf)
            self.pdfs[self.appended] = b""  # written out
            self.appended += 1

    def result(self, *, title: str) -> bytes:
        if len(self.pdfs) == 1:
            return cast(bytes, self.pdfs[0])
        self.append_ready()
        return self.joiner.finish(title=title)


def _render_and_join(
    chunks: Sequence[_Chunk], *, workers: int, title: str, progress: Callable[[int, int], None] | None
) -> bytes:
    """Renders the chunks on ``workers`` processes, this one and ``workers - 1`` worker processes, each
    taking the next chunk whenever it is free, and joins them. Progress is reported from this thread
    (it writes to the database), whenever a chunk is done."""
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(chunks)):
        todo.put(index)
    finished: queue.SimpleQueue[tuple[int, bytes | BaseException]] = queue.SimpleQueue()
    joiner = _Joiner(chunks)
    total = sum(joiner.sizes)
    reported = 0

    def take() -> int | None:
        try:
            return todo.get_nowait()
        except queue.Empty:
            return None

    def feed(pool: ProcessPoolExecutor) -> None:
        while (index := take()) is not None:
            try:
                finished.put((index, pool.submit(_render_chunk, chunks[index]).result()))
            except BaseException as error:  # handed to the main thread, which stops the batch
                finished.put((index, error))
                return

    def collect(*, wait: bool) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                index, pdf = finished.get(block=wait)
                if isinstance(pdf, BaseException):
                    raise pdf
                joiner.add(index, pdf)
                wait = False

    def step() -> None:
        nonlocal reported
        joiner.append_ready()
        if progress and joiner.rendered > reported:
            reported = joiner.rendered
            progress(reported, total)

    extra = min(workers, len(chunks)) - 1
    with contextlib.ExitStack() as stack:
        if extra > 0:
            pool = stack.enter_context(_pool(extra))
            threads = stack.enter_context(ThreadPoolExecutor(extra))
            for _ in range(extra):
                threads.submit(feed, pool)
        try:
            while (index := take()) is not None:
                joiner.add(index, _render_chunk(chunks[index]))
                collect(wait=False)
                step()
            while not joiner.complete:
                collect(wait=True)
                step()
        except BaseException:
            while take() is not None:  # the feeders stop after their current chunk
                pass
            raise
    return joiner.result(title=title)


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
    chunk_size = _chunk_size(len(badges), per_sheet=LAYOUTS[layout].per_sheet, workers=workers, largest=chunk_size)
    qr_version = qr_version_for(badges[0].url)
    chunks = [
        _Chunk(conference, badges[start : start + chunk_size], layout, qr_version, language)
        for start in range(0, len(badges), chunk_size)
    ]
    return _render_and_join(chunks, workers=workers, title=f"{conference.title} – badges", progress=progress)
