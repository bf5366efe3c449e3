"""Reads for the live plenary: who may take part now, the sitting's state for the screen and the phones, the
chair's lists. The state holds nothing personal but the name a speaker chose to be shown by."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.i18n import LANGUAGE_CODES, WORKING_LANGUAGES, TranslatedText, language_direction, texts_of, translate
from recommendations import selectors as drafting
from recommendations.history import word_diff
from recommendations.live.lines import Change, amended_text, numbered_lines
from recommendations.models import AgendaItem, Amendment, Recommendation, Sitting, SpeakerRequest, Vote
from registration.checkin.services import conference_day
from registration.models import Category, CheckIn, Registration

# The press, observers and staff follow the plenary; they do not vote or take the floor.
NON_VOTING = frozenset({Category.JOURNALIST, Category.OBSERVER, Category.STAFF})


def participant(*, user, conference: Conference) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(conference=conference, user=user).first()


def refusal(*, registration: Registration | None, conference: Conference) -> str:
    """Why this registration may not vote or ask for the floor now; empty when it may."""
    if registration is None or registration.conference_id != conference.pk:
        return _("You are not registered for this conference.")
    if registration.status != Registration.Status.APPROVED:
        return _("Only approved delegates take part in the plenary.")
    if registration.category in NON_VOTING:
        return _("Your category follows the plenary without voting.")
    today = conference_day(conference=conference, at=timezone.now())
    if not CheckIn.objects.filter(registration=registration, day=today).exists():
        return _("Only delegates checked in today at the door take part: please check in first.")
    return ""


def sitting_of(*, conference: Conference) -> Sitting | None:
    return Sitting.objects.filter(conference=conference).first()


def accepted_changes(*, recommendation: Recommendation, language: str) -> list[Change]:
    amendments = recommendation.amendments.filter(status=Amendment.Status.ACCEPTED, language=language)
    return [Change(a.kind, a.old_text, a.new_text) for a in amendments.order_by("decided_at", "pk")]


def amended_texts(*, recommendation: Recommendation) -> dict[str, str]:
    """``{code: wording}`` with the accepted amendments made, for the languages they change."""
    texts = {}
    for lang, text in texts_of(recommendation, "text").items():
        changes = accepted_changes(recommendation=recommendation, language=lang)
        if changes:
            texts[lang] = amended_text(text, changes)
    return texts


def amendment_diff(amendment: Amendment, text: str) -> list[tuple[str, str]]:
    """The lines the amendment touches, before and after, word by word."""
    lines = numbered_lines(text)
    passage = " ".join(lines[amendment.line_from - 1 : amendment.line_to])
    change = Change(amendment.kind, amendment.old_text, amendment.new_text)
    try:
        after = amended_text(passage, [change])
    except ValidationError:  # the passage spans more than these lines: show the change on its own
        after = amendment.new_text
        passage = amendment.old_text
    return word_diff(passage, after)


def _screen_languages(recommendation: Recommendation) -> list[str]:
    """English and Arabic always (the working languages), the others when written."""
    texts = texts_of(recommendation, "text")
    return [lang for lang in LANGUAGE_CODES if lang in WORKING_LANGUAGES or texts[lang].strip()]


def _item(sitting: Sitting) -> dict | None:
    recommendation = sitting.current
    if recommendation is None:
        return None
    position = AgendaItem.objects.filter(recommendation=recommendation).values_list("position", flat=True).first()
    texts = texts_of(recommendation, "text")
    return {
        "id": recommendation.pk,
        "number": recommendation.number or (f"{position}" if position else ""),
        "state": recommendation.state,
        "state_label": str(recommendation.get_state_display()),
        "texts": [
            {
                "lang": lang,
                "dir": language_direction(lang),
                "theme": translate(recommendation.theme, "name", lang),
                "lines": numbered_lines(texts[lang]),
            }
            for lang in _screen_languages(recommendation)
        ],
    }


def _amendment(sitting: Sitting) -> dict | None:
    amendment = sitting.amendment
    if amendment is None or amendment.recommendation_id != sitting.current_id:
        return None
    text = texts_of(sitting.current, "text")[amendment.language]
    return {
        "id": amendment.pk,
        "lang": amendment.language,
        "dir": language_direction(amendment.language),
        "kind": str(amendment.get_kind_display()),
        "lines": [amendment.line_from, amendment.line_to],
        "status": str(amendment.get_status_display()),
        "diff": amendment_diff(amendment, text),
    }


def _speaker(sitting: Sitting) -> dict | None:
    request = sitting.speaker
    if request is None or request.status != SpeakerRequest.Status.CALLED:
        return None
    elapsed = (timezone.now() - sitting.speaker_started_at).total_seconds() if sitting.speaker_started_at else 0
    return {
        "name": request.shown_name or _("A delegate"),
        "point_of_order": request.point_of_order,
        "seconds_left": max(0, round(sitting.speaker_seconds - elapsed)),
        "limit": sitting.speaker_seconds,
    }


def _vote(sitting: Sitting) -> dict | None:
    vote = sitting.vote
    if vote is None or vote.recommendation_id != sitting.current_id:
        return None
    shown = {
        "id": vote.pk,
        "open": vote.is_open,
        "method": vote.method,
        "method_label": str(vote.get_method_display()),
        "secret": vote.secret,
        "amendment": vote.amendment_id,
        "cast": vote.votes_for + vote.votes_against + vote.votes_abstaining,
    }
    if not vote.is_open:
        shown["result"] = {"for": vote.votes_for, "against": vote.votes_against, "abstaining": vote.votes_abstaining}
        shown["carried"] = vote.carried
        shown["carried_label"] = _("Carried") if vote.carried else _("Not carried")
    return shown


def state_version(*, conference: Conference) -> str:
    """The ETag of the state: the sitting's version and, while an electronic vote is open, the ballots cast."""
    row = Sitting.objects.filter(conference=conference).values("pk", "version", "vote_id").first()
    if row is None:
        return "0"
    cast = ""
    if row["vote_id"]:
        totals = Vote.objects.filter(pk=row["vote_id"], closed_at=None).aggregate(
            n=Sum("votes_for") + Sum("votes_against") + Sum("votes_abstaining")
        )
        cast = f"-{totals['n']}" if totals["n"] is not None else ""
    return f"{row['version']}{cast}"


