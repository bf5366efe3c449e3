"""A rapporteur drafts and submits, the Secretariat adopts and publishes, the public page shows it in Arabic."""

import re

import pytest
from django.conf import settings
from django.test import Client

from recommendations.models import Publication, Recommendation
from tests.factories import SessionFactory
from tests.recommendations.conftest import make_rapporteur

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT_EN = "Launch campaigns against administrative detention in every member country."
TEXT_AR = "إطلاق حملات ضد الاعتقال الإداري في كل دولة عضو."


def log_in(page, live_server, user) -> None:
    """Puts a Django session for ``user`` in the browser (the login form itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_draft_submit_adopt_publish_and_read_in_arabic(page, live_server, conference, secretariat_user):
    session = SessionFactory(conference=conference, title_en="Administrative detention")
    rapporteur = make_rapporteur(session)

    # The rapporteur drafts in English and Arabic side by side, then submits.
    log_in(page, live_server, rapporteur)
    page.goto(f"/en/{conference.slug}/manage/recommendations/")
    page.get_by_role("link", name="New draft").click()
    page.select_option("select[name=session]", str(session.pk))
    page.fill("textarea[name=text_en]", TEXT_EN)
    arabic = page.locator("textarea[name=text_ar]")
    assert arabic.get_attribute("dir") == "rtl" and arabic.get_attribute("lang") == "ar"
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    arabic.fill(TEXT_AR)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/manage/recommendations/\d+/$"))
    page.get_by_role("button", name="Submit to the plenary").click()
    page.wait_for_url(re.compile(r"/manage/recommendations/\d+/$"))
    assert Recommendation.objects.get().state == "submitted"

    # The Secretariat records the adoption from the list, then publishes.
    log_in(page, live_server, secretariat_user)
    page.goto(f"/en/{conference.slug}/manage/recommendations/")
    page.locator("input[name=r]").check()
    page.get_by_role("button", name="Decide on the selected recommendations").click()
    page.wait_for_url(re.compile(r"/decide/"))
    assert page.locator("input[name=recommendations]").is_checked()
    page.fill("input[name=votes_for]", "180")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(r"/manage/recommendations/$"))
    assert "R9-01" in page.locator("table").inner_text()
    page.get_by_role("link", name="Publish the adopted recommendations").click()
    page.wait_for_url(re.compile(r"/manage/recommendations/publish/$"))
    assert TEXT_EN in page.locator("main").inner_text()  # the preview shows what will be published
    assert not Publication.objects.exists()
    page.get_by_role("button", name="Publish version 1").click()
    page.wait_for_url(re.compile(r"/recommendations/v1/$"))
    assert Publication.objects.get().number == 1

    # Anyone reads it in Arabic, right to left.
    page.context.clear_cookies()
    page.goto(f"/ar/{conference.slug}/recommendations/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    item = page.locator("ol.published-recommendations li").first
    assert "R9-01" in item.inner_text()
    text = item.locator("span[lang=ar]")
    assert text.inner_text() == TEXT_AR
    assert text.evaluate("el => getComputedStyle(el).direction") == "rtl"
    pdf = page.request.get(f"/{conference.slug}/recommendations/v1.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
