"""Reads on registrations: the vetting queue, a delegate's own data, the public participants list."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from conference.lifecycle import RegistrationWindow, registration_window
from conference.models import Conference
from registration.models import (
    DELEGATE_CONSENT_FIELDS,
    DELEGATE_DETAIL_FIELDS,
    Badge,
    CheckIn,
    Registration,
    StatusChange,
    User,
)

Status = Registration.Status
# A registration that holds or waits for a place: its owner may change or cancel it until the cut-off.
HOLDING_STATUSES = frozenset({Status.PENDING, Status.APPROVED, Status.WAITLISTED})


def registration_is_editable(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    """Whether its owner may still change or cancel it online (before the conference's cut-off)."""
    return (
        registration.anonymised_at is None
        and registration.status in HOLDING_STATUSES
        and registration_window(conference=registration.conference, now=now).changes_allowed
    )


def registration_may_register_again(registration: Registration, *, now: dt.datetime | None = None) -> bool:
    """A delegate who cancelled may register again, on the same row, while registration is open."""
    return (
        registration.anonymised_at is None
        and registration.status == Status.CANCELLED
        and registration_window(conference=registration.conference, now=now).is_open
    )


def registration_for_user(*, conference: Conference, user: User) -> Registration | None:
    return conference.registrations.filter(user=user).first()


def registration_for_secretariat(*, conference: Conference, pk: int) -> Registration:
    """One registration of this conference, with its account, for the secretariat's page; 404 when absent."""
    registration = conference.registrations.select_related("user").filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


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
    language: str = "",
    checked_in: str = "",
    has_badge: str = "",
    import_batch: int | str | None = None,
) -> QuerySet[Registration]:
    """The queue's filters, shared by the vetting queue and the recipients of a message (``checked_in`` and
    ``has_badge``: "yes", "no" or empty for either)."""
    registrations = conference.registrations.filter(anonymised_at__isnull=True)
    if language:
        registrations = registrations.filter(language=language)
    if checked_in:
        checkin = Exists(CheckIn.objects.filter(registration=OuterRef("pk")))
        registrations = registrations.filter(checkin if checked_in == "yes" else ~checkin)
    if has_badge:
        badge = Exists(Badge.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True))
        registrations = registrations.filter(badge if has_badge == "yes" else ~badge)
    if import_batch:
        registrations = registrations.filter(import_batch_id=import_batch)
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


@dataclass(frozen=True)
class DetailRow:
    """One thing the delegate gave, as they see it: the field's label, choices as labels, countries by name."""

    label: str
    value: str
    own_words: bool  # typed by the delegate: shown isolated, in whatever script it is


# Shown together, as the delegate's name, above the other details.
NAME_FIELDS = ("first_name", "last_name", "name_ar")


def registration_details(*, registration: Registration) -> list[DetailRow]:
    """Every other detail and consent the delegate gave, in the form's order."""
    rows = []
    for name in DELEGATE_DETAIL_FIELDS + DELEGATE_CONSENT_FIELDS:
        if name in NAME_FIELDS:
            continue
        field = Registration._meta.get_field(name)
        value = getattr(registration, name)
        own_words = False
        if name == "country":
            shown = str(value.name) if value else ""
        elif field.choices:
            shown = getattr(registration, f"get_{name}_display")()
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        else:
            shown, own_words = value, bool(value)
        rows.append(DetailRow(label=capfirst(field.verbose_name), value=shown or _("Not given"), own_words=own_words))
    return rows


@dataclass(frozen=True)
class OwnRegistration:
    """What a delegate's own page shows: their registration (or None), what they gave, and what they may do today."""

    window: RegistrationWindow
    registration: Registration | None = None
    details: list[DetailRow] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    editable: bool = False  # change or cancel online
    changes_closed: bool = False  # active, but past the cut-off: only the secretariat can change it now
    may_register_again: bool = False
    attended: bool = False  # checked in at least one day: a certificate of attendance can be downloaded


def own_registration(*, conference: Conference, user: User, now: dt.datetime | None = None) -> OwnRegistration:
    window = registration_window(conference=conference, now=now)
    registration = registration_for_user(conference=conference, user=user)
    if registration is None:
        return OwnRegistration(window=window)
    editable = registration_is_editable(registration, now=now)
    return OwnRegistration(
        window=window,
        registration=registration,
        details=registration_details(registration=registration),
        history=list(registration_history(registration=registration)),
        editable=editable,
        changes_closed=registration.status in HOLDING_STATUSES and not editable,
        may_register_again=registration_may_register_again(registration, now=now),
        attended=registration.checkins.exists(),
    )


def registration_history(*, registration: Registration) -> QuerySet[StatusChange]:
    return registration.status_changes.select_related("by").order_by("at", "pk")


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
