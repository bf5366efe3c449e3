"""Reads for the public programme: each page's data in a fixed number of queries.

Pages, the .ics and the frab JSON all receive the same plain data built here. People go
through ``public_person`` first, so an anonymous witness's name, photo, biography and
organisation never leave this module.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from conference.models import Conference, Participation, Person, Session
from plenary.i18n import TranslatedText, translate
from plenary.permissions import conference_for_slug


@dataclass(frozen=True)
class PublicPerson:
    """What the public may know about a person, according to their visibility."""

    pk: int | None  # None for anonymous people: no page, no stable identifier outside the database
    name: str
    name_ar: str = ""
    honorific: str = ""
    organisation: str = ""
    position: str = ""
    country: str = ""
    country_name: str = ""
    biography: TranslatedText | None = None
    photo_url: str = ""
    has_page: bool = False
    is_anonymous: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


@dataclass(frozen=True)
class Appearance:
    role: str
    person: PublicPerson


Role = Participation.Role
ROLE_ORDER = [Role.CHAIR, Role.MODERATOR, Role.SPEAKER, Role.WITNESS, Role.RAPPORTEUR]


def _role_label(role: str, count: int) -> str:
    match role:
        case Role.CHAIR:
            return npgettext("people of one role", "Chair", "Chairs", count)
        case Role.MODERATOR:
            return npgettext("people of one role", "Moderator", "Moderators", count)
        case Role.WITNESS:
            return npgettext("people of one role", "Witness", "Witnesses", count)
        case Role.RAPPORTEUR:
            return npgettext("people of one role", "Rapporteur", "Rapporteurs", count)
        case _:
            return npgettext("people of one role", "Speaker", "Speakers", count)


@dataclass(frozen=True)
class RoleGroup:
    """The people of one role in a session; anonymous people only as a number."""

    role: str
    label: str
    people: list[PublicPerson]
    anonymous_count: int

    @property
    def anonymous_label(self) -> str:
        count = self.anonymous_count
        return ngettext("%(count)d anonymous witness", "%(count)d anonymous witnesses", count) % {"count": count}

    def as_text(self) -> str:
        names = [person.display_name for person in self.people]
        if self.anonymous_count:
            names.append(self.anonymous_label)
        return f"{self.label}: {', '.join(names)}"


@dataclass(frozen=True)
class SessionItem:
    session: Session
    starts_at: dt.datetime  # in the conference's time zone
    ends_at: dt.datetime
    room_name: str
    appearances: list[Appearance] = field(default_factory=list)
    roles: list[RoleGroup] = field(default_factory=list)

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


@dataclass(frozen=True)
class SlotSession:
    item: SessionItem
    own_time: bool  # starts or ends apart from its time slot: the page gives its own times


@dataclass(frozen=True)
class AgendaCell:
    """What runs in one room during a time slot; no sessions when the room is free then."""

    room_name: str
    sessions: list[SlotSession]


@dataclass(frozen=True)
class TimeSlot:
    """Sessions that overlap in time, side by side: one cell per room of the day, or a single cell across
    every room's column when only one room is in use (a plenary)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    cells: list[AgendaCell]


@dataclass(frozen=True)
class AgendaDay:
    date: dt.date
    rooms: list[str]  # the day's columns in order ("" for sessions whose room is to be announced, last)
    slots: list[TimeSlot]


@dataclass(frozen=True)
class SpeakerEntry:
    person: PublicPerson
    appearances: list[tuple[str, SessionItem]]  # (role label, session)


def public_person(person: Person) -> PublicPerson:
    if person.visibility == Person.Visibility.ANONYMOUS:
        return PublicPerson(pk=None, name=_("Witness"), is_anonymous=True)
    if person.visibility == Person.Visibility.NAME_ONLY:
        return PublicPerson(pk=person.pk, name=person.name, name_ar=person.name_ar, honorific=person.honorific)
    return PublicPerson(
        pk=person.pk,
        name=person.name,
        name_ar=person.name_ar,
        honorific=person.honorific,
        organisation=person.organisation,
        position=person.position,
        country=person.country.code or "",
        country_name=str(person.country.name) if person.country else "",
        biography=translate(person, "biography"),
        photo_url=person.photo.url if person.photo else "",
        has_page=True,
    )


def conference_list() -> list[Conference]:
    """Public conferences: running and upcoming first (soonest first), then past ones, archived last."""
    today = timezone.localdate()
    conferences = list(Conference.objects.exclude(status=Conference.Status.DRAFT))

    def rank(conference: Conference) -> tuple:
        if conference.status == Conference.Status.ARCHIVED:
            return (2, -conference.start_date.toordinal())
        if conference.end_date >= today:
            return (0, conference.start_date.toordinal())
        return (1, -conference.start_date.toordinal())

    return sorted(conferences, key=rank)


def conference_get(*, slug: str, preview: bool = False) -> Conference:
    """The conference for a page; drafts only for staff previews (views use ``plenary.permissions.conference_view``,
    which looks the conference up the same way)."""
    return conference_for_slug(slug, drafts=preview)


def _participations() -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person").order_by("order", "pk"),
        to_attr="ordered_participations",
    )


def _role_groups(appearances: list[Appearance]) -> list[RoleGroup]:
    groups = []
    for role in ROLE_ORDER:
        people = [a.person for a in appearances if a.role == role]
        if people:
            named = [person for person in people if not person.is_anonymous]
            groups.append(RoleGroup(role, _role_label(role, len(people)), named, len(people) - len(named)))
    return groups


