"""The scanner's queue against what can go wrong besides the network (docs/door-protocol.md): a hostile or
corrupted scan in IndexedDB is set aside with the server's reason and the others settle; an ended session says
"Signed out — sign in again" and keeps the queue for after signing in; an admission of yesterday is not today's;
offline, the name search reads the local list."""

import datetime as dt
import hashlib
import uuid

import pytest
from django.conf import settings
from playwright.sync_api import expect

from registration.badges.selectors import badge_url
from registration.badges.services import badge_issue
from registration.models import CheckIn
from tests.browser.test_checkin import conference_today, scan, sign_in
from tests.browser.test_door_offline import DATABASE, READ_STORE, badges_for, open_scanner
from tests.factories import RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUT = """([database, store, values]) => new Promise((resolve, reject) => {
  const opening = indexedDB.open(database);
  opening.onsuccess = () => {
    const transaction = opening.result.transaction(store, "readwrite");
    values.forEach(value => transaction.objectStore(store).put(value));
    transaction.oncomplete = () => { resolve(true); opening.result.close(); };
    transaction.onerror = () => reject(transaction.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


def test_a_hostile_scan_in_the_queue_is_set_aside_and_the_others_settle(page, live_server):
    conference = conference_today(slug="brussels-2025")
    badges = badges_for(conference, 3)
    open_scanner(page, live_server, conference)
    page.context.set_offline(True)
    page.locator("#scan-code").focus()
    for badge in badges:
        scan(page, badge_url(badge.token))
    expect(page.locator("[data-status-queue]")).to_have_text("3")
    [queued, *_] = page.evaluate(READ_STORE, [DATABASE, "queue"])
    hostile = [
        {**queued, "nonce": "not-a-uuid"},  # rejected alone by the server, the batch settles
        {**queued, "nonce": str(uuid.uuid4()), "h": "f" * 300_000},  # the whole batch refused: too large
    ]
    page.evaluate(PUT, [DATABASE, "queue", hostile])

    page.context.set_offline(False)

    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=20_000)
    expect(page.locator("[data-status-refused]")).to_have_text("2")
    reasons = page.locator("[data-refused-list] li").all_inner_texts()
    assert any("nonce" in reason for reason in reasons) and any("too large" in reason for reason in reasons)
    assert CheckIn.objects.filter(registration__conference=conference).count() == 3
    assert page.locator("[data-status-network]").inner_text() == "Online"


def test_an_ended_session_says_signed_out_keeps_the_queue_and_sends_it_after_signing_in(page, live_server):
    conference = conference_today(slug="brussels-2025")
    (badge,) = badges_for(conference, 1)
    open_scanner(page, live_server, conference)
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.locator("#scan-code").focus()

    scan(page, badge_url(badge.token))

    expect(page.locator("[data-status-network]")).to_have_text("Signed out — sign in again")
    link = page.locator("[data-sign-in-again]")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == f"/en/accounts/login/?next=/en/{conference.slug}/checkin/"
    assert page.locator("[data-status-queue]").inner_text() == "1"
    assert page.evaluate(READ_STORE, [DATABASE, "entries"])  # not wiped: this is no revoked device
    assert not CheckIn.objects.exists()

    sign_in(page, live_server, UserFactory(groups=["Door"]))
    page.goto(f"/en/{conference.slug}/checkin/")  # where the login page sends the volunteer back

    # The page starts at "0" before it reads the queue back from IndexedDB: wait for the server's record too.
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=15_000)
    for _attempt in range(150):
        if CheckIn.objects.exists():
            break
        page.wait_for_timeout(100)
    assert CheckIn.objects.get().registration == badge.registration
    expect(page.locator("[data-status-queue]")).to_have_text("0")


def test_an_admission_on_this_device_yesterday_does_not_refuse_today(page, live_server):
    conference = conference_today(slug="brussels-2025")
    (badge,) = badges_for(conference, 1)
    open_scanner(page, live_server, conference)
    h = hashlib.sha256(badge.token.encode()).hexdigest()
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    page.evaluate(PUT, [DATABASE, "admitted", [{"h": h, "at": yesterday}]])
    page.context.set_offline(True)
    page.locator("#scan-code").focus()

    scan(page, badge_url(badge.token))

    page.locator(".scan-result.outcome-checked_in [data-decided-here]").wait_for()


def test_offline_the_name_search_reads_the_local_list_and_checks_in_through_the_queue(page, live_server):
    conference = conference_today(slug="brussels-2025")
    people = {
        "elodie": RegistrationFactory(
            conference=conference, status="approved", first_name="Élodie", last_name="Fournier", name_ar="إيلودي"
        ),
        "amina": RegistrationFactory(
            conference=conference, status="approved", first_name="Amina", last_name="Haddad", name_ar="أمينة حدّاد"
        ),
    }
    for registration in people.values():
        badge_issue(registration=registration)
    open_scanner(page, live_server, conference)
    page.context.set_offline(True)
    results = page.locator("[data-search-results] li")

    page.locator("#search-q").fill("ELODIE four")
    page.locator("[data-search-form] button").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Élodie Fournier")
    results.first.get_by_role("button", name="Check in").click()
    page.locator(".scan-result.outcome-checked_in [data-decided-here]").wait_for()
    expect(page.locator("[data-status-queue]")).to_have_text("1")

    # Without hamza, with heh for teh marbuta and no shadda: the Arabic name is found all the same.
    page.locator("#search-q").fill("امينه حداد")
    page.locator("[data-search-form] button").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Amina Haddad")
    # Élodie is in now: her state, no button.
    page.locator("#search-q").fill("élodie")
    page.locator("[data-search-form] button").click()
    expect(results.first).to_contain_text("Already checked in")
    expect(results.first.get_by_role("button")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=20_000)
    assert CheckIn.objects.get().registration == people["elodie"]


def test_a_403_without_a_wipe_says_signed_out_and_keeps_the_list(page, live_server):
    """A CSRF token gone with the session, or an account no longer the door's: not a revoked device."""
    conference = conference_today(slug="brussels-2025")
    (badge,) = badges_for(conference, 1)
    open_scanner(page, live_server, conference)
    page.context.route(
        "**/checkin/offline/scans/**",
        lambda route: route.fulfill(status=403, content_type="text/html", body="<h1>CSRF verification failed</h1>"),
    )
    page.locator("#scan-code").focus()

    scan(page, badge_url(badge.token))

    expect(page.locator("[data-status-network]")).to_have_text("Signed out — sign in again")
    assert page.locator("[data-status-queue]").inner_text() == "1"
    assert page.evaluate(READ_STORE, [DATABASE, "entries"])


def test_online_a_person_found_by_name_is_checked_in_through_the_queue_and_survives_a_cut(page, live_server):
    conference = conference_today(slug="brussels-2025")
    registration = RegistrationFactory(conference=conference, status="approved", first_name="Lina", last_name="Nasser")
    badge_issue(registration=registration)
    open_scanner(page, live_server, conference)
    page.locator("#search-q").fill("nasser")
    page.locator("[data-search-form] button").click()  # the server's search: online
    result = page.locator("[data-search-results] li").first
    expect(result).to_contain_text("Lina Nasser")
    page.context.route("**/checkin/offline/scans/**", lambda route: route.abort())  # the Wi-Fi drops

    result.get_by_role("button", name="Check in").click()

    expect(page.locator("[data-status-queue]")).to_have_text("1")
    assert not CheckIn.objects.exists()
    page.context.unroute("**/checkin/offline/scans/**")
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=15_000)
    assert CheckIn.objects.get().registration == registration
