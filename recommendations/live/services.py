"""The chair's steps and the floor. Every chair's step locks the sitting row (two secretaries at two consoles
take turns), moves its version on (the screen redraws), and is kept in the recommendation's history and in
the audit log. Amendments are in ``amendments.py``, votes in ``votes.py``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.rate_limit import rate_limit_exceeded
from recommendations import selectors as drafting
from recommendations.live import selectors
from recommendations.models import AgendaItem, Recommendation, Sitting, SpeakerRequest
from recommendations.services import record_version

# A delegate's phone may ask for the floor three times at once, then once every 20 seconds.
FLOOR_BURST, FLOOR_PER_SECOND = 3, 1 / 20


def require_chair(user) -> None:
    if not drafting.is_secretariat(user):
        raise PermissionDenied(_("Only the Secretariat chairs the plenary."))


def sitting_ensure(*, conference: Conference) -> Sitting:
    """The conference's sitting, made on first use."""
    return Sitting.objects.get_or_create(conference=conference)[0]


def sitting_locked(*, conference: Conference) -> Sitting:
    """The conference's sitting (made on first use), locked until the transaction ends."""
    sitting_ensure(conference=conference)
    return Sitting.objects.select_for_update(of=("self",)).select_related("current").get(conference=conference)


def sitting_step(sitting: Sitting, *, by, step: str, recommendation: Recommendation | None, note=None) -> None:
    """Saves the sitting with its next version; the step goes to the history and the audit log."""
    sitting.version = F("version") + 1
    sitting.save()
    sitting.refresh_from_db(fields=["version"])
    if recommendation is None:
        return
    record_version(recommendation, by=by, action=f"plenary.{step}", note=note)
    audit_record(
        action=Action.PLENARY_STEP,
        summary=f"Plenary step {step} on recommendation #{recommendation.pk}",
        conference=sitting.conference,
        actor=by,
        details={"step": step, "recommendation": recommendation.pk, **(note or {})},
    )


@transaction.atomic
def agenda_set(*, conference: Conference, by, recommendation_ids: list[int]) -> list[AgendaItem]:
    """The plenary's order: submitted recommendations of this conference, in the order given."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    if len(set(recommendation_ids)) != len(recommendation_ids):
        raise ValidationError(_("A recommendation appears twice in the order."))
    found = set(
        Recommendation.objects.filter(
            conference=conference, pk__in=recommendation_ids, state=Recommendation.State.SUBMITTED
        ).values_list("pk", flat=True)
    )
    if found != set(recommendation_ids):
        raise ValidationError(_("Only this conference's recommendations submitted to the plenary can be on its order."))
    # Decided items keep their place; the undecided ones are ordered afresh.
    sitting.items.filter(recommendation__state=Recommendation.State.SUBMITTED).delete()
    start = (sitting.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    items = [
        AgendaItem.objects.create(sitting=sitting, recommendation_id=pk, position=start + offset)
        for offset, pk in enumerate(recommendation_ids)
    ]
    sitting_step(sitting, by=by, step="agenda", recommendation=None)
    return items


@transaction.atomic
def sitting_take_up(*, conference: Conference, by, recommendation: Recommendation | None = None) -> Sitting:
    """Puts ``recommendation`` (default: the next undecided one of the order) before the room; the floor, the
    speaker, the amendment and the vote on screen start afresh."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    if recommendation is None:
        item = (
            sitting.items.filter(recommendation__state=Recommendation.State.SUBMITTED)
            .exclude(recommendation_id=sitting.current_id)
            .select_related("recommendation")
            .first()
        )
        if item is None:
            raise ValidationError(_("Every recommendation on the order has been decided."))
        recommendation = item.recommendation
    elif not sitting.items.filter(recommendation=recommendation).exists():
        raise ValidationError(_("Put the recommendation on the plenary's order first."))
    if recommendation.state != Recommendation.State.SUBMITTED:
        raise ValidationError(_("This recommendation has already been decided."))
    if sitting.vote_id and sitting.vote.is_open:
        raise ValidationError(_("Close the vote first."))
    sitting.current, sitting.amendment, sitting.vote = recommendation, None, None
    sitting.floor_open, sitting.speaker, sitting.speaker_started_at = False, None, None
    sitting.speakers.filter(status=SpeakerRequest.Status.CALLED).update(status=SpeakerRequest.Status.DONE)
    sitting_step(sitting, by=by, step="taken_up", recommendation=recommendation)
    return sitting


