"""Attendance per session: the scans at a marked session's door, settled as facts (docs/door-protocol.md).

Scans of session lists reach the server in the same uploads as the day's entry (registration/doors). Each
session named in a batch is row-locked, so two devices at one room's door count the seats one at a time.
A person is inside when their latest event (by time) is an entry; each scan is judged against the events
before its own time, so an offline scan uploaded late lands in its place.
"""

import bisect
from collections import defaultdict

from conference.models import Session
from registration.attendance.selectors import inside_counts
from registration.models import Attendance, Scan

Outcome = Scan.Outcome
Direction = Attendance.Direction


def attendance_sessions(*, conference_id: int, ids: set[int]) -> dict[int, Session]:
    """The marked sessions of this conference among ``ids``, row-locked (the seats are counted under the lock)."""
    if not ids:
        return {}
    locked = Session.objects.select_for_update(of=("self",)).select_related("room")
    return {
        session.pk: session
        for session in locked.filter(conference_id=conference_id, attendance_list=True, pk__in=ids).order_by("pk")
    }


def attendance_settle(*, records: list[Scan], sessions: dict[int, Session]) -> list[Attendance]:
    """Gives each scan of a session list its outcome and returns the attendance rows to insert once the scans
    have their ids. Online, an entry past the seats is refused (``session_full``); offline it happened: kept and
    flagged ``over_capacity``. A second entry of someone inside is ``already_inside`` online, ``duplicate``
    offline (flagged like the day's duplicates)."""
    if not records:
        return []
    history: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in (
        Attendance.objects.filter(
            session_id__in=sessions, registration_id__in={record.registration_id for record in records}
        )
        .order_by("at", "pk")
        .values_list("session_id", "registration_id", "at", "direction")
    ):
        history[row[0], row[1]].append((row[2], row[3]))
    inside = inside_counts(session_ids=list(sessions))
    made = []
    for record in sorted(records, key=lambda r: r.at):
        session = sessions[record.session_id]
        events = history[record.session_id, record.registration_id]
        position = bisect.bisect_right(events, record.at, key=lambda event: event[0])
        was_inside = position > 0 and events[position - 1][1] == Direction.ENTRY
        limit = session.seat_limit
        full = limit is not None and inside[session.pk] >= limit
        if record.direction == Direction.EXIT:
            record.outcome = Outcome.LEFT
        elif was_inside:
            record.outcome = Outcome.DUPLICATE if record.offline else Outcome.ALREADY_INSIDE
            continue
        elif full and not record.offline:
            record.outcome = Outcome.SESSION_FULL
            continue
        else:
            record.outcome = Outcome.ADMITTED
        latest_before = bool(events) and events[-1][1] == Direction.ENTRY
        events.insert(position, (record.at, record.direction))
        inside[session.pk] += (events[-1][1] == Direction.ENTRY) - latest_before
        made.append(
            Attendance(
                registration_id=record.registration_id,
                session=session,
                direction=record.direction,
                at=record.at,
                door=record.door,
                device=record.device,
                by=record.by,
                over_capacity=record.direction == Direction.ENTRY and full,
                scan=record,  # inserted first: bulk_create takes its id then
            )
        )
    return made
