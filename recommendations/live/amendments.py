"""Amendments: proposed by rapporteurs and approved delegates against the numbered lines of a submitted
recommendation, decided by the drafting committee (the Secretariat). The adopted wording is the drafted text
with the accepted ones made (``selectors.amended_texts``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.i18n import LANGUAGE_CODES, field_name
from plenary.text import clean_free_text
from recommendations import selectors as drafting
from recommendations.live import selectors
from recommendations.live.lines import Change, amended_text, lines_text
from recommendations.live.services import require_chair, sitting_locked, sitting_step
from recommendations.models import Amendment, Recommendation
from recommendations.models.live import AMENDMENT_TEXT_MAX
from registration.models import Registration

Kind, Status = Amendment.Kind, Amendment.Status


def _proposer(user, recommendation: Recommendation) -> Registration | None:
    """The registration the amendment is proposed under (None for a rapporteur or the Secretariat)."""
    if drafting.can_manage(user=user, conference=recommendation.conference):
        return selectors.participant(user=user, conference=recommendation.conference)
    registration = selectors.participant(user=user, conference=recommendation.conference)
    if registration is None or registration.status != Registration.Status.APPROVED:
        raise PermissionDenied(_("Only rapporteurs and approved delegates propose amendments."))
    return registration


def _clean(text: str) -> str:
    if len(text or "") > AMENDMENT_TEXT_MAX:
        raise ValidationError(_("An amendment's text is at most %(count)s characters.") % {"count": AMENDMENT_TEXT_MAX})
    return clean_free_text(text or "").strip()


@transaction.atomic
def amendment_propose(
    *,
    recommendation: Recommendation,
    by,
    language: str,
    kind: str,
    line_from: int,
    line_to: int,
    new_text: str = "",
    old_text: str = "",
) -> Amendment:
    """``old_text``: the passage changed within the lines (default: the whole lines); an insertion goes after
    ``line_to``."""
    proposer = _proposer(by, recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.state != Recommendation.State.SUBMITTED:
        raise ValidationError(_("Only a recommendation before the plenary can be amended."))
    if language not in LANGUAGE_CODES or kind not in Kind.values:
        raise ValidationError(_("Unknown language or kind of change."))
    text = getattr(recommendation, field_name("text", language))
    if kind == Kind.INSERT:
        line_from = line_to
    lines = lines_text(text, line_from, line_to)
    if not lines:
        raise ValidationError(_("These lines are not in the text in this language."))
    new_text, old_text = _clean(new_text), _clean(old_text)
    if kind != Kind.DELETE and not new_text:
        raise ValidationError(_("Write the new text."))
    if kind == Kind.INSERT or not old_text:
        old_text = lines
    elif old_text not in lines:
        raise ValidationError(_("The passage to change is not in these lines."))
    amendment = Amendment.objects.create(
        recommendation=recommendation,
        language=language,
        kind=kind,
        line_from=line_from,
        line_to=line_to,
        old_text=old_text,
        new_text="" if kind == Kind.DELETE else new_text,
        proposer=proposer,
        proposed_by=by,
    )
    sitting = sitting_locked(conference=recommendation.conference)
    sitting_step(
        sitting, by=by, step="amendment_proposed", recommendation=recommendation, note={"amendment": amendment.pk}
    )
    return amendment


@transaction.atomic
def amendment_show(*, amendment: Amendment, by) -> Amendment:
    """Puts the amendment on the screen, with its change marked."""
    require_chair(by)
    sitting = sitting_locked(conference=amendment.recommendation.conference)
    if sitting.current_id != amendment.recommendation_id:
        raise ValidationError(_("This amendment is not on the recommendation before the room."))
    sitting.amendment = amendment
    sitting_step(
        sitting, by=by, step="amendment_shown", recommendation=sitting.current, note={"amendment": amendment.pk}
    )
    return amendment


@transaction.atomic
def amendment_decide(*, amendment: Amendment, by, decision: str, merged_into: Amendment | None = None) -> Amendment:
    """Accepts, rejects or merges (into ``merged_into``, which carries the combined wording) a proposed amendment.
    An accepted one must still apply to the text with the amendments accepted before it."""
    require_chair(by)
    amendment = Amendment.objects.select_for_update().select_related("recommendation").get(pk=amendment.pk)
    recommendation = amendment.recommendation
    if amendment.status != Status.PROPOSED:
        raise ValidationError(_("This amendment has already been decided."))
    if recommendation.state != Recommendation.State.SUBMITTED:
        raise ValidationError(_("Only a recommendation before the plenary can be amended."))
    if decision not in (Status.ACCEPTED, Status.REJECTED, Status.MERGED):
        raise ValidationError(_("Unknown decision."))
    if decision == Status.MERGED:
        if merged_into is None or merged_into.pk == amendment.pk or merged_into.recommendation_id != recommendation.pk:
            raise ValidationError(_("Choose another amendment of the same recommendation to merge into."))
        amendment.merged_into = merged_into
    if decision == Status.ACCEPTED:
        text = getattr(recommendation, field_name("text", amendment.language))
        changes = selectors.accepted_changes(recommendation=recommendation, language=amendment.language)
        amended_text(text, [*changes, Change(amendment.kind, amendment.old_text, amendment.new_text)])
    amendment.status, amendment.decided_by, amendment.decided_at = decision, by, timezone.now()
    amendment.save()
    sitting = sitting_locked(conference=recommendation.conference)
    sitting_step(
        sitting, by=by, step=f"amendment_{decision}", recommendation=recommendation, note={"amendment": amendment.pk}
    )
    return amendment
