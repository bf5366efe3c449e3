"""The public programme pages come from the shared cache for visitors who are not signed in, and no change to
the programme, and nobody's signed-in page, is ever served from it."""

import pytest
from django.contrib.messages import constants, storage
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import Person, Session
from conference.services import sessions_set_published
from tests.factories import ConferenceFactory, ParticipationFactory, PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme():
    conference = ConferenceFactory(slug="ninth")
    session = SessionFactory(conference=conference, title_en="Administrative detention", title_ar="الاعتقال الإداري")
    speaker = PersonFactory(name="Salma Haddad", name_ar="سلمى حداد", visibility=Person.Visibility.PUBLIC)
    ParticipationFactory(session=session, person=speaker)
    return conference, session, speaker


def _agenda(conference, language="en") -> str:
    return f"/{language}/{conference.slug}/agenda/"


def _programme_queries(client, path: str) -> tuple[int, str]:
    """How many queries read the programme's tables (the cache's own are not counted), and the page."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    programme = [query for query in queries.captured_queries if '"conference_' in query["sql"]]
    return len(programme), page.content.decode()


def test_a_visitor_s_second_look_is_served_from_the_cache(client, programme):
    conference, _session, _speaker = programme
    first, first_page = _programme_queries(client, _agenda(conference))
    again, again_page = _programme_queries(client, _agenda(conference))

    assert "Administrative detention" in again_page and again_page == first_page
    assert first > 0 and again == 0


def test_each_language_has_its_own_page(client, programme):
    conference, _session, _speaker = programme
    client.get(_agenda(conference, "en"))

    arabic = client.get(_agenda(conference, "ar")).content.decode()

    assert 'dir="rtl"' in arabic and "الاعتقال الإداري" in arabic


def test_an_edited_session_shows_at_once(client, programme):
    conference, session, _speaker = programme
    client.get(_agenda(conference))

    session.title_en = "Children in military courts"
    session.save()

    page = client.get(_agenda(conference)).content.decode()
    assert "Children in military courts" in page and "Administrative detention" not in page


def test_an_unpublished_session_leaves_the_public_pages_at_once(client, programme):
    conference, session, _speaker = programme
    detail = reverse("conference:session", args=[conference.slug, session.pk])
    client.get(_agenda(conference))
    client.get(detail)

    sessions_set_published(sessions=Session.objects.filter(pk=session.pk), published=False)  # update(): no signal

    assert "Administrative detention" not in client.get(_agenda(conference)).content.decode()
    assert client.get(detail).status_code == 404


def test_a_speaker_who_withdraws_is_gone_from_the_speakers_page_at_once(client, programme):
    conference, _session, speaker = programme
    speakers = reverse("conference:speakers", args=[conference.slug])
    assert "Salma Haddad" in client.get(speakers).content.decode()

    speaker.visibility = Person.Visibility.ANONYMOUS
    speaker.save()
    assert "Salma Haddad" not in client.get(speakers).content.decode()

    speaker.delete()
    assert "سلمى حداد" not in client.get(speakers).content.decode()


def test_a_signed_in_page_is_never_kept_nor_served_to_the_next_visitor(client, programme, delegate_user):
    conference, _session, _speaker = programme
    client.force_login(delegate_user)
    signed_in = client.get(_agenda(conference)).content.decode()
    assert "delegate@example.org" in signed_in

    client.logout()
    visitor = client.get(_agenda(conference)).content.decode()

    assert "delegate@example.org" not in visitor and "Log in" in visitor


def test_signed_in_people_never_get_the_visitors_copy(client, programme, delegate_user):
    conference, _session, _speaker = programme
    client.get(_agenda(conference))  # a visitor's copy is in the cache

    client.force_login(delegate_user)

    assert "delegate@example.org" in client.get(_agenda(conference)).content.decode()


def test_a_page_with_a_message_for_this_visitor_is_rendered_for_them_alone(client, programme, rf):
    conference, _session, _speaker = programme
    request = rf.get("/")
    cookie_storage = storage.cookie.CookieStorage(request)
    response = client.get(_agenda(conference))
    cookie_storage.add(constants.INFO, "You have signed out.")
    cookie_storage.update(response)
    client.cookies[cookie_storage.cookie_name] = response.cookies[cookie_storage.cookie_name].value

    with_message = client.get(_agenda(conference)).content.decode()
    client.cookies.pop(cookie_storage.cookie_name)
    without = client.get(_agenda(conference)).content.decode()

    assert "You have signed out." in with_message
    assert "You have signed out." not in without


def test_a_hostile_query_string_is_a_page_of_its_own_and_never_breaks_the_key(client, programme):
    conference, _session, _speaker = programme
    hostile = _agenda(conference) + "?" + "%00" * 2000 + "&day=<script>"

    assert client.get(hostile).status_code == 200
    assert client.get(hostile).status_code == 200
    assert "<script>" not in client.get(hostile).content.decode().split("<main", 1)[1]
