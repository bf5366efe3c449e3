"""Reads for the door: the name search, a registration or badge to check in, and the live counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncHour
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from conference.models import Conference
from plenary.permissions import SECRETARIAT, in_group
from registration.models import Badge, Category, CheckIn, Door, Registration, Scan

# --- Reads ---


# The door works only while a conference can have people at its doors: not a draft, not archived.
CHECKIN_STATUSES = (Conference.Status.REGISTRATION_OPEN, Conference.Status.REGISTRATION_CLOSED)


def door_may_work(user, conference: Conference) -> bool:
    """The door team sees a conference only while it is open for check-in; the secretariat always."""
    return in_group(user, SECRETARIAT) or conference.status in CHECKIN_STATUSES


def checkin_registration_get(*, conference: Conference, pk: int) -> Registration:
    """An approved registration of this conference picked from the name search, or 404: an id guessed by the
    door never tells whether a pending or declined person exists."""
    registration = Registration.objects.filter(
        pk=pk, conference=conference, status=Registration.Status.APPROVED
    ).first()
    if registration is None:
        raise Http404
    return registration


def door_may_see(user, badge: Badge) -> bool:
    """What a badge's page may show the door: an active badge of an approved delegate of a conference open
    for check-in (the secretariat sees every badge)."""
    if in_group(user, SECRETARIAT):
        return True
    registration = badge.registration
    return (
        badge.revoked_at is None
        and registration.status == Registration.Status.APPROVED
        and door_may_work(user, registration.conference)
    )


def badge_for_token(*, token: str) -> Badge | None:
    """The badge a QR code's token names (revoked ones too: the door is told), with its registration and
    conference (the caller cuts an over-long token as for any scanned code)."""
    return Badge.objects.select_related("registration__conference").filter(token=token).first()


def door_names(*, conference: Conference) -> dict[int, str]:
    """The conference's doors by id, named in the active language."""
    return {door.pk: str(door.name) for door in Door.objects.filter(conference=conference)}


def conference_doors(*, conference: Conference) -> list[Door]:
    return list(Door.objects.filter(conference=conference))


@dataclass(frozen=True)
class SearchMatch:
    """One person the name search found, with today's check-in (None when not checked in today)."""

    registration: Registration
    checked_in_at: dt.datetime | None
    door: str
    # The hash of the person's active badge, as in the door's local list: the scanner checks them in through its
    # queue like a scan, so a network cut loses nothing ("" without a badge: the scan endpoint by id).
    badge_hash: str = ""

    @property
    def can_check_in(self) -> bool:
        return self.registration.status == Registration.Status.APPROVED and self.checked_in_at is None

    @property
    def state(self) -> str:
        """What the door shows instead of the "Check in" button (empty when it shows the button)."""
        if self.registration.status != Registration.Status.APPROVED:
            return gettext("Not approved (%(status)s)") % {"status": self.registration.get_status_display()}
        if self.checked_in_at is None:
            return ""
        time = self.checked_in_at.strftime("%H:%M")
        if self.door:
            return gettext("Already checked in at %(time)s at %(door)s") % {"time": time, "door": self.door}
        return gettext("Already checked in at %(time)s") % {"time": time}


@dataclass(frozen=True)
class SearchResults:
    matches: list[SearchMatch]
    total: int  # every match, of which ``matches`` holds the first ``limit``

    @property
    def more(self) -> str:
        """Says that the list is cut, or nothing when every match is shown."""
        if self.total <= len(self.matches):
            return ""
        return ngettext(
            "Showing %(shown)d of %(total)d: refine your search.",
            "Showing %(shown)d of %(total)d: refine your search.",
            self.total,
        ) % {"shown": len(self.matches), "total": self.total}