def _require_current(sitting: Sitting) -> Recommendation:
    if sitting.current is None:
        raise ValidationError(_("Take up a recommendation first."))
    return sitting.current


@transaction.atomic
def floor_set(
    *, conference: Conference, by, open_: bool, seconds: int | None = None, delegation_limit: int | None = None
) -> Sitting:
    """Opens or closes the floor on the current item; ``seconds``: each speaker's time; ``delegation_limit``:
    the requests one organisation may make on one item (None: no limit)."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    recommendation = _require_current(sitting)
    if seconds is not None:
        if not 15 <= seconds <= 1800:
            raise ValidationError(_("A speaking time is between 15 seconds and 30 minutes."))
        sitting.speaker_seconds = seconds
    sitting.floor_open, sitting.delegation_limit = open_, delegation_limit
    step = "floor_opened" if open_ else "floor_closed"
    sitting_step(sitting, by=by, step=step, recommendation=recommendation)
    return sitting


@transaction.atomic
def speaker_call_next(*, conference: Conference, by) -> SpeakerRequest | None:
    """The one speaking is done; the first waiting request (points of order first) gets the floor and the clock.
    None when nobody waits."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    _require_current(sitting)
    sitting.speakers.filter(status=SpeakerRequest.Status.CALLED).update(status=SpeakerRequest.Status.DONE)
    request = sitting.speakers.filter(status=SpeakerRequest.Status.WAITING).order_by(*SpeakerRequest._meta.ordering)
    request = request.first()
    if request is not None:
        request.status = SpeakerRequest.Status.CALLED
        request.save(update_fields=["status"])
    sitting.speaker, sitting.speaker_started_at = request, timezone.now() if request else None
    note = {"request": request.pk} if request else None
    sitting_step(sitting, by=by, step="speaker", recommendation=sitting.current, note=note)
    return request


def floor_request(*, conference: Conference, user, point_of_order: bool = False, shown_as: str = "name"):
    """A delegate in the room asks for the floor on the current item (or raises a point of order, which goes
    before the others). The token is taken before the transaction: a refused request still spends it."""
    if shown_as not in SpeakerRequest.ShownAs.values:
        raise ValidationError(_("Choose how the screen shows you."))
    registration = selectors.participant(user=user, conference=conference)
    reason = selectors.refusal(registration=registration, conference=conference)
    if reason:
        raise PermissionDenied(reason)
    if rate_limit_exceeded(key=f"plenary.floor:{registration.pk}", burst=FLOOR_BURST, per_second=FLOOR_PER_SECOND):
        raise ValidationError(_("Too many requests: wait a moment before asking again."))
    return _floor_request_recorded(
        conference=conference, user=user, registration=registration, point_of_order=point_of_order, shown_as=shown_as
    )


@transaction.atomic
def _floor_request_recorded(*, conference: Conference, user, registration, point_of_order: bool, shown_as: str):
    sitting = sitting_locked(conference=conference)
    recommendation = _require_current(sitting)
    if not sitting.floor_open and not point_of_order:
        raise ValidationError(_("The floor is not open."))
    if sitting.delegation_limit is not None and registration.organisation and not point_of_order:
        asked = sitting.speakers.filter(
            recommendation=recommendation, registration__organisation=registration.organisation, point_of_order=False
        ).exclude(status=SpeakerRequest.Status.WITHDRAWN)
        if asked.count() >= sitting.delegation_limit:
            raise ValidationError(_("Your delegation has reached its number of requests on this item."))
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(
                sitting=sitting,
                registration=registration,
                recommendation=recommendation,
                point_of_order=point_of_order,
                shown_as=shown_as,
            )
    except IntegrityError:
        raise ValidationError(_("You are already on the list.")) from None
    sitting_step(sitting, by=user, step="floor_request", recommendation=None)
    return request


@transaction.atomic
def floor_withdraw(*, conference: Conference, user) -> int:
    """The delegate's waiting requests leave the list; returns how many."""
    registration = selectors.participant(user=user, conference=conference)
    if registration is None:
        raise PermissionDenied(_("You are not registered for this conference."))
    sitting = sitting_locked(conference=conference)
    withdrawn = sitting.speakers.filter(registration=registration, status=SpeakerRequest.Status.WAITING).update(
        status=SpeakerRequest.Status.WITHDRAWN
    )
    sitting_step(sitting, by=user, step="floor_withdraw", recommendation=None)
    return withdrawn
