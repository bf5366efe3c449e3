"""PDF rendering shared by badges and recommendations: WeasyPrint that fetches nothing from outside,
fonts named explicitly, and fast QR codes.

Templates get plain data from selectors and are rendered with Django's auto-escaping, so a name
such as ``<img src="file:///etc/passwd">`` prints as text. The fetcher is the second wall: even
markup that slipped through could only reach Plenary's own static and media files.
"""

import contextlib
import gc
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


def _allowed_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    roots += [Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()]
    return roots


class RestrictedURLFetcher(URLFetcher):
    """Serves data: URIs and files under Plenary's static and media folders; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in _allowed_roots()) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch a resource outside Plenary (%s scheme)", scheme or "no")
        raise ValueError("Plenary's PDFs fetch only Plenary's own static and media files.")


def static_file_url(relative_path: str) -> str:
    """A file:// URL for a static file, for stylesheets and images in PDF templates."""
    found = finders.find(relative_path)
    if not found:
        raise FileNotFoundError(relative_path)
    return Path(found).resolve().as_uri()


# WeasyPrint allocates millions of short-lived objects. At Python's default threshold the cyclic
# garbage collector runs every 2,000 allocations and its older generations walk every object of the
# process, Django's included: rendering with a larger threshold is about 15% faster (bench/badges.py).
# The threshold is process-wide, so concurrent renderings in threads share one raised threshold and
# the last one to finish restores the original.
_RENDERING_GC_THRESHOLD = 100_000
_gc_lock = threading.Lock()
_gc_renderings = 0
_gc_saved_threshold: tuple[int, ...] = ()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    global _gc_renderings, _gc_saved_threshold
    with _gc_lock:
        if _gc_renderings == 0:
            _gc_saved_threshold = gc.get_threshold()
            gc.set_threshold(max(_RENDERING_GC_THRESHOLD, _gc_saved_threshold[0]), *_gc_saved_threshold[1:])
        _gc_renderings += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renderings -= 1
            if _gc_renderings == 0:
                gc.set_threshold(*_gc_saved_threshold)


def render_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """Renders already-escaped HTML to PDF bytes (``pdf_variant="pdf/a-3b"`` for the archival copy).

    The PDF's language metadata comes from the ``lang`` attribute of the template's ``<html>``.
    """
    fetcher = RestrictedURLFetcher()
    base_url = Path(settings.BASE_DIR / "static").as_uri() + "/"
    options: dict = {"pdf_variant": pdf_variant} if pdf_variant else {}
    with _fewer_collections():
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(**options)
