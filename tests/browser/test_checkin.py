"""The door scanner in Chromium: a USB scanner types the badge URL and presses Enter; the outcome shows
in large type, in English and in Arabic (right to left)."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from plenary.permissions import DOOR
from registration.badges.selectors import badge_url
from registration.badges.services import badge_issue
from registration.models import CheckIn
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    conference = ConferenceFactory(slug="brussels-2025")
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
    sign_in(page, live_server, UserFactory(groups=[DOOR]))

    page.goto(f"/{lang}/{conference.slug}/checkin/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.fill("#door", "North")
    page.locator("#door").dispatch_event("change")
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
    assert CheckIn.objects.get().door == "North"

    page.reload()
    assert page.input_value("#door") == "North"  # the door is remembered on this device
