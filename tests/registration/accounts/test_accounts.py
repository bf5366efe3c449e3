"""Accounts through allauth: Plenary's look, sign-up with e-mail verification, and two-factor
authentication required of the secretariat before any page with personal data."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from registration.models import User
from tests.conftest import authenticator_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl"), ("fr", "ltr")])
def test_account_pages_use_plenarys_layout(client, lang, direction):
    for path in ("login/", "signup/", "password/reset/"):
        response = client.get(f"/{lang}/accounts/{path}")
        page = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{lang}" dir="{direction}">' in page
        assert 'class="site-header"' in page
        assert "/static/css/plenary.css" in page


def test_account_settings_pages_have_the_account_menu(delegate_client):
    page = delegate_client.get("/en/accounts/email/").content.decode()
    assert 'class="subnav"' in page
    assert "/en/me/data.json" in page
    assert "/en/accounts/2fa/" in page


def test_signup_then_verify_through_the_emailed_link(client, mailoutbox):
    response = client.post(
        "/en/accounts/signup/", {"email": "Amina@Example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="amina@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    [email] = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", email.body).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_account_cannot_log_in(client, mailoutbox):
    UserFactory(email="new@example.org", verified_email=False)
    response = client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert client.get("/en/privacy/").context["user"].is_anonymous


def test_password_reset_through_the_emailed_link(client, delegate_user, mailoutbox):
    client.post("/en/accounts/password/reset/", {"email": "Delegate@Example.org"})
    [email] = mailoutbox
    assert email.to == [delegate_user.email]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", email.body).group(0)
    form_url = client.get(link.split("testserver", 1)[-1])["Location"]
    new_password = "a new and long passphrase"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    delegate_user.refresh_from_db()
    assert delegate_user.check_password(new_password)


def test_failed_logins_are_rate_limited_per_client(client, delegate_user):
    """Ten failures from one client and it is refused, even the right password; per account, failures
    alert the secretariat instead of locking the owner out (tests/plenary/test_account_adapter.py)."""
    for _ in range(10):
        wrong = client.post("/en/accounts/login/", {"login": delegate_user.email, "password": "wrong"})
        assert wrong.status_code == 200
    blocked = client.post("/en/accounts/login/", {"login": delegate_user.email, "password": PASSWORD})
    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get("/en/privacy/").context["user"].is_anonymous


def test_signup_with_a_known_email_in_another_case_creates_no_second_account(client, delegate_user):
    client.post("/en/accounts/signup/", {"email": "DELEGATE@example.ORG", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.filter(email__iexact="delegate@example.org").count() == 1


def test_secretariat_without_mfa_is_sent_to_set_it_up(client, conference):
    clerk = UserFactory(groups=["Secretariat"], is_staff=True)
    client.force_login(clerk)
    for path in (
        f"/en/{conference.slug}/manage/registrations/",
        f"/en/{conference.slug}/manage/audit-log/",
        "/admin/",
        "/admin/registration/registration/",
        "/en/privacy/",  # since issue 11: every page, not only those with personal data
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_enrolment_required")
    # allauth's set-up page is refused too: enrolling needs the e-mailed invitation (tests/plenary/test_mfa.py)
    page = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert "set up two-factor authentication" in page
    assert "invitation link" in page


def _personal_data_paths(conference, clerk):
    """Every kind of page outside ``/manage/`` that shows someone else's personal data."""
    from django.core.files.base import ContentFile

    from plenary.jobs.services import job_create
    from registration.badges.services import badge_issue
    from tests.factories import RegistrationFactory

    badge = badge_issue(registration=RegistrationFactory(conference=conference, status="approved"))
    job = job_create(kind="badges", conference=conference, by=clerk)
    job.result.save("badges.pdf", ContentFile(b"%PDF-1.7 names"))
    job.state = job.State.DONE
    job.save()
    return {
        "GET": [
            f"/en/{conference.slug}/manage/registrations/export/?format=csv",
            f"/en/{conference.slug}/checkin/",
            f"/{conference.slug}/checkin/search?q=Amina",
            f"/b/{badge.token}",
            f"/jobs/{job.pk}/download",
            f"/jobs/{job.pk}/status",
        ],
        "POST": [f"/{conference.slug}/checkin/scan", f"/b/{badge.token}"],
    }


def test_secretariat_without_mfa_cannot_scan_search_open_badges_or_download_files(client, conference):
    from plenary.audit.models import AuditLogEntry
    from registration.models import CheckIn

    clerk = UserFactory(groups=["Secretariat"])
    paths = _personal_data_paths(conference, clerk)
    client.force_login(clerk)
    for method, urls in paths.items():
        for path in urls:
            response = client.get(path) if method == "GET" else client.post(path, {"code": path, "door": "North"})
            assert response.status_code == 302, (method, path)
            assert response.url == reverse("mfa_enrolment_required"), (method, path)
    assert not CheckIn.objects.exists()
    assert not AuditLogEntry.objects.filter(action="export").exists()


def test_secretariat_with_mfa_and_the_door_reach_the_scanner_and_badges(
    client, secretariat_user, door_user, conference
):
    paths = _personal_data_paths(conference, secretariat_user)
    client.force_login(secretariat_user)
    for path in paths["GET"]:
        assert client.get(path).status_code == 200, path
    client.force_login(door_user)  # the door is not asked for two-factor authentication
    for path in (f"/en/{conference.slug}/checkin/", paths["GET"][3]):
        assert client.get(path).status_code == 200, path


def test_secretariat_with_mfa_gets_in(secretariat_client, conference):
    assert secretariat_client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 200


def test_other_users_may_enable_mfa(client, delegate_user):
    client.post("/en/accounts/login/", {"login": delegate_user.email, "password": PASSWORD})
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))  # allauth confirms the password first
    client.post(asked.url, {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_other_roles_are_not_asked_for_mfa(delegate_client, conference):
    assert delegate_client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 403


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/registration/")
    assert response.status_code == 302
    assert response.url == "/en/accounts/login/?next=%2Fadmin%2Fregistration%2F"


def test_secretariat_logs_in_with_password_and_code(client, secretariat_user, conference):
    response = client.post("/en/accounts/login/", {"login": secretariat_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 302  # not yet logged in
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
    assert client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 200
