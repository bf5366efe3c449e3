"""Reading badge PDFs back: text with poppler's pdftotext (Arabic in logical order), QR codes with zxing-cpp."""

import re
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image

from registration.badges.services import badges_issue_for
from tests.factories import RegistrationFactory

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "badges.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return BIDI_MARKS.sub("", text)


def pdf_qr_codes(pdf: bytes, *, dpi: int = 150) -> list[str]:
    """Every QR code on every page, page by page, as decoded text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "badges.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(Path(folder) / "page")], check=True)
        found = []
        for image in sorted(Path(folder).glob("page-*.png")):
            with Image.open(image) as picture:
                found += [code.text for code in zxingcpp.read_barcodes(picture)]
    return found


def approved_badges(conference, count: int, **fields):
    registrations = [RegistrationFactory(conference=conference, status="approved", **fields) for _ in range(count)]
    return badges_issue_for(registrations=registrations)
