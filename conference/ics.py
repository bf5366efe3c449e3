"""The programme as iCalendar: local times with TZID plus a VTIMEZONE, so calendar apps get
daylight-saving right. Receives plain data from the selectors; never queries."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from conference.models import Conference
from conference.selectors import SessionItem


def uid(item: SessionItem, site_url: str) -> str:
    host = site_url.split("://", 1)[-1].split("/", 1)[0]
    return f"session-{item.session.pk}@{host}"


def _event(item: SessionItem, conference: Conference, site_url: str, stamp: dt.datetime) -> Event:
    session = item.session
    url = site_url + reverse("conference:session", kwargs={"slug": conference.slug, "pk": session.pk})
    description = "\n\n".join(
        part for part in (str(session.description), "\n".join(group.as_text() for group in item.roles), url) if part
    )
    event = Event()
    event.add("uid", uid(item, site_url))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_at)  # aware, in the conference's zone: written with TZID
    event.add("dtend", item.ends_at)
    event.add("summary", str(session.title))
    event.add("description", description)
    event.add("location", ", ".join(part for part in (item.room_name, conference.venue, str(conference.city)) if part))
    event.add("categories", [session.get_kind_display()])
    event.add("url", url)
    return event


def calendar(*, conference: Conference, items: list[SessionItem], site_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Plenary//Conference programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{conference.title} – {_('Agenda')}")
    cal.add("x-wr-timezone", conference.time_zone)
    # The zone first (calendar apps read it before the events), over a window around the
    # conference: enough for every daylight-saving change that matters, and a short file.
    cal.add_component(
        Timezone.from_tzinfo(
            conference.tzinfo,
            first_date=conference.start_date - dt.timedelta(days=366),
            last_date=conference.end_date + dt.timedelta(days=366),
        )
    )
    stamp = timezone.now()
    for item in items:
        cal.add_component(_event(item, conference, site_url, stamp))
    return cal.to_ical()
