"""Reads for the vetting pages: likely duplicates (the same person registered twice, under two e-mails).

Names are stored normalised (``plenary.text.clean_name``: one Unicode form, no invisible characters), so
"the same name" is the same first and last name whatever their case, or the same name in Arabic script.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from conference.models import Conference
from registration.models import Registration


def _same_name_other_email(conference: Conference) -> QuerySet[Registration]:
    """Other registrations of the conference with the outer registration's name and another e-mail."""
    latin = Q(first_lower=Lower(OuterRef("first_name")), last_lower=Lower(OuterRef("last_name"))) & ~Q(
        first_name="", last_name=""
    )
    arabic = Q(name_ar=OuterRef("name_ar")) & ~Q(name_ar="")
    return (
        conference.registrations.filter(anonymised_at__isnull=True)
        .annotate(first_lower=Lower("first_name"), last_lower=Lower("last_name"))
        .filter(latin | arabic)
        .exclude(email__iexact=OuterRef("email"))
    )


def registration_likely_duplicates(*, conference: Conference, registrations: Iterable[Registration]) -> set[int]:
    """The ids, among ``registrations`` (a page of the queue), of those that look like a duplicate: one query."""
    ids = [registration.pk for registration in registrations]
    if not ids:
        return set()
    return set(
        conference.registrations.filter(pk__in=ids)
        .filter(Exists(_same_name_other_email(conference)))
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
