"""Text that broke badges: a 3,000-character word (off the badge, over the QR code) and emoji (empty boxes)."""

import pytest
from django.conf import settings

from registration.badges.pdf import LAYOUTS
from registration.badges.tasks import badges_pdf
from registration.models import Badge, Registration
from tests.plenary.pdf_reading import EMOJI_FONT, pdf_font_names, pdf_words
from tests.registration.badges.helpers import approved_badges, pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db

WORD = "W" * 3000


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_3000_character_word_prints_whole_inside_the_page_and_the_qr_code_still_scans(conference, layout):
    # Longer than forms and imports allow, so never saved: the badge must survive it all the same.
    unsaved = Registration(conference=conference, status="approved", first_name=WORD)
    badges = [Badge(registration=unsaved), *approved_badges(conference, 1)]

    pdf = badges_pdf(conference=conference, badges=badges, layout=layout)

    words = pdf_words(pdf)
    long_words = [word for word in words if set(word.text) == {"W"}]
    assert sum(len(word.text) for word in long_words) == len(WORD)  # the whole name
    assert [word for word in words if not word.inside_the_page] == []
    # Nothing printed over the QR codes: both decode.
    assert sorted(pdf_qr_codes(pdf, dpi=300)) == sorted(f"{settings.SITE_URL}/b/{badge.token}" for badge in badges)


@pytest.mark.parametrize("layout", ["a6", "cr80"])
def test_flags_and_emoji_print_with_the_emoji_font(conference, layout):
    badges = approved_badges(
        conference, 1, first_name="Amina 🇵🇸", last_name="Haddad 🕊️", name_ar="أمينة 🇵🇸", organisation="Addameer 🕊️"
    )

    pdf = badges_pdf(conference=conference, badges=badges, layout=layout)

    assert EMOJI_FONT in pdf_font_names(pdf)
    text = pdf_text(pdf)
    assert "🇵🇸" in text and "🕊" in text


def test_digits_and_spaces_stay_in_the_text_font(conference):
    """Named in the font lists as itself, Noto Color Emoji would take digits and spaces too (it has
    glyphs for them, for keycaps): the stylesheets give it the emoji code points only."""
    badges = approved_badges(conference, 1, first_name="Amina 2025", last_name="Haddad 42", organisation="No. 7")

    pdf = badges_pdf(conference=conference, badges=badges, layout="a6")

    assert EMOJI_FONT not in pdf_font_names(pdf)
