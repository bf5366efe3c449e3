"""The Arabic agenda in a real browser: right to left, Arabic content, and the switch to English."""

import re

import pytest

from conference.demo import load_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_agenda_then_english(page):
    load_programme()

    page.goto("/ar/brussels-2025/agenda/")

    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    heading = page.get_by_role("link", name="المساءلة القانونية والمحكمة الجنائية الدولية")
    assert heading.is_visible()
    # Mirrored for real: the time column sits to the right of the session titles.
    time_box = page.locator(".agenda-time").first.bounding_box()
    title_box = page.locator(".agenda-item h3").first.bounding_box()
    assert time_box["x"] > title_box["x"]
    assert "Khaled S." not in page.content()

    page.locator(".language-switcher a[hreflang=en]").click()

    page.wait_for_url(re.compile(r"/en/brussels-2025/agenda/$"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name="Legal accountability and the International Criminal Court").is_visible()
