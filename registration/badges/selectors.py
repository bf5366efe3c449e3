"""Reads on badges: the print queue, print batches (typed from their job), and the plain data a badge
PDF is made from. A badge's QR code holds ``SITE_URL/b/<token>`` and nothing else.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext

from conference.models import Conference
from conference.selectors import conference_dates
from plenary.i18n import FALLBACK_LANGUAGE, NAME_SCRIPT_LANGUAGE, texts_of
from plenary.jobs.models import Job
from registration.badges.pdf import LAYOUTS, BadgeConference, BadgeData, Layout
from registration.models import Badge, Category, ImportBatch, Registration

# A witness's badge must not say "Witness": a photographed badge would out a released prisoner.
BADGE_CATEGORY = {Category.WITNESS: Category.DELEGATE}
# Explicit bidi controls are stripped from printed values: an override (U+202E) in a name would
# otherwise print it backwards. The lang/dir attributes of the template decide the direction.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Upper bounds (characters) of each font-size class; longer text gets the next, smaller class. The last
# class is for text longer than forms and imports allow (never saved, but a badge must survive it): tiny,
# yet all of it printed and clear of the QR code.
NAME_SIZES = (14, 20, 28, 40, 70, 400)
NAME_AR_SIZES = (14, 20, 28, 40, 70, 400)
ORGANISATION_SIZES = (40, 90, 400)


def badge_url(token: str) -> str:
    return f"{settings.SITE_URL}/b/{token}"


def _active_badges() -> QuerySet[Badge]:
    return Badge.objects.filter(revoked_at__isnull=True)


# --- Reads ---


def badge_print_queue(
    *,
    conference: Conference,
    category: str = "",
    country: str = "",
    organisation: str = "",
    import_batch: ImportBatch | None = None,
    include_printed: bool = False,
    only: Iterable[int] = (),
) -> QuerySet[Registration]:
    """Approved registrations whose badge is not printed, or changed since it was printed, by last name.

    Each row carries ``badge_id`` and ``badge_printed_at`` of its active badge (None when it has none).
    ``only``: just these registration ids (the ticked rows) among them.
    """
    active = _active_badges().filter(registration=OuterRef("pk"))
    queryset = Registration.objects.filter(conference=conference, status=Registration.Status.APPROVED).annotate(
        badge_id=Subquery(active.values("pk")[:1]),
        badge_printed_at=Subquery(active.values("printed_at")[:1]),
    )
    if not include_printed:
        queryset = queryset.filter(Q(badge_printed_at__isnull=True) | Q(updated_at__gt=F("badge_printed_at")))
    if category:
        queryset = queryset.filter(category=category)
    if country:
        queryset = queryset.filter(country=country)
    if organisation:
        queryset = queryset.filter(organisation__icontains=organisation)
    if import_batch:
        queryset = queryset.filter(import_batch=import_batch)
    if only:
        queryset = queryset.filter(pk__in=list(only))
    return queryset.order_by(Lower("last_name"), Lower("first_name"), "pk")


def approved_registration(*, conference: Conference, pk: int) -> Registration:
    """An approved registration of this conference (the one a badge is reprinted for), or 404."""
    registration = Registration.objects.filter(
        pk=pk, conference=conference, status=Registration.Status.APPROVED
    ).first()
    if registration is None:
        raise Http404
    return registration


def printed_badge_registration(*, conference: Conference, pk: int) -> Registration:
    """An approved registration of this conference whose active badge was printed (the only kind a reprint
    replaces: an unprinted badge is simply printed), or 404. Carries ``badge_printed_at``."""
    registration = (
        badge_print_queue(conference=conference, include_printed=True)
        .filter(pk=pk, badge_printed_at__isnull=False)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@dataclass(frozen=True)
class BadgeBatch:
    """A print batch: its job (progress, file), the layout and the badges it prints, in print order."""

    job: Job
    layout_key: str
    badge_ids: tuple[int, ...]

    @property
    def layout(self) -> Layout | None:
        return LAYOUTS.get(self.layout_key)

    @property
    def count(self) -> int:
        return len(self.badge_ids)

    def details(self) -> dict:
        """What the job stores (``Job.details``) so that the batch can be read back."""
        return {"badge_ids": list(self.badge_ids), "layout": self.layout_key}

    @classmethod
    def from_job(cls, job: Job) -> "BadgeBatch":
        details = job.details or {}
        ids = details.get("badge_ids", [])
        return cls(
            job=job,
            layout_key=str(details.get("layout", "")),
            badge_ids=tuple(int(pk) for pk in ids if isinstance(pk, int)),
        )


def badge_batch_get(*, conference: Conference, pk: int) -> BadgeBatch:
    """The badge batch of this conference with this job id, or 404."""
    job = Job.objects.filter(pk=pk, conference=conference, kind="badges").first()
    if job is None:
        raise Http404
    return BadgeBatch.from_job(job)


def badges_to_mark_printed(
    *, conference: Conference, batch: BadgeBatch | None = None, registration_ids: Iterable[int] = ()
) -> QuerySet[Badge]:
    """The badges of this conference a "mark as printed" applies to: a batch's, or those of ticked registrations."""
    scope = Badge.objects.filter(registration__conference=conference)
    if batch is not None:
        return scope.filter(pk__in=batch.badge_ids)
    return scope.filter(registration_id__in=list(registration_ids))


