"""The one normaliser for text that people type or import: names are checked, free text is cleaned.

Every way in uses it: the delegate's registration form, the spreadsheet imports, the Django admin and the
recommendations' services.

- **Names** (``clean_name``) are NFC-normalised and otherwise never changed: a name with an invisible or
  direction-control character (a right-to-left override makes "Amina" print as something else on a badge),
  or with a letter of another script than its field's (a Cyrillic "Е" in a Latin name looks the same and is
  not), is refused with a ValidationError that says why.
- **Free text** (``clean_free_text``: organisations, positions, biographies, recommendations) keeps what Arabic
  needs (ZWNJ, ZWJ, LRM, RLM, ALM) and loses what can reverse or hide text: direction overrides, embeddings and
  isolates, zero-width spaces, byte-order marks, soft hyphens and control characters. Line and paragraph
  separators become newlines (spaces on one line). With ``strict`` a form refuses direction and control
  characters instead of dropping them, so the person who typed them can see what was wrong.

Scripts come from the characters' Unicode names ("LATIN SMALL LETTER E", "CYRILLIC CAPITAL LETTER IE").
"""

import functools
import string
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LATIN, ARABIC = "LATIN", "ARABIC"

# Scripts a message can name; any other is "not Latin" / "not Arabic".
SCRIPT_LABELS = {
    "LATIN": pgettext_lazy("script", "Latin"),
    "ARABIC": pgettext_lazy("script", "Arabic"),
    "CYRILLIC": pgettext_lazy("script", "Cyrillic"),
    "GREEK": pgettext_lazy("script", "Greek"),
    "HEBREW": pgettext_lazy("script", "Hebrew"),
    "ARMENIAN": pgettext_lazy("script", "Armenian"),
    "GEORGIAN": pgettext_lazy("script", "Georgian"),
    "SYRIAC": pgettext_lazy("script", "Syriac"),
    "COPTIC": pgettext_lazy("script", "Coptic"),
    "CHEROKEE": pgettext_lazy("script", "Cherokee"),
    "DEVANAGARI": pgettext_lazy("script", "Devanagari"),
    "THAI": pgettext_lazy("script", "Thai"),
    "HANGUL": pgettext_lazy("script", "Hangul"),
    "HIRAGANA": pgettext_lazy("script", "Hiragana"),
    "KATAKANA": pgettext_lazy("script", "Katakana"),
    "CJK": pgettext_lazy("script", "Chinese"),
}
NOT_THE_SCRIPT = {LATIN: pgettext_lazy("script", "not Latin"), ARABIC: pgettext_lazy("script", "not Arabic")}

# Characters that reorder the text around them: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069). Unbalanced, they reverse whatever follows, up to the end of a paragraph in a PDF.
DIRECTION_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Invisible and useless in stored text: zero-width space, byte-order mark (zero-width no-break space), soft hyphen.
INVISIBLE_NOOPS = frozenset("\u200b\ufeff\u00ad")
# Line separator, paragraph separator and NEL (next line): a newline.
LINE_BREAKS = frozenset("\u2028\u2029\x85")
# C0 and C1 controls except tab, newline and carriage return, which text areas send.
CONTROLS = frozenset(chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))) - set("\t\n\r") - LINE_BREAKS
# Kept in free text, refused in names: zero-width non-joiner and joiner (Persian and Arabic words, emoji),
# left-to-right, right-to-left and Arabic letter marks (a number or a Latin word inside Arabic text).
ARABIC_FORMAT_MARKS = frozenset("\u200c\u200d\u200e\u200f\u061c")

# What a name may hold besides its script's letters, marks and digits: spaces, ASCII digits and punctuation
# (hyphen, apostrophe, period...) and the typographic apostrophes and hyphens names are written with.
NAME_PUNCTUATION = frozenset(string.punctuation + string.digits + "\u2018\u2019\u02bc\u02bb\u2010\u2011\u00b7")
# Categories of invisible characters: controls, formats (bidi, zero-width), line and paragraph separators,
# private use, unassigned and surrogate code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"})

INVISIBLE_IN_NAME = _(
    "Names cannot contain invisible control characters (such as direction controls or zero-width spaces): "
    "remove %(chars)s."
)
MIXED_SCRIPTS = {
    LATIN: _("This name mixes scripts: “%(char)s” is %(script)s. Write it in Latin letters only, as in your passport."),
    ARABIC: _("This name mixes scripts: “%(char)s” is %(script)s. Write it in Arabic letters only."),
}
OTHER_SCRIPT = {
    LATIN: _("Write this name in Latin letters, as in your passport: “%(char)s” is %(script)s."),
    ARABIC: _("Write this name in Arabic letters: “%(char)s” is %(script)s."),
}
NOT_IN_NAMES = _("“%(char)s” cannot be used in a name.")
CONTROLS_IN_TEXT = _("Remove the invisible control characters from this field: %(chars)s.")


