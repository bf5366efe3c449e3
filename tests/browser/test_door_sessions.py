"""A session's check-in list in Chromium: the volunteer picks a marked session on the scanner, scans two badges in
and one out, and the secretariat's page for the session shows the counts change without being reloaded; offline,
the device counts the seats itself and uploads only who came in."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect

from plenary.permissions import DOOR, SECRETARIAT
from registration.badges.selectors import badge_url
from registration.models import Attendance
from tests.browser.test_checkin import conference_today, scan, sign_in
from tests.browser.test_door_offline import CONTROLLED, badges_for
from tests.factories import DoorFactory, RoomFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_in_one_out_at_a_workshop_and_the_secretariat_sees_it_live(browser, page, live_server):
    conference = conference_today(slug="brussels-2025")
    now = timezone.now()
    workshop = SessionFactory(
        conference=conference, title_en="Legal workshop", room=RoomFactory(conference=conference, capacity=100),
        attendance_list=True, seats=20, exit_scans=True,
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=2),
    )  # fmt: skip
    first, second = badges_for(conference, 2)
    DoorFactory(conference=conference, name_en="Room door")
    secretariat = UserFactory(groups=[SECRETARIAT])
    TOTP.activate(secretariat, "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA")
    desk = browser.new_context(base_url=live_server.url).new_page()
    sign_in(desk, live_server, secretariat)
    desk.goto(f"/en/{conference.slug}/manage/checkin/sessions/{workshop.pk}/")
    expect(desk.locator("[data-inside] strong")).to_have_text("0")

    sign_in(page, live_server, UserFactory(groups=[DOOR]))
    page.goto(f"/en/{conference.slug}/checkin/")
    page.evaluate(CONTROLLED)
    expect(page.locator("[data-status-list]")).not_to_have_text("—")
    page.locator("#checkin-list").select_option(label="Legal workshop")
    expect(page.locator("[data-list-count]")).to_have_text("Inside now: 0 / 20")
    page.locator("#scan-code").focus()
    scan(page, badge_url(first.token))
    expect(page.locator(".scan-result.outcome-admitted")).to_be_visible()
    scan(page, badge_url(second.token))
    expect(page.locator("[data-list-count]")).to_have_text("Inside now: 2 / 20")
    expect(desk.locator("[data-inside] strong")).to_have_text("2", timeout=15_000)  # no reload: it polls

    page.get_by_label("Exit").check()
    page.locator("#scan-code").focus()
    scan(page, badge_url(first.token))
    expect(page.locator(".scan-result.outcome-left")).to_be_visible()
    expect(page.locator("[data-list-count]")).to_have_text("Inside now: 1 / 20")
    expect(desk.locator("[data-count-exits]")).to_have_text("1", timeout=15_000)
    expect(desk.locator("[data-inside] strong")).to_have_text("1")
    assert desk.locator(".attendance-inside").inner_text().count(second.registration.full_name) == 1
    assert Attendance.objects.filter(session=workshop).count() == 3
    desk.context.close()


def test_offline_the_device_counts_the_seats_itself_and_uploads_who_came_in(page, live_server):
    conference = conference_today(slug="brussels-2025")
    now = timezone.now()
    workshop = SessionFactory(
        conference=conference, title_en="Small workshop", attendance_list=True, seats=2,
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=2),
    )  # fmt: skip
    badges = badges_for(conference, 3)
    DoorFactory(conference=conference, name_en="Room door")
    sign_in(page, live_server, UserFactory(groups=[DOOR]))
    page.goto(f"/en/{conference.slug}/checkin/")
    page.evaluate(CONTROLLED)
    expect(page.locator("[data-status-list]")).not_to_have_text("—")
    page.locator("#checkin-list").select_option(label="Small workshop")
    assert page.locator("[data-direction-field]").is_hidden()  # no exit scans for this one

    page.context.set_offline(True)
    page.locator("#scan-code").focus()
    expect(page.locator("[data-status-network]")).to_have_text("Offline")
    for badge in badges[:2]:
        scan(page, badge_url(badge.token))
    scan(page, badge_url(badges[0].token))
    expect(page.locator(".scan-result.outcome-already_inside")).to_be_visible()
    scan(page, badge_url(badges[2].token))
    expect(page.locator(".scan-result.outcome-session_full [data-decided-here]")).to_be_visible()
    expect(page.locator("[data-status-queue]")).to_have_text("3")  # the one turned away is not a fact to upload

    page.context.set_offline(False)
    expect(page.locator("[data-status-queue]")).to_have_text("0", timeout=20_000)
    assert sorted(Attendance.objects.filter(session=workshop).values_list("registration", flat=True)) == sorted(
        b.registration_id for b in badges[:2]
    )
    expect(page.locator("[data-list-count]")).to_have_text("Inside now: 2 / 2")
