"""Reads for the vetting pages: likely duplicates (the same person registered twice, under two e-mails).

Names are stored normalised (``plenary.text.clean_name``: one Unicode form, no invisible characters), so
"the same name" is the same first and last name whatever their case, or the same name in Arabic script.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from conference.models import Conference
from registration.models import Registration


def _other_registrations(conference: Conference) -> QuerySet[Registration]:
    """The conference's other registrations (another e-mail than the outer registration's)."""
    return conference.registrations.filter(anonymised_at__isnull=True).exclude(email__iexact=OuterRef("email"))


def _has_namesake(conference: Conference) -> Q:
    """Whether another registration has the outer one's name: two subqueries, so that each one looks its name
    up in its own index (``registration_same_name`` or ``registration_same_name_ar``) instead of reading the
    whole conference for every row."""
    same_latin_name = (
        _other_registrations(conference)
        .annotate(first_lower=Lower("first_name"), last_lower=Lower("last_name"))
        .filter(first_lower=Lower(OuterRef("first_name")), last_lower=Lower(OuterRef("last_name")))
        .exclude(first_name="", last_name="")
    )
    same_arabic_name = _other_registrations(conference).filter(name_ar=OuterRef("name_ar")).exclude(name_ar="")
    return Exists(same_latin_name) | Exists(same_arabic_name)


def registration_likely_duplicates(*, conference: Conference, registrations: Iterable[Registration]) -> set[int]:
    """The ids, among ``registrations`` (a page of the queue), of those that look like a duplicate: one query."""
    ids = [registration.pk for registration in registrations]
    if not ids:
        return set()
    return set(
        conference.registrations.filter(pk__in=ids)
        .filter(_has_namesake(conference))
        .order_by()
        .values_list("pk", flat=True)
    )


def registration_duplicates_of(*, registration: Registration) -> list[Registration]:
    """The other registrations of the same conference with this one's name and another e-mail: one query."""
    same_name = Q()
    if registration.first_name or registration.last_name:
        same_name |= Q(first_name__iexact=registration.first_name, last_name__iexact=registration.last_name)
    if registration.name_ar:
        same_name |= Q(name_ar=registration.name_ar)
    if not same_name:
        return []
    return list(
        Registration.objects.filter(conference_id=registration.conference_id, anonymised_at__isnull=True)
        .filter(same_name)
        .exclude(email__iexact=registration.email)
        .order_by("created_at", "pk")
    )
