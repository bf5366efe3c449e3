"""django-allauth's adapter for Plenary: a stranger's failed logins never lock a named account out.

allauth counts ``ACCOUNT_RATE_LIMITS["login_failed"]`` per client IP and per account (the e-mail) before
checking the password, so failures from anywhere refuse even the right password: eleven guesses at the
door volunteer's address, and the volunteer is locked out at the door. Here only the per-IP rates are
checked before the password; the per-account rates are counted on failures only, and when one is used
up the secretariat is told (an audit log line and an e-mail to the Secretariat group) instead of the
account being locked. A correct password still needs the second factor where MFA is required, and
allauth's MFA form keeps its own per-account limit on codes.
"""

import hashlib
import logging
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.mail import sender_address
from plenary.permissions import SECRETARIAT

logger = logging.getLogger(__name__)

APP = "allauth.account"
ACTION = "login_failed"


def _rates(per: set[str]) -> dict[str, str]:
    rates = ratelimit.get_rates(app=APP, action=ACTION)
    return {ACTION: ",".join(f"{rate.amount}/{rate.duration:g}s/{rate.per}" for rate in rates if rate.per in per)}


class LoginLimitAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails sign with "the site": without django.contrib.sites that is the request's host
        ("Hello from 127.0.0.1:8100!"). They are from the alliance, at the public address."""
        site = SimpleNamespace(name=settings.PLENARY_ALLIANCE_NAME, domain=settings.SITE_URL)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_from_email(self) -> str:
        return sender_address(settings.PLENARY_ALLIANCE_NAME)

    def pre_authenticate(self, request, **credentials) -> None:
        """Before the password is checked: the per-IP limits only."""
        self._login_failed_rl_usage = ratelimit.consume(request, app=APP, action=ACTION, config=_rates({"ip"}))
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        """A wrong password: counted against the account; a used-up limit alerts the secretariat."""
        key = self._get_login_attempts_cache_key(request, **credentials)
        if ratelimit.consume(request, app=APP, action=ACTION, key=key, config=_rates({"key"})):
            return
        user = get_user_model().objects.filter(email__iexact=credentials.get("email", "")).first()
        rates = ratelimit.get_rates(app=APP, action=ACTION)
        window = max((rate.duration for rate in rates if rate.per == "key"), default=300)
        # One alert per account and window, however long the attack goes on.
        if user is not None and cache.add(f"plenary:login-alert:{hashlib.sha256(key.encode()).hexdigest()}", 1, window):
            alert_secretariat_of_login_failures(user=user, ip=ratelimit.get_ip(request))


def alert_secretariat_of_login_failures(*, user, ip: str) -> None:
    """An audit log line (ids only), and an e-mail to every active member of the Secretariat group."""
    audit_record(
        action=Action.LOGIN_FAILURES,
        summary=f"Repeated failed logins for account {user.pk}",
        details={"user": user.pk, "last_ip": ip},
    )
    logger.warning("Repeated failed logins for account %s (last from %s)", user.pk, ip)
    # From a task, so that a slow mail server never holds up the login page.
    send_login_failures_alert.enqueue(user.pk, ip)


@task()
def send_login_failures_alert(user_id: int, ip: str) -> int:
    """E-mails every active member of the Secretariat group; returns how many were written to."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    members = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True)
    recipients = sorted({email for email in members.values_list("email", flat=True) if email})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Repeated failed logins for the account %(email)s") % {"email": user.email}
        body = _(
            "Someone has repeatedly tried wrong passwords for the account %(email)s (last attempt from %(ip)s). "
            "The account is not locked: its owner can still sign in with the right password and second factor. "
            "If the owner did not make these attempts, consider asking them to change their password."
        ) % {"email": user.email, "ip": ip}
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
