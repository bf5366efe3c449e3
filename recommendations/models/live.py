"""The closing plenary, live: the sitting the chair runs, amendments, the speakers' list, votes and ballots."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.i18n import LANGUAGE_CHOICES
from recommendations.models.drafting import Recommendation
from registration.models import Category, Registration

AMENDMENT_TEXT_MAX = 2000


def new_screen_key() -> str:
    return secrets.token_urlsafe(24)


class Sitting(models.Model):
    """The plenary of one conference as the room sees it now. ``version`` grows with every chair's step:
    the screen and the phones poll it (ETag) and redraw only when it changed."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="sitting")
    current = models.ForeignKey(Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    amendment = models.ForeignKey(
        "Amendment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on screen")
    )
    floor_open = models.BooleanField(_("floor open"), default=False)
    speaker = models.ForeignKey("SpeakerRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    speaker_started_at = models.DateTimeField(null=True, blank=True)
    speaker_seconds = models.PositiveSmallIntegerField(_("speaking time (seconds)"), default=180)
    # Requests for the floor one delegation (organisation) may have on one item; empty: no limit.
    delegation_limit = models.PositiveSmallIntegerField(_("requests per delegation"), null=True, blank=True)
    vote = models.ForeignKey("Vote", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The projector's link carries this key: the screen needs no account, and a new key revokes old links.
    screen_key = models.CharField(max_length=64, default=new_screen_key)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plenary sitting")
        verbose_name_plural = _("plenary sittings")

    def __str__(self) -> str:
        return f"{self.conference.slug} v{self.version}"


class AgendaItem(models.Model):
    """The chair's order of the recommendations for the plenary."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="items")
    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="agenda_item")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("plenary agenda item")
        verbose_name_plural = _("plenary agenda items")

    def __str__(self) -> str:
        return f"{self.position}: {self.recommendation_id}"


class Amendment(models.Model):
    class Kind(models.TextChoices):
        REPLACE = "replace", _("Replace")
        INSERT = "insert", _("Insert after")
        DELETE = "delete", _("Delete")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into another amendment")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="amendments")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    line_from = models.PositiveSmallIntegerField(_("from line"))
    line_to = models.PositiveSmallIntegerField(_("to line"))
    # The passage changed (replace, delete) or the line it goes after (insert), as written when proposed.
    old_text = models.TextField(_("current text"), max_length=AMENDMENT_TEXT_MAX, blank=True)
    new_text = models.TextField(_("new text"), max_length=AMENDMENT_TEXT_MAX, blank=True)
    proposer = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [models.CheckConstraint(condition=Q(line_to__gte=models.F("line_from")), name="amendment_lines")]

    def __str__(self) -> str:
        return f"A{self.pk} ({self.kind}, {self.line_from}-{self.line_to})"


class SpeakerRequest(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Speaking")
        DONE = "done", _("Spoke")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="speakers")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class ShownAs(models.TextChoices):
        NAME = "name", _("my name")
        ORGANISATION = "organisation", _("my organisation")
        ANONYMOUS = "anonymous", _("“A delegate”")

    point_of_order = models.BooleanField(_("point of order"), default=False)
    # How the screen names the speaker; the name itself is read from the registration, never copied, so
    # anonymising a registration leaves no name behind here.
    shown_as = models.CharField(_("shown as"), max_length=12, choices=ShownAs.choices, default=ShownAs.NAME)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-point_of_order", "created_at", "pk"]
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "registration", "point_of_order"],
                condition=Q(status="waiting"),
                name="speaker_request_waiting_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} ({self.status})"

    @property
    def shown_name(self) -> str:
        """The name on the screen as the delegate chose it; a witness never by name. Empty: "A delegate"."""
        registration = self.registration
        if self.shown_as == self.ShownAs.NAME and registration.category != Category.WITNESS:
            return registration.full_name or registration.name_ar
        if self.shown_as == self.ShownAs.ORGANISATION:
            return registration.organisation
        return ""


class Vote(models.Model):
    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        HANDS = "hands", _("Show of hands")
        ELECTRONIC = "electronic", _("Electronic vote")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="plenary_votes")
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    secret = models.BooleanField(_("secret ballot"), default=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    votes_abstaining = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.method} on {self.recommendation_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def carried(self) -> bool:
        """Consensus carries; otherwise a simple majority of those voting for or against."""
        return self.method == self.Method.CONSENSUS or self.votes_for > self.votes_against


class Ballot(models.Model):
    """That a delegate voted. The choice is kept for named votes only: a secret vote adds to the tally in the same
    transaction and stores nothing that says how anyone voted."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["vote", "registration"], name="ballot_once_per_vote")]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.registration_id}"
