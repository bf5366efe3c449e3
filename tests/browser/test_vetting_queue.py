"""The queue in Chromium: the select-all box appears with its script and ticks every row; a bulk decline is
confirmed with the count first, and a delegate's own cancellation is skipped and said so."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.test import Client

from plenary.permissions import SECRETARIAT
from registration import services
from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Registration.Status


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_select_all_then_decline_after_confirming_the_count(page, live_server):
    conference = ConferenceFactory(slug="brussels-2025")
    user = UserFactory(email="secretariat.queue@example.org", groups=[SECRETARIAT])
    TOTP.activate(user, "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA")
    pending = RegistrationFactory.create_batch(2, conference=conference)
    owner = UserFactory()
    cancelled = RegistrationFactory(conference=conference, user=owner, email=owner.email)
    services.registration_cancel(registration=cancelled, by=owner)
    sign_in(page, live_server, user)

    page.goto(f"/en/{conference.slug}/manage/registrations/")
    select_all = page.locator("input[data-select-all]")
    assert select_all.is_visible()
    select_all.check()
    rows = page.locator("input[name=registrations]")
    assert rows.count() == 3
    assert all(rows.nth(index).is_checked() for index in range(3))
    rows.nth(0).uncheck()
    assert select_all.evaluate("box => box.indeterminate")
    rows.nth(0).check()
    assert select_all.is_checked()

    page.select_option("select[name=to_status]", "declined")
    page.locator("fieldset.bulk-actions button[type=submit]").click()
    page.wait_for_selector("form.bulk-confirm")
    assert "Decline: 3 registrations?" in page.locator("h1").inner_text()
    assert "1 of them was cancelled by its delegate and will be skipped." in page.content()
    assert Registration.objects.filter(status=Status.DECLINED).count() == 0

    page.locator("form.bulk-confirm button[type=submit]").click()
    page.wait_for_selector(".messages")
    messages = page.locator(".messages").inner_text()
    assert "1 registration was skipped: its delegate cancelled it" in messages
    assert "Declined: 2" in messages
    assert {r.status for r in Registration.objects.filter(pk__in=[p.pk for p in pending])} == {Status.DECLINED}
    cancelled.refresh_from_db()
    assert cancelled.status == Status.CANCELLED