def _session_item(session: Session, conference: Conference) -> SessionItem:
    tz = conference.tzinfo
    appearances = [Appearance(role=p.role, person=public_person(p.person)) for p in session.ordered_participations]
    return SessionItem(
        session=session,
        starts_at=timezone.localtime(session.starts_at, tz),
        ends_at=timezone.localtime(session.ends_at, tz),
        room_name=session.room.name if session.room else "",
        appearances=appearances,
        roles=_role_groups(appearances),
    )


def _sessions(conference: Conference, *, preview: bool) -> QuerySet:
    sessions = Session.objects.filter(conference=conference).select_related("room").prefetch_related(_participations())
    if not preview:
        sessions = sessions.filter(is_published=True)
    return sessions.order_by("starts_at", "room__name", "pk")


def agenda_items(*, conference: Conference, preview: bool = False) -> list[SessionItem]:
    """Every (published) session of the conference with its people, in time order. Two queries."""
    for_display = []
    for session in _sessions(conference, preview=preview):
        session.conference = conference  # already loaded: templates and get_absolute_url need no query
        for_display.append(_session_item(session, conference))
    return for_display


def _overlapping_runs(items: list[SessionItem]) -> list[list[SessionItem]]:
    """Items in time order, cut where a session starts after every earlier one has ended."""
    runs: list[list[SessionItem]] = []
    run_ends_at = None
    for item in items:
        if runs and item.starts_at < run_ends_at:
            runs[-1].append(item)
            run_ends_at = max(run_ends_at, item.ends_at)
        else:
            runs.append([item])
            run_ends_at = item.ends_at
    return runs


def _time_slot(items: list[SessionItem], rooms: list[str]) -> TimeSlot:
    starts_at = min(item.starts_at for item in items)
    ends_at = max(item.ends_at for item in items)
    in_use = {item.room_name for item in items}
    columns = rooms if len(in_use) > 1 else list(in_use)
    cells = [
        AgendaCell(
            room_name=room,
            sessions=[
                SlotSession(item=item, own_time=(item.starts_at, item.ends_at) != (starts_at, ends_at))
                for item in items
                if item.room_name == room
            ],
        )
        for room in columns
    ]
    return TimeSlot(starts_at=starts_at, ends_at=ends_at, cells=cells)


def agenda_days(*, conference: Conference, preview: bool = False) -> list[AgendaDay]:
    """The agenda as a grid per day: a column per room, a row per time slot."""
    days = []
    items = agenda_items(conference=conference, preview=preview)
    for date, group in groupby(items, key=lambda item: item.starts_at.date()):
        day_items = list(group)
        rooms = sorted({item.room_name for item in day_items}, key=lambda name: (name == "", name))
        slots = [_time_slot(run, rooms) for run in _overlapping_runs(day_items)]
        days.append(AgendaDay(date=date, rooms=rooms, slots=slots))
    return days


def session_item(*, conference: Conference, pk: int, preview: bool = False) -> SessionItem:
    try:
        session = _sessions(conference, preview=preview).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404(_("No such session.")) from None
    session.conference = conference
    return _session_item(session, conference)


def _speakers(conference: Conference) -> QuerySet:
    """People in at least one published session of the conference, with those sessions."""
    published = Participation.objects.filter(session__conference=conference, session__is_published=True)
    return (
        Person.objects.filter(pk__in=published.values("person"))
        .exclude(visibility=Person.Visibility.ANONYMOUS)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=published.select_related("session__room").order_by("session__starts_at", "order", "pk"),
                to_attr="published_participations",
            )
        )
        .order_by("name", "pk")
    )


def _speaker_entry(person: Person, conference: Conference) -> SpeakerEntry:
    appearances = []
    for participation in person.published_participations:
        session = participation.session
        session.conference = conference
        session.ordered_participations = []  # the speaker pages list sessions, not their other people
        appearances.append((participation.get_role_display(), _session_item(session, conference)))
    return SpeakerEntry(person=public_person(person), appearances=appearances)


def speaker_entries(*, conference: Conference) -> list[SpeakerEntry]:
    """Public and name-only speakers of published sessions (anonymous ones are never listed)."""
    return [_speaker_entry(person, conference) for person in _speakers(conference)]


def speaker_entry(*, conference: Conference, pk: int) -> SpeakerEntry:
    """A public speaker's page; name-only and anonymous people, and people not on the programme, have none."""
    try:
        person = _speakers(conference).filter(visibility=Person.Visibility.PUBLIC).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404(_("No such speaker.")) from None
    return _speaker_entry(person, conference)


def person_photo(*, name: str, staff: bool) -> Person:
    """The person whose photo file is ``name``, if the asker may see it now: anyone while the person is
    public and speaks in a published session of a public conference; staff who edit people always.
    Anything else is "no such photo", so a withdrawn photo cannot be told from one that never was."""
    people = Person.objects.filter(photo__endswith=f"/{name}").exclude(photo="")
    if not staff:
        public_sessions = Participation.objects.filter(session__is_published=True).exclude(
            session__conference__status=Conference.Status.DRAFT
        )
        people = people.filter(visibility=Person.Visibility.PUBLIC, pk__in=public_sessions.values("person"))
    person = people.first()
    if person is None:
        raise Http404(_("No such photo."))
    return person


def conference_dates(conference: Conference) -> str:
    """ "3–4 May 2025" in the active language (badges, letters, certificates)."""
    start, end = conference.start_date, conference.end_date
    if start == end:
        return dateformat.format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{dateformat.format(start, 'j')}–{dateformat.format(end, 'j F Y')}"
    return f"{dateformat.format(start, 'j F')} – {dateformat.format(end, 'j F Y')}"
