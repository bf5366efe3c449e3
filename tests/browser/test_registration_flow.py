"""A delegate signs up, verifies, registers in Arabic; the secretariat (with two-factor) approves."""

import datetime as dt
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone, translation

from registration.models import Registration
from tests.conftest import authenticator_code
from tests.factories import ConferenceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"


def status_label(status, lang="ar"):
    with translation.override(lang):
        return str(Registration.Status(status).label)


def submit(page, form="main form[method=post]"):
    page.locator(f"{form} button[type=submit]").first.click()


def test_sign_up_register_in_arabic_and_get_approved(page, browser, live_server, mailoutbox):
    start = timezone.localdate() + dt.timedelta(days=30)
    conference = ConferenceFactory(slug="brussels-2025", start_date=start, end_date=start + dt.timedelta(days=1))

    # Sign up in Arabic and verify through the link in the e-mail.
    page.goto("/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "layla.browser@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/ar/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    submit(page)

    # Register in the Arabic interface.
    page.goto(f"/ar/{conference.slug}/register/")
    page.fill("input[name=first_name]", "Amina")
    page.fill("input[name=last_name]", "Haddad")
    page.fill("input[name=name_ar]", "أمينة حداد")
    page.fill("input[name=organisation]", "Addameer")
    page.select_option("select[name=country]", "PS")
    page.check("input[name=accept_privacy]")
    submit(page, "form.registration-form")
    page.wait_for_url(re.compile(rf"/ar/{conference.slug}/my/$"))
    status = page.locator(".my-status [data-status]")
    assert status.get_attribute("data-status") == "pending"
    assert status.inner_text() == status_label("pending")
    registration = Registration.objects.get(conference=conference)
    assert registration.language == "ar"

    # The secretariat logs in with a password and an authenticator code, and approves.
    clerk = UserFactory(email="clerk@example.org", groups=["Secretariat"])
    TOTP.activate(clerk, SECRET)
    secretariat = browser.new_context(base_url=live_server.url).new_page()
    secretariat.set_default_timeout(15_000)
    secretariat.goto("/en/accounts/login/")
    secretariat.fill("input[name=login]", clerk.email)
    secretariat.fill("input[name=password]", PASSWORD)
    submit(secretariat)
    secretariat.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    secretariat.fill("input[name=code]", authenticator_code(SECRET))
    submit(secretariat)
    secretariat.wait_for_url(lambda url: "/2fa/" not in url and "/login/" not in url)
    secretariat.goto(f"/en/{conference.slug}/manage/registrations/")
    secretariat.check(f"input[name=registrations][value='{registration.pk}']")
    secretariat.select_option("select[name=to_status]", "approved")
    secretariat.fill("textarea[name=message]", "Welcome to Brussels.")
    submit(secretariat, "form.bulk")
    assert secretariat.locator("[data-count=approved]").inner_text() == "1"
    secretariat.context.close()

    # The delegate sees "approved" (in Arabic) and got the e-mail.
    page.reload()
    status = page.locator(".my-status [data-status]")
    assert status.get_attribute("data-status") == "approved"
    assert status.inner_text() == status_label("approved")
    approval = mailoutbox[-1]
    assert approval.to == ["layla.browser@example.org"]
    assert "Welcome to Brussels." in approval.body
    assert f"/ar/{conference.slug}/my/" in approval.body
