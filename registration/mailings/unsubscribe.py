"""Unsubscribe links: a signed registration id (no login, no expiry: an old e-mail's link keeps working)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode

SALT = "plenary.mailings.unsubscribe"


def unsubscribe_token(registration_id: int) -> str:
    return signing.dumps(registration_id, salt=SALT, compress=False)


def registration_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(*, conference, registration_id: int, language: str) -> str:
    """The link, opening in the e-mail's language (the page has no language prefix: any language works)."""
    kwargs = {"slug": conference.slug, "token": unsubscribe_token(registration_id)}
    path = reverse("registration_files:mail_unsubscribe", kwargs=kwargs)
    return f"{settings.SITE_URL}{path}?{urlencode({'lang': language})}"
