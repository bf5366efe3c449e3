"""Attendance per session (issue 13): the entries and exits scanned at the door of a marked session."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Session
from registration.models.checkin import Scan
from registration.models.doors import Door, DoorDevice
from registration.models.registrations import Registration


class Attendance(models.Model):
    """One entry into or exit from a session's room. Who is inside now: those whose latest event is an entry.

    Rows are facts, as the scans that made them: an offline entry past the seats is kept and flagged."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    direction = models.CharField(max_length=5, choices=Direction.choices, default=Direction.ENTRY)
    at = models.DateTimeField(default=timezone.now)
    door = models.ForeignKey(Door, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    device = models.ForeignKey(DoorDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scan = models.OneToOneField(Scan, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendance")
    # An entry accepted from an offline device while the room was already full: shown to the secretariat.
    over_capacity = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        indexes = [models.Index(fields=["session", "registration", "at"])]

    def __str__(self) -> str:
        return f"{self.registration} {self.session_id} {self.direction} {self.at:%H:%M}"
