"""The door scanner in Chromium: a USB scanner types the badge URL and presses Enter; the outcome shows
in large type, in English and in Arabic (right to left)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from plenary.permissions import DOOR
from registration.badges.selectors import badge_url
from registration.badges.services import badge_issue
from registration.checkin.services import checkin_registration
from registration.models import CheckIn
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def conference_today(**fields):
    """A conference happening now: the scanner wipes its list after the conference's end."""
    today = timezone.localdate()
    return ConferenceFactory(start_date=today, end_date=today + dt.timedelta(days=1), **fields)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def scan(page, code: str) -> None:
    # A USB scanner is a keyboard: it types into the focused input, then presses Enter.
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def label(text: str, lang: str) -> str:
    with translation.override(lang):
        return gettext(text)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_typed_code_and_enter_show_the_outcome(page, live_server, lang):
    conference = conference_today(slug="brussels-2025")
    registration = RegistrationFactory(
        conference=conference,
        status="approved",
        first_name="Amina",
        last_name="Haddad",
        name_ar="أمينة حداد",
        category="journalist",
        photo_consent=False,
    )
    badge = badge_issue(registration=registration)
    DoorFactory(conference=conference, name_en="Main entrance")
    north = DoorFactory(conference=conference, name_en="North")
    sign_in(page, live_server, UserFactory(groups=[DOOR]))

    page.goto(f"/{lang}/{conference.slug}/checkin/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.select_option("#door", label="North")
    page.locator("#scan-code").focus()

    scan(page, badge_url(badge.token))

    result = page.locator(".scan-result")
    page.locator(".scan-result.outcome-checked_in").wait_for()
    assert result.locator("[data-outcome]").inner_text() == label("Checked in", lang)
    assert result.locator("[data-name]").inner_text() == "Amina Haddad"
    assert result.locator("[data-name-ar]").inner_text() == "أمينة حداد"
    assert result.locator("[data-category]").inner_text() == label("Press", lang)
    assert result.locator("[data-no-photo]").is_visible()
    assert page.evaluate("document.activeElement.id") == "scan-code"  # ready for the next badge

    scan(page, badge.token)

    page.locator(".scan-result.outcome-already_checked_in").wait_for()
    assert label("Already checked in", lang) in result.locator("[data-outcome]").inner_text()
    assert "North" in result.locator("[data-outcome]").inner_text()

    scan(page, "not-a-badge")

    page.locator(".scan-result.outcome-unknown").wait_for()
    assert result.locator("[data-outcome]").inner_text() == label("Unknown code", lang)
    assert result.locator("[data-name]").inner_text() == ""
    assert CheckIn.objects.get().door == north

    page.reload()
    assert page.input_value("#door") == str(north.pk)  # the door is remembered on this device


def test_the_name_search_shows_states_instead_of_buttons_and_says_when_it_is_cut(page, live_server):
    conference = conference_today(slug="brussels-2025")
    inside = RegistrationFactory(conference=conference, status="approved", first_name="Aaron", last_name="Haddad")
    RegistrationFactory.create_batch(21, conference=conference, status="approved", last_name="Haddad")
    door = UserFactory(groups=[DOOR])
    checkin_registration(
        conference=conference,
        registration=inside,
        door=DoorFactory(conference=conference, name_en="Main entrance"),
        by=door,
    )
    sign_in(page, live_server, door)
    page.goto(f"/en/{conference.slug}/checkin/")
    assert not page.locator("[data-search-more]").is_visible()

    page.fill("#search-q", "Haddad")
    page.locator("#search-q").press("Enter")

    more = page.locator("[data-search-more]")
    more.wait_for()
    assert more.inner_text() == "Showing 20 of 22: refine your search."
    first = page.locator("[data-search-results] li").first  # Aaron comes first by name
    assert "Aaron Haddad" in first.inner_text()
    assert "Already checked in at" in first.inner_text() and "Main entrance" in first.inner_text()
    assert first.get_by_role("button").count() == 0
    assert page.locator("[data-search-results] li button").count() == 19


def test_the_counts_update_in_place(page, live_server, secretariat_user):
    conference = ConferenceFactory(slug="brussels-2025")
    registration = RegistrationFactory(conference=conference, status="approved")
    sign_in(page, live_server, secretariat_user)
    page.clock.install()
    page.goto(f"/en/{conference.slug}/manage/checkin/")
    total = page.locator(".checkin-total strong")
    assert total.inner_text() == "0"
    assert page.locator('meta[http-equiv="refresh"]').count() == 0

    checkin_registration(
        conference=conference,
        registration=registration,
        door=DoorFactory(conference=conference, name_en="North"),
        by=None,
    )
    page.clock.run_for(31_000)

    expect(total).to_have_text("1")  # (wait_for_function would evaluate a string, which the CSP refuses)
    assert "North" in page.locator("[data-counts-live]").inner_text()
    assert page.url.endswith("/manage/checkin/")  # no reload
