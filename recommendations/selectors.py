"""Reads for recommendations: who may draft where, the lists, and the published content (the history of
one recommendation is in ``recommendations.history``).

Public pages and PDFs read a publication's frozen snapshot only, never the live recommendations,
so a published version looks the same forever.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from conference.models import Conference, Participation, Session
from plenary.i18n import (
    FALLBACK_LANGUAGE,
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    WORKING_LANGUAGES,
    TranslatedText,
    active_language,
    fallback_languages,
    field_name,
    texts_of,
)
from plenary.permissions import SECRETARIAT, in_group
from recommendations.models import FollowUp, Publication, Recommendation, Theme, ThemeOrder

# --- Who may do what -------------------------------------------------------------------------


def is_secretariat(user) -> bool:
    return in_group(user, SECRETARIAT)


def rapporteur_session_ids(*, user, conference: Conference) -> set[int]:
    """Sessions of the conference where ``user`` is the rapporteur (through their speaker record)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_rapporteur_sessions", {})
    if conference.pk not in cache:
        cache[conference.pk] = set(
            Participation.objects.filter(
                role=Participation.Role.RAPPORTEUR, person__account=user, session__conference=conference
            ).values_list("session_id", flat=True)
        )
    return cache[conference.pk]


def can_draft_for(*, user, session: Session | None) -> bool:
    if is_secretariat(user):
        return True
    return session is not None and session.pk in rapporteur_session_ids(user=user, conference=session.conference)


def can_manage(*, user, conference: Conference) -> bool:
    """The management pages: the Secretariat, and rapporteurs of at least one session of the conference."""
    return is_secretariat(user) or bool(rapporteur_session_ids(user=user, conference=conference))


# --- Themes and the management list ----------------------------------------------------------


def conference_themes(*, conference: Conference) -> list[Theme]:
    """Global and conference themes in the secretariat's order for this conference (``effective_order``)."""
    own_order = ThemeOrder.objects.filter(conference=conference, theme=OuterRef("pk")).values("order")[:1]
    return list(
        Theme.objects.filter(Q(conference=None) | Q(conference=conference))
        .annotate(effective_order=Coalesce(Subquery(own_order), "order"))
        .order_by("effective_order", "pk")
    )


def numbering_key(recommendation: Recommendation, theme_positions: dict[int, int]) -> tuple:
    """The order numbers follow: theme (secretariat's order), then order within the theme."""
    return (theme_positions.get(recommendation.theme_id, 0), recommendation.order, recommendation.pk)


def manage_rows(
    *,
    conference: Conference,
    user,
    session_id: int | None = None,
    theme_id: int | None = None,
    state: str | None = None,
    missing_language: str | None = None,
) -> list[Recommendation]:
    """What ``user`` may see on the management page: everything for the Secretariat, else their sessions'."""
    rows = Recommendation.objects.filter(conference=conference).select_related("theme", "session", "author")
    if not is_secretariat(user):
        rows = rows.filter(session_id__in=rapporteur_session_ids(user=user, conference=conference))
    if session_id:
        rows = rows.filter(session_id=session_id)
    if theme_id:
        rows = rows.filter(theme_id=theme_id)
    if state:
        rows = rows.filter(state=state)
    positions = {theme.pk: index for index, theme in enumerate(conference_themes(conference=conference))}
    result = sorted(rows, key=lambda r: numbering_key(r, positions))
    if missing_language:
        result = [r for r in result if missing_language in r.missing_languages]
    return result


def recommendation_for_manage(*, conference: Conference, pk: int, user) -> Recommendation:
    """One recommendation the user may see on the management pages; others do not exist for them."""
    try:
        recommendation = Recommendation.objects.select_related("theme", "session", "conference").get(
            conference=conference, pk=pk
        )
    except Recommendation.DoesNotExist:
        raise Http404(_("No such recommendation.")) from None
    if not is_secretariat(user) and recommendation.session_id not in rapporteur_session_ids(
        user=user, conference=conference
    ):
        raise Http404(_("No such recommendation."))
    return recommendation