def sitting_state(*, conference: Conference) -> dict:
    """What the screen shows and the phones follow, as plain data (labels in the active language)."""
    sitting = (
        Sitting.objects.select_related("current__theme", "amendment", "speaker__registration", "vote")
        .filter(conference=conference)
        .first()
    )
    if sitting is None:
        return {"version": 0, "item": None}
    return {
        "version": sitting.version,
        "item": _item(sitting),
        "amendment": _amendment(sitting),
        "floor_open": sitting.floor_open,
        "waiting": sitting.speakers.filter(status=SpeakerRequest.Status.WAITING).count(),
        "speaker": _speaker(sitting),
        "vote": _vote(sitting),
    }


@dataclass(frozen=True)
class AmendmentRow:
    amendment: Amendment
    diff: list[tuple[str, str]]
    dir: str


@dataclass(frozen=True)
class Console:
    sitting: Sitting
    agenda: list[Recommendation]
    candidates: list[Recommendation]
    texts: list[dict]
    waiting: list[SpeakerRequest]
    amendments: list[AmendmentRow]
    votes: list[Vote]
    screen_key: str


def console(*, sitting: Sitting) -> Console:
    """The chair's lists: the agenda, submitted recommendations not on it, the current item's numbered lines,
    the queue, the current item's amendments (with their change marked) and votes."""
    agenda = [
        item.recommendation for item in sitting.items.select_related("recommendation__theme").order_by("position", "pk")
    ]
    on_agenda = {r.pk for r in agenda}
    candidates = [
        r
        for r in Recommendation.objects.filter(conference=sitting.conference, state=Recommendation.State.SUBMITTED)
        if r.pk not in on_agenda
    ]
    current = sitting.current
    texts = texts_of(current, "text") if current else {}
    rows = [
        AmendmentRow(a, amendment_diff(a, texts[a.language]), language_direction(a.language))
        for a in Amendment.objects.filter(recommendation=current).select_related("proposer")
    ]
    return Console(
        sitting=sitting,
        agenda=agenda,
        candidates=candidates,
        texts=_item(sitting)["texts"] if current else [],
        waiting=list(sitting.speakers.filter(status=SpeakerRequest.Status.WAITING).select_related("registration")),
        amendments=rows,
        votes=list(Vote.objects.filter(recommendation=current)),
        screen_key=sitting.screen_key,
    )


