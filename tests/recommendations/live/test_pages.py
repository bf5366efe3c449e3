"""The console, the phone, the screen and the state endpoint, as the people who use them and as the attack."""

import pytest
from django.urls import reverse

from recommendations.live import amendments, services, votes
from recommendations.models import Amendment, Ballot, Recommendation, Sitting, SpeakerRequest, Vote
from registration.models import Registration
from tests.factories import ConferenceFactory, RecommendationFactory
from tests.recommendations.live.conftest import in_room

pytestmark = pytest.mark.django_db


def url(name, conference, lang="en", **kwargs):
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"recommendations:{name}", kwargs={"slug": conference.slug, **kwargs})


def state_url(conference):
    return reverse("recommendations_files:plenary_state", kwargs={"slug": conference.slug})


def screen_url(conference):
    return reverse("recommendations_files:plenary_screen", kwargs={"slug": conference.slug})


@pytest.mark.parametrize("role", ["anonymous", "delegate", "rapporteur", "door", "secretariat"])
def test_only_the_secretariat_reaches_the_console(as_role, conference, recommendation, role):
    response = as_role(role).get(url("plenary_console", conference))
    expected = {"anonymous": 302, "secretariat": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["delegate", "rapporteur", "door"])
def test_a_door_volunteer_or_rapporteur_trying_to_chair_changes_nothing(as_role, conference, taken_up, role):
    client = as_role(role)
    for step in ("next", "floor_close", "call_next", "vote_open", "adopt"):
        assert client.post(url("plenary_step", conference), {"step": step, "method": "electronic"}).status_code == 403
    sitting = Sitting.objects.get()
    assert sitting.floor_open and not Vote.objects.exists()
    assert Recommendation.objects.get().state == Recommendation.State.SUBMITTED


def test_the_chair_runs_a_recommendation_from_the_console(secretariat_client, conference, recommendation):
    client = secretariat_client
    response = client.post(url("plenary_console", conference), {f"position-{recommendation.pk}": "1"})
    assert response.status_code == 302
    client.post(url("plenary_step", conference), {"step": "next"})
    client.post(url("plenary_step", conference), {"step": "floor_open", "seconds": "120"})
    page = client.get(url("plenary_console", conference)).content.decode()
    assert "The floor is open." in page and "It asks the United Nations to act." in page
    client.post(url("plenary_step", conference), {"step": "vote_open", "method": "hands"})
    client.post(
        url("plenary_step", conference),
        {"step": "vote_close", "votes_for": "12", "votes_against": "1", "votes_abstaining": "0"},
    )
    client.post(url("plenary_step", conference), {"step": "adopt"})
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.ADOPTED and recommendation.votes_for == 12
    history = client.get(reverse("recommendations:history", kwargs={"slug": conference.slug, "pk": recommendation.pk}))
    assert "Vote closed" in history.content.decode() and "for: 12, against: 1" in history.content.decode()


def test_bad_steps_are_refused_with_a_message(secretariat_client, conference, taken_up):
    client = secretariat_client
    for data in ({"step": "explode"}, {"step": "vote_open", "method": "telepathy"}, {"step": "take_up"}):
        response = client.post(url("plenary_step", conference), data, follow=True)
        assert response.status_code in (200, 404)
    response = client.post(url("plenary_console", conference), {f"position-{taken_up.pk}": "-3"}, follow=True)
    assert "The order could not be read." in response.content.decode()


def test_the_phone_in_arabic_shows_the_arabic_lines_and_the_vote(
    client, conference, taken_up, delegate, secretariat_user
):
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC, secret=True)
    client.force_login(delegate.user)
    page = client.get(url("plenary_phone", conference, "ar")).content.decode()
    assert "ويطلب من الأمم المتحدة أن تتحرك." in page and 'dir="rtl"' in page
    response = client.post(url("plenary_vote", conference, "ar"), {"vote": vote.pk, "choice": "for"}, follow=True)
    assert 'data-testid="voted"' in response.content.decode()
    again = client.post(url("plenary_vote", conference), {"vote": vote.pk, "choice": "against"}, follow=True)
    assert "You have already voted." in again.content.decode()
    assert Ballot.objects.get().choice == "" and Vote.objects.get().votes_for == 1


