"""Visa invitation letters and certificates of attendance (issue 15): what a delegate asked for, what the
secretariat decided, and the random references a consulate or a funder checks at /verify/<reference>/.

Passport data is the most sensitive personal data Plenary holds: it lives on ``VisaLetter`` only, never in an
audit line or an export unless the secretariat asks for it, and the row (and its PDF) goes with a purge."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_LABELS, LETTER_LANGUAGES
from plenary.images import validate_image
from plenary.storage import private_storage, reencoded_image_storage
from registration.models.registrations import Registration

LETTER_LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in LETTER_LANGUAGES]


def new_reference() -> str:
    """144 random bits, URL-safe (24 characters): a verification URL of one length, nothing about the person."""
    return secrets.token_urlsafe(18)


class Coverage(models.TextChoices):
    NOTHING = "nothing", _("Nothing: the delegate pays their own travel and accommodation")
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    BOTH = "both", _("Travel and accommodation")


class LetterSettings(models.Model):
    """What every letter of a conference carries: the letterhead, the signatory, the default coverage."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="letter_settings")
    letterhead = models.TextField(
        _("letterhead"), max_length=1000, blank=True, help_text=_("The organisation's name and address, one per line.")
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.ImageField(
        _("signature"),
        upload_to="letters/signatures/",
        storage=reencoded_image_storage,  # private, re-encoded without metadata, random name
        validators=[validate_image],
        blank=True,
    )
    covered_by_default = models.CharField(
        _("covered by default"), max_length=20, choices=Coverage.choices, default=Coverage.NOTHING
    )
    # The last serial numbers given, so that a number is never given twice, even after a letter or a certificate
    # was erased with its registration.
    last_letter_number = models.PositiveIntegerField(default=0, editable=False)
    last_certificate_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(self.conference)


class VisaLetter(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ISSUED = "issued", _("Issued")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="visa_letter")
    passport_name = models.CharField(_("name as in the passport"), max_length=200)
    nationality = CountryField(_("nationality"))
    passport_number = models.CharField(_("passport number"), max_length=20)
    passport_expiry = models.DateField(_("passport expiry date"))
    date_of_birth = models.DateField(_("date of birth"))
    consulate = models.CharField(_("consulate where you apply"), max_length=200)
    coverage = models.CharField(_("covered by the organisers"), max_length=20, choices=Coverage.choices)
    language = models.CharField(
        _("language of the letter"), max_length=2, choices=LETTER_LANGUAGE_CHOICES, default=FALLBACK_LANGUAGE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decline_message = models.TextField(_("message to the delegate"), max_length=1000, blank=True)
    # Numbered per conference in the order of issue (under the conference's lock): "9-2025-L0001".
    serial = models.CharField(_("serial number"), max_length=20, blank=True)
    reference = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="letters/", storage=private_storage, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")

    def __str__(self) -> str:
        return self.serial or f"#{self.pk}"


# What the delegate gives for their letter (and corrects when the secretariat declines it).
LETTER_REQUEST_FIELDS = (
    "passport_name",
    "nationality",
    "passport_number",
    "passport_expiry",
    "date_of_birth",
    "consulate",
    "language",
)


class Certificate(models.Model):
    """A delegate's certificate of attendance: its serial and the reference its QR code carries. What it
    certifies (the days with a check-in, the sessions spoken at) is read from the records when it prints."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="certificate")
    serial = models.CharField(_("serial number"), max_length=20)
    reference = models.CharField(max_length=32, unique=True, default=new_reference, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["serial"]
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self) -> str:
        return self.serial
