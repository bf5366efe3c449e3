"""Joining PDFs as they come: pages in order, each as it was, one valid document read back by poppler."""

import io
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from plenary.pdf.join import PdfJoiner
from plenary.pdf.render import render_pdf

pytestmark = pytest.mark.django_db


def _document(*pages: str, size: str = "A6", lang: str = "en") -> bytes:
    body = "".join(f'<section style="break-before: page">{page}</section>' for page in pages)
    return render_pdf(f'<html lang="{lang}"><style>@page {{ size: {size} }}</style><body>{body}</body></html>')


def _joined(*documents: bytes, title: str = "Badges") -> bytes:
    joiner = PdfJoiner()
    for document in documents:
        joiner.append(document)
    return joiner.finish(title=title)


def _poppler_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "joined.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert "Error" not in result.stderr  # poppler reads the cross-reference table and every object
    return result.stdout


def test_pages_of_every_document_in_order_each_with_its_own_size_and_fonts(tmp_path):
    pdf = _joined(
        _document("First Amina", "Second Khaled"),
        _document("Third مريم الشيخ", size="A4"),
        _document("Fourth Jean-Pierre", size="85.6mm 54mm"),
    )

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    assert [round(float(page.mediabox.width)) for page in reader.pages] == [298, 298, 595, 243]
    text = _poppler_text(pdf, tmp_path)
    assert text.index("First Amina") < text.index("Second Khaled") < text.index("مريم الشيخ") < text.index("Fourth")


def test_title_in_any_script_creator_and_language_of_the_first_document():
    pdf = _joined(_document("one", lang="ar"), _document("two"), title="المؤتمر السنوي التاسع – badges")

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "المؤتمر السنوي التاسع – badges"
    assert reader.metadata.creator == "Plenary"
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_a_page_keeps_what_it_inherited_from_its_own_page_tree():
    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=200)
    pages = writer.root_object["/Pages"]
    pages[NameObject("/MediaBox")] = page[NameObject("/MediaBox")]
    del page[NameObject("/MediaBox")]
    inherited = io.BytesIO()
    writer.write(inherited)

    pdf = _joined(_document("A6 page"), inherited.getvalue())

    reader = PdfReader(io.BytesIO(pdf))
    assert [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages][1] == (100, 200)


def test_joining_one_document_gives_the_same_pages(tmp_path):
    document = _document("Only page")

    pdf = _joined(document)

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "Only page" in _poppler_text(pdf, tmp_path)
