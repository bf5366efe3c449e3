"""Screenshots of the demo agenda for the README: PLENARY_SCREENSHOTS=<directory> (skipped otherwise)."""

import os
from pathlib import Path

import pytest

from conference.demo import load_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(
    not os.environ.get("PLENARY_SCREENSHOTS"), reason="set PLENARY_SCREENSHOTS=<directory> to take them"
)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_agenda_screenshot(page, lang):
    target = Path(os.environ["PLENARY_SCREENSHOTS"])
    target.mkdir(parents=True, exist_ok=True)
    load_programme()

    page.goto(f"/{lang}/brussels-2025/agenda/")
    page.evaluate("document.fonts.ready")

    path = target / f"agenda-{lang}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
