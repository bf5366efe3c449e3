"""The secretariat's audit log: who did what with personal data, with typed action codes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Every kind of line the audit log holds; services pass one of these, never free text."""

    STATUS_CHANGE = "status_change", _("Status changed")
    REGISTRATION_UPDATE = "registration_update", _("Registration edited")
    REGISTRATION_CLAIM = "registration_claim", _("Registration linked to its owner")
    ANONYMISE = "anonymise", _("Registration anonymised")
    ACCOUNT_DELETE = "account_delete", _("Account deleted")
    EXPORT = "export", _("Registrations exported")
    IMPORT = "import", _("Spreadsheet imported")
    IMPORT_UNDO = "import_undo", _("Import undone")
    BADGE_REPRINT = "badge.reprint", _("Badge reissued")
    PAPER_CHECKIN = "checkin.paper", _("Check-ins entered from the paper list")
    MAIL_COMPOSE = "mail.compose", _("Message written")
    MAIL_EDIT = "mail.edit", _("Message edited")
    MAIL_DISCARD = "mail.discard", _("Message discarded")
    MAIL_SEND = "mail.send", _("Message sent")
    MAIL_RESEND = "mail.resend", _("Failed e-mails sent again")
    LETTER_ISSUE = "letter.issue", _("Visa letter issued")
    LETTER_DECLINE = "letter.decline", _("Visa letter declined")
    LETTER_REVOKE = "letter.revoke", _("Visa letter revoked")
    LETTER_EXPORT = "letter.export", _("Visa letter requests exported with passport data")
    PLENARY_STEP = "plenary.step", _("Plenary: a step of the chair")
    PURGE = "purge", _("Personal data purged")
    LOGIN_FAILURES = "login_failures", _("Repeated failed logins for an account")


class AuditLogEntry(models.Model):
    """What the secretariat did with personal data: status changes, exports, imports, purges."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        db_table = "registration_auditlogentry"  # created by the registration app before the log moved here
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"
