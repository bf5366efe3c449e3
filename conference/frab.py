"""The programme in the frab schedule JSON format (https://c3voc.de/schedule/schema.json), read by
Giggity, ConfClerk and Fahrplan. Receives plain data from the selectors; never queries."""

import datetime as dt
import re
import uuid
from itertools import groupby

from django.urls import reverse
from django.utils.translation import gettext as _

from conference.models import Conference
from conference.selectors import Appearance, SessionItem

TIMESLOT = "00:05"
# The schema admits "Area/Location" names and UTC only; for others (GMT, Etc/GMT-3) the offsets in every
# date still give the time, so the optional name is left out rather than making the file invalid.
SCHEMA_TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def _hh_mm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def guid(site_url: str, key: str) -> str:
    """Stable across exports and languages: derived from the site and the object's identity."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}/{key}"))


def acronym(slug: str) -> str:
    """The slug as the schema's acronym: lower-case letters, digits and underscores, at least four."""
    return re.sub(r"[^a-z0-9_]", "_", slug.lower()).ljust(4, "_")


def _person(appearance: Appearance, conference: Conference, site_url: str) -> dict:
    """pretalx-style (``name``) with frab's ``public_name``, so both kinds of reader find the name. No integer
    ``id``: the schema's Person is *one of* frab (id + public_name) and pretalx (name), and an object with all
    three matches both and is invalid. An anonymous witness gets no ``guid`` (it would tie their appearances
    together) and no ``url``."""
    person = appearance.person
    if person.is_anonymous:
        return {"name": person.name, "public_name": person.name}
    entry = {
        "guid": guid(site_url, f"people/{person.pk}"),
        "name": person.display_name,
        "public_name": person.display_name,
    }
    if person.has_page:
        entry["url"] = site_url + reverse("conference:speaker", kwargs={"slug": conference.slug, "pk": person.pk})
    return entry


def _room_name(item: SessionItem) -> str:
    return item.room_name or _("Room to be announced")


def _event(item: SessionItem, conference: Conference, site_url: str) -> dict:
    session = item.session
    path = reverse("conference:session", kwargs={"slug": conference.slug, "pk": session.pk})
    return {
        "id": session.pk,
        "guid": guid(site_url, f"sessions/{session.pk}"),
        "date": item.starts_at.isoformat(),
        "start": item.starts_at.strftime("%H:%M"),
        "duration": _hh_mm(item.duration),
        "room": _room_name(item),
        "slug": f"{conference.slug}-{session.pk}".lower(),
        "url": site_url + path,
        "title": str(session.title),
        "subtitle": "",
        "track": session.get_kind_display(),
        "type": session.kind,
        "language": session.floor_language,
        "abstract": "",
        "description": str(session.description),
        "persons": [_person(appearance, conference, site_url) for appearance in item.appearances],
        # Recording teams read this: a session with an anonymous witness is never recorded.
        "do_not_record": any(appearance.person.is_anonymous for appearance in item.appearances),
        "links": [],
        "attachments": [],
    }


def _day(index: int, date: dt.date, items: list[SessionItem], rooms: list[str], conference: Conference, site_url: str):
    tz = conference.tzinfo
    events_by_room: dict[str, list[dict]] = {room: [] for room in rooms}
    for item in items:
        events_by_room[_room_name(item)].append(_event(item, conference, site_url))
    return {
        "index": index,
        "date": date.isoformat(),
        # frab days run 06:00 to 06:00 the next morning by convention; a conference day fits.
        "day_start": dt.datetime.combine(date, dt.time(6), tz).isoformat(),
        "day_end": dt.datetime.combine(date + dt.timedelta(days=1), dt.time(5, 59), tz).isoformat(),
        "rooms": events_by_room,
    }


def schedule(*, conference: Conference, items: list[SessionItem], site_url: str) -> dict:
    rooms = sorted({_room_name(item) for item in items})
    by_date = {date: list(group) for date, group in groupby(items, key=lambda item: item.starts_at.date())}
    days_count = (conference.end_date - conference.start_date).days + 1
    dates = [conference.start_date + dt.timedelta(days=n) for n in range(days_count)]
    agenda_path = reverse("conference:agenda", kwargs={"slug": conference.slug})
    time_zone = {"time_zone_name": conference.time_zone} if SCHEMA_TIME_ZONE_NAME.search(conference.time_zone) else {}
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "Plenary"},
        "schedule": {
            "version": conference.slug,
            "base_url": site_url + agenda_path,
            "conference": {
                "acronym": acronym(conference.slug),
                "title": str(conference.title),
                "start": conference.start_date.isoformat(),
                "end": conference.end_date.isoformat(),
                "daysCount": days_count,
                "timeslot_duration": TIMESLOT,
                **time_zone,
                "rooms": [{"name": room, "guid": guid(site_url, f"{conference.slug}/rooms/{room}")} for room in rooms],
                "days": [
                    _day(index, date, by_date.get(date, []), rooms, conference, site_url)
                    for index, date in enumerate(dates, start=1)
                ],
            },
        },
    }