def drafting_sessions(*, conference: Conference, user) -> QuerySet[Session]:
    sessions = Session.objects.filter(conference=conference).order_by("starts_at", "pk")
    if is_secretariat(user):
        return sessions
    return sessions.filter(pk__in=rapporteur_session_ids(user=user, conference=conference))


def decision_candidates(*, conference: Conference) -> QuerySet[Recommendation]:
    """What the plenary may decide on: submitted recommendations and drafts, with their theme."""
    return Recommendation.objects.filter(
        conference=conference, state__in=[Recommendation.State.SUBMITTED, Recommendation.State.DRAFT]
    ).select_related("theme")


def follow_up_with_notes(*, recommendation: Recommendation) -> tuple[FollowUp | None, list]:
    """An adopted recommendation's follow-up (None before the first one) and its notes."""
    follow_up = FollowUp.objects.filter(recommendation=recommendation).first()
    return follow_up, list(follow_up.notes.all()) if follow_up else []


# --- Published content -----------------------------------------------------------------------


def adopted_content(*, conference: Conference) -> list[dict]:
    """The adopted recommendations as plain data, grouped by theme in the secretariat's order.

    This list is what a publication freezes and what its SHA-256 is computed over.
    """
    themes = conference_themes(conference=conference)
    positions = {theme.pk: index for index, theme in enumerate(themes)}
    # Within a theme, by number: a recommendation adopted later (R9-13) never comes before R9-01, whatever
    # its place in the drafting order.
    adopted = sorted(
        Recommendation.objects.filter(conference=conference, state__in=Recommendation.ADOPTED_STATES),
        key=lambda r: (positions.get(r.theme_id, 0), r.sequence or 0, r.pk),
    )
    content = []
    for theme in themes:
        items = [
            {"number": r.number, "text": {lang: r.final_text(lang) for lang in LANGUAGE_CODES}}
            for r in adopted
            if r.theme_id == theme.pk
        ]
        if items:
            content.append({"theme": texts_of(theme, "name"), "recommendations": items})
    return content


def canonical_bytes(content: list[dict]) -> bytes:
    """The canonical serialisation whose SHA-256 the PDF prints and the .json download reproduces."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_sha256(content: list[dict]) -> str:
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def conference_facts(*, conference: Conference) -> dict:
    """The title-page facts a publication freezes with its content."""
    return {
        "slug": conference.slug,
        "edition": conference.edition,
        "title": texts_of(conference, "title"),
        "slogan": texts_of(conference, "slogan"),
        "organiser": texts_of(conference, "organiser"),
        "city": texts_of(conference, "city"),
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
    }


def content_changes(previous: list[dict], current: list[dict]) -> dict[str, list[str]]:
    """Numbers added, removed and reworded (or moved to another theme) between two contents."""

    def by_number(content: list[dict]) -> dict[str, tuple]:
        return {
            item["number"]: (group["theme"][FALLBACK_LANGUAGE], item["text"])
            for group in content
            for item in group["recommendations"]
        }

    before, after = by_number(previous), by_number(current)
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": sorted(n for n in set(before) & set(after) if before[n] != after[n]),
    }


def publications(*, conference: Conference) -> list[Publication]:
    """Every version of the conference, newest first, without their snapshots or PDFs."""
    return list(
        Publication.objects.filter(conference=conference)
        .only("pk", "conference_id", "number", "published_at", "sha256")
        .order_by("-number")
    )


def publication_get(*, conference: Conference, number: int | None = None, with_pdf: bool = False) -> Publication:
    """One version (the latest when ``number`` is None); 404 if there is none."""
    queryset = Publication.objects.filter(conference=conference)
    if not with_pdf:
        queryset = queryset.defer("pdf", "pdf_archival")
    if number is not None:
        queryset = queryset.filter(number=number)
    publication = queryset.order_by("-number").first()
    if publication is None:
        raise Http404(_("Nothing has been published yet."))
    publication.conference = conference
    return publication


def publication_permalink(*, conference_slug: str, number: int) -> str:
    with translation.override(FALLBACK_LANGUAGE):
        path = reverse("recommendations:public_version", kwargs={"slug": conference_slug, "number": number})
    return settings.SITE_URL + path


def text_in(values: dict[str, str], lang: str) -> TranslatedText:
    """``values[lang]``, else English, else the language it was written in (a rapporteur may write Arabic only)."""
    for candidate in fallback_languages(lang, any_language=True):
        if values.get(candidate):
            return TranslatedText(values[candidate], candidate)
    return TranslatedText("", lang)


@dataclass(frozen=True)
class PublishedItem:
    number: str
    text: TranslatedText


@dataclass(frozen=True)
class PublishedTheme:
    name: TranslatedText
    items: list[PublishedItem]


def publication_themes(*, publication: Publication, lang: str | None = None) -> list[PublishedTheme]:
    """A publication's frozen content in one language (English where a translation is missing)."""
    lang = lang or active_language()
    return [
        PublishedTheme(
            name=text_in(group["theme"], lang),
            items=[PublishedItem(item["number"], text_in(item["text"], lang)) for item in group["recommendations"]],
        )
        for group in publication.snapshot["themes"]
    ]


