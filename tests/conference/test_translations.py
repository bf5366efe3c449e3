"""Translated fields: an empty translation falls back to English on every page and in every file."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from conference.models import Conference, Person, Session
from plenary.i18n import translate

pytestmark = pytest.mark.django_db

ENGLISH = {
    "conference": "Ninth Annual Conference of Solidarity",
    "slogan": "Strengthening International Solidarity",
    "organiser": "European Alliance for Prisoners",
    "city": "Brussels",
    "title": "Opening and minute of silence",
    "description": "Welcome and a minute of silence.",
    "biography": "Physician and advocate.",
}


@pytest.fixture
def english_only(programme):
    """Every translatable text in English only: the French and Arabic columns are empty."""
    Conference.objects.filter(pk=programme.conference.pk).update(
        title_en=ENGLISH["conference"],
        title_ar="",
        title_fr="",
        slogan_ar="",
        slogan_fr="",
        organiser_en=ENGLISH["organiser"],
        organiser_ar="",
        organiser_fr="",
        city_ar="",
        city_fr="",
    )
    Session.objects.filter(pk=programme.opening.pk).update(title_ar="", title_fr="", description_ar="")
    Person.objects.filter(pk=programme.public.pk).update(biography_ar="", biography_fr="")
    return programme


def page_paths(programme, lang: str) -> list[str]:
    slug = programme.conference.slug
    with translation.override(lang):
        return [
            reverse("conference:index"),
            reverse("conference:home", kwargs={"slug": slug}),
            reverse("conference:agenda", kwargs={"slug": slug}),
            reverse("conference:session", kwargs={"slug": slug, "pk": programme.opening.pk}),
            reverse("conference:speaker", kwargs={"slug": slug, "pk": programme.public.pk}),
        ]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_pages_show_the_english_text_marked_as_english(client, english_only, lang):
    seen = ""
    for path in page_paths(english_only, lang):
        response = client.get(path)
        assert response.status_code == 200, path
        seen += response.content.decode()
    for text in ENGLISH.values():
        assert text in seen, text
    # The fallback is marked, so screen readers and the bidi algorithm treat it as English.
    assert f'<h1 lang="en" dir="ltr">{ENGLISH["conference"]}</h1>' in seen
    assert f'<p class="slogan" lang="en" dir="ltr">{ENGLISH["slogan"]}</p>' in seen
    assert f'<h1 lang="en" dir="ltr">{ENGLISH["title"]}</h1>' in seen


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_files_use_the_english_text(client, english_only, lang):
    slug = english_only.conference.slug
    calendar = Calendar.from_ical(client.get(f"/{slug}/sessions/{english_only.opening.pk}.ics?lang={lang}").content)
    (event,) = calendar.events
    assert str(event["SUMMARY"]) == ENGLISH["title"]
    assert ENGLISH["description"] in str(event["DESCRIPTION"])
    assert ENGLISH["conference"] in str(calendar["X-WR-CALNAME"])

    schedule = json.loads(client.get(f"/{slug}/agenda.json?lang={lang}").content)["schedule"]
    assert schedule["conference"]["title"] == ENGLISH["conference"]
    events = [e for day in schedule["conference"]["days"] for room in day["rooms"].values() for e in room]
    opening = next(e for e in events if e["id"] == english_only.opening.pk)
    assert (opening["title"], opening["description"]) == (ENGLISH["title"], ENGLISH["description"])


def test_a_filled_translation_wins_over_english(programme):
    with translation.override("ar"):
        assert programme.opening.title == "الجلسة الافتتاحية ودقيقة صمت"
        assert programme.opening.title.lang == "ar" and programme.opening.title.dir == "rtl"
    with translation.override("fr"):
        assert programme.conference.city == "Bruxelles"
    assert translate(programme.opening, "title", "fr") == "Opening and minute of silence"
    assert translate(programme.opening, "title", "fr").lang == "en"