def current_recommendation(*, conference: Conference) -> Recommendation | None:
    sitting = Sitting.objects.filter(conference=conference).select_related("current").first()
    return sitting.current if sitting else None


def may_follow(*, user, conference: Conference, key: str) -> bool:
    """The screen and the state: the Secretariat, the projector's link (its key), and the signed-in people of
    the plenary (approved registrations, rapporteurs). The state holds no personal data but the names speakers
    chose to show; still, a draft before the room is not for the whole internet."""
    sitting = sitting_of(conference=conference)
    if key and sitting is not None and constant_time_compare(key, sitting.screen_key):
        return True
    if drafting.can_manage(user=user, conference=conference):
        return True
    registration = participant(user=user, conference=conference)
    return registration is not None and registration.status == Registration.Status.APPROVED


def screen_labels() -> dict[str, dict[str, str]]:
    """The screen's words in every language (the screen is bilingual whatever the browser's language)."""
    labels = {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            labels[lang] = {
                "speaker": _("Speaker"),
                "point_of_order": _("Point of order"),
                "amendment": _("Amendment"),
                "lines": _("lines"),
                "vote_open": _("Vote open"),
                "cast": _("votes cast"),
                "for": _("For"),
                "against": _("Against"),
                "abstaining": _("Abstentions"),
                "carried": _("Carried"),
                "not_carried": _("Not carried"),
                "waiting": _("Waiting for the chair"),
                "offline": _("Reconnecting…"),
            }
    return labels


@dataclass(frozen=True)
class Phone:
    registration: Registration | None
    refusal: str
    recommendation: Recommendation | None
    lines: list[str]
    lang: str
    floor_open: bool
    waiting: list[SpeakerRequest]
    vote: Vote | None
    voted: bool
    version: int
    may_amend: bool


def phone(*, user, conference: Conference) -> Phone:
    """The delegate's phone: the current item in their language (else the fallback), their requests, the open
    electronic vote and whether they voted in it (the fact only)."""
    registration = participant(user=user, conference=conference)
    sitting = Sitting.objects.select_related("current", "vote").filter(conference=conference).first()
    recommendation = sitting.current if sitting else None
    text = translate(recommendation, "text", any_language=True) if recommendation else TranslatedText("", "")
    vote = sitting.vote if sitting and sitting.vote and sitting.vote.is_open else None
    if vote is not None and vote.method != Vote.Method.ELECTRONIC:
        vote = None
    return Phone(
        registration=registration,
        refusal=refusal(registration=registration, conference=conference),
        recommendation=recommendation,
        lines=numbered_lines(text),
        lang=text.lang,
        floor_open=bool(sitting and sitting.floor_open),
        waiting=list(sitting.speakers.filter(registration=registration, status=SpeakerRequest.Status.WAITING))
        if sitting and registration
        else [],
        vote=vote,
        voted=bool(vote and registration and vote.ballots.filter(registration=registration).exists()),
        version=sitting.version if sitting else 0,
        may_amend=drafting.can_manage(user=user, conference=conference)
        or bool(registration and registration.status == Registration.Status.APPROVED),
    )
