"""Badges: issuing and reprinting tokens, the print queue, the plain data a badge PDF is made from,
and the background task that prints a large batch.

A badge's QR code holds ``SITE_URL/b/<token>`` and nothing else. Reprinting (a lost badge, a corrected
name) revokes the old token, so a badge that left the building stops working at the door.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.tasks import task
from django.utils import dateformat, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from conference.jobs import job_create, job_fail, job_finish, job_progress
from conference.models import Conference, Job
from registration.badge_pdf import DEFAULT_LAYOUT, BadgeConference, BadgeData, render_badges_pdf
from registration.models import AuditLogEntry, Badge, Category, ImportBatch, Registration, User

# A witness's badge must not say "Witness": a photographed badge would out a released prisoner.
BADGE_CATEGORY = {Category.WITNESS: Category.DELEGATE}
# Explicit bidi controls are stripped from printed values: an override (U+202E) in a name would
# otherwise print it backwards. The lang/dir attributes of the template decide the direction.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Upper bounds (characters) of each font-size class; longer text gets the next, smaller class.
NAME_SIZES = (14, 20, 28, 40, 70)
NAME_AR_SIZES = (14, 20, 28, 40, 70)
ORGANISATION_SIZES = (40, 90)
# Batches up to this size render while the secretariat waits; larger ones go to the task worker.
INLINE_BATCH_LIMIT = 40


def badge_url(token: str) -> str:
    return f"{settings.SITE_URL}/b/{token}"


def _active_badges() -> QuerySet[Badge]:
    return Badge.objects.filter(revoked_at__isnull=True)


# --- Writes ---


def badge_issue(*, registration: Registration, now=None) -> Badge:
    """The registration's active badge, issued now if it has none (idempotent, safe under a race)."""
    badge = _active_badges().filter(registration=registration).first()
    if badge:
        return badge
    try:
        with transaction.atomic():
            return Badge.objects.create(registration=registration, issued_at=now or timezone.now())
    except IntegrityError:  # another request issued it a moment ago
        return _active_badges().get(registration=registration)


def badges_issue_for(*, registrations: Sequence[Registration], now=None) -> list[Badge]:
    """Active badges for these registrations, in the same order, issuing the missing ones in one insert."""
    now = now or timezone.now()
    ids = [registration.pk for registration in registrations]
    existing = {badge.registration_id: badge for badge in _active_badges().filter(registration_id__in=ids)}
    missing = [Badge(registration=r, issued_at=now) for r in registrations if r.pk not in existing]
    if missing:
        try:
            with transaction.atomic():
                Badge.objects.bulk_create(missing)
        except IntegrityError:  # a concurrent print issued some of them: take what is there now
            return [badge_issue(registration=r, now=now) for r in registrations]
        existing.update({badge.registration_id: badge for badge in missing})
    for registration in registrations:
        existing[registration.pk].registration = registration
    return [existing[registration.pk] for registration in registrations]


@transaction.atomic
def badge_reprint(*, registration: Registration, by: User | None, now=None) -> Badge:
    """Revokes the active badge (its QR code stops working) and issues a new, unprinted one."""
    now = now or timezone.now()
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    revoked = _active_badges().filter(registration=registration).update(revoked_at=now)
    badge = Badge.objects.create(registration=registration, issued_at=now)
    AuditLogEntry.objects.create(
        conference=registration.conference,
        actor=by,
        action="badge.reprint",
        summary=f"Badge reissued for registration #{registration.pk}",
        details={"registration": registration.pk, "revoked": revoked},
    )
    return badge


@transaction.atomic
def badges_mark_printed(*, badges: QuerySet[Badge], now=None) -> int:
    """Marks active badges printed; a badge revoked meanwhile stays out of it."""
    return badges.filter(revoked_at__isnull=True).update(printed_at=now or timezone.now())


# --- Reads ---


