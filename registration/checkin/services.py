"""Check-in at the door: one scan, one outcome, one line in the scan log.

A delegate is checked in once per conference day (in the conference's time zone). Two scans of one
badge at the same moment on two doors race to insert the same (registration, day) row: the unique
constraint lets exactly one insert through (``INSERT … ON CONFLICT DO NOTHING``), the other inserts
nothing and reports "already checked in" with the first entry's time and door.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from conference.models import Conference
from registration.models import Badge, CheckIn, Door, Registration, Scan, User

Outcome = Scan.Outcome
# What a scanner may send is bounded; anything longer is an unknown code like any other.
CODE_MAX_LENGTH = 512
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# What the door's answer shows of a registration: loading only these halves the time of the badge's query.
_DOOR_FIELDS = ("status", "first_name", "last_name", "name_ar", "category", "photo_consent")


@dataclass(frozen=True)
class ScanOutcome:
    result: str
    name: str = ""
    name_ar: str = ""
    category: str = ""
    category_label: str = ""
    photo_consent: bool | None = None
    first_checked_in_at: dt.datetime | None = None
    door: str = ""
    # The day's check-in the scan found or made: its scan line points to it (an upload may take it over).
    checkin: CheckIn | None = field(default=None, compare=False, repr=False)

    def as_json(self) -> dict:
        return {
            "result": self.result,
            "name": self.name,
            "name_ar": self.name_ar,
            "category": self.category_label,
            "category_key": self.category,
            "photo_consent": self.photo_consent,
            "first_checked_in_at": self.first_checked_in_at.isoformat() if self.first_checked_in_at else None,
            "door": self.door,
        }


def badge_token_from_code(code: str) -> str:
    """The token in a scanned ``SITE_URL/b/<token>`` or a bare token; "" when the shape is wrong.

    The host is not checked: a badge printed before a change of address still opens the door.
    """
    code = code.strip()[:CODE_MAX_LENGTH]
    if "/" in code:
        parts = urlsplit(code).path.rstrip("/").split("/")
        code = parts[-1] if len(parts) >= 2 and parts[-2] == "b" else ""
    return code if _TOKEN.fullmatch(code) else ""


def scan_code_hash(code: str) -> str:
    """A short keyed hash: lets the log group repeated unknown codes without keeping what they said."""
    return salted_hmac("plenary.checkin.scan", code[:CODE_MAX_LENGTH], algorithm="sha256").hexdigest()[:16]


def conference_day(*, conference: Conference, at: dt.datetime) -> dt.date:
    return timezone.localtime(at, conference.tzinfo).date()


def _outcome(
    result: str, registration: Registration, *, conference: Conference, checkin: CheckIn | None = None
) -> ScanOutcome:
    return ScanOutcome(
        result=result,
        name=registration.full_name,
        name_ar=registration.name_ar,
        category=registration.category,
        category_label=str(registration.get_category_display()),
        photo_consent=registration.photo_consent,
        first_checked_in_at=timezone.localtime(checkin.at, conference.tzinfo) if checkin else None,
        door=str(checkin.door or "") if checkin else "",
        checkin=checkin,
    )


def _check_in(
    *, conference: Conference, registration: Registration, door: Door | None, by: User | None, now: dt.datetime
) -> ScanOutcome:
    if registration.status != Registration.Status.APPROVED:
        # No name, no category: the door only needs to send them to the secretariat's desk.
        return ScanOutcome(result=Outcome.NOT_APPROVED)
    day = conference_day(conference=conference, at=now)
    checkin = CheckIn(registration=registration, day=day, at=now, door=door, by=by, recorded_at=timezone.now())
    if _insert_unless_checked_in(checkin):
        return _outcome(Outcome.CHECKED_IN, registration, conference=conference, checkin=checkin)
    first = CheckIn.objects.select_related("door").get(registration=registration, day=day)
    return _outcome(Outcome.ALREADY_CHECKED_IN, registration, conference=conference, checkin=first)


_CHECKIN_FIELDS = ("registration", "day", "at", "door", "by", "device", "recorded_at")


@functools.cache
def _insert_statement(vendor: str) -> str:
    """The check-in's ``INSERT … ON CONFLICT DO NOTHING RETURNING id``, built once per database vendor."""
    quote = connection.ops.quote_name
    fields = [CheckIn._meta.get_field(name) for name in _CHECKIN_FIELDS]
    columns = ", ".join(quote(field.column) for field in fields)
    once_per_day = ", ".join(quote(field.column) for field in fields[:2])  # the constraint checkin_once_per_day
    table, placeholders = quote(CheckIn._meta.db_table), ", ".join(["%s"] * len(fields))
    returning = quote(CheckIn._meta.pk.column)
    # Names from the model, values as parameters.
    insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    return f"{insert} ON CONFLICT ({once_per_day}) DO NOTHING RETURNING {returning}"


