"""Failed logins, written as the attack (finding 7): behind the reverse proxy, a stranger's guesses at
the door volunteer's address must not keep the volunteer out; one client guessing is still throttled,
and the secretariat hears of repeated failures for an account."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plenary.audit.models import Action, AuditLogEntry
from tests.conftest import authenticator_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
LOGIN = "/en/accounts/login/"
PROXY = "10.0.0.2"  # the reverse proxy: every request reaches Django from it


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _post(client, email, password, client_ip):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip)


def _logged_in(client) -> bool:
    return client.get("/en/privacy/").context["user"].is_authenticated


def test_a_strangers_failures_from_many_addresses_do_not_lock_the_door_volunteer_out(client, door_user, behind_proxy):
    for attempt in range(11):
        wrong = _post(client, door_user.email, f"guess-{attempt}", f"198.51.100.{attempt + 1}")
        assert wrong.status_code == 200 and "Too many" not in wrong.content.decode()

    response = _post(client, door_user.email, PASSWORD, "203.0.113.7")

    assert response.status_code == 302
    assert _logged_in(client)


def test_the_secretariat_still_gets_in_with_password_and_code_after_a_strangers_failures(
    client, secretariat_user, conference, behind_proxy
):
    for attempt in range(11):
        _post(client, secretariat_user.email, "wrong password", f"198.51.100.{attempt + 1}")

    response = _post(client, secretariat_user.email, PASSWORD, "203.0.113.7")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    code = authenticator_code()
    client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert client.get(f"/en/{conference.slug}/manage/registrations/").status_code == 200


def test_failures_from_one_client_are_still_throttled(client, door_user, behind_proxy):
    for attempt in range(10):
        assert _post(client, f"made-up-{attempt}@example.net", "guess", "198.51.100.9").status_code == 200

    blocked = _post(client, door_user.email, PASSWORD, "198.51.100.9")

    assert "Too many failed login attempts" in blocked.content.decode()
    assert not _logged_in(client)
    # Another client behind the same proxy is not affected.
    assert _post(client, door_user.email, PASSWORD, "203.0.113.7").status_code == 302


def test_without_the_trusted_proxy_every_client_shares_the_proxys_address(client, door_user, settings):
    """What the finding saw: the forwarded address is ignored unless the proxy is configured."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(10):
        _post(client, f"made-up-{attempt}@example.net", "guess", f"198.51.100.{attempt + 1}")

    assert "Too many failed login attempts" in _post(client, door_user.email, PASSWORD, "203.0.113.7").content.decode()


def test_a_custom_client_ip_header_is_used_when_configured(client, door_user, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for _attempt in range(10):
        client.post(
            LOGIN, {"login": door_user.email, "password": "guess"}, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.9"
        )

    response = client.post(
        LOGIN, {"login": door_user.email, "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.7"
    )

    assert response.status_code == 302


def test_repeated_failures_for_one_account_alert_the_secretariat_once(
    client, door_user, secretariat_user, behind_proxy, mailoutbox
):
    for attempt in range(11):
        _post(client, door_user.email, "wrong password", f"198.51.100.{attempt + 1}")

    [entry] = AuditLogEntry.objects.filter(action=Action.LOGIN_FAILURES)
    assert entry.details["user"] == door_user.pk and door_user.email not in entry.summary
    [mail] = mailoutbox
    assert mail.to == [secretariat_user.email]
    assert door_user.email in mail.subject and "not locked" in mail.body


def test_failures_for_an_unknown_address_alert_nobody(client, secretariat_user, behind_proxy, mailoutbox):
    for attempt in range(11):
        _post(client, "nobody@example.net", "wrong password", f"198.51.100.{attempt + 1}")

    assert not AuditLogEntry.objects.filter(action=Action.LOGIN_FAILURES).exists()
    assert mailoutbox == []