def checkin_search(
    *, conference: Conference, query: str, day: dt.date, include_unapproved: bool = False, limit: int = 20
) -> SearchResults:
    """Registrations of this conference matching every word of ``query`` in a name or the organisation, with
    their check-in of ``day``. Only approved ones unless ``include_unapproved`` (the secretariat): nobody
    pending, declined or cancelled (a pending witness among them) reaches the door."""
    queryset = Registration.objects.filter(conference=conference)
    if not include_unapproved:
        queryset = queryset.filter(status=Registration.Status.APPROVED)
    words = query.split()[:5]
    if not words:
        return SearchResults(matches=[], total=0)
    for word in words:
        word = word[:100]
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(name_ar__icontains=word)
            | Q(organisation__icontains=word)
        )
    today = CheckIn.objects.filter(registration=OuterRef("pk"), day=day)
    badge = Badge.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True).order_by("-pk")
    rows = queryset.annotate(
        checked_in_at=Subquery(today.values("at")[:1]),
        checked_in_door=Subquery(today.values("door")[:1]),
        badge_hash=Subquery(badge.values("token_sha256")[:1]),
    ).order_by("last_name", "first_name", "pk")[:limit]
    names = door_names(conference=conference)
    matches = [
        SearchMatch(
            registration=row,
            checked_in_at=timezone.localtime(row.checked_in_at, conference.tzinfo) if row.checked_in_at else None,
            door=names.get(row.checked_in_door, ""),
            badge_hash=row.badge_hash or "",
        )
        for row in rows
    ]
    total = len(matches) if len(matches) < limit else queryset.count()
    return SearchResults(matches=matches, total=total)


@dataclass(frozen=True)
class DuplicateScan:
    """A second admission of someone already checked in, made offline: the secretariat looks at who let them in."""

    at: dt.datetime
    name: str
    door: str
    device: str
    clock_flagged: bool


@dataclass(frozen=True)
class CheckinCounts:
    day: dt.date
    total: int
    approved: int
    by_category: list[tuple[str, int]]
    by_door: list[tuple[str, int]]
    by_hour: list[tuple[dt.datetime, int]]
    duplicates: list[DuplicateScan]


def checkin_counts(*, conference: Conference, day: dt.date) -> CheckinCounts:
    """Checked in on ``day``, by category, by door (named in the active language) and by hour, against the number
    of approved delegates; and the day's offline duplicates."""
    checkins = CheckIn.objects.filter(registration__conference=conference, day=day)
    labels = dict(Category.choices)
    by_category = [
        (str(labels.get(row["registration__category"], row["registration__category"])), row["n"])
        for row in checkins.values("registration__category").annotate(n=Count("pk")).order_by("-n")
    ]
    names = door_names(conference=conference)
    by_door = [
        (names.get(row["door"], ""), row["n"]) for row in checkins.values("door").annotate(n=Count("pk")).order_by("-n")
    ]
    hours = checkins.annotate(hour=TruncHour("at", tzinfo=conference.tzinfo)).values("hour")
    by_hour = [(row["hour"], row["n"]) for row in hours.annotate(n=Count("pk")).order_by("hour")]
    approved = Registration.objects.filter(conference=conference, status=Registration.Status.APPROVED).count()
    starts = dt.datetime.combine(day, dt.time.min, tzinfo=conference.tzinfo)
    duplicates = (
        Scan.objects.filter(
            conference=conference,
            outcome=Scan.Outcome.DUPLICATE,
            session__isnull=True,  # a session's duplicates are on its own page
            at__gte=starts,
            at__lt=starts + dt.timedelta(days=1),
        )
        .select_related("registration", "device")
        .order_by("at", "pk")
    )
    return CheckinCounts(
        day=day,
        total=sum(n for _, n in by_category),
        approved=approved,
        by_category=by_category,
        by_door=by_door,
        by_hour=by_hour,
        duplicates=[
            DuplicateScan(
                at=timezone.localtime(scan.at, conference.tzinfo),
                name=scan.registration.full_name if scan.registration else "",
                door=names.get(scan.door_id, ""),
                device=scan.device.label if scan.device else "",
                clock_flagged=scan.clock_flagged,
            )
            for scan in duplicates
        ],
    )