def badges_by_ids(*, conference: Conference, ids: Iterable[int]) -> list[Badge]:
    """Badges of this conference, with their registrations, sorted by last name."""
    return list(
        Badge.objects.filter(pk__in=list(ids), registration__conference=conference)
        .select_related("registration")
        .order_by(Lower("registration__last_name"), Lower("registration__first_name"), "registration__pk")
    )


def _size_class(text: str, bounds: Sequence[int]) -> int:
    length = len(text)
    return next((index + 1 for index, bound in enumerate(bounds) if length <= bound), len(bounds) + 1)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.translate(BIDI_CONTROLS)).strip()


def badge_sheet_data(
    *, conference: Conference, badges: Sequence[Badge], language: str = FALLBACK_LANGUAGE
) -> tuple[BadgeConference, list[BadgeData]]:
    """Plain data for the badge template: every value cleaned and every size decided here."""
    with translation.override(language):
        header = BadgeConference(
            title=_clean(conference.title),
            title_script=_clean(texts_of(conference, "title")[NAME_SCRIPT_LANGUAGE]),
            dates=conference_dates(conference),
        )
        labels = {key: gettext(label) for key, label in Category.choices}
    with translation.override(NAME_SCRIPT_LANGUAGE):
        labels_script = {key: gettext(label) for key, label in Category.choices}
    items = []
    for badge in badges:
        registration = badge.registration
        category = BADGE_CATEGORY.get(registration.category, registration.category)
        full_name = _clean(registration.full_name)
        name_ar = _clean(registration.name_ar)
        organisation = _clean(registration.organisation)
        with translation.override(language):
            country = str(registration.country.name) if registration.country else ""
        items.append(
            BadgeData(
                url=badge_url(badge.token),
                full_name=full_name,
                name_ar=name_ar,
                organisation=organisation,
                country=country,
                category=category,
                category_label=labels[category],
                category_label_script=labels_script[category] if labels_script[category] != labels[category] else "",
                photo_consent=registration.photo_consent,
                name_size=_size_class(full_name, NAME_SIZES),
                name_ar_size=_size_class(name_ar, NAME_AR_SIZES),
                organisation_size=_size_class(organisation, ORGANISATION_SIZES),
            )
        )
    return header, items


def badge_reference(registration_id: int) -> str:
    """The short reference printed on paper lists and said aloud at the desk: the registration's number, so
    that it survives a reprint. Never the QR token, which alone opens the door."""
    return f"B-{registration_id:06d}"