def describe(chars: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE, U+0000': the characters one cannot see, by code point and name."""
    unique = dict.fromkeys(chars)
    return ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip() for char in unique)


@functools.lru_cache(maxsize=8192)
def script_of(char: str) -> str | None:
    """The script a letter, mark or digit belongs to ("LATIN", "CYRILLIC"...), "" for those of every script
    (combining accents, modifier letters, ASCII digits), None for a character without a name."""
    name = unicodedata.name(char, "")
    if not name:
        return None
    if "ARABIC-INDIC" in name:
        return ARABIC
    first = name.split(" ", 1)[0]
    if first in ("COMBINING", "MODIFIER", "DIGIT"):
        return ""
    return first


def _script_label(script: str | None, expected: str):
    return SCRIPT_LABELS.get(script or "", NOT_THE_SCRIPT[expected])


def clean_name(value: str, *, script: str = LATIN) -> str:
    """The name, NFC-normalised; ValidationError if it holds an invisible character or a letter, mark or digit
    of another script than ``script`` (LATIN or ARABIC), or a symbol that is not in names."""
    if script == LATIN and value.isascii() and value.isprintable():
        return value  # the usual case: ASCII letters, digits, punctuation and spaces only
    text = unicodedata.normalize("NFC", value)
    hidden = "".join(char for char in text if unicodedata.category(char) in INVISIBLE_CATEGORIES)
    if hidden:
        raise ValidationError(INVISIBLE_IN_NAME, code="invisible", params={"chars": describe(hidden)})
    foreign = None
    has_own_letters = False
    for char in text:
        category = unicodedata.category(char)
        if category.startswith(("L", "M", "N")) and char not in NAME_PUNCTUATION:
            found = script_of(char)
            if found == script:
                has_own_letters = has_own_letters or category.startswith("L")
            elif found != "" and foreign is None:
                foreign = (char, found)
        elif category != "Zs" and char not in NAME_PUNCTUATION and script_of(char) != script:
            raise ValidationError(NOT_IN_NAMES, code="symbol", params={"char": char})
    if foreign is not None:
        char, found = foreign
        messages = MIXED_SCRIPTS if has_own_letters else OTHER_SCRIPT
        raise ValidationError(
            messages[script], code="script", params={"char": char, "script": _script_label(found, script)}
        )
    return text


def clean_free_text(value: str, *, multiline: bool = True, strict: bool = False) -> str:
    """Free text without what could reverse or hide it (see the module's docstring), NFC-normalised.

    ``multiline`` keeps newlines (and tabs); otherwise line breaks and tabs become spaces. ``strict`` raises a
    ValidationError for direction and control characters (and, on one line, line breaks) instead of dropping
    them; invisible no-ops are dropped either way.
    """
    if not value or (value.isascii() and value.isprintable()):
        return value  # nothing to drop: no control character, no line break
    if strict:
        refused = DIRECTION_CONTROLS | CONTROLS | (frozenset() if multiline else LINE_BREAKS | set("\t\n\r"))
        found = "".join(char for char in value if char in refused)
        if found:
            raise ValidationError(CONTROLS_IN_TEXT, code="invisible", params={"chars": describe(found)})
    table = _MULTILINE if multiline else _SINGLE_LINE
    return unicodedata.normalize("NFC", value.translate(table))


def _table(*, multiline: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(map(ord, DIRECTION_CONTROLS | INVISIBLE_NOOPS | CONTROLS))
    table.update(dict.fromkeys(map(ord, LINE_BREAKS), "\n" if multiline else " "))
    if not multiline:
        table.update(dict.fromkeys(map(ord, "\t\n\r"), " "))
    return table


_MULTILINE = _table(multiline=True)
_SINGLE_LINE = _table(multiline=False)


class CleanTextFormMixin:
    """For a (model) form: names checked and free text cleaned before the model sees them.

    Set ``latin_name_fields``, ``arabic_name_fields``, ``text_fields`` (one line) and ``multiline_fields``;
    ``strict_text`` refuses direction and control characters in free text instead of dropping them.
    Fields the form does not have are ignored.
    """

    latin_name_fields: tuple[str, ...] = ()
    arabic_name_fields: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ()
    multiline_fields: tuple[str, ...] = ()
    strict_text = False

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaners = [
            *((name, lambda v: clean_name(v, script=LATIN)) for name in self.latin_name_fields),
            *((name, lambda v: clean_name(v, script=ARABIC)) for name in self.arabic_name_fields),
            *(
                (name, lambda v: clean_free_text(v, multiline=False, strict=self.strict_text))
                for name in self.text_fields
            ),
            *((name, lambda v: clean_free_text(v, strict=self.strict_text)) for name in self.multiline_fields),
        ]
        for name, cleaner in cleaners:
            value = cleaned.get(name)
            if not isinstance(value, str) or not value:
                continue
            try:
                cleaned[name] = cleaner(value).strip()
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned
