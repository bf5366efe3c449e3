"""Reading any PDF back with poppler: where each word lands on its page, and which fonts are embedded."""

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

EMOJI_FONT = "Noto-Color-Emoji"  # Noto Color Emoji (Debian fonts-noto-color-emoji) as pdffonts names it


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float

    @property
    def inside_the_page(self) -> bool:
        return 0 <= self.x_min <= self.x_max <= self.page_width and 0 <= self.y_min <= self.y_max <= self.page_height


def _run(tool: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "read.pdf"
        path.write_bytes(pdf)
        return subprocess.run([*tool, str(path), *(["-"] if tool[0] == "pdftotext" else [])], check=True,
                              capture_output=True, text=True).stdout  # fmt: skip


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


def pdf_words(pdf: bytes) -> list[Word]:
    """Every word pdftotext finds, with its bounding box and its page's size (points)."""
    words = []
    for number, (width, height, body) in enumerate(_PAGE.findall(_run(["pdftotext", "-bbox"], pdf)), start=1):
        for x_min, y_min, x_max, y_max, text in _WORD.findall(body):
            box = (float(x_min), float(y_min), float(x_max), float(y_max))
            words.append(Word(number, html.unescape(text), *box, float(width), float(height)))
    return words


def pdf_font_names(pdf: bytes) -> list[str]:
    """The embedded fonts' names without the subset prefix (``ABCDEF+``)."""
    lines = _run(["pdffonts"], pdf).splitlines()[2:]
    return [line.split()[0].partition("+")[2] or line.split()[0] for line in lines if line.strip()]
