"""Accounts, registrations for a conference and the record of what happened to them."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registration.models.doors import sha256_hex
from registration.models.registrations import Registration

# --- Badges and check-in (issue 6) ---


def new_badge_token() -> str:
    """192 random bits, URL-safe: the QR code carries this and nothing about the person."""
    return secrets.token_urlsafe(24)


class Badge(models.Model):
    """A printed (or printable) badge. Reprinting revokes the old token and issues a new one."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="badges")
    token = models.CharField(max_length=64, unique=True, default=new_badge_token, editable=False)
    # What a door's local list holds instead of the token (docs/door-protocol.md).
    token_sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)
    printed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="badge_one_active_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} ({self.issued_at:%Y-%m-%d})"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A new badge (bulk_create too) gets its hash here; a deferred column is not in __dict__ and not read.
        if self.__dict__.get("token_sha256") == "" and self.__dict__.get("token"):
            self.token_sha256 = sha256_hex(self.token)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
