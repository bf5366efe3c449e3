"""The published PDF read back: texts in English and Arabic (logical order), numbers, version, QR, SHA-256."""

import io
import re
import subprocess

import pypdf
import pytest
import zxingcpp
from PIL import Image

from recommendations import services
from recommendations.models import Recommendation
from tests.recommendations.conftest import adopt, draft, normalise, pdf_text

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Refer the prisoners' issue to the International Criminal Court.",
     "إحالة قضية الأسرى إلى المحكمة الجنائية الدولية.",
     "Saisir la Cour pénale internationale de la question des prisonniers."),
    ("Launch campaigns against administrative detention.", "إطلاق حملات ضد الاعتقال الإداري.", ""),
    ("Protect child prisoners from night arrests and interrogation without a lawyer.",
     "حماية الأطفال الأسرى من الاعتقال الليلي والتحقيق دون محام.", ""),
]  # fmt: skip


@pytest.fixture
def publication(conference, session, secretariat_user, themes):
    recommendations = [
        draft(conference, session, secretariat_user, theme=themes[index], texts={"en": en, "ar": ar, "fr": fr})
        for index, (en, ar, fr) in enumerate(TEXTS)
    ]
    adopt(recommendations, secretariat_user)
    rejected = draft(conference, session, secretariat_user, texts={"en": "A rejected idea.", "ar": "فكرة مرفوضة."})
    adopt([rejected], secretariat_user, decision=Recommendation.State.REJECTED)
    draft(conference, session, secretariat_user, texts={"en": "A draft idea.", "ar": "فكرة مسودة."})
    return services.publication_publish(conference=conference, by=secretariat_user)[0]


def test_every_adopted_recommendation_in_english_and_arabic_with_numbers_and_version(publication, tmp_path):
    text = pdf_text(bytes(publication.pdf), tmp_path)
    for number, (en, ar, fr) in zip(["R9-01", "R9-02", "R9-03"], TEXTS, strict=True):
        assert normalise(en) in text
        assert normalise(ar) in text  # logical order: pdftotext gives Arabic as it was typed
        assert text.count(number) >= 2  # the English part and the Arabic part
        if fr:
            assert normalise(fr) in text
    assert "A rejected idea." not in text and "A draft idea." not in text
    assert "Version 1" in text
    # The English part comes before the Arabic part, and the number precedes its text in each.
    english, arabic = text.index(normalise(TEXTS[0][0])), text.index(normalise(TEXTS[0][1]))
    assert english < arabic
    assert text.rindex("R9-01", 0, arabic) > english


def test_the_title_page_and_the_footer(publication, conference, tmp_path):
    text = pdf_text(bytes(publication.pdf), tmp_path)
    first_page = pdf_text(bytes(publication.pdf), tmp_path, "-f", "1", "-l", "1")
    assert conference.title_en in first_page and conference.title_ar in first_page
    assert "Edition 9" in first_page and "Brussels" in first_page and "3 May 2025" in first_page
    assert conference.slogan_en in first_page
    assert "Contents" in text and "Preamble" in text
    # Footer: the version on every page after the first, in the language of the page's part, and page numbers.
    pages = len(pypdf.PdfReader(io.BytesIO(bytes(publication.pdf))).pages)
    footers = text.count("Version 1 · published") + text.count("نشرت في") + text.count("Version 1 · publiée le")
    assert footers == pages  # title page body + footers of pages 2..n
    assert f"2 / {pages}" in text or f"2/{pages}" in text


def _part_pages(publication, tmp_path) -> dict[str, str]:
    """The text of the last page of each language part (English, Arabic, French: one page each here)."""
    pdf = bytes(publication.pdf)
    return {
        lang: pdf_text(pdf, tmp_path, "-f", str(page), "-l", str(page))
        for lang, page in (("en", 3), ("ar", 4), ("fr", 5))
    }


def test_each_language_part_has_its_heading_preamble_and_footer_in_its_language(publication, tmp_path):
    parts = _part_pages(publication, tmp_path)

    assert parts["en"].startswith("Recommendations") and "Preamble The delegates of the" in parts["en"]
    assert "Version 1 · published" in parts["en"]
    assert parts["ar"].startswith("التوصيات") and "الديباجة" in parts["ar"] and "اعتمد مندوبو" in parts["ar"]
    # pdftotext moves the damma of نُشرت out of the word: the footer is read without it.
    assert "النسخة" in parts["ar"] and "نشرت في" in parts["ar"] and "published" not in parts["ar"]
    assert parts["fr"].startswith("Recommandations") and "Préambule Les délégué·es" in parts["fr"]
    assert "Version 1 · publiée le" in parts["fr"] and "published" not in parts["fr"]
    assert "Preamble" not in parts["ar"] + parts["fr"]


