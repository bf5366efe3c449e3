"""One delegate's phone posting the same ballot six times at once, and ballots racing the close: each vote is
counted once and a closed vote never changes (PostgreSQL, the production database)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from recommendations.live import services, votes
from recommendations.models import Ballot, Recommendation, Vote
from tests.factories import ConferenceFactory, RecommendationFactory, UserFactory
from tests.recommendations.live.conftest import in_room

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _open_vote():
    from plenary.permissions import SECRETARIAT

    conference = ConferenceFactory(slug="race-vote")
    chair = UserFactory(groups=[SECRETARIAT])
    recommendation = RecommendationFactory(conference=conference, state=Recommendation.State.SUBMITTED)
    services.agenda_set(conference=conference, by=chair, recommendation_ids=[recommendation.pk])
    services.sitting_take_up(conference=conference, by=chair)
    return conference, chair, votes.vote_open(conference=conference, by=chair, method=Vote.Method.ELECTRONIC)


def test_one_phone_posting_six_times_at_once_votes_once():
    conference, _chair, vote = _open_vote()
    delegate = in_room(conference)
    outcomes = _at_once([lambda: votes.ballot_cast(vote=vote, user=delegate.user, choice="for")] * 6)
    assert sorted(outcomes) == ["You have already voted."] * 5 + ["ok"]
    vote.refresh_from_db()
    assert vote.votes_for == 1 and Ballot.objects.count() == 1


def test_ballots_racing_the_close_are_either_counted_or_refused():
    conference, chair, vote = _open_vote()
    delegates = [in_room(conference) for _ in range(8)]
    calls = [lambda d=d: votes.ballot_cast(vote=vote, user=d.user, choice="against") for d in delegates]
    outcomes = _at_once([*calls, lambda: votes.vote_close(conference=conference, by=chair)])
    vote.refresh_from_db()
    counted = outcomes.count("ok") - 1  # the close itself
    assert set(outcomes) <= {"ok", "This vote is closed."}
    assert vote.votes_against == counted == Ballot.objects.count()