def published_languages(themes: list[dict]) -> list[str]:
    """The languages a publication is printed in: the working languages, and any other it has a text in."""
    return [
        lang
        for lang in LANGUAGE_CODES
        if lang in WORKING_LANGUAGES
        or any(item["text"].get(lang) for group in themes for item in group["recommendations"])
    ]


def publication_pdf_languages(*, publication: Publication) -> list[str]:
    """The names of the languages inside a version's PDF, in the page's language."""
    return [str(LANGUAGE_LABELS[lang]) for lang in published_languages(publication.snapshot["themes"])]


def pdf_document(*, publication: Publication) -> dict:
    """Everything the PDF shows, as plain data, from the publication's frozen snapshot."""
    facts = publication.snapshot["conference"]
    themes = publication.snapshot["themes"]
    return {
        "conference": facts,
        "themes": themes,
        "languages": published_languages(themes),
        "version": publication.number,
        "published_at": publication.published_at,
        "sha256": publication.sha256,
        "changes": publication.changes,
        "permalink": publication_permalink(conference_slug=facts["slug"], number=publication.number),
        "json_url": settings.SITE_URL
        + reverse("recommendations_files:version_json", kwargs={"slug": facts["slug"], "number": publication.number}),
    }


# --- Follow-up -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpEntry:
    recommendation: Recommendation
    text: TranslatedText
    follow_up: FollowUp | None


def follow_up_entries(*, conference: Conference, lang: str | None = None) -> list[FollowUpEntry]:
    """Adopted recommendations in number order with their follow-up and its notes. Three queries."""
    lang = lang or active_language()
    rows = (
        Recommendation.objects.filter(conference=conference, state__in=Recommendation.ADOPTED_STATES)
        .select_related("follow_up")
        .prefetch_related("follow_up__notes")
        .order_by("sequence", "pk")
    )
    entries = []
    for recommendation in rows:
        texts = {language: recommendation.final_text(language) for language in LANGUAGE_CODES}
        entries.append(FollowUpEntry(recommendation, text_in(texts, lang), getattr(recommendation, "follow_up", None)))
    return entries


def follow_up_counts(entries: list[FollowUpEntry]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(FollowUp.Status, 0)
    for entry in entries:
        counts[FollowUp.Status(entry.follow_up.status) if entry.follow_up else FollowUp.Status.NOT_STARTED] += 1
    return [(status.label, count) for status, count in counts.items()]


def previous_edition(*, conference: Conference) -> Conference | None:
    """The same alliance's edition before this one, else the latest public conference that started earlier."""
    public = Conference.objects.exclude(status=Conference.Status.DRAFT).exclude(pk=conference.pk)
    organiser = texts_of(conference, "organiser")[FALLBACK_LANGUAGE]
    if organiser:
        same = public.filter(**{field_name("organiser", FALLBACK_LANGUAGE): organiser}, edition=conference.edition - 1)
        same = same.first()
        if same:
            return same
    return public.filter(start_date__lt=conference.start_date).order_by("-start_date").first()
