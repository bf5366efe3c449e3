"""Reads for the paper fallback: the door list's plain data, the delegates still to enter from a ticked list,
a conference day's opening time, and the desk's search for a lost badge."""

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext

from conference.models import Conference, Session
from plenary.i18n import language_direction
from plenary.jobs.models import Job
from registration.badges.selectors import BADGE_CATEGORY, BIDI_CONTROLS, badge_reference
from registration.checkin.paper import DoorList, PaperRow
from registration.models import Category, CheckIn, Registration

PAGE_SIZE = 50
# A day without a session opens at this hour (the conference's time zone): the usual door opening.
DEFAULT_OPENING = dt.time(9, 0)

# Arabic letters that vary in writing but not in the order a reader expects: hamza on or under alef,
# madda and wasla alef are alef; teh marbuta sorts with heh; alef maksura with yeh.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARTICLE = "ال"


def _without_marks(text: str) -> str:
    """Harakat, shadda, tatweel and other combining marks dropped; Latin accents too (É sorts with E)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(BIDI_CONTROLS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")


def arabic_sort_key(name: str) -> tuple[str, str]:
    """The order of an Arabic index. Arabic indexing ignores the definite article "ال" at the start of a
    word ("لا يعتد بأل التعريف في الترتيب"): الخطيب sorts under خ. It is dropped only when it is followed by
    at least two letters, so that a short word is not emptied; the full folded name breaks ties."""
    words = _without_marks(name).split()
    folded = [word.translate(_ARABIC_FOLD) for word in words]
    stripped = [
        word[len(_ARTICLE) :] if word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 1 else word for word in words
    ]
    return " ".join(word.translate(_ARABIC_FOLD) for word in stripped), " ".join(folded)


def latin_sort_key(last_name: str, first_name: str) -> tuple[str, str]:
    """Last name, then first name, without case or accents."""
    return _without_marks(last_name).casefold(), _without_marks(first_name).casefold()


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.translate(BIDI_CONTROLS)).strip()


def conference_days(conference: Conference) -> list[dt.date]:
    count = (conference.end_date - conference.start_date).days + 1
    return [conference.start_date + dt.timedelta(days=offset) for offset in range(count)]


def paper_default_day(*, conference: Conference, now: dt.datetime | None = None) -> dt.date:
    """Today while the conference runs, else its first day (the list is printed the evening before)."""
    today = timezone.localtime(now or timezone.now(), conference.tzinfo).date()
    return today if conference.start_date <= today <= conference.end_date else conference.start_date


def _door_registrations(conference: Conference):
    """Who the door lets in: approved and not anonymised (an anonymised person has no name to look for)."""
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.APPROVED, anonymised_at__isnull=True
    )


def door_list_size(*, conference: Conference) -> int:
    """How many people the door list holds (it decides whether the list is printed at once)."""
    return _door_registrations(conference).count()


def _matching(queryset, query: str):
    """Registrations whose Latin or Arabic name holds every word of ``query`` (five words at most)."""
    for word in query.split()[:5]:
        word = word[:100]
        queryset = queryset.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(name_ar__icontains=word)
        )
    return queryset


def door_paper_list(*, conference: Conference, day: dt.date, language: str, now: dt.datetime | None = None) -> DoorList:
    """The door list's plain data in ``language``: no e-mail, phone or organisation, the same category
    disguise as the badges (a list left on the desk must not say "Witness")."""
    fields = ("pk", "first_name", "last_name", "name_ar", "category", "country")
    with translation.override(language):
        labels = {key: gettext(label) for key, label in Category.choices}
        rows = []
        for registration in _door_registrations(conference).only(*fields):
            category = BADGE_CATEGORY.get(registration.category, registration.category)
            rows.append(
                PaperRow(
                    reference=badge_reference(registration.pk),
                    last_name=_clean(registration.last_name),
                    first_name=_clean(registration.first_name),
                    name_ar=_clean(registration.name_ar),
                    category_label=labels.get(category, category),
                    country=str(registration.country.name) if registration.country else "",
                )
            )
        # Everyone is in the Latin list unless only an Arabic name is known; the Arabic list has those with one.
        latin = sorted(
            (row for row in rows if row.last_name or row.first_name or not row.name_ar),
            key=lambda row: (*latin_sort_key(row.last_name, row.first_name), row.reference),
        )
        arabic = sorted(
            (row for row in rows if row.name_ar), key=lambda row: (*arabic_sort_key(row.name_ar), row.reference)
        )
        page_before, page_between, page_after = _page_words()
        generated = timezone.localtime(now or timezone.now(), conference.tzinfo)
        return DoorList(
            language=language,
            direction=language_direction(language),
            conference_title=_clean(conference.title),
            day=dateformat.format(day, "l j F Y"),
            generated=dateformat.format(generated, "j F Y H:i"),
            latin=latin,
            arabic=arabic,
            page_before=page_before,
            page_between=page_between,
            page_after=page_after,
        )


def _page_words() -> tuple[str, str, str]:
    """ "Page X of Y" in the active language, cut around its two numbers."""
    text = gettext("Page %(number)s of %(total)s")
    before, _, rest = text.partition("%(number)s")
    between, _, after = rest.partition("%(total)s")
    return before, between, after


def paper_opening_time(*, conference: Conference, day: dt.date) -> dt.time:
    """When the door opened on ``day``: the start of its first session, else the usual opening hour."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=conference.tzinfo)
    first = (
        Session.objects.filter(conference=conference, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(first, conference.tzinfo).time() if first else DEFAULT_OPENING


def paper_not_checked_in(*, conference: Conference, day: dt.date, query: str = "", page: int | str = 1) -> Page:
    """Approved delegates not yet checked in on ``day``, by last name, matching every word of ``query`` in
    either script, one page of ``PAGE_SIZE``."""
    checked_in = CheckIn.objects.filter(registration=OuterRef("pk"), day=day)
    queryset = _door_registrations(conference).exclude(Exists(checked_in))
    queryset = (
        _matching(queryset, query)
        .only("pk", "first_name", "last_name", "name_ar", "category", "country")
        .order_by("last_name", "first_name", "pk")
    )
    found = Paginator(queryset, PAGE_SIZE).get_page(page)
    found.object_list = list(found.object_list)
    for registration in found.object_list:
        registration.reference = badge_reference(registration.pk)
    return found


def paper_registrations(*, conference: Conference, ids: list[int]) -> list[Registration]:
    """The ticked ids that are approved delegates of this conference; others (unknown, another conference's,
    declined) are simply not there."""
    return list(_door_registrations(conference).filter(pk__in=ids).order_by("last_name", "first_name", "pk"))


def desk_registration(*, conference: Conference, pk: int) -> Registration:
    """An approved delegate of this conference, whose badge the desk may reprint, or 404."""
    registration = _door_registrations(conference).filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


@dataclass(frozen=True)
class DeskMatch:
    registration: Registration
    reference: str


def desk_search(*, conference: Conference, query: str, limit: int = 20) -> list[DeskMatch]:
    """Approved delegates matching every word of ``query`` in either script (the lost-badge desk)."""
    words = query.split()[:5]
    if not words:
        return []
    queryset = _matching(_door_registrations(conference), query)
    return [
        DeskMatch(registration=registration, reference=badge_reference(registration.pk))
        for registration in queryset.order_by("last_name", "first_name", "pk")[:limit]
    ]


def door_list_job(*, conference: Conference, pk: int) -> Job:
    """The door-list job of this conference with this id, or 404."""
    job = Job.objects.filter(pk=pk, conference=conference, kind="door_list").first()
    if job is None:
        raise Http404
    return job
