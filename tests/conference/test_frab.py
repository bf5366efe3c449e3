"""frab schedule JSON, as read by Giggity, ConfClerk and Fahrplan."""

import re
import uuid

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(client, programme) -> dict:
    response = client.get("/brussels-2025/agenda.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def events(schedule: dict) -> list[dict]:
    return [e for day in schedule["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]


def test_conference_block(schedule):
    conference = schedule["schedule"]["conference"]
    assert conference["acronym"] == "brussels_2025"  # the schema's pattern: no hyphen before the year
    assert conference["title"].startswith("Ninth Annual Conference")
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2025-05-03", "2025-05-04", 2)
    assert conference["time_zone_name"] == "Europe/Brussels"
    assert re.fullmatch(r"\d\d:\d\d", conference["timeslot_duration"])
    assert [room["name"] for room in conference["rooms"]] == ["Plenary Hall"]
    assert schedule["schedule"]["version"]
    assert schedule["schedule"]["base_url"] == "https://plenary.test/en/brussels-2025/agenda/"


def test_days_with_rooms(schedule):
    days = schedule["schedule"]["conference"]["days"]
    assert [(d["index"], d["date"]) for d in days] == [(1, "2025-05-03"), (2, "2025-05-04")]
    assert days[0]["day_start"] == "2025-05-03T06:00:00+02:00"
    assert days[0]["day_end"] == "2025-05-04T05:59:00+02:00"
    assert [e["title"] for e in days[0]["rooms"]["Plenary Hall"]] == ["Opening and minute of silence"]
    assert [e["title"] for e in days[1]["rooms"]["Plenary Hall"]] == ["Testimonies of released prisoners"]


def test_event_fields(schedule, programme):
    event = next(e for e in events(schedule) if e["id"] == programme.testimony.pk)
    assert uuid.UUID(event["guid"]).version == 5
    assert event["date"] == "2025-05-04T14:00:00+02:00"
    assert (event["start"], event["duration"]) == ("14:00", "01:30")
    assert event["room"] == "Plenary Hall"
    assert event["type"] == "testimony" and event["track"] == "Testimony"
    assert event["language"] == "en"
    assert event["url"] == f"https://plenary.test/en/brussels-2025/sessions/{programme.testimony.pk}/"
    for key in ("slug", "title", "subtitle", "abstract", "description", "links", "attachments"):
        assert key in event
    public, witness, name_only = event["persons"]
    assert public == {
        "guid": public["guid"],
        "name": "Dr. Samira Haddad",
        "public_name": "Dr. Samira Haddad",
        "url": f"https://plenary.test/en/brussels-2025/speakers/{programme.public.pk}/",
    }
    assert witness == {"name": "Witness", "public_name": "Witness"}  # no guid: it would link their appearances
    assert name_only == {"guid": name_only["guid"], "name": "Rim Khatib", "public_name": "Rim Khatib"}  # no page
    assert uuid.UUID(public["guid"]) != uuid.UUID(name_only["guid"])
    assert event["do_not_record"] is True  # an anonymous witness speaks


# What the c3voc schedule schema (https://c3voc.de/schedule/schema.json) requires at each level.
REQUIRED = {
    "conference": {"acronym", "title", "start", "end", "daysCount", "timeslot_duration", "days"},
    "room": {"name", "guid"},
    "day": {"index", "date", "day_start", "day_end", "rooms"},
    "event": {
        "guid", "id", "date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
        "language", "abstract", "persons", "links",
    },
}  # fmt: skip


def test_every_level_has_the_keys_the_schema_requires(schedule):
    assert set(schedule) >= {"schedule"} and schedule["schedule"]["version"]
    conference = schedule["schedule"]["conference"]
    assert set(conference) >= REQUIRED["conference"]
    assert conference["daysCount"] == len(conference["days"])
    for room in conference["rooms"]:
        assert set(room) >= REQUIRED["room"] and uuid.UUID(room["guid"])
    room_names = {room["name"] for room in conference["rooms"]}
    for day in conference["days"]:
        assert set(day) >= REQUIRED["day"]
        assert set(day["rooms"]) <= room_names
        for room_name, room_events in day["rooms"].items():
            for event in room_events:
                assert set(event) >= REQUIRED["event"]
                assert isinstance(event["id"], int) and event["room"] == room_name
                assert re.fullmatch(r"\d\d:\d\d", event["start"]) and re.fullmatch(r"\d\d:\d\d", event["duration"])
                assert event["date"].startswith(day["date"])
                # Every person is readable by frab readers (public_name) and pretalx-style ones (name).
                for person in event["persons"]:
                    assert person["name"] and person["public_name"]


def test_sessions_without_anonymous_people_may_be_recorded(schedule, programme):
    opening = next(e for e in events(schedule) if e["id"] == programme.opening.pk)
    assert opening["do_not_record"] is False


def test_guid_is_stable_across_requests_and_languages(client, schedule):
    arabic = client.get("/brussels-2025/agenda.json?lang=ar").json()
    assert sorted(e["guid"] for e in events(schedule)) == sorted(e["guid"] for e in events(arabic))

    def person_guids(document: dict) -> list[str]:
        return sorted(p["guid"] for e in events(document) for p in e["persons"] if "guid" in p)

    assert person_guids(schedule) and person_guids(schedule) == person_guids(arabic)
    assert "شهادات الأسرى المحررين" in [e["title"] for e in events(arabic)]


def test_unpublished_sessions_are_left_out(schedule):
    assert "Unannounced closed meeting" not in [e["title"] for e in events(schedule)]
