"""Votes on the item before the room: consensus (recorded), show of hands (the chair types the counts) or
electronic (ballots from the delegates' phones). A closed vote never changes. The plenary's decision then goes
through ``recommendations.services.recommendations_decide``, as when it is recorded after the fact."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from recommendations import services as drafting_services
from recommendations.live import selectors
from recommendations.live.services import require_chair, sitting_locked, sitting_step
from recommendations.models import Amendment, Ballot, Recommendation, Vote
from registration.checkin.services import conference_day

Method = Vote.Method
TALLY = {
    Ballot.Choice.FOR: "votes_for",
    Ballot.Choice.AGAINST: "votes_against",
    Ballot.Choice.ABSTAIN: "votes_abstaining",
}
MAX_COUNT = 100_000


def _tally_note(vote: Vote) -> dict:
    return {
        "method": vote.method,
        "secret": vote.secret,
        **({"amendment": vote.amendment_id} if vote.amendment_id else {}),
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstaining": vote.votes_abstaining,
    }


@transaction.atomic
def vote_open(
    *, conference: Conference, by, method: str, secret: bool = False, amendment: Amendment | None = None
) -> Vote:
    """A vote on the current recommendation (or on one of its amendments). Consensus is recorded at once."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    recommendation = sitting.current
    if recommendation is None:
        raise ValidationError(_("Take up a recommendation first."))
    if method not in Method.values:
        raise ValidationError(_("Unknown voting method."))
    if amendment is not None and amendment.recommendation_id != recommendation.pk:
        raise ValidationError(_("This amendment is not on the recommendation before the room."))
    if sitting.vote_id and sitting.vote.is_open:
        raise ValidationError(_("A vote is already open."))
    vote = Vote.objects.create(
        conference=conference,
        recommendation=recommendation,
        amendment=amendment,
        method=method,
        secret=secret and method == Method.ELECTRONIC,
        opened_by=by,
        closed_at=timezone.now() if method == Method.CONSENSUS else None,
    )
    sitting.vote = vote
    step = "vote_closed" if method == Method.CONSENSUS else "vote_opened"
    note = _tally_note(vote) if method == Method.CONSENSUS else {"method": method, "secret": vote.secret}
    sitting_step(sitting, by=by, step=step, recommendation=recommendation, note=note)
    return vote


def ballot_cast(*, vote: Vote, user, choice: str) -> None:
    """One delegate's vote. The ballot (the fact of voting, unique per vote and person) and the tally are written
    in one transaction; the update of the tally only touches an open vote, so a ballot cast after the close is
    rolled back. A secret vote's ballot keeps no choice."""
    if choice not in TALLY:
        raise ValidationError(_("Vote for, against or abstain."))
    conference = vote.conference
    registration = selectors.participant(user=user, conference=conference)
    reason = selectors.refusal(registration=registration, conference=conference)
    if reason:
        raise PermissionDenied(reason)
    if vote.method != Method.ELECTRONIC:
        raise ValidationError(_("This vote is not taken on the phones."))
    field = TALLY[choice]
    with transaction.atomic():
        try:
            with transaction.atomic():
                Ballot.objects.create(vote=vote, registration=registration, choice="" if vote.secret else choice)
        except IntegrityError:
            raise ValidationError(_("You have already voted.")) from None
        if not Vote.objects.filter(pk=vote.pk, closed_at=None).update(**{field: F(field) + 1}):
            raise ValidationError(_("This vote is closed."))


@transaction.atomic
def vote_close(
    *,
    conference: Conference,
    by,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstaining: int | None = None,
) -> Vote:
    """Closes the open vote; a show of hands takes the counts typed in."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    if sitting.vote_id is None:
        raise ValidationError(_("No vote is open."))
    vote = Vote.objects.select_for_update().get(pk=sitting.vote_id)
    if not vote.is_open:
        raise ValidationError(_("This vote is closed."))
    if vote.method == Method.HANDS:
        counts = (votes_for, votes_against, votes_abstaining)
        if any(c is None or not 0 <= c <= MAX_COUNT for c in counts):
            raise ValidationError(_("Type the three counts of the show of hands."))
        vote.votes_for, vote.votes_against, vote.votes_abstaining = counts
    vote.closed_at = timezone.now()
    vote.save()
    sitting_step(sitting, by=by, step="vote_closed", recommendation=sitting.current, note=_tally_note(vote))
    return vote


@transaction.atomic
def sitting_decide(*, conference: Conference, by, adopt: bool) -> Recommendation:
    """Records the plenary's decision on the current item: adopted (as amended when amendments were accepted:
    the drafted text stays, the amended one becomes the adopted wording) or rejected, with the last closed vote's
    counts on the recommendation itself."""
    require_chair(by)
    sitting = sitting_locked(conference=conference)
    recommendation = sitting.current
    if recommendation is None:
        raise ValidationError(_("Take up a recommendation first."))
    if sitting.vote_id and sitting.vote.is_open:
        raise ValidationError(_("Close the vote first."))
    last = Vote.objects.filter(recommendation=recommendation, amendment=None).exclude(closed_at=None).last()
    counts = {}
    if last is not None and last.method != Method.CONSENSUS:
        counts = {"votes_for": last.votes_for, "votes_against": last.votes_against}
        counts["votes_abstaining"] = last.votes_abstaining
    amended = selectors.amended_texts(recommendation=recommendation)
    State = Recommendation.State
    decision = (State.ADOPTED_AS_AMENDED if amended else State.ADOPTED) if adopt else State.REJECTED
    (recommendation,) = drafting_services.recommendations_decide(
        recommendations=[recommendation],
        decision=decision,
        decided_on=conference_day(conference=conference, at=timezone.now()),
        by=by,
        **counts,
    )
    if decision == State.ADOPTED_AS_AMENDED:
        recommendation = drafting_services.recommendation_set_adopted_wording(
            recommendation=recommendation, by=by, texts=amended
        )
    sitting.current = recommendation
    sitting_step(sitting, by=by, step="decided", recommendation=None)
    return recommendation
