"""Accounts, registrations for a conference and the record of what happened to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference, Session
from registration.models.doors import Door, DoorDevice
from registration.models.registrations import Registration


class CheckIn(models.Model):
    """One entry per delegate and conference day: the unique constraint makes simultaneous scans count once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(Door, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkins")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    device = models.ForeignKey(DoorDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # When the server wrote or last moved the row: ``at`` can be long before (an offline scan uploaded later, a
    # paper tick typed in afterwards), and the door's local list sends changes by this time.
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
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
        DUPLICATE = "duplicate", _("Admitted offline after someone else")
        REFUSED = "refused", _("Refused: device revoked")
        # A session's list (registration/attendance).
        ADMITTED = "admitted", _("Admitted to the session")
        ALREADY_INSIDE = "already_inside", _("Already inside")
        LEFT = "left", _("Left the session")
        SESSION_FULL = "session_full", _("Session full")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    door = models.ForeignKey(Door, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    code_hash = models.CharField(max_length=16, blank=True)
    # Uploaded scans (docs/door-protocol.md): who sent it, its one-time id, what the device's clock said.
    device = models.ForeignKey(DoorDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans")
    nonce = models.UUIDField(null=True, blank=True)
    device_at = models.DateTimeField(null=True, blank=True)
    offline = models.BooleanField(default=False)
    clock_flagged = models.BooleanField(default=False)
    # The check-in this scan made (a later upload with an earlier time takes it over: this one becomes a duplicate).
    checkin = models.ForeignKey(CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A scan at a marked session's door (none: the day's entry), and which way the person went.
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    direction = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [models.Index(fields=["conference", "outcome"])]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "nonce"],
                condition=models.Q(device__isnull=False, nonce__isnull=False),
                name="scan_nonce_once_per_device",
            ),
            models.UniqueConstraint(
                fields=["by", "nonce"],
                condition=models.Q(device__isnull=True, nonce__isnull=False),
                name="scan_nonce_once_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"
