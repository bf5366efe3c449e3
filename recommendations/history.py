"""The history of a recommendation: each version with the fields it changed, word by word."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, field_name, language_direction
from recommendations.models import Recommendation, RecommendationVersion, Vote

HISTORY_FIELDS = [
    (field_name(name, lang), lang) for name in ("text", "adopted_text", "rationale") for lang in LANGUAGE_CODES
] + [(name, "") for name in ("state", "theme", "session", "number", "order", "decided_at", "votes")]


ACTION_LABELS = {
    "created": gettext_lazy("Drafted"),
    "edited": gettext_lazy("Edited"),
    "submitted": gettext_lazy("Submitted to the plenary"),
    "wording": gettext_lazy("Adopted wording edited"),
    "reordered": gettext_lazy("Order changed"),
    "plenary.taken_up": gettext_lazy("Taken up by the plenary"),
    "plenary.floor_opened": gettext_lazy("Floor opened"),
    "plenary.floor_closed": gettext_lazy("Floor closed"),
    "plenary.speaker": gettext_lazy("Speaker called"),
    "plenary.amendment_proposed": gettext_lazy("Amendment proposed"),
    "plenary.amendment_shown": gettext_lazy("Amendment shown to the room"),
    "plenary.amendment_accepted": gettext_lazy("Amendment accepted"),
    "plenary.amendment_rejected": gettext_lazy("Amendment rejected"),
    "plenary.amendment_merged": gettext_lazy("Amendment merged"),
    "plenary.vote_opened": gettext_lazy("Vote opened"),
    "plenary.vote_closed": gettext_lazy("Vote closed"),
    **{state.value: state.label for state in Recommendation.DECISIONS},
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    lang: str
    segments: list[tuple[str, str]]  # ("equal" | "delete" | "insert", text)

    @property
    def dir(self) -> str:
        return language_direction(self.lang or FALLBACK_LANGUAGE)


@dataclass(frozen=True)
class HistoryEntry:
    version: RecommendationVersion
    by: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    note: str = ""


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new[j1:j2])))
    return segments


def _shown(name: str, value) -> str:
    """A snapshot value as the history shows it: states by their label, not their code."""
    if name == "state" and value in Recommendation.State.values:
        return str(Recommendation.State(value).label)
    return str(value or "")


def _note(note: dict) -> str:
    """What a plenary step did, in the reader's language (the snapshot keeps ids and numbers, never names)."""
    parts = []
    if "amendment" in note:
        parts.append(_("amendment A%(number)s") % {"number": note["amendment"]})
    if "request" in note:
        parts.append(_("request for the floor #%(number)s") % {"number": note["request"]})
    if note.get("method") in Vote.Method.values:
        parts.append(str(Vote.Method(note["method"]).label))
    if note.get("secret"):
        parts.append(_("secret ballot"))
    if "for" in note:
        parts.append(
            _("for: %(for)s, against: %(against)s, abstaining: %(abstaining)s")
            % {"for": note["for"], "against": note["against"], "abstaining": note["abstaining"]}
        )
    return "; ".join(parts)


def recommendation_history(*, recommendation: Recommendation) -> list[HistoryEntry]:
    """Each version with the fields it changed, word by word, newest first."""
    labels = {f.name: f.verbose_name for f in Recommendation._meta.get_fields() if hasattr(f, "verbose_name")}
    labels["votes"] = _("votes")
    entries, previous = [], {}
    for version in recommendation.versions.select_related("by"):
        changes = []
        for name, lang in HISTORY_FIELDS:
            before, after = _shown(name, previous.get(name)), _shown(name, version.snapshot.get(name))
            if before != after:
                changes.append(FieldChange(name, str(labels.get(name, name)), lang, word_diff(before, after)))
        entries.append(
            HistoryEntry(
                version=version,
                by=version.by.email if version.by else _("system"),
                action=str(ACTION_LABELS.get(version.action, version.action)),
                changes=changes,
                note=_note(version.snapshot.get("note") or {}),
            )
        )
        previous = version.snapshot
    return entries[::-1]