def test_a_delegate_not_checked_in_sees_why_and_cannot_vote(client, conference, taken_up, secretariat_user):
    registration = in_room(conference, checked_in=False)
    vote = votes.vote_open(conference=conference, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    client.force_login(registration.user)
    page = client.get(url("plenary_phone", conference)).content.decode()
    assert "check in first" in page and 'name="choice"' not in page
    response = client.post(url("plenary_vote", conference), {"vote": vote.pk, "choice": "for"}, follow=True)
    assert "check in first" in response.content.decode() and not Ballot.objects.exists()


def test_a_vote_on_another_conference_is_not_found(client, conference, taken_up, delegate, secretariat_user):
    other = ConferenceFactory()
    other_rec = RecommendationFactory(conference=other, state=Recommendation.State.SUBMITTED)
    services.agenda_set(conference=other, by=secretariat_user, recommendation_ids=[other_rec.pk])
    services.sitting_take_up(conference=other, by=secretariat_user)
    vote = votes.vote_open(conference=other, by=secretariat_user, method=Vote.Method.ELECTRONIC)
    client.force_login(delegate.user)
    response = client.post(url("plenary_vote", conference), {"vote": vote.pk, "choice": "for"})
    assert response.status_code == 404
    response = client.post(url("plenary_vote", other), {"vote": vote.pk, "choice": "for"}, follow=True)
    assert "not registered" in response.content.decode() and not Ballot.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"vote": "abc", "choice": "for"},
        {"vote": "1", "choice": "maybe"},
        {"vote": "99999999999999999999", "choice": "for"},
        {},
    ],
)
def test_hostile_ballots_are_refused(client, conference, taken_up, delegate, data):
    client.force_login(delegate.user)
    response = client.post(url("plenary_vote", conference), data, follow=True)
    assert response.status_code in (200, 404) and not Ballot.objects.exists()


def test_asking_for_the_floor_and_proposing_an_amendment_from_the_phone(client, conference, taken_up, delegate):
    client.force_login(delegate.user)
    client.post(url("plenary_floor", conference), {"action": "ask", "shown_as": "organisation"})
    assert SpeakerRequest.objects.get().shown_name == delegate.organisation
    client.post(url("plenary_floor", conference), {"action": "withdraw"})
    assert SpeakerRequest.objects.get().status == SpeakerRequest.Status.WITHDRAWN
    data = {"language": "en", "kind": "replace", "line_from": "2", "old_text": "United Nations", "new_text": "UN"}
    client.post(url("plenary_amend", conference), data)
    assert Amendment.objects.get().line_to == 2
    huge = client.post(url("plenary_amend", conference), {**data, "new_text": "x" * 50_000}, follow=True)
    assert "at most 2000" in huge.content.decode() and Amendment.objects.count() == 1


def test_the_floor_is_rate_limited_on_the_phone(client, conference, taken_up, delegate):
    client.force_login(delegate.user)
    for _ in range(4):
        client.post(url("plenary_floor", conference), {"action": "ask"})
        client.post(url("plenary_floor", conference), {"action": "withdraw"})
    response = client.post(url("plenary_floor", conference), {"action": "ask"}, follow=True)
    assert "Too many requests" in response.content.decode()


def test_the_screen_needs_its_key_or_the_secretariat(client, conference, taken_up, secretariat_user):
    assert client.get(screen_url(conference)).status_code == 403
    assert client.get(screen_url(conference), {"key": "guess"}).status_code == 403
    key = Sitting.objects.get().screen_key
    page = client.get(screen_url(conference), {"key": key})
    assert page.status_code == 200 and "screen-labels" in page.content.decode()
    assert client.get(state_url(conference), {"key": "guess"}).status_code == 403
    declined = in_room(conference, status=Registration.Status.DECLINED)
    client.force_login(declined.user)
    assert client.get(state_url(conference)).status_code == 403


def test_the_state_answers_304_until_the_chair_moves(client, conference, taken_up, secretariat_user, delegate):
    key = Sitting.objects.get().screen_key
    first = client.get(state_url(conference), {"key": key})
    assert first.json()["item"]["texts"][0]["lines"][1] == "It asks the United Nations to act."
    etag = first["ETag"]
    assert client.get(state_url(conference), {"key": key}, headers={"If-None-Match": etag}).status_code == 304
    services.floor_request(conference=conference, user=delegate.user, shown_as="name")
    services.speaker_call_next(conference=conference, by=secretariat_user)
    moved = client.get(state_url(conference), {"key": key}, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.json()["speaker"]["name"] == delegate.full_name


def test_the_state_never_names_an_anonymous_witness_and_has_no_emails(client, conference, taken_up, secretariat_user):
    witness = in_room(conference, category="witness", first_name="Hidden", last_name="Witness")
    services.floor_request(conference=conference, user=witness.user, shown_as="name")
    services.speaker_call_next(conference=conference, by=secretariat_user)
    amendments.amendment_propose(
        recommendation=taken_up, by=witness.user, language="en", kind="delete", line_from=3, line_to=3
    )
    key = Sitting.objects.get().screen_key
    body = client.get(state_url(conference), {"key": key}).content.decode()
    assert "Hidden" not in body and "@" not in body


def test_the_state_of_a_poll_costs_few_queries(client, conference, taken_up, django_assert_max_num_queries):
    key = Sitting.objects.get().screen_key
    etag = client.get(state_url(conference), {"key": key})["ETag"]
    with django_assert_max_num_queries(4):
        assert client.get(state_url(conference), {"key": key}, headers={"If-None-Match": etag}).status_code == 304
