"""The scanner page offline in Debian's Chromium (docs/door-protocol.md): the service worker serves a reload with
no network, scans are decided against the local list and queued, and they settle into check-ins when the
network returns; the local list holds hashes, never tokens or e-mail addresses; the camera reads a badge through
the QR decoder shipped with Plenary (Debian's Chromium has no BarcodeDetector)."""

import hashlib
import io
import json
import time

import pytest
import qrcode
from django.urls import NoReverseMatch, reverse
from PIL import Image
from playwright.sync_api import expect

from plenary.permissions import DOOR
from registration.badges.selectors import badge_url
from registration.badges.services import badge_issue
from registration.doors import devices
from registration.doors.access import DEVICE_COOKIE
from registration.models import CheckIn, Scan
from tests.browser.test_checkin import conference_today, scan, sign_in
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import DoorFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page's IndexedDB database is called (static/js/door/store.js).
DATABASE = "plenary-door"
# (Playwright's wait_for_function evaluates a string, which the page's CSP refuses: expect() and evaluate instead.)
CONTROLLED = """() => navigator.serviceWorker.controller !== null || new Promise(resolve =>
  navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""
READ_STORE = """([database, store]) => new Promise((resolve, reject) => {
  const opening = indexedDB.open(database);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const read = opening.result.transaction(store).objectStore(store).getAll();
    read.onsuccess = () => { resolve(read.result); opening.result.close(); };
    read.onerror = () => reject(read.error);
  };
})"""


@pytest.fixture(autouse=True)
def offline_endpoints_exist():
    try:
        reverse("registration_files:checkin_offline_list", args=["x"])
    except NoReverseMatch:
        pytest.skip("the door's offline endpoints (docs/door-protocol.md) are not in registration/checkin/urls.py yet")


def badges_for(conference, count: int) -> list:
    return [
        badge_issue(registration=RegistrationFactory(conference=conference, status="approved")) for _ in range(count)
    ]


def open_scanner(page, live_server, conference) -> None:
    DoorFactory(conference=conference, name_en="North")
    sign_in(page, live_server, UserFactory(groups=[DOOR]))
    page.goto(f"/en/{conference.slug}/checkin/")
    # The service worker controls the page and the list has arrived.
    page.evaluate(CONTROLLED)
    expect(page.locator("[data-status-list]")).not_to_have_text("—")


def test_offline_reload_thirty_scans_queued_then_thirty_check_ins(page, live_server):
    conference = conference_today(slug="brussels-2025")
    badges = badges_for(conference, 30)
    open_scanner(page, live_server, conference)

    page.context.set_offline(True)
    page.reload()  # served by the service worker
    page.locator("#scan-code").focus()
    expect(page.locator("[data-status-network]")).to_have_text("Offline")
    assert page.locator("[data-status-sync]").inner_text() != "—"  # the last sync survives the reload
    for badge in badges:
        scan(page, badge_url(badge.token))  # no pause: a USB scanner's speed

    expect(page.locator("[data-status-queue]")).to_have_text("30")
    assert page.locator(".scan-result.outcome-checked_in [data-decided-here]").is_visible()
    assert CheckIn.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=20_000)
    assert page.locator("[data-status-network]").inner_text() == "Online"
    assert CheckIn.objects.filter(registration__conference=conference).count() == 30


def test_ten_codes_fifty_milliseconds_apart_give_ten_check_ins(page, live_server):
    conference = conference_today(slug="brussels-2025")
    badges = badges_for(conference, 10)
    open_scanner(page, live_server, conference)
    page.locator("#scan-code").focus()

    for badge in badges:
        scan(page, badge_url(badge.token))
        page.wait_for_timeout(50)

    expect(page.locator("[data-status-queue]")).to_have_text("0")
    page.locator(".scan-result.outcome-checked_in").wait_for()
    assert CheckIn.objects.count() == 10


def test_no_answer_within_three_seconds_turns_offline_and_the_next_answer_back_online(page, live_server):
    conference = conference_today(slug="brussels-2025")
    (badge,) = badges_for(conference, 1)
    open_scanner(page, live_server, conference)
    unanswered = []
    page.context.route("**/checkin/offline/scans/**", lambda route: unanswered.append(route))  # never answers
    page.locator("#scan-code").focus()

    scan(page, badge_url(badge.token))

    page.locator(".scan-result.outcome-checked_in [data-decided-here]").wait_for(timeout=5_000)
    assert page.locator("[data-status-network]").inner_text() == "Offline"
    assert page.locator("[data-status-queue]").inner_text() == "1"
    page.context.unroute("**/checkin/offline/scans/**")
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=15_000)
    assert page.locator("[data-status-network]").inner_text() == "Online"
    assert CheckIn.objects.get().registration == badge.registration


def test_the_local_list_holds_hashes_not_tokens_nor_emails_and_logout_wipes_it(page, live_server):
    conference = conference_today(slug="brussels-2025")
    badges = badges_for(conference, 3)
    open_scanner(page, live_server, conference)

    entries = page.evaluate(READ_STORE, [DATABASE, "entries"])
    stored = json.dumps(page.evaluate(READ_STORE, [DATABASE, "meta"])) + json.dumps(entries)
    assert {entry["h"] for entry in entries} == {hashlib.sha256(b.token.encode()).hexdigest() for b in badges}
    for badge in badges:
        assert badge.token not in stored
        assert badge.registration.email not in stored
        assert badge.registration.organisation not in stored

    page.locator("#scan-code").focus()
    scan(page, badge_url(badges[0].token))
    page.locator(".scan-result.outcome-checked_in").wait_for()
    queue_and_admitted = page.evaluate(READ_STORE, [DATABASE, "admitted"])
    assert badges[0].token not in json.dumps(queue_and_admitted)

    page.get_by_role("link", name="Log out").click()
    page.wait_for_url("**/accounts/logout/**")
    assert DATABASE not in databases(page)
    assert page.evaluate("caches.keys()") == []


def open_as_device(page, live_server, conference, door_name: str = "North"):
    """A phone paired to a door: its cookie, as the pairing page sets it."""
    door = DoorFactory(conference=conference, name_en=door_name)
    paired = devices.device_pair(token=devices.device_add(door=door, label="Phone", by=None).pairing_token)
    cookie = {"name": DEVICE_COOKIE, "value": f"{paired.device.pk}.{paired.secret}", "url": live_server.url}
    page.context.add_cookies([cookie])
    page.goto(f"/en/{conference.slug}/checkin/")
    assert page.locator("[data-door-fixed]").inner_text() == door_name
    page.evaluate(CONTROLLED)
    expect(page.locator("[data-status-list]")).not_to_have_text("—")
    return paired.device


def databases(page) -> list[str]:
    return page.evaluate("indexedDB.databases().then(list => list.map(database => database.name))")


def test_a_revoked_device_wipes_its_list_when_its_scan_is_refused(page, live_server):
    conference = conference_today(slug="brussels-2025")
    first, second = badges_for(conference, 2)
    device = open_as_device(page, live_server, conference)
    page.locator("#scan-code").focus()
    scan(page, badge_url(first.token))
    page.locator(".scan-result.outcome-checked_in").wait_for()

    devices.device_revoke(device=device)
    scan(page, badge_url(second.token))

    page.locator("[data-wiped]").wait_for()
    assert not page.locator("[data-scan-form]").is_visible()
    assert DATABASE not in databases(page)
    assert page.evaluate("caches.keys()") == []
    assert Scan.objects.filter(device=device, outcome=Scan.Outcome.REFUSED).count() == 1
    assert CheckIn.objects.get().registration == first.registration


def test_a_revoked_device_reopening_the_scanner_is_wiped_by_the_service_worker(page, live_server):
    conference = conference_today(slug="brussels-2025")
    badges_for(conference, 2)
    device = open_as_device(page, live_server, conference)
    assert page.evaluate(READ_STORE, [DATABASE, "entries"])

    devices.device_revoke(device=device)
    response = page.reload()

    assert response.status == 403
    assert DATABASE not in databases(page)
    assert page.evaluate("caches.keys()") == []


def test_two_devices_offline_admitting_the_same_five_give_five_check_ins_and_five_duplicates(browser, live_server):
    conference = conference_today(slug="brussels-2025")
    badges = badges_for(conference, 5)
    pages = []
    for door_name in ("North", "South"):
        context = browser.new_context(base_url=live_server.url)
        pages.append(context.new_page())
        open_as_device(pages[-1], live_server, conference, door_name)
    for page in pages:
        page.context.set_offline(True)
        page.locator("#scan-code").focus()
        for badge in badges:
            scan(page, badge_url(badge.token))
        expect(page.locator("[data-status-queue]")).to_have_text("5")
        page.locator(".scan-result.outcome-checked_in [data-decided-here]").wait_for()  # both admit offline

    for page in pages:
        page.context.set_offline(False)
        expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=20_000)
        page.context.close()

    assert CheckIn.objects.filter(registration__conference=conference).count() == 5
    assert Scan.objects.filter(outcome=Scan.Outcome.DUPLICATE).count() == 5


def test_time_from_scan_to_outcome_offline_with_two_thousand_delegates(browser, live_server):
    """Printed, not asserted (the issue's target: under 50 ms). The list is the server's format, served by a
    route so that 2,000 delegates need not be created."""
    conference = conference_today(slug="brussels-2025")
    tokens = [f"token-{n:04d}-abcdefghijklmnop" for n in range(2000)]
    listing = {
        "version": 1,
        "full": True,
        "wipe": False,
        "door": None,
        "wipe_after": "2999-01-01T00:00:00+00:00",
        "entries": [
            {
                "h": hashlib.sha256(token.encode()).hexdigest(),
                "ref": f"B-{n:06d}",
                "name": f"Delegate {n}",
                "name_ar": "مندوب",
                "category": "Delegate",
                "photo_consent": True,
                "checked_in_today": False,
            }
            for n, token in enumerate(tokens)
        ],
        "revoked": [],
        "removed": [],
    }
    context = browser.new_context(base_url=live_server.url, service_workers="block")
    page = context.new_page()
    page.route("**/checkin/offline/list/**", lambda route: route.fulfill(json=listing))
    page.route("**/checkin/offline/scans/**", lambda route: route.abort())
    sign_in(page, live_server, UserFactory(groups=[DOOR]))
    page.goto(f"/en/{conference.slug}/checkin/")
    expect(page.locator("[data-status-list]")).not_to_have_text("—")
    context.set_offline(True)

    timings = page.evaluate(
        """async (codes) => {
          const input = document.querySelector('#scan-code');
          const form = document.querySelector('[data-scan-form]');
          const outcome = document.querySelector('[data-result] [data-name]');
          const times = [];
          for (const code of codes) {
            const shown = new Promise(resolve => new MutationObserver((changes, observer) => {
              if (outcome.textContent === code.name) { observer.disconnect(); resolve(); }
            }).observe(outcome, {childList: true, characterData: true, subtree: true}));
            const start = performance.now();
            input.value = code.url;
            form.requestSubmit();
            await shown;
            times.push(performance.now() - start);
          }
          return times;
        }""",
        [{"url": badge_url(token), "name": f"Delegate {n}"} for n, token in list(enumerate(tokens))[::100]],
    )
    timings.sort()
    print(
        f"\nscan to outcome offline, 2,000 delegates: median {timings[len(timings) // 2]:.1f} ms, "
        f"max {timings[-1]:.1f} ms over {len(timings)} scans (target < 50 ms)"
    )
    context.close()
    assert len(timings) == 20


def badge_video(path, url: str) -> None:
    """A Y4M file of a printed badge's QR code, which Chromium plays as its camera."""
    picture = qrcode.make(url, border=4).get_image().convert("L").resize((400, 400), Image.Resampling.NEAREST)
    frame = Image.new("L", (640, 480), 255)
    frame.paste(picture, (120, 40))
    luma = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    video = io.BytesIO()
    video.write(b"YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n")
    for _ in range(15):
        video.write(b"FRAME\n" + luma + chroma + chroma)
    path.write_bytes(video.getvalue())


def test_the_camera_checks_a_delegate_in_without_a_native_barcode_detector(browser, live_server, tmp_path):
    conference = conference_today(slug="brussels-2025")
    registration = RegistrationFactory(conference=conference, status="approved", first_name="Amina", last_name="Haddad")
    badge = badge_issue(registration=registration)
    video = tmp_path / "badge.y4m"
    badge_video(video, badge_url(badge.token))
    camera_args = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with_camera = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + camera_args)
    try:
        context = with_camera.new_context(base_url=live_server.url, permissions=["camera"])
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, live_server, UserFactory(groups=[DOOR]))
        page.goto(f"/en/{conference.slug}/checkin/")
        assert page.evaluate("'BarcodeDetector' in window") is False  # the decoder shipped with Plenary reads

        started = time.monotonic()
        page.get_by_role("button", name="Use the camera").click()

        page.locator(".scan-result.outcome-checked_in").wait_for()
        print(f"\ncamera to check-in: {time.monotonic() - started:.1f} s")
        assert page.locator(".scan-result [data-name]").inner_text() == "Amina Haddad"
        assert CheckIn.objects.get().registration == registration
    finally:
        with_camera.close()
