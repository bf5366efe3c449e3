"""An anonymous witness appears nowhere by name: not on a page, not in .ics, not in .json."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.programme import SECRETS

pytestmark = pytest.mark.django_db


def every_public_address(programme) -> list[str]:
    slug = programme.conference.slug
    paths = []
    for lang in ("en", "ar", "fr"):
        with translation.override(lang):
            paths += [
                reverse("conference:index"),
                reverse("conference:home", kwargs={"slug": slug}),
                reverse("conference:agenda", kwargs={"slug": slug}),
                reverse("conference:speakers", kwargs={"slug": slug}),
                reverse("conference:speaker", kwargs={"slug": slug, "pk": programme.public.pk}),
            ]
            paths += [
                reverse("conference:session", kwargs={"slug": slug, "pk": session.pk})
                for session in (programme.opening, programme.testimony)
            ]
        paths += [
            f"/{slug}/agenda.ics?lang={lang}",
            f"/{slug}/agenda.json?lang={lang}",
            f"/{slug}/sessions/{programme.testimony.pk}.ics?lang={lang}",
        ]
    return paths


def test_anonymous_witness_never_leaks(client, programme):
    for path in every_public_address(programme):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (path, secret)
        assert programme.anonymous.email not in body
        assert f"/speakers/{programme.anonymous.pk}/" not in body


def test_anonymous_witness_is_shown_as_witness(client, programme):
    session_page = client.get(
        reverse("conference:session", kwargs={"slug": "brussels-2025", "pk": programme.testimony.pk})
    ).content.decode()
    assert "<dt>Witnesses</dt>" not in session_page  # one anonymous witness: singular, counted, unnamed
    assert "<dt>Witness</dt>" in session_page
    assert '<li class="anonymous">1 anonymous witness</li>' in session_page

    schedule = json.loads(client.get("/brussels-2025/agenda.json").content)
    events = [e for day in schedule["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    testimony = next(e for e in events if e["id"] == programme.testimony.pk)
    assert {"name": "Witness", "public_name": "Witness"} in testimony["persons"]

    calendar = Calendar.from_ical(client.get(f"/brussels-2025/sessions/{programme.testimony.pk}.ics").content)
    assert "Witness: 1 anonymous witness" in str(next(iter(calendar.events))["DESCRIPTION"])


def test_private_email_never_public(client, programme):
    for path in every_public_address(programme):
        body = client.get(path).content.decode()
        for person in (programme.public, programme.name_only, programme.anonymous):
            assert person.email not in body, path


def test_name_only_person_shows_no_biography_or_organisation(client, programme):
    for path in every_public_address(programme):
        body = client.get(path).content.decode()
        assert "NAME-ONLY-BIOGRAPHY" not in body, path
        assert "Family Committee" not in body, path


def test_changing_visibility_to_anonymous_hides_a_former_public_speaker(client, programme):
    programme.public.visibility = "anonymous"
    programme.public.save()
    for path in every_public_address(programme):
        if f"/speakers/{programme.public.pk}/" in path:
            assert client.get(path).status_code == 404
            continue
        body = client.get(path).content.decode()
        assert "Samira Haddad" not in body, path
        assert "سميرة حداد" not in body, path
