"""Uploaded scans taken as facts (docs/door-protocol.md): idempotent by nonce, the earliest admission wins.

A batch is settled in a constant number of queries: the known nonces, the badges, the day's check-ins of the
people in it (row-locked), then one insert of the new check-ins and one of the scans. Two uploads racing to
check the same person in collide on the check-in's unique (registration, day): the loser's savepoint rolls
back and it settles again, now seeing (and locking) the winner's row; the same holds for a batch sent twice
at once (the nonce's unique constraint).
"""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.models import Conference
from registration.attendance.selectors import inside_counts
from registration.attendance.services import attendance_sessions, attendance_settle
from registration.checkin.selectors import door_names
from registration.checkin.services import conference_day, scan_code_hash
from registration.models import Attendance, Badge, CheckIn, Door, DoorDevice, Registration, Scan, User

Outcome = Scan.Outcome
MAX_SCANS_PER_UPLOAD = 500
# A device clock further than this from the server's is not believed as it is.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)
# Each retry sees the rows of the upload it collided with; a new collision needs yet another concurrent upload.
_SETTLE_ATTEMPTS = 5
# The session outcomes that name the person (as the day's check-in does); the others only send them to the desk.
_SESSION_NAMED = (Outcome.ADMITTED, Outcome.ALREADY_INSIDE, Outcome.LEFT, Outcome.DUPLICATE, Outcome.SESSION_FULL)


@dataclass(frozen=True)
class UploadedScan:
    nonce: uuid.UUID
    h: str
    at: dt.datetime
    offline: bool
    # A marked session's list (registration/attendance); None: the day's entry, as from clients before it.
    session: int | None = None
    direction: str = Attendance.Direction.ENTRY


@dataclass(frozen=True)
class UploadResult:
    nonce: uuid.UUID
    outcome: str
    name: str = ""
    first_at: dt.datetime | None = None
    door: str = ""
    # For a session's list: the session, and the server's count of people inside it and its seats.
    session: int | None = None
    inside: int | None = None
    seats: int | None = None

    def as_json(self) -> dict:
        answer = {
            "nonce": str(self.nonce),
            "outcome": self.outcome,
            "name": self.name,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "door": self.door,
        }
        if self.session is not None:
            answer.update(session=self.session, inside=self.inside, seats=self.seats)
        return answer


@dataclass(frozen=True)
class Sender:
    """Who uploads: a paired device, or a door volunteer's account at the door they picked."""

    conference: Conference
    door: Door | None
    device: DoorDevice | None = None
    user: User | None = None


def trusted_time(
    *, scan: UploadedScan, conference: Conference, now: dt.datetime, skew: dt.timedelta | None
) -> tuple[dt.datetime, bool]:
    """The time the server records for a scan, and whether the device's clock was off.

    ``skew``: the device's clock minus the server's, when the upload said what time the device thought it was.
    A skew over the tolerance is flagged and taken off the device's times. A time in the server's future,
    before the conference's first day, or (for an online scan) far from the upload's, is flagged and replaced
    by the server's time.
    """
    at, flagged = scan.at, False
    if skew is not None and abs(skew) > CLOCK_TOLERANCE:
        at, flagged = at - skew, True
    if at > now + CLOCK_TOLERANCE or at < conference.starts_at:
        return now, True
    if not scan.offline and abs(now - at) > CLOCK_TOLERANCE:
        return now, True
    return at, flagged