def badge_print_queue(
    *,
    conference: Conference,
    category: str = "",
    country: str = "",
    organisation: str = "",
    import_batch: ImportBatch | None = None,
    include_printed: bool = False,
) -> QuerySet[Registration]:
    """Approved registrations whose badge is not printed, or changed since it was printed, by last name.

    Each row carries ``badge_id`` and ``badge_printed_at`` of its active badge (None when it has none).
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
    return queryset.order_by(Lower("last_name"), Lower("first_name"), "pk")


def badge_active_for(*, registration: Registration) -> Badge | None:
    return _active_badges().filter(registration=registration).first()


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


def _date_range(conference: Conference) -> str:
    start, end = conference.start_date, conference.end_date
    if start == end:
        return dateformat.format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{dateformat.format(start, 'j')}–{dateformat.format(end, 'j F Y')}"
    return f"{dateformat.format(start, 'j F')} – {dateformat.format(end, 'j F Y')}"


def badge_sheet_data(
    *, conference: Conference, badges: Sequence[Badge], language: str = "en"
) -> tuple[BadgeConference, list[BadgeData]]:
    """Plain data for the badge template: every value cleaned and every size decided here."""
    with translation.override(language):
        header = BadgeConference(
            title=_clean(conference.title), title_ar=_clean(conference.title_ar), dates=_date_range(conference)
        )
        labels = {key: gettext(label) for key, label in Category.choices}
    with translation.override("ar"):
        labels_ar = {key: gettext(label) for key, label in Category.choices}
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
                category_label_ar=labels_ar[category] if labels_ar[category] != labels[category] else "",
                photo_consent=registration.photo_consent,
                name_size=_size_class(full_name, NAME_SIZES),
                name_ar_size=_size_class(name_ar, NAME_AR_SIZES),
                organisation_size=_size_class(organisation, ORGANISATION_SIZES),
            )
        )
    return header, items


def badges_pdf(
    *,
    conference: Conference,
    badges: Sequence[Badge],
    layout: str = DEFAULT_LAYOUT,
    language: str = "en",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    header, items = badge_sheet_data(conference=conference, badges=badges, language=language)
    return render_badges_pdf(conference=header, badges=items, layout=layout, language=language, progress=progress)


def badges_pdf_by_ids(
    *,
    conference: Conference,
    ids: Iterable[int],
    layout: str = DEFAULT_LAYOUT,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A print batch: only the template's plain data is kept while rendering, not the model
    instances, so that memory does not grow with the batch (bench/badges.py)."""
    header, items = badge_sheet_data(conference=conference, badges=badges_by_ids(conference=conference, ids=ids))
    return render_badges_pdf(conference=header, badges=items, layout=layout, progress=progress)


def badges_filename(*, conference: Conference, layout: str) -> str:
    return f"badges-{slugify(conference.slug)}-{layout}.pdf"


# --- The batch task ---


@task()
def render_badge_batch(job_id: int, badge_ids: list[int], layout: str) -> None:
    """Renders a batch into the job's file, reporting progress after each chunk."""
    job = Job.objects.select_related("conference").get(pk=job_id)
    try:
        job_progress(job, done=0, total=len(badge_ids))
        pdf = badges_pdf_by_ids(
            conference=job.conference,
            ids=badge_ids,
            layout=layout,
            progress=lambda done, total: job_progress(job, done=done, total=total),
        )
        job_finish(job, content=pdf, filename=badges_filename(conference=job.conference, layout=layout))
    except Exception:
        job_fail(job, message=gettext("Printing the badges failed; please try again."))
        raise


def badge_batch_start(
    *, conference: Conference, registrations: Sequence[Registration], layout: str, by: User | None
) -> Job:
    """Issues the missing badges and prints them into a job's file: at once for a small batch,
    through the task worker for a large one. The page then shows the job's progress and download."""
    badges = badges_issue_for(registrations=registrations)
    badge_ids = [badge.pk for badge in badges]
    job = job_create(kind="badges", conference=conference, by=by, total=len(badge_ids))
    job.details = {"badge_ids": badge_ids, "layout": layout}
    job.save(update_fields=["details"])
    if len(badge_ids) <= INLINE_BATCH_LIMIT:
        render_badge_batch.call(job.pk, badge_ids, layout)
    else:
        transaction.on_commit(lambda: render_badge_batch.enqueue(job.pk, badge_ids, layout))
    return job
