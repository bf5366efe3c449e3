"""The doors of a conference and the phones paired to them (issue 13)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.i18n import TranslatedField


def sha256_hex(text: str) -> str:
    """What the server keeps of a secret or a badge token: the devices compute the same with crypto.subtle."""
    return hashlib.sha256(text.encode()).hexdigest()


class Door(models.Model):
    """An entrance of the venue where delegates are checked in."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="doors")
    name = TranslatedField(models.CharField, _("name"), max_length=60)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("door")
        verbose_name_plural = _("doors")

    def __str__(self) -> str:
        return str(self.name)


class DoorDevice(models.Model):
    """A phone paired to one door of one conference. The server keeps only hashes of its secrets."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    door = models.ForeignKey(Door, on_delete=models.CASCADE, related_name="devices")
    label = models.CharField(_("label"), max_length=80)
    secret_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pairing_token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    pairing_expires_at = models.DateTimeField()
    pairing_used = models.BooleanField(default=False)
    paired_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    last_queue_length = models.PositiveIntegerField(null=True, blank=True)
    last_list_version = models.BigIntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["door", "pk"]
        verbose_name = _("door device")
        verbose_name_plural = _("door devices")

    def __str__(self) -> str:
        return self.label
