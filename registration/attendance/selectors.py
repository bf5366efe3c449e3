"""Reads for attendance per session: who is inside now, the counts, and the marked sessions of a day."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conference.models import Conference, Session
from registration.models import Attendance, Category, Scan

Direction = Attendance.Direction


def _latest_events(session_ids: list[int]):
    """Each person's latest event per session (by time, then id)."""
    latest = Attendance.objects.filter(session=OuterRef("session"), registration=OuterRef("registration")).order_by(
        "-at", "-pk"
    )
    return Attendance.objects.filter(session_id__in=session_ids, pk=Subquery(latest.values("pk")[:1]))


def inside_counts(*, session_ids: list[int]) -> Counter:
    """How many people are inside each session now, by session id (0 when nobody)."""
    rows = _latest_events(session_ids).filter(direction=Direction.ENTRY).values("session").annotate(n=Count("pk"))
    return Counter({row["session"]: row["n"] for row in rows})


def marked_sessions(*, conference: Conference, day: dt.date | None = None) -> list[Session]:
    """The sessions of this conference with an attendance list (on ``day`` in the conference's time zone)."""
    sessions = Session.objects.filter(conference=conference, attendance_list=True).select_related("room")
    if day is not None:
        starts = dt.datetime.combine(day, dt.time.min, tzinfo=conference.tzinfo)
        sessions = sessions.filter(starts_at__lt=starts + dt.timedelta(days=1), ends_at__gt=starts)
    return list(sessions.order_by("starts_at", "pk"))


def attendance_session_get(*, conference: Conference, pk: int) -> Session:
    """A marked session of this conference, or 404."""
    return get_object_or_404(
        Session.objects.select_related("room", "conference"), conference=conference, attendance_list=True, pk=pk
    )


@dataclass(frozen=True)
class SessionCounts:
    session: Session
    inside: int
    seats: int | None
    people: int  # everyone who came in at least once
    entries: int
    exits: int
    over_capacity: int
    duplicates: int

    @property
    def full(self) -> bool:
        return self.seats is not None and self.inside >= self.seats


def session_counts(*, sessions: list[Session]) -> list[SessionCounts]:
    """Counts for each session, in three queries whatever their number."""
    ids = [session.pk for session in sessions]
    inside = inside_counts(session_ids=ids)
    totals = {
        row["session"]: row
        for row in Attendance.objects.filter(session_id__in=ids)
        .values("session")
        .annotate(
            people=Count("registration", distinct=True, filter=Q(direction=Direction.ENTRY)),
            entries=Count("pk", filter=Q(direction=Direction.ENTRY)),
            exits=Count("pk", filter=Q(direction=Direction.EXIT)),
            over=Count("pk", filter=Q(over_capacity=True)),
        )
    }
    duplicates = dict(
        Scan.objects.filter(session_id__in=ids, outcome=Scan.Outcome.DUPLICATE)
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    counts = []
    for session in sessions:
        row = totals.get(session.pk, {})
        counts.append(
            SessionCounts(
                session=session,
                inside=inside[session.pk],
                seats=session.seat_limit,
                people=row.get("people", 0),
                entries=row.get("entries", 0),
                exits=row.get("exits", 0),
                over_capacity=row.get("over", 0),
                duplicates=duplicates.get(session.pk, 0),
            )
        )
    return counts


@dataclass(frozen=True)
class InsideRow:
    name: str
    name_ar: str
    category: str
    since: dt.datetime
    over_capacity: bool


def inside_now(*, session: Session) -> list[InsideRow]:
    """Who is inside the session now (their latest event is an entry), sorted by name, in one query.

    Only approved registrations reach a session's list; an anonymised one shows no name (it has none left)."""
    labels = dict(Category.choices)
    rows = (
        _latest_events([session.pk])
        .filter(direction=Direction.ENTRY)
        .select_related("registration")
        .order_by("registration__last_name", "registration__first_name", "pk")
    )
    return [
        InsideRow(
            name=row.registration.full_name,
            name_ar=row.registration.name_ar,
            category=str(labels.get(row.registration.category, row.registration.category)),
            since=timezone.localtime(row.at, session.conference.tzinfo),
            over_capacity=row.over_capacity,
        )
        for row in rows
    ]


def sessions_for_door(*, conference: Conference, day: dt.date) -> list[dict]:
    """What a door device needs of the day's marked sessions (docs/door-protocol.md): no names, only counts."""
    sessions = marked_sessions(conference=conference, day=day)
    counts = {count.session.pk: count for count in session_counts(sessions=sessions)}
    return [
        {
            "id": session.pk,
            "title": str(session.title),
            "starts_at": timezone.localtime(session.starts_at, conference.tzinfo).isoformat(),
            "ends_at": timezone.localtime(session.ends_at, conference.tzinfo).isoformat(),
            "seats": counts[session.pk].seats,
            "exit_scans": session.exit_scans,
            "inside": counts[session.pk].inside,
        }
        for session in sessions
    ]
