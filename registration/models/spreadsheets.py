"""Accounts, registrations for a conference and the record of what happened to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.models import Conference


class ImportBatch(models.Model):
    """One spreadsheet applied to a conference: who, when, which file, and what it did."""

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNDONE = "undone", _("Undone")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    source_organisation = models.CharField(_("source organisation"), max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPLIED)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # When the last write of the import happened: a registration it created or changed with a later
    # ``updated_at`` was changed by someone since, and undo refuses.
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportChange(models.Model):
    """What an import did to one registration, so that the batch can be undone: the values it replaced in an
    existing registration (``previous``), or that it ``created`` it; the file's row; and a keyed digest of the
    values it set (``applied_fields``), so that undo can tell a registration changed since from one changed and
    changed back. The digest, not the values: names are not kept twice."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    registration = models.ForeignKey(
        "registration.Registration", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    previous = models.JSONField(default=dict, blank=True)
    created = models.BooleanField(default=False)
    row = models.PositiveIntegerField(null=True, blank=True)
    applied_fields = models.JSONField(default=list, blank=True)
    applied_digest = models.CharField(max_length=64, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Registration #{self.registration_id} (batch #{self.batch_id})"
