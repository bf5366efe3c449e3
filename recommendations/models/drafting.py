"""Recommendations drafted by rapporteurs, adopted by the plenary and published by the secretariat."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.models import Conference, Session
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, TranslatedField, field_name, texts_of, translate


class Theme(models.Model):
    """A heading of the published list. Global themes (no conference) are the defaults every edition shares."""

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendation_themes",
        help_text=_("Empty: offered to every conference."),
    )
    name = TranslatedField(models.CharField, _("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("default order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return translate(self, "name", FALLBACK_LANGUAGE)


class ThemeOrder(models.Model):
    """The secretariat's order of the themes for one conference (global themes are shared)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="orders")
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("theme order")
        verbose_name_plural = _("theme orders")
        constraints = [models.UniqueConstraint(fields=["conference", "theme"], name="theme_order_unique")]

    def __str__(self) -> str:
        return f"{self.theme} ({self.order})"


class Recommendation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the plenary")
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_AS_AMENDED = "adopted_as_amended", _("Adopted as amended")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ADOPTED_STATES = frozenset({State.ADOPTED, State.ADOPTED_AS_AMENDED})
    DECISIONS = (State.ADOPTED, State.ADOPTED_AS_AMENDED, State.REJECTED, State.WITHDRAWN)

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="recommendations")
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("session"),
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("theme"))
    # The wording as drafted and submitted; never overwritten once the plenary decided.
    text = TranslatedField(models.TextField, _("text"), blank=True, any_language=True)
    rationale = TranslatedField(models.TextField, _("rationale"), blank=True)
    # The secretariat's edit of the adopted wording; empty in a language means "as drafted".
    adopted_text = TranslatedField(models.TextField, _("adopted wording"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    order = models.PositiveIntegerField(_("order within the theme"), default=0)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True, editable=False)
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    decided_at = models.DateField(_("decided on"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conference", "sequence", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "sequence"],
                condition=Q(sequence__isnull=False),
                name="recommendation_sequence_unique_per_conference",
            ),
            models.UniqueConstraint(
                fields=["conference", "number"], condition=~Q(number=""), name="recommendation_number_unique"
            ),
        ]

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"{label}: {translate(self, 'text', FALLBACK_LANGUAGE, any_language=True)[:60]}"

    @property
    def is_adopted(self) -> bool:
        return self.state in self.ADOPTED_STATES

    @property
    def is_amended(self) -> bool:
        return any(texts_of(self, "adopted_text").values())

    def final_text(self, lang: str) -> str:
        """The wording that is published in ``lang``: the secretariat's edit, else the drafted text."""
        return getattr(self, field_name("adopted_text", lang)) or getattr(self, field_name("text", lang))

    @property
    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGE_CODES if not self.final_text(lang).strip()]


class RecommendationVersion(models.Model):
    """Every change to a recommendation: who, when, what it did and the fields as they were after it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="versions")
    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=30)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"


class Publication(models.Model):
    """A published version (v1, v2…) of a conference's adopted recommendations. Never changes once made."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="recommendation_publications")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    snapshot = models.JSONField(_("published content"))
    sha256 = models.CharField(_("SHA-256 of the published text"), max_length=64)
    changes = models.JSONField(_("changes since the previous version"), default=dict)
    pdf = models.BinaryField(_("PDF"), editable=False)
    # The PDF/A copy is rendered from the frozen snapshot on first request, then kept.
    pdf_archival = models.BinaryField(_("archival PDF (PDF/A)"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["conference", "-number"]
        get_latest_by = "number"
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [models.UniqueConstraint(fields=["conference", "number"], name="publication_number_unique")]

    def __str__(self) -> str:
        return f"{self.conference.slug} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        # A version that was quoted and forwarded must stay what it was; corrections are a new version.
        if not self._state.adding:
            raise ValueError("A published version never changes: publish a new one.")
        super().save(*args, **kwargs)


class FollowUp(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        BLOCKED = "blocked", _("Blocked")

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="follow_up")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    responsible = models.CharField(_("responsible body or partner"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.recommendation.number}: {self.get_status_display()}"


class FollowUpNote(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("note"), max_length=5000)
    evidence_url = models.URLField(_("link to evidence"), blank=True, max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"
