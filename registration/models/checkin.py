"""Accounts, registrations for a conference and the record of what happened to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from registration.models.registrations import Registration


class CheckIn(models.Model):
    """One entry per delegate and conference day: the unique constraint makes simultaneous scans count once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    door = models.CharField(max_length=60, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["day", "door"])]
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="checkin_once_per_day")]

    def __str__(self) -> str:
        return f"{self.registration} {self.day}"


class Scan(models.Model):
    """Every scan at the door, failed ones too. Unknown codes are kept only as a short keyed hash."""

    class Outcome(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
        REVOKED = "revoked", _("Badge revoked")
        NOT_APPROVED = "not_approved", _("Registration not approved")
        UNKNOWN = "unknown", _("Unknown code")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    door = models.CharField(max_length=60, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    code_hash = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"
