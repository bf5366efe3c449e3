"""The conference programme: editions, rooms, sessions, speakers and who does what in each session."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CHOICES, LANGUAGE_CODES, TranslatedField, translate
from plenary.images import validate_image
from plenary.storage import photo_storage

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_languages(value: object) -> None:
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose languages among: %(codes)s."), params={"codes": ", ".join(LANGUAGE_CODES)})


class Conference(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REGISTRATION_OPEN = "open", _("Registration open")
        REGISTRATION_CLOSED = "closed", _("Registration closed")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    edition = models.PositiveSmallIntegerField(_("edition number"))
    title = TranslatedField(models.CharField, _("title"), max_length=200)
    slogan = TranslatedField(models.CharField, _("slogan"), max_length=200, blank=True)
    organiser = TranslatedField(models.CharField, _("organising alliance"), max_length=200, blank=True)
    city = TranslatedField(models.CharField, _("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default=settings.TIME_ZONE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Approved delegates at most; empty for no limit.")
    )
    registration_opens = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as the status is “Registration open”."),
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: at midnight before the first day, in the conference's time zone."),
    )
    edit_cutoff = models.DateTimeField(
        _("delegates may change or cancel online until"),
        null=True,
        blank=True,
        help_text=_("Empty: at midnight before the first day, in the conference's time zone."),
    )
    participants_list_public = models.BooleanField(
        _("public participants list"),
        default=False,
        help_text=_("Shows approved delegates who consented: name, organisation and country only."),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="conference_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{translate(self, 'title', FALLBACK_LANGUAGE)} ({self.slug})"

    def save(self, *args, **kwargs) -> None:
        # The retention period runs from the moment of archiving.
        if self.status == self.Status.ARCHIVED and self.archived_at is None:
            self.archived_at = timezone.now()
        elif self.status != self.Status.ARCHIVED:
            self.archived_at = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("conference:home", kwargs={"slug": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        # The conference's own fields only, without queries. Registration and online changes end at the
        # latest when the conference does (midnight after its last day, in its time zone).
        errors = {}
        opens, closes, cutoff = self.registration_opens, self.registration_closes, self.edit_cutoff
        if opens and closes and closes <= opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        if opens and cutoff and cutoff <= opens:
            errors["edit_cutoff"] = _("Delegates must be able to change their registration after it opens.")
        if self.end_date and self.time_zone in zoneinfo.available_timezones():
            conference_over = self.ends_at
            if closes and closes > conference_over and "registration_closes" not in errors:
                errors["registration_closes"] = _("Registration cannot close after the last day.")
            if cutoff and cutoff > conference_over and "edit_cutoff" not in errors:
                errors["edit_cutoff"] = _("Online changes cannot end after the last day.")
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self) -> dt.datetime:
        """Midnight at the start of the first day, in the conference's time zone."""
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.tzinfo)

    @property
    def ends_at(self) -> dt.datetime:
        """Midnight after the last day, in the conference's time zone."""
        return dt.datetime.combine(self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.tzinfo)


class Room(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    interpretation_languages = models.JSONField(
        _("interpretation available"), default=list, blank=True, validators=[validate_languages]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["conference", "name"], name="room_name_unique_per_conference")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        PLENARY = "plenary", pgettext_lazy("session kind", "Plenary")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        TESTIMONY = "testimony", _("Testimony")
        CEREMONY = "ceremony", _("Ceremony")
        CLOSING = "closing", _("Closing")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    title = TranslatedField(models.CharField, _("title"), max_length=200)
    description = TranslatedField(models.TextField, _("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PANEL)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="sessions", null=True, blank=True, verbose_name=_("room")
    )
    floor_language = models.CharField(
        _("floor language"), max_length=2, choices=LANGUAGE_CHOICES, default=FALLBACK_LANGUAGE
    )
    interpretation_languages = models.JSONField(
        _("interpretation into"), default=list, blank=True, validators=[validate_languages]
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Attendance (registration/attendance): the secretariat marks the sessions whose room door checks people in.
    attendance_list = models.BooleanField(
        _("attendance list"), default=False, help_text=_("Check people in at the room's door.")
    )
    seats = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("When empty, the room's capacity applies.")
    )
    exit_scans = models.BooleanField(
        _("exit scans"), default=False, help_text=_("The door also scans people out, to know who is inside now.")
    )

    class Meta:
        ordering = ["starts_at", "room__name", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["conference", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return translate(self, "title", FALLBACK_LANGUAGE)

    def get_absolute_url(self) -> str:
        return reverse("conference:session", kwargs={"slug": self.conference.slug, "pk": self.pk})

    def clean(self) -> None:
        # The session's own fields only, without queries; the scheduling rules (conference dates, rooms,
        # people in two places) read other rows and run in conference.forms and services (conference.rules).
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if self.seats == 0:
            raise ValidationError({"seats": _("A session needs at least one seat; leave it empty for the room's.")})
        if self.exit_scans and not self.attendance_list:
            raise ValidationError({"exit_scans": _("Exit scans need an attendance list.")})

    @property
    def seat_limit(self) -> int | None:
        """The seats set for this session, else its room's capacity (None: no limit). Needs ``room`` loaded."""
        if self.seats:
            return self.seats
        return self.room.capacity if self.room_id and self.room else None


class Person(models.Model):
    """A speaker record. Private e-mail is never shown; visibility decides what the public sees."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        NAME_ONLY = "name_only", _("Name only")
        ANONYMOUS = "anonymous", _("Anonymous (shown as “Witness”)")

    name = models.CharField(_("name in Latin script"), max_length=200)
    name_ar = models.CharField(_("name in Arabic script"), max_length=200, blank=True)
    honorific = models.CharField(_("honorific"), max_length=40, blank=True, help_text=_("Dr., H.E., MP…"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    biography = TranslatedField(models.TextField, _("biography"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="people/",
        storage=photo_storage,  # private, random names, re-encoded without metadata
        validators=[validate_image],
        blank=True,
        help_text=_("Shown only while the visibility is “Public”. Location and camera data are removed."),
    )
    email = models.EmailField(_("private e-mail"), blank=True, help_text=_("Never shown publicly."))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
        help_text=_("Links a rapporteur or speaker to the account they sign in with."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def is_anonymous(self) -> bool:
        return self.visibility == self.Visibility.ANONYMOUS

    @property
    def has_public_page(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Participation(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        SPEAKER = "speaker", _("Speaker")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        WITNESS = "witness", _("Witness")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "role"], name="participation_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"

    # No clean(): the clash rule reads other sessions, so it runs in conference.forms (conference.rules).
