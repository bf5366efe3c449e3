"""Mail to delegates (issue 15): a message written per language, its recipients' deliveries, unsubscriptions."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.i18n import LANGUAGE_CHOICES, TranslatedField
from plenary.jobs.models import Job
from registration.models.registrations import Registration

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


class Message(models.Model):
    """One message to a set of delegates. It waits in the outbox until the secretariat releases it (or, for a
    reminder, until it is due); the recipients are computed from ``filters`` and ``picked`` at release."""

    class State(models.TextChoices):
        OUTBOX = "outbox", _("In the outbox")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DISCARDED = "discarded", _("Discarded")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="messages")
    subject = TranslatedField(models.CharField, _("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = TranslatedField(models.TextField, _("message"), max_length=BODY_MAX_LENGTH)
    essential = models.BooleanField(
        _("essential"),
        default=False,
        help_text=_("About the delegate's own registration or badge: sent without an unsubscribe link."),
    )
    # The vetting queue's filters (``registration.selectors.registration_queue``'s keyword arguments).
    filters = models.JSONField(default=dict, blank=True)
    picked = models.ManyToManyField(Registration, blank=True, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OUTBOX)
    # A reminder: so many days before the first day, at this time in the conference's time zone.
    days_before = models.PositiveSmallIntegerField(_("days before the first day"), null=True, blank=True)
    send_time = models.TimeField(_("at"), null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"Message #{self.pk} ({self.state})"

    @property
    def is_reminder(self) -> bool:
        return self.days_before is not None

    @property
    def in_outbox(self) -> bool:
        return self.state in {self.State.OUTBOX, self.State.SCHEDULED}

    def reminder_due_at(self) -> dt.datetime | None:
        """When a reminder goes: ``days_before`` the first day, at ``send_time`` in the conference's time zone."""
        if self.days_before is None:
            return None
        day = self.conference.start_date - dt.timedelta(days=self.days_before)
        return dt.datetime.combine(day, self.send_time or dt.time(9, 0), tzinfo=self.conference.tzinfo)


class Delivery(models.Model):
    """One message to one registration: at most one, whatever happens (the unique constraint)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        # Taken by a sending job: a job that dies leaves it here, never sent again by itself (at most once);
        # the secretariat resends it with the failed ones.
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    class Skip(models.TextChoices):
        UNVERIFIED = "unverified", _("No verified e-mail address")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    # The address it went to, and the mail server's answer when it failed: erased with the registration.
    to_email = models.CharField(max_length=254, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    skip_reason = models.CharField(max_length=20, choices=Skip.choices, blank=True)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="delivery_once_per_registration")
        ]
        indexes = [models.Index(fields=["message", "state"])]

    def __str__(self) -> str:
        return f"Message #{self.message_id} to registration #{self.registration_id}: {self.state}"


class MailOptOut(models.Model):
    """A delegate who asked for no more non-essential messages about this registration's conference."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="mail_opt_out")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")

    def __str__(self) -> str:
        return f"Registration #{self.registration_id}"
