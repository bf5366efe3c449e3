"""Writes for recommendations. Each service checks who may do it (PermissionDenied) and what state allows
it (ValidationError), runs in a transaction and records a version of what it changed. Texts are stored
through plenary.text: no direction override or isolate can reverse them on the pages or in the PDF."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference, Session
from plenary.i18n import (
    FALLBACK_LANGUAGE,
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    field_name,
    texts_as_fields,
    translate,
    translated_field_names,
)
from plenary.text import clean_free_text
from recommendations import selectors
from recommendations.models import (
    FollowUp,
    FollowUpNote,
    Publication,
    Recommendation,
    RecommendationVersion,
    Theme,
    ThemeOrder,
)
from recommendations.pdf import render_recommendations_pdf

State = Recommendation.State
TEXT_FIELDS = (*translated_field_names("text"), *translated_field_names("rationale"))
ADOPTED_TEXT_FIELDS = tuple(translated_field_names("adopted_text"))
DraftAndLast = tuple[Publication | None, Publication | None]


def _require_secretariat(user) -> None:
    if not selectors.is_secretariat(user):
        raise PermissionDenied(_("Only the Secretariat may do this."))


def _require_drafter(user, session: Session | None) -> None:
    if not selectors.can_draft_for(user=user, session=session):
        raise PermissionDenied(_("Only the rapporteurs of this session and the Secretariat may draft for it."))


def _snapshot(recommendation: Recommendation) -> dict:
    votes = (recommendation.votes_for, recommendation.votes_against, recommendation.votes_abstaining)
    return {
        **{name: getattr(recommendation, name) for name in TEXT_FIELDS + ADOPTED_TEXT_FIELDS},
        "state": recommendation.state,
        "theme": translate(recommendation.theme, "name", FALLBACK_LANGUAGE),
        "session": translate(recommendation.session, "title", FALLBACK_LANGUAGE) if recommendation.session else "",
        "number": recommendation.number,
        "order": recommendation.order,
        "decided_at": recommendation.decided_at.isoformat() if recommendation.decided_at else "",
        "votes": "" if votes == (None, None, None) else " / ".join("–" if v is None else str(v) for v in votes),
    }


def record_version(recommendation: Recommendation, *, by, action: str, note: dict | None = None):
    """A version as the recommendation is now; ``note``: what a plenary step did (recommendations.history)."""
    snapshot = _snapshot(recommendation) | ({"note": note} if note else {})
    user = by if by and by.is_authenticated else None
    return RecommendationVersion.objects.create(
        recommendation=recommendation, by=user, action=action, snapshot=snapshot
    )


def _locked(recommendation: Recommendation) -> Recommendation:
    """The current row, locked until the transaction ends (only its own table: the session join is nullable)."""
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("session", "theme", "conference")
        .get(pk=recommendation.pk)
    )


def _text_fields(texts: Mapping[str, str] | None, rationales: Mapping[str, str] | None) -> dict[str, str]:
    """``{code: text}`` and ``{code: rationale}`` as model fields; unknown language codes are refused."""
    return {**texts_as_fields("text", texts or {}), **texts_as_fields("rationale", rationales or {})}


def _cleaned(fields: Mapping[str, str]) -> dict[str, str]:
    return {name: clean_free_text(value) if value else value for name, value in fields.items()}


def _check_texts(fields: Mapping[str, str]) -> None:
    if not any((fields.get(field_name("text", lang)) or "").strip() for lang in LANGUAGE_CODES):
        raise ValidationError(_("Write the recommendation in at least one language."))


def _check_theme(theme: Theme, conference: Conference) -> None:
    if theme.conference_id not in (None, conference.pk):
        raise ValidationError(_("This theme belongs to another conference."))


# --- Drafting --------------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    conference: Conference,
    session: Session | None,
    theme: Theme,
    by,
    order: int = 0,
    texts: Mapping[str, str] | None = None,
    rationales: Mapping[str, str] | None = None,
) -> Recommendation:
    """A new draft. ``texts`` and ``rationales``: ``{language code: wording}`` for any of ``LANGUAGE_CODES``."""
    fields = _cleaned(_text_fields(texts, rationales))
    if session is not None and session.conference_id != conference.pk:
        raise ValidationError(_("This session belongs to another conference."))
    _require_drafter(by, session)
    _check_theme(theme, conference)
    _check_texts(fields)
    recommendation = Recommendation.objects.create(
        conference=conference, session=session, theme=theme, author=by, order=order, **fields
    )
    record_version(recommendation, by=by, action="created")
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    by,
    session: Session | None,
    theme: Theme,
    texts: Mapping[str, str] | None = None,
    rationales: Mapping[str, str] | None = None,
) -> Recommendation:
    """Edits a draft (rapporteurs) or a draft or submitted text (the Secretariat, as drafting committee).

    ``texts`` and ``rationales``: ``{language code: wording}`` for the languages to change; the others are kept.
    """
    fields = _cleaned(_text_fields(texts, rationales))
    recommendation = _locked(recommendation)
    _require_drafter(by, recommendation.session)
    secretariat = selectors.is_secretariat(by)
    editable = {State.DRAFT, State.SUBMITTED} if secretariat else {State.DRAFT}
    if recommendation.state not in editable:
        raise ValidationError(
            _("A recommendation can no longer be edited once it is %(state)s.")
            % {"state": recommendation.get_state_display().lower()}
        )
    if session is not None and session.conference_id != recommendation.conference_id:
        raise ValidationError(_("This session belongs to another conference."))
    if session != recommendation.session:
        _require_drafter(by, session)
    _check_theme(theme, recommendation.conference)
    merged = {name: fields.get(name, getattr(recommendation, name)) for name in TEXT_FIELDS}
    _check_texts(merged)
    recommendation.session, recommendation.theme = session, theme
    for name, value in merged.items():
        setattr(recommendation, name, value)
    recommendation.save()
    record_version(recommendation, by=by, action="edited")
    return recommendation


@transaction.atomic
def recommendation_submit(*, recommendation: Recommendation, by) -> Recommendation:
    """Sends a draft to the plenary."""
    recommendation = _locked(recommendation)
    _require_drafter(by, recommendation.session)
    if recommendation.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    recommendation.state = State.SUBMITTED
    recommendation.save(update_fields=["state", "updated_at"])
    record_version(recommendation, by=by, action="submitted")
    return recommendation


# --- The plenary's decision ------------------------------------------------------------------


@transaction.atomic
def recommendations_decide(
    *,
    recommendations: list[Recommendation],
    decision: str,
    decided_on: dt.date,
    by,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstaining: int | None = None,
) -> list[Recommendation]:
    """Records the plenary's decision on submitted recommendations of one conference.

    Adopted ones get the next free numbers, in the secretariat's order (theme, then order within it);
    a number once given never changes.
    """
    _require_secretariat(by)
    if decision not in Recommendation.DECISIONS:
        raise ValidationError(_("Unknown decision."))
    if not recommendations:
        raise ValidationError(_("Choose at least one recommendation."))
    conferences = {r.conference_id for r in recommendations}
    if len(conferences) != 1:
        raise ValidationError(_("Decide on one conference's recommendations at a time."))
    # Locking the conference row serialises numbering between two secretaries deciding at once.
    conference = Conference.objects.select_for_update(no_key=True).get(pk=conferences.pop())
    rows = list(
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("theme", "session")
        .filter(pk__in=[r.pk for r in recommendations])
    )
    allowed = {State.SUBMITTED, State.DRAFT} if decision == State.WITHDRAWN else {State.SUBMITTED}
    refused = [r for r in rows if r.state not in allowed]
    if refused:
        raise ValidationError(
            _("Only recommendations submitted to the plenary can be decided on (not: %(list)s).")
            % {"list": ", ".join(str(r.pk) for r in refused)}
        )
    if decision in Recommendation.ADOPTED_STATES:
        positions = {t.pk: i for i, t in enumerate(selectors.conference_themes(conference=conference))}
        rows.sort(key=lambda r: selectors.numbering_key(r, positions))
        last = Recommendation.objects.filter(conference=conference).aggregate(m=Max("sequence"))["m"] or 0
        for offset, recommendation in enumerate(rows, start=1):
            recommendation.sequence = last + offset
            recommendation.number = f"R{conference.edition}-{recommendation.sequence:02d}"
    for recommendation in rows:
        recommendation.state = decision
        recommendation.decided_at = decided_on
        recommendation.votes_for, recommendation.votes_against = votes_for, votes_against
        recommendation.votes_abstaining = votes_abstaining
        recommendation.save()
        if recommendation.is_adopted:
            FollowUp.objects.get_or_create(recommendation=recommendation, defaults={"updated_by": by})
        record_version(recommendation, by=by, action=decision)
    return rows


@transaction.atomic
def recommendation_set_adopted_wording(
    *, recommendation: Recommendation, by, texts: Mapping[str, str]
) -> Recommendation:
    """The Secretariat's edit of the adopted wording (``{language code: wording}``); the drafted text stays.

    A language whose wording equals the drafted text, or that is not given, is stored empty ("as
    drafted"), so "amended" means a real change.
    """
    texts_as_fields("adopted_text", texts)  # refuses unknown language codes
    _require_secretariat(by)
    recommendation = _locked(recommendation)
    if not recommendation.is_adopted:
        raise ValidationError(_("Only an adopted recommendation has an adopted wording."))
    wording = _cleaned({lang: texts.get(lang) or "" for lang in LANGUAGE_CODES})
    if not any(value.strip() for value in wording.values()):
        raise ValidationError(_("The adopted wording cannot be empty in every language."))
    for lang, value in wording.items():
        setattr(
            recommendation,
            field_name("adopted_text", lang),
            "" if value == getattr(recommendation, field_name("text", lang)) else value,
        )
    recommendation.save()
    record_version(recommendation, by=by, action="wording")
    return recommendation


# --- Themes and order ------------------------------------------------------------------------


@transaction.atomic
def theme_create(*, conference: Conference, by, names: Mapping[str, str]) -> Theme:
    """A theme of this conference; ``names``: ``{language code: name}``, the fallback language required."""
    _require_secretariat(by)
    fields = {name: clean_free_text(value, multiline=False) for name, value in texts_as_fields("name", names).items()}
    if not fields.get(field_name("name", FALLBACK_LANGUAGE), "").strip():
        raise ValidationError(
            _("A theme needs a name in %(language)s.") % {"language": LANGUAGE_LABELS[FALLBACK_LANGUAGE]}
        )
    last = max((t.effective_order for t in selectors.conference_themes(conference=conference)), default=0)
    return Theme.objects.create(conference=conference, order=last + 10, **fields)


@transaction.atomic
def ordering_set(
    *, conference: Conference, by, theme_orders: dict[int, int], recommendation_orders: dict[int, int]
) -> None:
    """The order of the themes for this conference and of the recommendations within their theme.

    Numbers already given do not change; the order decides the numbers of later adoptions and the
    order of the published list.
    """
    _require_secretariat(by)
    themes = {t.pk for t in selectors.conference_themes(conference=conference)}
    for theme_id, order in theme_orders.items():
        if theme_id not in themes:
            raise ValidationError(_("Unknown theme."))
        ThemeOrder.objects.update_or_create(conference=conference, theme_id=theme_id, defaults={"order": order})
    rows = Recommendation.objects.select_related("theme", "session").filter(
        conference=conference, pk__in=recommendation_orders
    )
    for recommendation in rows:
        if recommendation.order != recommendation_orders[recommendation.pk]:
            recommendation.order = recommendation_orders[recommendation.pk]
            recommendation.save(update_fields=["order", "updated_at"])
            record_version(recommendation, by=by, action="reordered")


# --- Publication -----------------------------------------------------------------------------


def _next_publication(*, conference: Conference, by, expected_sha256: str | None) -> DraftAndLast:
    """``(draft, last)``: the next version, PDF rendered, unsaved (None if nothing changed since ``last``); no lock."""
    content = selectors.adopted_content(conference=conference)
    if not content:
        raise ValidationError(_("There is no adopted recommendation to publish."))
    sha256 = selectors.content_sha256(content)
    if expected_sha256 is not None and sha256 != expected_sha256:
        raise ValidationError(_("The adopted recommendations changed after the preview: check the changes again."))
    last = Publication.objects.filter(conference=conference).order_by("-number").first()
    if last is not None and last.sha256 == sha256:
        return None, last
    draft = Publication(
        conference=conference,
        number=(last.number + 1) if last else 1,
        published_at=timezone.now(),
        published_by=by,
        snapshot={"conference": selectors.conference_facts(conference=conference), "themes": content},
        sha256=sha256,
        changes=selectors.content_changes(last.snapshot["themes"], content) if last else {},
    )
    draft.pdf = render_recommendations_pdf(selectors.pdf_document(publication=draft))
    return draft, last


def publication_publish(*, conference: Conference, by, expected_sha256: str | None = None) -> tuple[Publication, bool]:
    """Publishes the adopted recommendations (``expected_sha256``: those the preview showed) as the next version with
    its PDF: ``(publication, created)``; the last version and False when nothing changed. The PDF is rendered before
    the conference row is locked; under that lock the version is saved only if nothing was published or changed."""
    _require_secretariat(by)
    while True:
        draft, last = _next_publication(conference=conference, by=by, expected_sha256=expected_sha256)
        if draft is None:
            return last, False
        with transaction.atomic():
            Conference.objects.select_for_update(no_key=True).filter(pk=conference.pk).first()
            latest = Publication.objects.filter(conference=conference).order_by("-number").first()
            unchanged = selectors.content_sha256(selectors.adopted_content(conference=conference)) == draft.sha256
            if unchanged and getattr(latest, "pk", None) == getattr(last, "pk", None):
                draft.save()
                return draft, True


def publication_archival_pdf(*, publication: Publication) -> bytes:
    """The PDF/A copy of a version: rendered once from the frozen snapshot, then kept."""
    if publication.pdf_archival:
        return bytes(publication.pdf_archival)
    pdf = render_recommendations_pdf(selectors.pdf_document(publication=publication), archival=True)
    # Only the first rendering is kept, so two simultaneous first requests cannot make two copies.
    Publication.objects.filter(pk=publication.pk, pdf_archival__isnull=True).update(pdf_archival=pdf)
    return bytes(Publication.objects.values_list("pdf_archival", flat=True).get(pk=publication.pk))


# --- Follow-up -------------------------------------------------------------------------------


@transaction.atomic
def follow_up_update(*, recommendation: Recommendation, by, status: str, responsible: str) -> FollowUp:
    _require_secretariat(by)
    recommendation = _locked(recommendation)
    if not recommendation.is_adopted:
        raise ValidationError(_("Only adopted recommendations are followed up."))
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    follow_up, _created = FollowUp.objects.select_for_update().get_or_create(recommendation=recommendation)
    responsible = clean_free_text(responsible, multiline=False)
    follow_up.status, follow_up.responsible, follow_up.updated_by = status, responsible, by
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_note_add(
    *, recommendation: Recommendation, by, date: dt.date, text: str, evidence_url: str = ""
) -> FollowUpNote:
    _require_secretariat(by)
    recommendation = _locked(recommendation)
    if not recommendation.is_adopted:
        raise ValidationError(_("Only adopted recommendations are followed up."))
    text = clean_free_text(text)
    if not text.strip():
        raise ValidationError(_("Write the note."))
    follow_up, _created = FollowUp.objects.get_or_create(recommendation=recommendation, defaults={"updated_by": by})
    return FollowUpNote.objects.create(
        follow_up=follow_up, date=date, text=text, evidence_url=evidence_url, created_by=by
    )
