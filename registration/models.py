"""Accounts, registrations for a conference and the record of what happened to them."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference.models import LANGUAGE_CHOICES, Conference


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Signs in by e-mail; there are no usernames."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email


class Category(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    PARLIAMENTARIAN = "parliamentarian", _("Parliamentarian")
    DIPLOMAT = "diplomat", _("Diplomat")
    NGO = "ngo", _("NGO")
    LAWYER = "lawyer", _("Lawyer")
    JOURNALIST = "journalist", _("Press")
    WITNESS = "witness", _("Witness")
    OBSERVER = "observer", _("Observer")
    SPEAKER = "speaker", _("Speaker")
    STAFF = "staff", _("Staff")


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


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        SELF = "self", _("Self-registered")
        IMPORT = "import", _("Imported")

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    name_ar = models.CharField(_("full name in Arabic script"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.DELEGATE)
    language = models.CharField(_("preferred language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    interpretation_needs = models.CharField(_("interpretation needs"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    dietary_requirements = models.CharField(_("dietary requirements"), max_length=200, blank=True)
    photo_consent = models.BooleanField(_("I agree to be photographed"), default=False)
    list_consent = models.BooleanField(_("I agree to appear in the public participants list"), default=False)
    privacy_policy_version = models.CharField(_("privacy policy version"), max_length=20, blank=True)
    privacy_accepted_at = models.DateTimeField(_("privacy policy accepted at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The waiting list is first come, first served: the order is when each entered it.
    waitlisted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["conference", "status"])]
        constraints = [
            models.UniqueConstraint(
                "conference",
                Lower("email"),
                name="registration_email_unique_per_conference",
                violation_error_message=_("This e-mail address is already registered for this conference."),
            ),
            models.UniqueConstraint(
                fields=["conference", "user"],
                condition=Q(user__isnull=False),
                name="registration_one_per_user_and_conference",
                violation_error_message=_("You are already registered for this conference."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


# The details a delegate gives and may change themselves (never status, source or e-mail);
# a returning delegate's next registration starts from them.
DELEGATE_DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "name_ar",
    "organisation",
    "position",
    "phone",
    "country",
    "category",
    "language",
    "interpretation_needs",
    "accessibility_needs",
    "dietary_requirements",
)
DELEGATE_CONSENT_FIELDS = ("photo_consent", "list_consent")


class StatusChange(models.Model):
    """Every change of a registration's status: who, when, from what to what, and why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Registration.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Registration.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.registration_id}: {self.from_status or '-'} → {self.to_status}"


class AuditLogEntry(models.Model):
    """What the secretariat did with personal data: status changes, exports, imports, purges."""

    conference = models.ForeignKey(Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"


class ImportChange(models.Model):
    """The values an import replaced in one existing registration, so that the batch can be undone. (The
    registrations it created are found by their ``import_batch``.)"""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True, related_name="+")
    previous = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Registration #{self.registration_id} (batch #{self.batch_id})"


# --- Badges and check-in (issue 6) ---


def new_badge_token() -> str:
    """192 random bits, URL-safe: the QR code carries this and nothing about the person."""
    return secrets.token_urlsafe(24)


class Badge(models.Model):
    """A printed (or printable) badge. Reprinting revokes the old token and issues a new one."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="badges")
    token = models.CharField(max_length=64, unique=True, default=new_badge_token, editable=False)
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

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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
