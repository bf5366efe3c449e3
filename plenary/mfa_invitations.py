"""Invitations to enrol an authenticator app: a one-time link sent by e-mail that expires.

Knowing a privileged account's password is not enough to enrol a phone for it: allauth's activation page
is refused (``plenary.mfa``) unless the session opened a valid invitation sent to the account's e-mail
address. The link is a signed token (``TimestampSigner``) that expires after
``PLENARY_MFA_INVITATION_HOURS`` (72 by default) and holds a fingerprint of the account's authenticators
and e-mail address: once an app is enrolled (or the address changes) every earlier link is void, so each is
good for one enrolment only.
"""

import datetime as dt

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.signing import BadSignature, TimestampSigner
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

SALT = "plenary.mfa.enrolment-invitation"
INVITATION_SESSION_KEY = "plenary_mfa_invitation"


def invitation_max_age() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "PLENARY_MFA_INVITATION_HOURS", 72))


def _fingerprint(user) -> str:
    authenticators = list(Authenticator.objects.filter(user=user).order_by("pk").values_list("pk", flat=True))
    value = f"{user.pk}|{user.email}|{user.is_active}|{authenticators}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def mfa_invitation_token(*, user) -> str:
    return TimestampSigner(salt=SALT).sign(f"{user.pk}:{_fingerprint(user)}")


def mfa_invitation_user(*, token: str):
    """The account a still valid invitation was sent to, or None (forged, expired or already used)."""
    try:
        value = TimestampSigner(salt=SALT).unsign(token, max_age=invitation_max_age())
    except BadSignature:
        return None
    pk, _sep, fingerprint = value.partition(":")
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk.isdigit() else None
    if user is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        return None
    return user


def mfa_invitation_url(*, user) -> str:
    return settings.SITE_URL + reverse("mfa_enrolment_accept", kwargs={"token": mfa_invitation_token(user=user)})


def mfa_invitation_send(*, user) -> str:
    """E-mails the account a fresh invitation link; returns the link (for the operator's records, never logs)."""
    url = mfa_invitation_url(user=user)
    context = {"url": url, "hours": int(invitation_max_age().total_seconds() // 3600), "email": user.email}
    body = render_to_string("mfa/email/enrolment_invitation.txt", context)
    EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Set up two-factor authentication"),
        body=body,
        to=[user.email],
    ).send()
    return url
