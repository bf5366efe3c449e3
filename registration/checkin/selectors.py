"""Reads for the door: the name search, a registration or badge to check in, and the live counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from conference.models import Conference
from registration.models import Badge, Category, CheckIn, Registration

# --- Reads ---


def checkin_registration_get(*, conference: Conference, pk: int) -> Registration:
    """A registration of this conference picked from the name search, or 404."""
    registration = Registration.objects.filter(pk=pk, conference=conference).first()
    if registration is None:
        raise Http404
    return registration


def badge_for_token(*, token: str) -> Badge | None:
    """The badge a QR code's token names (revoked ones too: the door is told), with its registration and
    conference (the caller cuts an over-long token as for any scanned code)."""
    return Badge.objects.select_related("registration__conference").filter(token=token).first()


def checkin_search(*, conference: Conference, query: str, limit: int = 20) -> QuerySet[Registration]:
    """Registrations of this conference matching every word of ``query`` in a name or the organisation."""
    queryset = Registration.objects.filter(conference=conference)
    words = query.split()[:5]
    if not words:
        return queryset.none()
    for word in words:
        word = word[:100]
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(name_ar__icontains=word)
            | Q(organisation__icontains=word)
        )
    return queryset.order_by("last_name", "first_name", "pk")[:limit]


@dataclass(frozen=True)
class CheckinCounts:
    day: dt.date
    total: int
    approved: int
    by_category: list[tuple[str, int]]
    by_door: list[tuple[str, int]]


def checkin_counts(*, conference: Conference, day: dt.date) -> CheckinCounts:
    """Checked in on ``day``, by category and by door, against the number of approved delegates."""
    checkins = CheckIn.objects.filter(registration__conference=conference, day=day)
    labels = dict(Category.choices)
    by_category = [
        (str(labels.get(row["registration__category"], row["registration__category"])), row["n"])
        for row in checkins.values("registration__category").annotate(n=Count("pk")).order_by("-n")
    ]
    by_door = [(row["door"], row["n"]) for row in checkins.values("door").annotate(n=Count("pk")).order_by("-n")]
    approved = Registration.objects.filter(conference=conference, status=Registration.Status.APPROVED).count()
    return CheckinCounts(
        day=day,
        total=sum(n for _, n in by_category),
        approved=approved,
        by_category=by_category,
        by_door=by_door,
    )
