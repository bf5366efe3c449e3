"""Reads on registrations: the vetting queue, a delegate's own data, the public participants list."""

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from conference.models import Conference
from registration.models import DELEGATE_DETAIL_FIELDS, AuditLogEntry, Registration, StatusChange, User

Status = Registration.Status


def registration_edit_deadline(conference: Conference) -> dt.datetime:
    """The conference's edit cut-off, or midnight at the start of its first day (local time)."""
    if conference.edit_cutoff is not None:
        return conference.edit_cutoff
    return dt.datetime.combine(conference.start_date, dt.time.min, tzinfo=conference.tzinfo)


def registration_is_editable(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    return (
        registration.anonymised_at is None
        and registration.status in {Status.PENDING, Status.APPROVED, Status.WAITLISTED}
        and (now or timezone.now()) < registration_edit_deadline(registration.conference)
    )


def registration_for_user(*, conference: Conference, user: User) -> Registration | None:
    return conference.registrations.filter(user=user).first()


def unclaimed_registration(*, conference: Conference, email: str) -> Registration | None:
    """A registration the secretariat made for this e-mail (an import) and nobody has linked yet."""
    return conference.registrations.filter(user__isnull=True, email__iexact=email, anonymised_at__isnull=True).first()


def registration_initial_from_last(*, user: User) -> dict[str, Any]:
    """The details of the user's most recent registration, to start the next one from."""
    last = user.registrations.filter(anonymised_at__isnull=True).order_by("-created_at", "-pk").first()
    if last is None:
        return {}
    return {name: getattr(last, name) for name in DELEGATE_DETAIL_FIELDS}


def registration_queue(
    *,
    conference: Conference,
    status: str = "",
    category: str = "",
    country: str = "",
    source: str = "",
    search: str = "",
) -> QuerySet[Registration]:
    registrations = conference.registrations.filter(anonymised_at__isnull=True)
    if status:
        registrations = registrations.filter(status=status)
    if category:
        registrations = registrations.filter(category=category)
    if country:
        registrations = registrations.filter(country=country)
    if source:
        registrations = registrations.filter(source=source)
    for word in search.split():
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(name_ar__icontains=word)
            | Q(organisation__icontains=word)
            | Q(email__icontains=word)
        )
    return registrations.order_by("created_at", "pk")


def registration_status_counts(*, conference: Conference) -> dict[str, int]:
    """How many registrations are in each status (every status present, zero included), in one query."""
    counts = conference.registrations.filter(anonymised_at__isnull=True).aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in Status.values}
    )
    return {value: counts[value] for value in Status.values}


def registration_history(*, registration: Registration) -> QuerySet[StatusChange]:
    return registration.status_changes.select_related("by").order_by("at", "pk")


def audit_log_entries(*, conference: Conference) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(conference=conference).select_related("actor").order_by("-at", "-pk")


def public_participants(*, conference: Conference) -> list[dict[str, str]]:
    """Approved delegates who consented: name, organisation and country, nothing else."""
    rows = (
        conference.registrations.filter(status=Status.APPROVED, list_consent=True, anonymised_at__isnull=True)
        .order_by("last_name", "first_name", "pk")
        .only("first_name", "last_name", "name_ar", "organisation", "country")
    )
    return [
        {
            "name": row.full_name,
            "name_ar": row.name_ar,
            "organisation": row.organisation,
            "country": row.country.name if row.country else "",
        }
        for row in rows
    ]


def mfa_enabled(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything Plenary holds about one account, for its owner (GDPR article 15/20)."""
    registrations = user.registrations.select_related("conference", "import_batch").prefetch_related(
        "status_changes", "badges", "checkins"
    )
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_authentication": mfa_enabled(user),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "registrations": [_registration_data(registration, user) for registration in registrations.order_by("pk")],
    }


def _registration_data(registration: Registration, user: User) -> dict[str, Any]:
    return {
        "conference": registration.conference.slug,
        "conference_title": registration.conference.title,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "name_ar": registration.name_ar,
        "email": registration.email,
        "organisation": registration.organisation,
        "position": registration.position,
        "phone": registration.phone,
        "country": registration.country.code or "",
        "category": registration.category,
        "language": registration.language,
        "interpretation_needs": registration.interpretation_needs,
        "accessibility_needs": registration.accessibility_needs,
        "dietary_requirements": registration.dietary_requirements,
        "photo_consent": registration.photo_consent,
        "list_consent": registration.list_consent,
        "privacy_policy_version": registration.privacy_policy_version,
        "privacy_accepted_at": _iso(registration.privacy_accepted_at),
        "source": registration.source,
        # Which partner's list it came from; the file itself stays with the secretariat.
        "imported_from": registration.import_batch.source_organisation if registration.import_batch else "",
        "status": registration.status,
        "waitlisted_at": _iso(registration.waitlisted_at),
        "created_at": registration.created_at.isoformat(),
        "updated_at": registration.updated_at.isoformat(),
        # The badge's token is left out: it is the key printed on the badge, not a fact about the person.
        "badges": [
            {
                "issued_at": _iso(badge.issued_at),
                "printed_at": _iso(badge.printed_at),
                "revoked_at": _iso(badge.revoked_at),
            }
            for badge in registration.badges.all()
        ],
        "check_ins": [
            {"day": checkin.day.isoformat(), "at": _iso(checkin.at), "door": checkin.door}
            for checkin in registration.checkins.all()
        ],
        # Who in the secretariat made a change is theirs, not the delegate's: only "you" or "secretariat".
        "history": [
            {
                "at": change.at.isoformat(),
                "from": change.from_status,
                "to": change.to_status,
                "by": "you" if change.by_id == user.pk else "secretariat",
                "message": change.message,
            }
            for change in registration.status_changes.all()
        ],
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