def _insert_unless_checked_in(checkin: CheckIn) -> bool:
    """Inserts the day's check-in unless one exists; True when this one was inserted (its pk is set then).

    One statement, where ``create`` in a savepoint catching ``IntegrityError`` takes three, and five for a
    repeat: the door's hot path, and a repeat scan is one in five at a busy door.
    """
    fields = (CheckIn._meta.get_field(name) for name in _CHECKIN_FIELDS)
    values = [field.get_db_prep_save(getattr(checkin, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_statement(connection.vendor), values)
        row = cursor.fetchone()
    if row is None:
        return False
    checkin.pk = row[0]
    checkin._state.adding = False
    return True


def _record(
    *,
    conference: Conference,
    outcome: ScanOutcome,
    registration: Registration | None,
    code_hash: str,
    door: Door | None,
    by: User | None,
    now: dt.datetime,
) -> ScanOutcome:
    Scan.objects.create(
        conference=conference,
        at=now,
        by=by,
        door=door,
        outcome=outcome.result,
        registration=registration,
        code_hash=code_hash,
        checkin=outcome.checkin,
    )
    return outcome


@transaction.atomic
def checkin_scan(
    *, conference: Conference, code: str, door: Door | None, by: User | None, now: dt.datetime | None = None
) -> ScanOutcome:
    """Checks in the holder of the scanned badge. Every scan is logged, failed ones too.

    Whatever the shape of an unknown code, the same queries run and the same answer comes back.
    """
    now = now or timezone.now()
    token = badge_token_from_code(code)
    badge = (
        Badge.objects.select_related("registration")
        .only("revoked_at", *(f"registration__{name}" for name in _DOOR_FIELDS))
        .filter(token=token, registration__conference=conference)
        .first()
    )
    if badge is None:
        return _record(
            conference=conference,
            outcome=ScanOutcome(result=Outcome.UNKNOWN),
            registration=None,
            code_hash=scan_code_hash(code),
            door=door,
            by=by,
            now=now,
        )
    registration = badge.registration
    if badge.revoked_at is not None:
        outcome = ScanOutcome(result=Outcome.REVOKED)  # a lost or replaced badge: whoever holds it, no name
    else:
        outcome = _check_in(conference=conference, registration=registration, door=door, by=by, now=now)
    return _record(
        conference=conference, outcome=outcome, registration=registration, code_hash="", door=door, by=by, now=now
    )


@transaction.atomic
def checkin_registration(
    *,
    conference: Conference,
    registration: Registration,
    door: Door | None,
    by: User | None,
    now: dt.datetime | None = None,
) -> ScanOutcome:
    """Checks in a delegate found by name at the desk ("I am registered but have no badge")."""
    now = now or timezone.now()
    outcome = _check_in(conference=conference, registration=registration, door=door, by=by, now=now)
    return _record(
        conference=conference, outcome=outcome, registration=registration, code_hash="", door=door, by=by, now=now
    )
