"""Certificates of attendance as PDF, one page each with an English and an Arabic half, from plain data
(``registration.certificates.selectors.certificate_documents``): this module never queries. A batch is
rendered in chunks on every core, as badges are (``plenary.pdf.batch``)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string

from plenary.pdf import batch
from plenary.pdf.qr import qr_png_data_uri, qr_version_for
from plenary.pdf.render import render_pdf, static_file_url
from registration.badges.pdf import WORKER_MODULE  # the same warm-up: Latin and Arabic fonts

# A certificate is a whole page in two scripts, heavier than a badge: chunks of 50 keep a process
# well under 100 MB more (bench/certificates.py). 2 processes match the 2-core target machine.
CHUNK_SIZE = 50
WORKERS = 2


@dataclass(frozen=True)
class CertificateHalf:
    """The certificate in one language: its texts and the delegate's name as written in that language."""

    language: str
    direction: str
    name: str
    conference_title: str
    organiser: str
    dates: str
    city: str
    days: tuple[str, ...]
    sessions: tuple[str, ...]


@dataclass(frozen=True)
class CertificateDocument:
    serial: str
    verify_url: str
    halves: tuple[CertificateHalf, ...]


@dataclass(frozen=True)
class _Chunk:
    certificates: Sequence[CertificateDocument]
    qr_version: int


def _render_chunk(chunk: _Chunk) -> bytes:
    items = [
        {
            "certificate": certificate,
            "qr": qr_png_data_uri(certificate.verify_url, version=chunk.qr_version, box_size=1),
        }
        for certificate in chunk.certificates
    ]
    html = render_to_string(
        "pdf/certificates.html", {"items": items, "stylesheet": static_file_url("css/documents.css")}
    )
    return render_pdf(html)


def render_certificates_pdf(
    *,
    certificates: Sequence[CertificateDocument],
    title: str,
    chunk_size: int = CHUNK_SIZE,
    workers: int = WORKERS,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF for the whole batch. ``progress(done, total)`` is called after each chunk."""
    if not certificates:
        raise ValueError("No certificates to print.")
    size = batch.chunk_size(len(certificates), per_sheet=1, workers=workers, largest=chunk_size)
    version = qr_version_for(certificates[0].verify_url)
    chunks = [_Chunk(certificates[start : start + size], version) for start in range(0, len(certificates), size)]
    return batch.render_chunks(
        chunks,
        render=_render_chunk,
        sizes=[len(chunk.certificates) for chunk in chunks],
        workers=workers,
        title=title,
        progress=progress,
        preload=WORKER_MODULE,
    )
