"""Text that broke the published PDF: a 3,000-character word (off the page) and emoji (empty boxes)."""

import pytest

from recommendations import services
from tests.plenary.pdf_reading import EMOJI_FONT, pdf_font_names, pdf_words
from tests.recommendations.conftest import adopt, draft, pdf_text

pytestmark = pytest.mark.django_db

WORD = "W" * 3000


def test_a_3000_character_word_prints_whole_inside_the_page(conference, session, secretariat_user):
    adopt([draft(conference, session, secretariat_user, texts={"en": WORD, "ar": "ع" * 3000})], secretariat_user)

    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)

    words = pdf_words(bytes(publication.pdf))
    assert sum(len(word.text) for word in words if set(word.text) == {"W"}) == len(WORD)
    assert sum(len(word.text) for word in words if set(word.text) == {"ع"}) == 3000
    assert [word for word in words if not word.inside_the_page] == []


def test_flags_and_emoji_print_with_the_emoji_font(conference, session, secretariat_user, tmp_path):
    text_en = "Solidarity with Palestine 🇵🇸 and peace 🕊️ in 2025."
    adopt(
        [draft(conference, session, secretariat_user, texts={"en": text_en, "ar": "سلام 🕊️ فلسطين 🇵🇸"})],
        secretariat_user,
    )

    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)

    assert EMOJI_FONT in pdf_font_names(bytes(publication.pdf))
    text = pdf_text(bytes(publication.pdf), tmp_path)
    assert "🇵🇸" in text and "🕊" in text and "in 2025." in text


def test_numbers_and_page_numbers_stay_in_the_text_font(conference, session, secretariat_user):
    """Noto Color Emoji has glyphs for digits (keycaps): only emoji code points may reach it."""
    adopt(
        [draft(conference, session, secretariat_user, texts={"en": "Release 5,000 prisoners by 2026."})],
        secretariat_user,
    )

    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)

    assert EMOJI_FONT not in pdf_font_names(bytes(publication.pdf))
