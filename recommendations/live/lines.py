"""Line numbers the room can point at, and amendments as marked differences.

The rule: a line is one sentence. Each paragraph (text between line breaks) is cut after a full stop,
question mark or exclamation mark (Latin and Arabic: ``.`` ``!`` ``?`` ``؟`` ``۔``) followed by a space. The
numbers do not depend on the width of a screen or a phone, so "line 4" is the same sentence in the hall, on the
chair's console and on every phone; each language has its own numbers (its own sentences).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4])\s+")


def numbered_lines(text: str) -> list[str]:
    """The lines of ``text`` under the rule above, blank ones dropped; line 1 is ``[0]``."""
    lines = []
    for paragraph in (text or "").splitlines():
        lines.extend(part.strip() for part in _SENTENCE_END.split(paragraph) if part.strip())
    return lines


def lines_text(text: str, line_from: int, line_to: int) -> str:
    """Lines ``line_from`` to ``line_to`` (1-based, inclusive) joined by a space; empty when out of range."""
    lines = numbered_lines(text)
    if line_from < 1 or line_to > len(lines) or line_to < line_from:
        return ""
    return " ".join(lines[line_from - 1 : line_to])


@dataclass(frozen=True)
class Change:
    """What an amendment does, as plain data (``kind``: replace, insert or delete)."""

    kind: str
    old_text: str
    new_text: str


def apply_change(text: str, change: Change) -> str:
    """``text`` with the change made. The passage (or, for an insertion, the line it goes after) must appear
    exactly once: an amendment written against wording that another accepted amendment changed no longer
    applies, and the committee must merge the two instead."""
    anchor = change.old_text.strip()
    if not anchor or text.count(anchor) != 1:
        raise ValidationError(_("This amendment no longer applies to the text: its passage is not found once."))
    if change.kind == "insert":
        replacement = f"{anchor} {change.new_text.strip()}"
    elif change.kind == "delete":
        replacement = ""
    else:
        replacement = change.new_text.strip()
    start = text.index(anchor)
    before, after = text[:start], text[start + len(anchor) :]
    if not replacement:
        # Deleting a passage takes one of the spaces around it too.
        if after.startswith(" "):
            after = after[1:]
        elif before.endswith(" "):
            before = before[:-1]
    return before + replacement + after


def amended_text(text: str, changes: list[Change]) -> str:
    for change in changes:
        text = apply_change(text, change)
    return text