def test_a_text_that_falls_back_says_so_in_the_part_language(publication, tmp_path):
    parts = _part_pages(publication, tmp_path)

    french = parts["fr"]
    note = "Ce texte n'a pas été traduit (Français) ; le texte suit dans une autre langue (Anglais)."
    assert french.count(note) == 2  # R9-02 and R9-03 have no French
    assert french.index(note) < french.index(normalise(TEXTS[1][0]))
    assert "traduit" not in parts["ar"] and "translated" not in parts["en"]  # every text there is translated


def test_a_part_with_no_translation_at_all_says_so_once(conference, session, secretariat_user, tmp_path):
    adopt([draft(conference, session, secretariat_user, texts={"en": "Only English.", "ar": ""})], secretariat_user)
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)

    text = pdf_text(bytes(publication.pdf), tmp_path)

    assert text.count("هذا النص إلى العربية؛ يليه النص باللغة الإنجليزية.") == 1  # "لم يُترجم" before it


def test_the_table_of_contents_gives_page_numbers(publication, tmp_path):
    toc_page = pdf_text(bytes(publication.pdf), tmp_path, "-f", "2", "-l", "2")
    assert "Contents" in toc_page
    assert re.search(r"Legal accountability \.+ ?\d+", toc_page)


def test_the_qr_code_decodes_to_the_permalink_of_the_version(publication, tmp_path):
    pdf = tmp_path / "v1.pdf"
    pdf.write_bytes(bytes(publication.pdf))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    [image] = list(tmp_path.glob("page*.png"))
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(image))]
    assert decoded == [f"https://plenary.test/en/{publication.conference.slug}/recommendations/v1/"]


def test_the_printed_sha256_matches_the_published_text(publication, tmp_path):
    text = pdf_text(bytes(publication.pdf), tmp_path)
    printed = re.search(r"SHA-256 of the published text: ([0-9a-f]{64})", text).group(1)
    assert printed == publication.sha256


def test_pdf_metadata_title_and_language(publication):
    reader = pypdf.PdfReader(io.BytesIO(bytes(publication.pdf)))
    assert "Recommendations v1" in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_archival_variant_is_pdf_a(publication, tmp_path):
    archival = services.publication_archival_pdf(publication=publication)
    reader = pypdf.PdfReader(io.BytesIO(archival))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid" in xmp
    assert normalise(TEXTS[0][1]) in pdf_text(archival, tmp_path)


def test_french_part_only_when_a_french_text_exists(conference, session, secretariat_user, tmp_path):
    adopt([draft(conference, session, secretariat_user, texts={"en": "Only English.", "ar": "بالعربية فقط."})],
          secretariat_user)  # fmt: skip
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)
    text = pdf_text(bytes(publication.pdf), tmp_path)
    # Two parts: the contents list a "Recommendations" heading per part, plus the title page and part headings.
    assert text.count("Legal accountability") == 2  # contents + English part; Arabic part uses the Arabic name
    assert "المساءلة القانونية" in text
    assert "Recommandations" not in text and "Neuvième" not in text  # no French part heading or title


def test_a_french_text_adds_a_french_part(publication, tmp_path):
    text = pdf_text(bytes(publication.pdf), tmp_path)
    assert "Recommandations" in text and "Neuvième conférence annuelle" in text
    # The French part falls back to English for the two recommendations without French, marked as English.
    assert text.count(normalise(TEXTS[1][0])) == 2


def test_a_recommendation_written_in_arabic_only_is_not_blank_in_the_english_part(
    conference, session, secretariat_user, tmp_path
):
    arabic = "توصية مكتوبة بالعربية فقط"
    adopt([draft(conference, session, secretariat_user, texts={"en": "", "ar": arabic + "."})], secretariat_user)
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)
    text = pdf_text(bytes(publication.pdf), tmp_path)
    assert text.count(arabic) == 2  # the English part shows the Arabic text (right to left) rather than nothing
