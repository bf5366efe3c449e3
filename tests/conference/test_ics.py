"""iCalendar export, parsed back with the icalendar library."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import BRUSSELS, ConferenceFactory, ParticipationFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def winter_and_summer(db):
    """One conference across the March change to summer time: 09:00 is 08:00 UTC, then 07:00 UTC."""
    conference = ConferenceFactory(slug="spring", start_date=dt.date(2025, 3, 29), end_date=dt.date(2025, 3, 31))
    room = RoomFactory(conference=conference)
    winter = SessionFactory(
        conference=conference,
        room=room,
        title_en="Winter morning",
        starts_at=dt.datetime(2025, 3, 29, 9, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 3, 29, 10, 30, tzinfo=BRUSSELS),
    )
    summer = SessionFactory(
        conference=conference,
        room=room,
        title_en="Summer morning",
        starts_at=dt.datetime(2025, 3, 31, 9, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 3, 31, 10, 0, tzinfo=BRUSSELS),
    )
    return conference, winter, summer


def test_times_are_right_across_daylight_saving(client, winter_and_summer):
    cal = parse(client.get("/spring/agenda.ics"))

    starts = {str(event["SUMMARY"]): event.start for event in cal.events}
    assert starts["Winter morning"].astimezone(UTC) == dt.datetime(2025, 3, 29, 8, 0, tzinfo=UTC)
    assert starts["Summer morning"].astimezone(UTC) == dt.datetime(2025, 3, 31, 7, 0, tzinfo=UTC)
    ends = {str(event["SUMMARY"]): event.end for event in cal.events}
    assert ends["Winter morning"].astimezone(UTC) == dt.datetime(2025, 3, 29, 9, 30, tzinfo=UTC)


def test_local_times_carry_the_tzid_and_a_vtimezone_that_gives_the_same_instants(client, winter_and_summer):
    response = client.get("/spring/agenda.ics")
    text = response.content.decode()
    assert "DTSTART;TZID=Europe/Brussels:20250329T090000" in text
    assert "DTSTART;TZID=Europe/Brussels:20250331T090000" in text

    cal = parse(response)
    (vtimezone,) = cal.timezones
    assert vtimezone["TZID"] == "Europe/Brussels"
    # Read the offsets from the VTIMEZONE itself, as Outlook does, not from the system's zone database.
    zone = vtimezone.to_tz()
    assert dt.datetime(2025, 3, 29, 9, 0, tzinfo=zone).astimezone(UTC).hour == 8
    assert dt.datetime(2025, 3, 31, 9, 0, tzinfo=zone).astimezone(UTC).hour == 7


def test_summer_conference_at_nine_is_seven_utc(client, programme):
    cal = parse(client.get("/brussels-2025/agenda.ics"))
    opening = next(e for e in cal.events if str(e["SUMMARY"]) == "Opening and minute of silence")
    assert opening.start.astimezone(UTC) == dt.datetime(2025, 5, 3, 7, 0, tzinfo=UTC)


def test_agenda_has_published_sessions_only_with_stable_uids(client, programme):
    first = parse(client.get("/brussels-2025/agenda.ics"))
    second = parse(client.get("/brussels-2025/agenda.ics?lang=ar"))

    uids = [str(e["UID"]) for e in first.events]
    assert sorted(uids) == sorted(str(e["UID"]) for e in second.events)
    assert uids == [f"session-{programme.opening.pk}@plenary.test", f"session-{programme.testimony.pk}@plenary.test"]
    assert "Unannounced closed meeting" not in first.to_ical().decode()


def test_event_content_in_the_requested_language(client, programme):
    cal = parse(client.get(f"/brussels-2025/sessions/{programme.testimony.pk}.ics?lang=ar"))
    (event,) = cal.events
    assert str(event["SUMMARY"]) == "شهادات الأسرى المحررين"
    assert "Plenary Hall" in str(event["LOCATION"])
    assert str(event["URL"]) == f"https://plenary.test/ar/brussels-2025/sessions/{programme.testimony.pk}/"
    description = str(event["DESCRIPTION"])
    assert "Dr. Samira Haddad" in description
    assert "Rim Khatib" in description


def test_unknown_language_falls_back_to_english(client, programme):
    cal = parse(client.get(f"/brussels-2025/sessions/{programme.opening.pk}.ics?lang=xx<script>"))
    (event,) = cal.events
    assert str(event["SUMMARY"]) == "Opening and minute of silence"


def test_unpublished_or_foreign_session_has_no_ics(client, programme):
    assert client.get(f"/brussels-2025/sessions/{programme.draft.pk}.ics").status_code == 404
    other = ConferenceFactory(slug="other")
    assert client.get(f"/{other.slug}/sessions/{programme.opening.pk}.ics").status_code == 404
    assert client.get("/nope/agenda.ics").status_code == 404


def test_speakers_listed_in_description_with_roles(client, programme):
    ParticipationFactory(session=programme.opening, person__name="Second Speaker", person__honorific="MP")
    cal = parse(client.get(f"/brussels-2025/sessions/{programme.opening.pk}.ics"))
    (event,) = cal.events
    assert "Chair: Dr. Samira Haddad" in str(event["DESCRIPTION"])
    assert "Speaker: MP Second Speaker" in str(event["DESCRIPTION"])
    ParticipationFactory(session=programme.opening, person__name="Third Speaker")
    (event,) = parse(client.get(f"/brussels-2025/sessions/{programme.opening.pk}.ics")).events
    assert "Speakers: MP Second Speaker, Third Speaker" in str(event["DESCRIPTION"])
