"""The shared PDF renderer fetches nothing outside Plenary, and its QR codes decode."""

import subprocess

import pytest
import zxingcpp
from PIL import Image

from plenary.pdf.qr import qr_png_data_uri
from plenary.pdf.render import RestrictedURLFetcher, render_pdf, static_file_url


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/x.css", "ftp://example.org/x"]
)
def test_fetcher_refuses_anything_outside_plenary(url):
    fetcher = RestrictedURLFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_plenary_static_files_and_data_uris():
    fetcher = RestrictedURLFetcher()
    assert fetcher.fetch(static_file_url("css/plenary.css")).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_hostile_markup_renders_as_text(tmp_path):
    from django.template import engines

    name = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    html = engines["django"].from_string("<p>{{ name }}</p>").render({"name": name})
    text = pdf_text(render_pdf(html), tmp_path)
    assert "file:///etc/passwd" in text
    assert "root:" not in text


def test_qr_data_uri_decodes_to_its_text(tmp_path):
    import base64
    import io

    url = "https://plenary.example/b/" + "A" * 32
    for version in (None, 5):
        data = qr_png_data_uri(url, version=version).split(",", 1)[1]
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
