"""The closing plenary, live, with four pages at once: the hall's screen, the chair's console and two delegates'
phones (one in Arabic). The chair takes up a recommendation, a delegate asks for the floor, an amendment is
proposed and accepted, both delegates vote, the chair closes the vote, the screen shows the result, and the
recommendation is adopted as amended. No page is reloaded: the screen and the phones follow the sitting, and the
console's and phones' forms are sent without leaving the page."""

import pytest
from django.conf import settings
from django.test import Client

from recommendations.models import Recommendation, Sitting
from tests.conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture launches with them)
from tests.factories import RecommendationFactory
from tests.recommendations.live.conftest import TEXT_AR, TEXT_EN, in_room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def signed_in(browser, live_server, user, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def press(page, name: str | None = None, *, locator=None) -> None:
    """Clicks a button of a form that static/js/live/forms.js sends without leaving the page, and waits for the
    answer to replace the page's main part."""
    (locator or page.get_by_role("button", name=name, exact=True)).click()
    page.wait_for_selector("body:not([data-busy])", state="attached")


def test_a_recommendation_is_amended_voted_and_adopted_live(browser, live_server, conference, secretariat_user):
    recommendation = RecommendationFactory(
        conference=conference, state=Recommendation.State.SUBMITTED, text_en=TEXT_EN, text_ar=TEXT_AR, text_fr=""
    )
    amina = in_room(conference, first_name="Amina", last_name="Haddad", organisation="Addameer")
    karim = in_room(conference, first_name="Karim", last_name="Nasser", organisation="Al-Haq", language="ar")
    chair = signed_in(browser, live_server, secretariat_user, {"width": 1280, "height": 900})
    slug = conference.slug

    # The chair orders the plenary and opens the screen's link on the projector (no account there).
    chair.goto(f"/en/{slug}/manage/plenary/")
    chair.fill(f"input[name=position-{recommendation.pk}]", "1")
    press(chair, "Save the order")
    key = Sitting.objects.get().screen_key
    screen = signed_in(browser, live_server, None, {"width": 1920, "height": 1080})
    screen.goto(f"/{slug}/plenary/screen/?key={key}")
    phone_en = signed_in(browser, live_server, amina.user, PHONE)
    phone_en.goto(f"/en/{slug}/plenary/")
    phone_ar = signed_in(browser, live_server, karim.user, PHONE)
    phone_ar.goto(f"/ar/{slug}/plenary/")
    assert phone_ar.locator("html").get_attribute("dir") == "rtl"

    # The chair takes it up: the screen shows both languages side by side, the phones the text in theirs.
    press(chair, "Next recommendation")
    columns = screen.locator(".screen-column")
    columns.nth(1).wait_for()
    assert columns.nth(0).get_attribute("lang") == "en" and columns.nth(1).get_attribute("dir") == "rtl"
    assert "It asks the United Nations to act." in columns.nth(0).inner_text()
    assert columns.nth(1).evaluate("el => getComputedStyle(el).direction") == "rtl"
    phone_ar.locator("[data-testid=phone-lines]").get_by_text("ويطلب من الأمم المتحدة أن تتحرك.").wait_for()

    # Amina asks for the floor; the chair's list shows her without a reload; she is called, the screen counts down.
    press(chair, "Open the floor")
    press(phone_en, "Ask for the floor")
    phone_en.locator("[data-testid=on-list]").wait_for()
    chair.locator("[data-testid=speakers]").get_by_text("Amina Haddad").wait_for()
    press(chair, "Call the next speaker")
    screen.locator(".screen-speaker-name").get_by_text("Amina Haddad").wait_for()
    assert ":" in screen.locator(".screen-countdown").inner_text()

    # Karim, on his phone in Arabic, proposes to replace a passage of line 2 of the English text.
    phone_ar.select_option("select[name=language]", "en")
    phone_ar.select_option("select[name=kind]", "replace")
    phone_ar.fill("input[name=line_from]", "2")
    phone_ar.fill("textarea[name=old_text]", "United Nations")
    phone_ar.fill("textarea[name=new_text]", "Security Council")
    press(phone_ar, locator=phone_ar.locator("form[action$='/plenary/amend/'] button[type=submit]"))
    amendment = chair.locator("[data-testid=amendment]")
    amendment.wait_for()
    press(chair, "Show on the screen")
    screen.locator(".screen-amendment del").first.wait_for()
    assert "Security" in screen.locator(".screen-amendment ins").first.inner_text()
    press(chair, "Accept")
    chair.locator("[data-testid=amendment]").get_by_text("Accepted").wait_for()

    # An electronic vote: the phones show the ballot without a reload; both vote.
    chair.select_option("select[name=method]", "electronic")
    press(chair, "Open the vote")
    press(phone_en, "For")
    phone_en.locator("[data-testid=voted]").wait_for()
    press(phone_ar, locator=phone_ar.locator("button[name=choice][value=for]"))
    phone_ar.locator("[data-testid=voted]").wait_for()
    press(chair, "Close the vote")
    result = screen.locator("[data-testid=vote-result]")
    result.wait_for()
    assert "2" in result.locator("dd").first.inner_text()
    assert screen.locator(".screen-carried").is_visible()

    # The chair records the decision: adopted as amended, both texts kept.
    press(chair, "Record: adopted")
    chair.locator(".plenary-order").get_by_text("Adopted as amended").wait_for()
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.ADOPTED_AS_AMENDED
    assert recommendation.votes_for == 2 and "United Nations" in recommendation.text_en
    assert "Security Council" in recommendation.adopted_text_en
    for page in (chair, screen, phone_en, phone_ar):
        page.context.close()
