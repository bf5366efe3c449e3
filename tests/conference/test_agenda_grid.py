"""The agenda as a grid: a column per room, a row per time slot, and a link to each day."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from conference import selectors
from tests.factories import BRUSSELS, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hh_mm: str) -> dt.datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return dt.datetime(2025, 5, day, hour, minute, tzinfo=BRUSSELS)


def session(conference, room, day: int, start: str, end: str, title: str):
    return SessionFactory(
        conference=conference, room=room, starts_at=at(day, start), ends_at=at(day, end), title_en=title
    )


@pytest.fixture
def parallel(programme):
    """The programme's Plenary Hall beside a committee room, and a session whose room is to be announced."""
    conference = programme.conference
    hall = programme.opening.room
    committee = RoomFactory(conference=conference, name="Committee Room")
    session(conference, hall, 3, "10:30", "12:00", "Legal panel")
    session(conference, committee, 3, "10:30", "11:00", "Workshop on documentation")
    session(conference, committee, 3, "11:00", "12:30", "Second workshop")  # beside the panel, ends later
    session(conference, None, 3, "15:00", "16:00", "Room to be announced session")
    session(conference, committee, 3, "15:00", "16:00", "Afternoon committee")
    return conference


def titles(cell) -> list[str]:
    return [str(entry.item.session.title) for entry in cell.sessions]


def test_parallel_sessions_share_a_slot_one_cell_per_room(parallel):
    first_day, second_day = selectors.agenda_days(conference=parallel)
    assert first_day.rooms == ["Committee Room", "Plenary Hall", ""]  # by name, "to be announced" last
    opening, morning, afternoon = first_day.slots

    # Only one room in use: one cell, across every room's column.
    assert [cell.room_name for cell in opening.cells] == ["Plenary Hall"]
    assert titles(opening.cells[0]) == ["Opening and minute of silence"]

    assert (morning.starts_at, morning.ends_at) == (at(3, "10:30"), at(3, "12:30"))
    committee, hall, to_be_announced = morning.cells
    assert titles(committee) == ["Workshop on documentation", "Second workshop"]
    assert [entry.own_time for entry in committee.sessions] == [True, True]  # neither fills the whole slot
    assert titles(hall) == ["Legal panel"]
    assert to_be_announced.sessions == []  # free at that time: an empty cell keeps the columns aligned

    assert [titles(cell) for cell in afternoon.cells] == [["Afternoon committee"], [], ["Room to be announced session"]]
    assert [entry.own_time for cell in afternoon.cells for entry in cell.sessions] == [False, False]
    assert [titles(cell) for slot in second_day.slots for cell in slot.cells] == [["Testimonies of released prisoners"]]


def test_a_session_starting_as_another_ends_is_in_the_next_slot(programme):
    conference = programme.conference
    hall = programme.opening.room
    session(conference, hall, 3, "10:00", "11:00", "Right after the opening")
    first_day = selectors.agenda_days(conference=conference)[0]
    assert [titles(slot.cells[0]) for slot in first_day.slots] == [
        ["Opening and minute of silence"],
        ["Right after the opening"],
    ]


def test_the_page_links_each_day_and_marks_free_rooms_for_no_one(client, parallel):
    page = client.get(reverse("conference:agenda", kwargs={"slug": parallel.slug})).content.decode()
    nav = re.search(r'<nav class="agenda-days"[^>]*>(.*?)</nav>', page, re.S).group(1)
    assert re.findall(r'href="#(day-[\d-]+)"', nav) == ["day-2025-05-03", "day-2025-05-04"]
    assert '<section class="agenda-day" id="day-2025-05-03"' in page
    assert '<section class="agenda-day" id="day-2025-05-04"' in page
    assert '<li class="agenda-free" aria-hidden="true"></li>' in page
    assert page.index("Workshop on documentation") < page.index("Legal panel")  # committee, then hall
