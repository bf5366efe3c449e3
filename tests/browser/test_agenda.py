"""The agenda in a real browser: right to left, parallel sessions side by side at a desk, days one tap away on
a phone."""

import re

import pytest

from conference.demo import LEGAL_SESSION, load_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# In the demo, on the first day from 14:30, the Plenary Hall and the Committee Room run side by side.
PARALLEL_ROOMS = ("Committee Room", "Plenary Hall")  # the day's columns, by room name
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


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
    assert page.get_by_role("link", name=LEGAL_SESSION).is_visible()


def parallel_boxes(page) -> tuple[dict, dict, dict]:
    """The two parallel sessions' boxes, by room (first column's first), and the opening's (alone in its slot)."""
    slot = page.locator(".agenda-slot").filter(has=page.locator(".agenda-item", has_text="Committee Room")).first
    first_room, second_room = (
        slot.locator(".agenda-item").filter(has=page.locator(".room", has_text=room)).bounding_box()
        for room in PARALLEL_ROOMS
    )
    opening = page.locator(".agenda-slot").first.locator(".agenda-item").bounding_box()
    return first_room, second_room, opening


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_at_a_desk_parallel_sessions_stand_side_by_side_by_room(page, lang):
    load_programme()

    page.goto(f"/{lang}/brussels-2025/agenda/")

    first_room, second_room, opening = parallel_boxes(page)
    assert first_room["y"] == second_room["y"]  # the same row
    if lang == "ar":
        assert first_room["x"] > second_room["x"] + second_room["width"] - 1  # first room on the right
    else:
        assert first_room["x"] + first_room["width"] - 1 < second_room["x"]  # first room on the left
    # The opening runs alone: it spans both rooms' columns.
    left = min(first_room["x"], second_room["x"])
    right = max(first_room["x"] + first_room["width"], second_room["x"] + second_room["width"])
    assert opening["x"] == pytest.approx(left, abs=1) and opening["x"] + opening["width"] == pytest.approx(right, abs=1)
    # The room headings stand over their columns.
    heading = page.locator(".agenda-room-names li").first.bounding_box()
    assert heading["x"] == pytest.approx(first_room["x"], abs=1)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_a_phone_each_day_is_one_tap_away_and_sessions_stack(phone, lang):
    load_programme()

    phone.goto(f"/{lang}/brussels-2025/agenda/")

    assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    day_links = phone.locator("nav.agenda-days a")
    assert day_links.count() == 2
    assert all(day_links.nth(n).is_visible() for n in range(2))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the side

    first_room, second_room, _ = parallel_boxes(phone)
    assert second_room["y"] >= first_room["y"] + first_room["height"]  # stacked, not squeezed side by side
    assert not phone.locator(".agenda-free").first.is_visible()

    day_links.nth(1).click()

    phone.wait_for_url(re.compile(r"#day-2025-05-04$"))
    heading = phone.locator("#day-2025-05-04-heading")
    box = heading.bounding_box()
    bar = phone.locator("nav.agenda-days").bounding_box()
    assert phone.evaluate("window.scrollY") > 0
    assert bar["y"] == pytest.approx(0, abs=1)  # the bar stays at the top, ready for the next day
    assert bar["y"] + bar["height"] <= box["y"] < PHONE["height"] / 2  # the day's heading, not under the bar

    day_links.nth(0).click()

    phone.wait_for_url(re.compile(r"#day-2025-05-03$"))
    box = phone.locator("#day-2025-05-03-heading").bounding_box()
    assert 0 <= box["y"] < PHONE["height"] / 2
