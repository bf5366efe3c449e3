"""The demo: a dozen adopted recommendations in EN and AR (some FR), two still in the workflow, one version."""

import pytest
from django.contrib.auth import get_user_model

from conference import demo as conference_demo
from recommendations import demo
from recommendations.models import FollowUp, Publication, Recommendation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_whole_flow(settings, client):
    settings.DEBUG = True  # the demo accounts (and so a Secretariat to act as) exist with DEBUG only
    conference = conference_demo.load_programme()
    demo.load(conference)

    adopted = Recommendation.objects.filter(conference=conference, state__in=Recommendation.ADOPTED_STATES)
    assert adopted.count() == 12
    assert all(r.text_en and r.text_ar for r in adopted)
    assert adopted.exclude(text_fr="").count() >= 3
    assert adopted.filter(state=Recommendation.State.ADOPTED_AS_AMENDED).get().is_amended
    assert sorted(adopted.values_list("number", flat=True)) == [f"R9-{n:02d}" for n in range(1, 13)]
    still_open = Recommendation.objects.filter(conference=conference).exclude(pk__in=adopted)
    assert sorted(still_open.values_list("state", flat=True)) == ["draft", "submitted"]
    rapporteur = get_user_model().objects.get(email="rapporteur@plenary.example")
    assert Recommendation.objects.filter(author=rapporteur).exists()  # drafted by the demo rapporteur
    publication = Publication.objects.get(conference=conference)
    assert publication.number == 1 and bytes(publication.pdf).startswith(b"%PDF")
    assert FollowUp.objects.filter(recommendation__conference=conference, notes__isnull=False).exists()

    assert "R9-12" in client.get("/ar/brussels-2025/recommendations/").content.decode()
    assert client.get("/brussels-2025/recommendations.pdf").status_code == 200

    demo.load(conference)  # a second run changes nothing
    assert Recommendation.objects.filter(conference=conference).count() == 14
    assert Publication.objects.count() == 1


def test_without_a_secretariat_account_the_demo_adds_nothing(settings):
    settings.DEBUG = False
    demo.load(conference_demo.load_programme())
    assert not Recommendation.objects.exists()
