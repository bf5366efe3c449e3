"""What the pages and scripts hide stays hidden on screen: checked by visibility in Chromium, not by markup."""

import pytest

from plenary.jobs.services import job_create
from plenary.permissions import DOOR, SECRETARIAT
from registration.badges.selectors import badge_url
from registration.badges.services import badge_issue
from tests.browser.test_checkin import conference_today, scan, sign_in
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_batch_in_progress_offers_no_download_and_no_retry(page, live_server):
    conference = ConferenceFactory(slug="brussels-2025")
    secretariat = UserFactory(groups=[SECRETARIAT], totp=True)
    job = job_create(
        kind="badges", conference=conference, by=secretariat, total=1511, details={"badge_ids": [], "layout": "a6-4up"}
    )
    sign_in(page, live_server, secretariat)

    page.goto(f"/en/{conference.slug}/manage/badges/jobs/{job.pk}/")

    assert page.locator("[data-job-download]").count() == 1
    assert not page.locator("[data-job-download]").is_visible()  # a 404 until the file exists
    assert not page.locator("[data-job-retry]").is_visible()


@pytest.mark.parametrize(("photo_consent", "mark_shown"), [(True, False), (False, True)])
def test_the_no_photos_mark_shows_only_for_those_who_refused(page, live_server, photo_consent, mark_shown):
    conference = conference_today(slug="brussels-2025")
    registration = RegistrationFactory(conference=conference, status="approved", photo_consent=photo_consent)
    badge = badge_issue(registration=registration)
    DoorFactory(conference=conference, name_en="North")
    sign_in(page, live_server, UserFactory(groups=[DOOR]))

    page.goto(f"/en/{conference.slug}/checkin/")
    page.locator("#scan-code").focus()
    scan(page, badge_url(badge.token))

    page.locator(".scan-result.outcome-checked_in").wait_for()
    assert page.locator(".scan-result [data-no-photo]").is_visible() is mark_shown