def scans_upload(
    *, sender: Sender, scans: list[UploadedScan], sent_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> list[UploadResult]:
    """Records every scan of the batch (once per nonce) and answers for each, in the batch's order."""
    now = now or timezone.now()
    skew = sent_at - now if sent_at else None
    with transaction.atomic():
        for attempt in range(_SETTLE_ATTEMPTS):
            try:
                with transaction.atomic():
                    return _settle(sender=sender, scans=scans, skew=skew, now=now)
            except IntegrityError:
                if attempt == _SETTLE_ATTEMPTS - 1:
                    raise
    raise AssertionError("unreachable")


def _sent_by(sender: Sender) -> dict:
    if sender.device is not None:
        return {"device": sender.device}
    return {"device__isnull": True, "by": sender.user}


def _settle(*, sender: Sender, scans: list[UploadedScan], skew: dt.timedelta | None, now: dt.datetime) -> list:
    conference = sender.conference
    names = door_names(conference=conference)
    known = {
        scan.nonce: scan
        for scan in Scan.objects.filter(nonce__in=[s.nonce for s in scans], **_sent_by(sender)).select_related(
            "registration", "checkin", "session__room"
        )
    }
    fresh: dict[uuid.UUID, UploadedScan] = {}
    for scan in scans:
        if scan.nonce not in known:
            fresh.setdefault(scan.nonce, scan)
    refused = sender.device is not None and sender.device.revoked_at is not None
    badges = {}
    if not refused:
        badges = {
            badge.token_sha256: badge
            for badge in Badge.objects.filter(
                registration__conference=conference, token_sha256__in={s.h for s in fresh.values()}
            ).select_related("registration")
        }
    sessions = attendance_sessions(
        conference_id=conference.pk, ids={s.session for s in fresh.values() if s.session is not None}
    )
    records: dict[uuid.UUID, Scan] = {}
    admissions = defaultdict(list)
    attendances = []
    for scan in fresh.values():
        at, flagged = trusted_time(scan=scan, conference=conference, now=now, skew=skew)
        badge = badges.get(scan.h)
        record = Scan(
            conference=conference,
            at=at,
            by=sender.user,
            door=sender.door,
            device=sender.device,
            nonce=scan.nonce,
            device_at=scan.at,
            offline=scan.offline,
            clock_flagged=flagged,
            registration=badge.registration if badge else None,
            session=sessions.get(scan.session),
            direction=scan.direction if scan.session is not None else "",
        )
        if refused or not _list_open(scan, sessions):
            record.outcome = Outcome.REFUSED
        elif badge is None:
            record.outcome, record.code_hash = Outcome.UNKNOWN, scan_code_hash(scan.h)
        elif badge.revoked_at is not None and badge.revoked_at <= at:
            record.outcome = Outcome.REVOKED
        elif badge.registration.status != Registration.Status.APPROVED:
            record.outcome = Outcome.NOT_APPROVED
        elif record.session is not None:
            attendances.append(record)
        else:
            admissions[badge.registration_id, conference_day(conference=conference, at=at)].append(record)
        records[scan.nonce] = record
    _admit(admissions=admissions, now=now)
    rows = attendance_settle(records=attendances, sessions=sessions)
    Scan.objects.bulk_create(records.values())
    Attendance.objects.bulk_create(rows)
    known.update(records)
    inside = inside_counts(session_ids=[r.session_id for r in known.values() if r.session_id is not None])
    return [_result(known[scan.nonce], names=names, conference=conference, inside=inside) for scan in scans]


def _list_open(scan: UploadedScan, sessions: dict) -> bool:
    """The day's entry, or a marked session of this conference (with exit scans for an exit)."""
    if scan.session is None:
        return True
    session = sessions.get(scan.session)
    return session is not None and (scan.direction == Attendance.Direction.ENTRY or session.exit_scans)


def _admit(*, admissions: dict, now: dt.datetime) -> None:
    """One check-in per person and day: the earliest admission, among the batch and what the server had."""
    if not admissions:
        return
    existing = {
        (checkin.registration_id, checkin.day): checkin
        for checkin in CheckIn.objects.select_for_update().filter(
            registration_id__in={key[0] for key in admissions}, day__in={key[1] for key in admissions}
        )
    }
    created, taken_over = [], []
    for (registration_id, day), records in admissions.items():
        checkin = existing.get((registration_id, day))
        winner = None  # the batch's admission that made or took over the check-in
        for record in sorted(records, key=lambda r: r.at):
            if checkin is None:
                checkin = CheckIn(registration_id=registration_id, day=day, recorded_at=now)
                created.append(checkin)
            elif record.at < checkin.at and winner is None:  # sorted: only the batch's first can be earlier
                taken_over.append(checkin)
            else:
                record.outcome = Outcome.DUPLICATE if record.offline else Outcome.ALREADY_CHECKED_IN
                record.checkin = checkin
                continue
            checkin.at, checkin.door, checkin.by, checkin.device = record.at, record.door, record.by, record.device
            checkin.recorded_at = now
            record.outcome, record.checkin, winner = Outcome.CHECKED_IN, checkin, record
    CheckIn.objects.bulk_create(created)
    if taken_over:
        Scan.objects.filter(checkin__in=taken_over, outcome=Outcome.CHECKED_IN).update(outcome=Outcome.DUPLICATE)
        CheckIn.objects.bulk_update(taken_over, ["at", "door", "by", "device", "recorded_at"])


def _result(record: Scan, *, names: dict[int, str], conference: Conference, inside: dict) -> UploadResult:
    if record.session_id is not None:
        named = record.outcome in _SESSION_NAMED
        return UploadResult(
            nonce=record.nonce,
            outcome=record.outcome,
            name=record.registration.full_name if named else "",
            session=record.session_id,
            inside=inside[record.session_id],
            seats=record.session.seat_limit if record.session else None,
        )
    checkin = record.checkin
    if checkin is None or record.outcome not in (Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN, Outcome.DUPLICATE):
        return UploadResult(nonce=record.nonce, outcome=record.outcome)
    return UploadResult(
        nonce=record.nonce,
        outcome=record.outcome,
        name=record.registration.full_name,
        first_at=timezone.localtime(checkin.at, conference.tzinfo),
        door=names.get(checkin.door_id, ""),
    )
