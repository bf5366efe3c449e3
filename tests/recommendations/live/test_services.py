"""The chair's steps, the floor, amendments and votes through the services; refusals written as the attack."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from plenary.audit.models import Action, AuditLogEntry
from recommendations.history import recommendation_history
from recommendations.live import amendments, services, votes
from recommendations.live.selectors import sitting_state
from recommendations.models import Amendment, Ballot, Recommendation, SpeakerRequest, Vote
from registration.models import Category, CheckIn, Registration
from tests.factories import ConferenceFactory, RecommendationFactory, UserFactory
from tests.recommendations.live.conftest import in_room

pytestmark = pytest.mark.django_db


def test_the_chair_takes_up_the_order_and_each_step_is_in_the_history_and_audit(conference, taken_up, secretariat_user):
    actions = [entry.action for entry in recommendation_history(recommendation=taken_up)]
    assert actions[:2] == ["Floor opened", "Taken up by the plenary"]
    assert AuditLogEntry.objects.filter(action=Action.PLENARY_STEP, conference=conference).count() == 2
    state = sitting_state(conference=conference)
    assert state["item"]["id"] == taken_up.pk and state["floor_open"]
    assert [t["lang"] for t in state["item"]["texts"]] == ["en", "ar"]  # French only when written
    assert state["item"]["texts"][1]["dir"] == "rtl" and len(state["item"]["texts"][1]["lines"]) == 3


def test_next_takes_the_next_undecided_item(conference, taken_up, secretariat_user):
    second = RecommendationFactory(conference=conference, state=Recommendation.State.SUBMITTED)
    services.agenda_set(conference=conference, by=secretariat_user, recommendation_ids=[taken_up.pk, second.pk])
    assert services.sitting_take_up(conference=conference, by=secretariat_user).current == second


def test_another_conferences_recommendation_cannot_go_on_the_order(conference, secretariat_user):
    other = RecommendationFactory(conference=ConferenceFactory(), state=Recommendation.State.SUBMITTED)
    with pytest.raises(ValidationError):
        services.agenda_set(conference=conference, by=secretariat_user, recommendation_ids=[other.pk])


@pytest.mark.parametrize("role", ["door_user", "rapporteur_user", "delegate_user"])
def test_nobody_but_the_secretariat_chairs(request, conference, recommendation, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.agenda_set(conference=conference, by=user, recommendation_ids=[recommendation.pk])
    with pytest.raises(PermissionDenied):
        votes.vote_open(conference=conference, by=user, method=Vote.Method.ELECTRONIC)


def test_points_of_order_jump_the_queue_and_the_clock_starts(
    conference, taken_up, secretariat_user, delegate, other_delegate
):
    services.floor_request(conference=conference, user=delegate.user)
    services.floor_request(
        conference=conference, user=other_delegate.user, point_of_order=True, shown_as="organisation"
    )
    called = services.speaker_call_next(conference=conference, by=secretariat_user)
    assert called.registration == other_delegate and called.point_of_order
    speaker = sitting_state(conference=conference)["speaker"]
    assert speaker["name"] == "Al-Haq" and 0 < speaker["seconds_left"] <= 180
    assert services.speaker_call_next(conference=conference, by=secretariat_user).registration == delegate
    assert services.speaker_call_next(conference=conference, by=secretariat_user) is None


def test_an_anonymous_witness_is_never_shown_by_name(conference, taken_up, secretariat_user):
    witness = in_room(conference, category=Category.WITNESS, first_name="Samir", last_name="Secret")
    request = services.floor_request(conference=conference, user=witness.user, shown_as="name")
    assert request.shown_as == "name" and request.shown_name == ""
    services.speaker_call_next(conference=conference, by=secretariat_user)
    assert "Samir" not in str(sitting_state(conference=conference))
    assert sitting_state(conference=conference)["speaker"]["name"] == "A delegate"


@pytest.mark.parametrize(
    "make",
    [
        lambda c: in_room(c, checked_in=False),
        lambda c: in_room(c, status=Registration.Status.DECLINED),
        lambda c: in_room(c, status=Registration.Status.PENDING),
        lambda c: in_room(c, category=Category.JOURNALIST),
        lambda c: in_room(ConferenceFactory()),  # registered elsewhere
    ],
    ids=["not-checked-in", "declined", "pending", "press", "other-conference"],
)
def test_who_may_not_vote_or_ask_for_the_floor(conference, taken_up, secretariat_user, make):
    registration = make(conference)
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    with pytest.raises(PermissionDenied):
        votes.ballot_cast(vote=vote, user=registration.user, choice="for")
    with pytest.raises(PermissionDenied):
        services.floor_request(conference=conference, user=registration.user)
    assert not Ballot.objects.exists() and not SpeakerRequest.objects.exists()


def test_checked_in_yesterday_is_not_today(conference, taken_up, secretariat_user):
    registration = in_room(conference, checked_in=False)
    CheckIn.objects.create(
        registration=registration, day=timezone.localdate(timezone=conference.tzinfo) - dt.timedelta(1)
    )
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    with pytest.raises(PermissionDenied):
        votes.ballot_cast(vote=vote, user=registration.user, choice="for")


def test_a_second_vote_and_a_vote_after_closing_are_refused(
    conference, taken_up, secretariat_user, delegate, other_delegate
):
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    votes.ballot_cast(vote=vote, user=delegate.user, choice="for")
    with pytest.raises(ValidationError, match="already voted"):
        votes.ballot_cast(vote=vote, user=delegate.user, choice="against")
    votes.vote_close(conference=conference, by=secretariat_user)
    with pytest.raises(ValidationError, match="closed"):
        votes.ballot_cast(vote=vote, user=other_delegate.user, choice="against")
    with pytest.raises(ValidationError):
        votes.vote_close(conference=conference, by=secretariat_user)
    vote.refresh_from_db()
    assert (vote.votes_for, vote.votes_against, vote.votes_abstaining) == (1, 0, 0)
    assert Ballot.objects.count() == 1


def test_a_secret_votes_choices_cannot_be_read_from_the_database(
    conference, taken_up, secretariat_user, delegate, other_delegate
):
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC, secret=True)
    votes.ballot_cast(vote=vote, user=delegate.user, choice="against")
    votes.ballot_cast(vote=vote, user=other_delegate.user, choice="for")
    votes.vote_close(conference=conference, by=secretariat_user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM recommendations_ballot")
        rows = cursor.fetchall()
        columns = [c[0] for c in cursor.description]
    # The row holds who voted in which vote, and an empty choice: nothing else (no time, no order but the id).
    assert set(columns) == {"id", "choice", "registration_id", "vote_id"}
    choice = columns.index("choice")
    assert len(rows) == 2 and {row[choice] for row in rows} == {""}
    state = sitting_state(conference=conference)["vote"]
    assert state["result"] == {"for": 1, "against": 1, "abstaining": 0}


def test_a_named_vote_keeps_each_choice(conference, taken_up, secretariat_user, delegate):
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    votes.ballot_cast(vote=vote, user=delegate.user, choice="abstain")
    assert Ballot.objects.get().choice == "abstain"


def test_show_of_hands_takes_typed_counts_and_consensus_closes_at_once(conference, taken_up, secretariat_user):
    votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.HANDS)
    with pytest.raises(ValidationError):
        votes.vote_close(conference=conference, by=secretariat_user, votes_for=-1, votes_against=2, votes_abstaining=0)
    vote = votes.vote_close(
        conference=conference, by=secretariat_user, votes_for=40, votes_against=2, votes_abstaining=3
    )
    assert vote.carried
    consensus = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.CONSENSUS)
    assert not consensus.is_open and sitting_state(conference=conference)["vote"]["carried"]


def test_amended_then_adopted_keeps_both_texts(conference, taken_up, secretariat_user, delegate, rapporteur_user):
    amendment = amendments.amendment_propose(
        recommendation=taken_up,
        by=delegate.user,
        language="en",
        kind="replace",
        line_from=2,
        line_to=2,
        old_text="United Nations",
        new_text="Security Council",
    )
    rejected = amendments.amendment_propose(
        recommendation=taken_up, by=delegate.user, language="en", kind="delete", line_from=3, line_to=3
    )
    amendments.amendment_show(amendment=amendment, by=secretariat_user)
    diff = sitting_state(conference=conference)["amendment"]["diff"]
    assert [text for op, text in diff if op == "delete"] == ["United", "Nations"]
    assert [text for op, text in diff if op == "insert"] == ["Security", "Council"]
    amendments.amendment_decide(amendment=amendment, by=secretariat_user, decision=Amendment.Status.ACCEPTED)
    amendments.amendment_decide(amendment=rejected, by=secretariat_user, decision=Amendment.Status.REJECTED)
    votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.HANDS)
    votes.vote_close(conference=conference, by=secretariat_user, votes_for=30, votes_against=1, votes_abstaining=2)
    decided = votes.sitting_decide(conference=conference, by=secretariat_user, adopt=True)
    assert decided.state == Recommendation.State.ADOPTED_AS_AMENDED
    assert "United Nations" in decided.text_en and "Security Council" in decided.adopted_text_en
    assert decided.adopted_text_ar == "" and decided.votes_for == 30
    with pytest.raises(ValidationError):
        amendments.amendment_propose(
            recommendation=decided, by=delegate.user, language="en", kind="delete", line_from=1, line_to=1
        )


def test_a_rapporteur_proposes_but_does_not_decide(conference, taken_up, rapporteur_user):
    from tests.recommendations.conftest import make_rapporteur

    make_rapporteur(taken_up.session, rapporteur_user)
    amendment = amendments.amendment_propose(
        recommendation=taken_up,
        by=rapporteur_user,
        language="ar",
        kind="insert",
        line_from=1,
        line_to=1,
        new_text="نص جديد.",
    )
    with pytest.raises(PermissionDenied):
        amendments.amendment_decide(amendment=amendment, by=rapporteur_user, decision=Amendment.Status.ACCEPTED)


@pytest.mark.parametrize(
    "fields",
    [
        {"line_from": 7, "line_to": 7},
        {"old_text": "not in line two"},
        {"new_text": ""},
        {"new_text": "x" * 2001},
        {"language": "xx"},
        {"kind": "rewrite"},
    ],
)
def test_bad_amendments_are_refused(conference, taken_up, delegate, fields):
    values = {"language": "en", "kind": "replace", "line_from": 2, "line_to": 2, "new_text": "New.", **fields}
    with pytest.raises(ValidationError):
        amendments.amendment_propose(recommendation=taken_up, by=delegate.user, **values)


def test_hostile_amendment_text_loses_its_direction_overrides(conference, taken_up, delegate):
    amendment = amendments.amendment_propose(
        recommendation=taken_up,
        by=delegate.user,
        language="en",
        kind="replace",
        line_from=2,
        line_to=2,
        new_text="\u202eevil\u202c <script>alert(1)</script>",
    )
    assert "\u202e" not in amendment.new_text


def test_a_declined_delegate_cannot_propose(conference, taken_up):
    declined = in_room(conference, status=Registration.Status.DECLINED)
    with pytest.raises(PermissionDenied):
        amendments.amendment_propose(
            recommendation=taken_up, by=declined.user, language="en", kind="delete", line_from=1, line_to=1
        )
    with pytest.raises(PermissionDenied):
        amendments.amendment_propose(
            recommendation=taken_up, by=UserFactory(), language="en", kind="delete", line_from=1, line_to=1
        )


def test_asking_for_the_floor_is_rate_limited_and_once_at_a_time(conference, taken_up, delegate):
    services.floor_request(conference=conference, user=delegate.user)
    with pytest.raises(ValidationError, match="already on the list"):
        services.floor_request(conference=conference, user=delegate.user)
    services.floor_withdraw(conference=conference, user=delegate.user)
    services.floor_request(conference=conference, user=delegate.user)
    services.floor_withdraw(conference=conference, user=delegate.user)
    with pytest.raises(ValidationError, match="Too many"):
        services.floor_request(conference=conference, user=delegate.user)


def test_the_delegation_limit(conference, taken_up, secretariat_user, delegate):
    services.floor_set(conference=conference, by=secretariat_user, open_=True, delegation_limit=1)
    colleague = in_room(conference, organisation=delegate.organisation)
    services.floor_request(conference=conference, user=delegate.user)
    with pytest.raises(ValidationError, match="delegation"):
        services.floor_request(conference=conference, user=colleague.user)
    services.floor_request(conference=conference, user=colleague.user, point_of_order=True)  # never limited


def test_the_floor_closed_refuses_requests_but_not_points_of_order(conference, taken_up, secretariat_user, delegate):
    services.floor_set(conference=conference, by=secretariat_user, open_=False)
    with pytest.raises(ValidationError):
        services.floor_request(conference=conference, user=delegate.user)
    assert services.floor_request(conference=conference, user=delegate.user, point_of_order=True).point_of_order
