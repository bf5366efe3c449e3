"""The demo's tenth conference: its plenary is ready to run, and a demo voter votes from the phone."""

import pytest
from django.core.management import call_command

from recommendations.live import services, votes
from recommendations.models import Ballot, Recommendation, Sitting, Vote
from registration.models import User

pytestmark = pytest.mark.django_db


def test_the_tenth_conferences_plenary_is_ready(settings, client):
    settings.DEBUG = True  # the demo accounts exist with DEBUG only
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sitting = Sitting.objects.get(conference__slug="tenth-conference")
    assert [item.recommendation.state for item in sitting.items.all()] == [Recommendation.State.SUBMITTED] * 3
    chair = User.objects.get(email="secretariat@plenary.example")
    conference = sitting.conference
    services.sitting_take_up(conference=conference, by=chair)
    vote = votes.vote_open(conference=conference, by=chair, method=Vote.Method.ELECTRONIC)
    voter = User.objects.get(email="voter@plenary.example")
    votes.ballot_cast(vote=vote, user=voter, choice="for")
    assert Ballot.objects.filter(vote=vote).count() == 1
    client.force_login(voter)
    assert "The conference calls for" not in client.get("/ar/tenth-conference/plenary/").content.decode()
    assert "يدعو المؤتمر" in client.get("/ar/tenth-conference/plenary/").content.decode()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (a second run changes nothing)
    assert Recommendation.objects.filter(conference=conference).count() == 3
