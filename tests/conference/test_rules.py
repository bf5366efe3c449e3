"""The scheduling rules: each wrong input is refused with its message and nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory

from conference.forms import ParticipationAdminForm, SessionAdminForm
from conference.models import Participation, Session
from conference.rules import participations_problems
from tests.factories import (
    BRUSSELS,
    ConferenceFactory,
    ParticipationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# The rules run in the programme editor's forms (the models check only their own fields).
SessionForm = modelform_factory(
    Session,
    form=SessionAdminForm,
    fields=["conference", "title_en", "kind", "starts_at", "ends_at", "room", "floor_language"],
)
ParticipationForm = modelform_factory(
    Participation, form=ParticipationAdminForm, fields=["session", "person", "role", "order"]
)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 5, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def hall(db):
    return RoomFactory(conference=ConferenceFactory(slug="brussels-2025"), name="Plenary Hall")


def session_form(hall, start: dt.datetime, end: dt.datetime, room=None) -> SessionForm:
    data = {
        "conference": hall.conference.pk,
        "title_en": "New session",
        "kind": Session.Kind.PANEL,
        "starts_at": start.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M"),
        "ends_at": end.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M"),
        "room": (room or hall).pk,
        "floor_language": "en",
    }
    return SessionForm(data=data)


def refused(form, field: str, message: str) -> None:
    before = Session.objects.count(), Participation.objects.count()
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors
    assert (Session.objects.count(), Participation.objects.count()) == before


def test_a_valid_session_is_accepted(hall):
    form = session_form(hall, at(3, 9), at(3, 10))
    assert form.is_valid(), form.errors
    form.save()
    assert Session.objects.filter(title_en="New session").exists()


def test_session_must_end_after_it_starts(hall):
    refused(session_form(hall, at(3, 10), at(3, 9)), "ends_at", "A session must end after it starts.")
    refused(session_form(hall, at(3, 10), at(3, 10)), "ends_at", "A session must end after it starts.")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.datetime(2025, 5, 2, 23, 0, tzinfo=BRUSSELS), at(3, 9)),  # starts the evening before
        (at(4, 23), dt.datetime(2025, 5, 5, 0, 30, tzinfo=BRUSSELS)),  # runs past midnight of the last day
        (dt.datetime(2025, 6, 1, 9, 0, tzinfo=BRUSSELS), dt.datetime(2025, 6, 1, 10, 0, tzinfo=BRUSSELS)),
    ],
)
def test_session_must_lie_within_the_conference_dates(hall, start, end):
    refused(session_form(hall, start, end), "starts_at", "within the conference dates")


def test_conference_dates_are_read_in_the_conference_time_zone(hall):
    # 23:30 UTC on 4 May is already 5 May in Brussels.
    start = dt.datetime(2025, 5, 4, 23, 30, tzinfo=dt.UTC)
    refused(session_form(hall, start, start + dt.timedelta(minutes=20)), "starts_at", "within the conference dates")


def test_two_sessions_in_one_room_do_not_overlap(hall):
    SessionFactory(conference=hall.conference, room=hall, title_en="Opening", starts_at=at(3, 9), ends_at=at(3, 10))
    refused(session_form(hall, at(3, 9, 30), at(3, 11)), "room", "Plenary Hall is already taken by “Opening”")
    refused(session_form(hall, at(3, 8), at(3, 12)), "room", "already taken")


def test_back_to_back_sessions_and_other_rooms_are_fine(hall):
    SessionFactory(conference=hall.conference, room=hall, starts_at=at(3, 9), ends_at=at(3, 10))
    assert session_form(hall, at(3, 10), at(3, 11)).is_valid()
    other_room = RoomFactory(conference=hall.conference, name="Committee Room")
    assert session_form(hall, at(3, 9), at(3, 10), room=other_room).is_valid()


def test_room_of_another_conference_is_refused(hall):
    foreign = RoomFactory(conference=ConferenceFactory(slug="other"), name="Elsewhere")
    refused(session_form(hall, at(3, 9), at(3, 10), room=foreign), "room", "This room belongs to another conference.")


def test_one_person_is_not_in_two_overlapping_sessions(hall):
    other_room = RoomFactory(conference=hall.conference, name="Committee Room")
    morning = SessionFactory(
        conference=hall.conference, room=hall, title_en="Morning", starts_at=at(3, 9), ends_at=at(3, 10)
    )
    parallel = SessionFactory(conference=hall.conference, room=other_room, starts_at=at(3, 9, 30), ends_at=at(3, 11))
    person = PersonFactory(name="Karim Mansour")
    ParticipationFactory(session=morning, person=person)

    form = ParticipationForm(data={"session": parallel.pk, "person": person.pk, "role": "speaker", "order": 0})
    refused(form, "person", "Karim Mansour is already in “Morning” at an overlapping time")


def test_moving_a_session_onto_a_speakers_other_session_is_refused(hall):
    other_room = RoomFactory(conference=hall.conference, name="Committee Room")
    morning = SessionFactory(
        conference=hall.conference, room=hall, title_en="Morning", starts_at=at(3, 9), ends_at=at(3, 10)
    )
    later = SessionFactory(conference=hall.conference, room=other_room, starts_at=at(3, 11), ends_at=at(3, 12))
    person = PersonFactory(name="Karim Mansour")
    ParticipationFactory(session=morning, person=person)
    ParticipationFactory(session=later, person=person)

    form = SessionForm(
        instance=later,
        data={
            "conference": hall.conference.pk,
            "title_en": later.title_en,
            "kind": later.kind,
            "starts_at": "2025-05-03 09:30",
            "ends_at": "2025-05-03 10:30",
            "room": other_room.pk,
            "floor_language": "en",
        },
    )
    refused(form, "starts_at", "Karim Mansour is also in “Morning”")
    later.refresh_from_db()
    assert later.starts_at == at(3, 11)


def test_the_same_person_twice_in_overlapping_sessions_of_one_save(hall):
    other_room = RoomFactory(conference=hall.conference, name="Committee Room")
    first = SessionFactory(
        conference=hall.conference, room=hall, title_en="First", starts_at=at(3, 9), ends_at=at(3, 10)
    )
    second = SessionFactory(
        conference=hall.conference, room=other_room, title_en="Second", starts_at=at(3, 9, 30), ends_at=at(3, 11)
    )
    third = SessionFactory(conference=hall.conference, room=other_room, starts_at=at(3, 14), ends_at=at(3, 15))
    person = PersonFactory(name="Hélène Martin")
    unsaved = [Participation(session=s, person=person) for s in (first, second, third)]
    unsaved.append(Participation(session=first, person=person, role=Participation.Role.RAPPORTEUR))

    problems = participations_problems(unsaved)

    assert problems[0] == [] and problems[2] == []
    assert problems[1] == ["Hélène Martin is already in “First” at an overlapping time (Sat 3 May 09:00–10:00)."]
    # Two roles in one session are fine; but that session still overlaps "Second".
    assert problems[3] == ["Hélène Martin is already in “Second” at an overlapping time (Sat 3 May 09:30–11:00)."]


def test_hostile_title_is_kept_as_text(hall):
    form = session_form(hall, at(3, 9), at(3, 10))
    form.data = {**form.data, "title_en": "\u202e<script>alert(1)</script>"}
    assert form.is_valid(), form.errors


def test_oversized_title_is_refused(hall):
    form = session_form(hall, at(3, 9), at(3, 10))
    form.data = {**form.data, "title_en": "x" * 10_000}
    refused(form, "title_en", "at most 200 characters")


def test_model_clean_checks_only_its_own_fields_without_queries(hall, django_assert_num_queries):
    session = SessionFactory.build(conference=hall.conference, room=hall, starts_at=at(3, 10), ends_at=at(3, 9))
    with django_assert_num_queries(0):
        with pytest.raises(ValidationError, match="must end after it starts"):
            session.clean()
        Participation(session=session, person=PersonFactory.build()).clean()
