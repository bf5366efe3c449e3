"""Every account that can reach personal data (superuser, staff, Secretariat) passes a second factor
before any page, and cannot enrol an authenticator app with the password alone. Written as the attack."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth.models import Group
from django.core import signing
from django.core.management import call_command
from django.urls import reverse

from plenary.mfa_invitations import mfa_invitation_url
from plenary.permissions import SECRETARIAT
from tests.conftest import SECRETARIAT_TOTP_SECRET, authenticator_code, login_without_second_factor
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
ATTACKER_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def log_in_with_password(client, user):
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def privileged_accounts():
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    staff = UserFactory(email="staff@example.org", is_staff=True)
    clerk = UserFactory(email="clerk@example.org", groups=[SECRETARIAT])
    return {"superuser": superuser, "staff": staff, "secretariat": clerk}


def pages_with_personal_data(conference):
    registration = RegistrationFactory(conference=conference, email="amina.witness@example.org")
    return [
        "/admin/",
        "/admin/registration/user/",
        "/admin/registration/registration/",
        "/admin/mfa/authenticator/",
        f"/en/{conference.slug}/manage/registrations/",
        f"/en/{conference.slug}/manage/registrations/{registration.pk}/",
        f"/en/{conference.slug}/manage/audit-log/",
        "/en/privacy/",  # any page at all
    ]


@pytest.mark.parametrize("who", ["superuser", "staff", "secretariat"])
def test_an_account_with_personal_data_and_no_authenticator_reaches_no_page(client, conference, who):
    user = privileged_accounts()[who]
    log_in_with_password(client, user)  # allauth asks no code: there is no authenticator yet
    for path in pages_with_personal_data(conference):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == reverse("mfa_enrolment_required"), path
        assert "amina.witness@example.org" not in response.content.decode()
    page = client.get(reverse("mfa_enrolment_required"))
    assert page.status_code == 200
    assert "invitation link" in page.content.decode()
    assert client.get(reverse("account_logout")).status_code == 200  # signing out stays open


@pytest.mark.parametrize("who", ["superuser", "staff", "secretariat"])
def test_whoever_has_the_password_cannot_enrol_their_own_phone(client, who):
    user = privileged_accounts()[who]
    log_in_with_password(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_enrolment_required")
    session = client.session
    session[SECRET_SESSION_KEY] = ATTACKER_SECRET
    session.save()
    client.post(reverse("mfa_activate_totp"), {"code": authenticator_code(ATTACKER_SECRET)})
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.parametrize("who", ["superuser", "staff", "secretariat"])
def test_an_authenticator_is_not_enough_without_the_code_in_this_session(client, conference, who):
    user = privileged_accounts()[who]
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, SECRETARIAT_TOTP_SECRET)
    login_without_second_factor(client, user)
    for path in [*pages_with_personal_data(conference), reverse("mfa_view_recovery_codes"), reverse("mfa_index")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("mfa_reauthenticate")), path
    client.post(reverse("mfa_reauthenticate"), {"code": authenticator_code(SECRETARIAT_TOTP_SECRET)})
    assert client.get("/en/privacy/").status_code == 200
    if user.is_staff:
        assert client.get("/admin/").status_code == 200
    manage = client.get(f"/en/{conference.slug}/manage/registrations/")
    assert manage.status_code == (200 if who == "secretariat" else 403)  # past the second factor, to the role check


def test_the_emailed_invitation_enrols_the_owner_once(client, mailoutbox):
    clerk = UserFactory(email="clerk@example.org", groups=[SECRETARIAT], is_staff=True)
    call_command("send_mfa_invitation", "Clerk@Example.org")
    [email] = mailoutbox
    assert email.to == ["clerk@example.org"]
    link = re.search(r"https?://\S+/accounts/2fa/enrol/\S+/", email.body).group(0)
    path = link.split("plenary.test", 1)[-1]

    opened = client.get(path)  # not signed in yet: to the login page, and back
    assert opened.status_code == 302 and opened.url.startswith(reverse("account_login"))
    log_in_with_password(client, clerk)
    opened = client.get(path)
    assert opened.status_code == 302 and opened.url == reverse("mfa_activate_totp")
    form = client.get(reverse("mfa_activate_totp"))
    if form.status_code == 302:  # allauth asks for the password again before adding an authenticator
        assert form.url.startswith(reverse("account_reauthenticate"))
        client.post(form.url, {"password": PASSWORD})
        form = client.get(reverse("mfa_activate_totp"))
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": authenticator_code(secret)})
    assert Authenticator.objects.filter(user=clerk, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200  # the code just entered is this session's second factor

    # The same link, once more (say from the mailbox of someone who read it later): void.
    other = client.__class__()
    assert other.get(path).status_code == 404


def test_an_invitation_expires_and_belongs_to_its_account(client, monkeypatch):
    clerk = UserFactory(email="clerk@example.org", groups=[SECRETARIAT])
    intruder = UserFactory(email="intruder@example.org", groups=[SECRETARIAT])
    path = mfa_invitation_url(user=clerk).split("plenary.test", 1)[-1]

    log_in_with_password(client, intruder)
    assert client.get(path).status_code == 403  # a forwarded link does not work for another account
    assert client.get(reverse("mfa_activate_totp")).url == reverse("mfa_enrolment_required")

    client.logout()
    log_in_with_password(client, clerk)
    later = time.time() + 73 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(path).status_code == 404
    assert client.get(reverse("mfa_activate_totp")).url == reverse("mfa_enrolment_required")
    assert client.get(path.replace(path.rsplit(":", 1)[-1], "forged/")).status_code == 404


def test_the_admin_action_sends_invitations(client, mailoutbox):
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True, totp=True)
    clerk = UserFactory(email="clerk@example.org", groups=[SECRETARIAT])
    client.force_login(admin)
    response = client.post(
        reverse("admin:registration_user_changelist"),
        {"action": "send_mfa_invitation", "_selected_action": [clerk.pk]},
    )
    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == ["clerk@example.org"] and "/accounts/2fa/enrol/" in email.body


def test_delegates_are_not_asked_and_may_still_enrol_on_their_own(client, delegate_user):
    log_in_with_password(client, delegate_user)
    assert client.get("/en/privacy/").status_code == 200


def test_an_authenticator_enrolled_as_a_delegate_does_not_survive_joining_the_secretariat():
    """Whoever knew a delegate's password enrolled their own phone; then the delegate joined the Secretariat."""

    delegate = UserFactory(totp=True)
    assert Authenticator.objects.filter(user=delegate).exists()
    delegate.groups.add(Group.objects.get(name=SECRETARIAT))
    assert not Authenticator.objects.filter(user=delegate).exists()

    other = UserFactory(totp=True)
    Group.objects.get(name=SECRETARIAT).user_set.add(other)
    assert not Authenticator.objects.filter(user=other).exists()


def test_an_authenticator_enrolled_before_becoming_staff_is_withdrawn():

    user = UserFactory(totp=True)
    user.is_staff = True
    user.save()
    assert not Authenticator.objects.filter(user=user).exists()
    staff = UserFactory(totp=True, is_staff=True)  # already staff when it enrolled: kept
    staff.first_name = "Renamed"
    staff.save()
    assert Authenticator.objects.filter(user=staff).exists()


def test_a_signed_in_delegate_opening_the_admin_is_refused_without_a_redirect_loop(delegate_client):
    response = delegate_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
