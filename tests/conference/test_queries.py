"""No page's query count grows with the number of sessions or speakers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference.models import Participation, Person
from tests.factories import (
    BRUSSELS,
    ConferenceFactory,
    ParticipationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

VISIBILITIES = [Person.Visibility.PUBLIC, Person.Visibility.NAME_ONLY, Person.Visibility.ANONYMOUS]


def add_sessions(conference, rooms, start: int, count: int) -> None:
    for n in range(start, start + count):
        starts_at = dt.datetime(2025, 5, 3, 8, 0, tzinfo=BRUSSELS) + dt.timedelta(
            minutes=30 * (n // 2) + 24 * 60 * (n % 2)
        )
        session = SessionFactory(
            conference=conference, room=rooms[n % 2], starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=30)
        )
        for k, role in enumerate([Participation.Role.CHAIR, Participation.Role.SPEAKER, Participation.Role.WITNESS]):
            ParticipationFactory(session=session, person=PersonFactory(visibility=VISIBILITIES[k]), role=role, order=k)


def paths(conference, session, speaker) -> list[str]:
    slug = conference.slug
    pages = [
        "",
        f"{slug}/",
        f"{slug}/agenda/",
        f"{slug}/sessions/{session.pk}/",
        f"{slug}/speakers/",
        f"{slug}/speakers/{speaker.pk}/",
    ]
    return [f"/{lang}/{page}" for lang in ("en", "ar") for page in pages] + [
        f"/{slug}/agenda.ics",
        f"/{slug}/agenda.json",
        f"/{slug}/sessions/{session.pk}.ics",
    ]


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_same_query_count_with_1_and_30_sessions(client, secretariat_user, who):
    if who == "secretariat":
        client.force_login(secretariat_user)
    conference = ConferenceFactory(slug="counted")
    rooms = [RoomFactory(conference=conference, name="Hall"), RoomFactory(conference=conference, name="Room B")]
    add_sessions(conference, rooms, 0, 1)
    session = conference.sessions.get()
    speaker = session.participations.get(role=Participation.Role.CHAIR).person

    with_one = {path: count_queries(client, path) for path in paths(conference, session, speaker)}
    add_sessions(conference, rooms, 1, 29)
    # The speaker takes part in more sessions too: their page lists every one.
    for other in conference.sessions.exclude(pk=session.pk)[:10]:
        ParticipationFactory(session=other, person=speaker, role=Participation.Role.MODERATOR, order=9)
    with_thirty = {path: count_queries(client, path) for path in paths(conference, session, speaker)}

    assert conference.sessions.count() == 30
    assert with_thirty == with_one
