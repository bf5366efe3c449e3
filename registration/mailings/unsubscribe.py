"""Unsubscribe links: a signed registration id (no login, no expiry: an old e-mail's link keeps working)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "plenary.mailings.unsubscribe"


def unsubscribe_token(registration_id: int) -> str:
    return signing.dumps(registration_id, salt=SALT, compress=False)


def registration_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(*, conference, registration_id: int) -> str:
    kwargs = {"slug": conference.slug, "token": unsubscribe_token(registration_id)}
    return settings.SITE_URL + reverse("registration_files:mail_unsubscribe", kwargs=kwargs)
