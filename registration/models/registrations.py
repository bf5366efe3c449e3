"""Accounts, registrations for a conference and the record of what happened to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CHOICES, NAME_SCRIPT_LANGUAGE
from registration.models.spreadsheets import ImportBatch


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
    language = models.CharField(
        _("preferred language"), max_length=2, choices=LANGUAGE_CHOICES, default=FALLBACK_LANGUAGE
    )
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
    # The secretariat's own remarks: never on the delegate's pages, but in their data download (it is about them).
    internal_note = models.TextField(_("internal note"), max_length=2000, blank=True)
    # The waiting list is first come, first served: the order is when each entered it.
    waitlisted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["conference", "status"]),
            # The queue's "possible duplicate" marks look registrations up by name (vetting/selectors.py).
            models.Index(F("conference"), Lower("first_name"), Lower("last_name"), name="registration_same_name"),
            models.Index(fields=["conference", "name_ar"], name="registration_same_name_ar"),
        ]
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

    @property
    def salutation_name(self) -> str:
        """The name a letter in the delegate's language greets them by: in Arabic, their name in Arabic script
        when they gave one."""
        if self.language == NAME_SCRIPT_LANGUAGE and self.name_ar:
            return self.name_ar
        return self.full_name


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
# What the secretariat edits on its registration page: the delegate's details and the internal note.
SECRETARIAT_EDIT_FIELDS = (*DELEGATE_DETAIL_FIELDS, "internal_note")
# The texts anonymisation blanks: whatever identifies or describes the person.
ANONYMISED_BLANK_FIELDS = (
    "first_name",
    "last_name",
    "name_ar",
    "organisation",
    "position",
    "phone",
    "interpretation_needs",
    "accessibility_needs",
    "dietary_requirements",
    "internal_note",
    "privacy_policy_version",
)


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
