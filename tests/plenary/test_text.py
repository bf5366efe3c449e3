"""plenary.text as the attack: every invisible, direction or control character in a name, in free text, in forms."""

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError

from plenary import text
from plenary.text import ARABIC, LATIN, CleanTextFormMixin, clean_free_text, clean_name

# (character, what free text does with it): "kept", "dropped", "newline".
CHARACTERS = [
    ("\u200b", "dropped"),  # zero-width space
    ("\u200c", "kept"),  # zero-width non-joiner (Persian, Arabic)
    ("\u200d", "kept"),  # zero-width joiner (Arabic, emoji)
    ("\u200e", "kept"),  # left-to-right mark
    ("\u200f", "kept"),  # right-to-left mark
    ("\u061c", "kept"),  # Arabic letter mark
    ("\u202a", "dropped"),  # left-to-right embedding
    ("\u202b", "dropped"),  # right-to-left embedding
    ("\u202c", "dropped"),  # pop directional formatting
    ("\u202d", "dropped"),  # left-to-right override
    ("\u202e", "dropped"),  # right-to-left override
    ("\u2066", "dropped"),  # left-to-right isolate
    ("\u2067", "dropped"),  # right-to-left isolate
    ("\u2068", "dropped"),  # first strong isolate
    ("\u2069", "dropped"),  # pop directional isolate
    ("\ufeff", "dropped"),  # byte-order mark
    ("\u00ad", "dropped"),  # soft hyphen
    ("\u2028", "newline"),  # line separator
    ("\u2029", "newline"),  # paragraph separator
    ("\x85", "newline"),  # next line (C1)
    ("\x00", "dropped"),
    ("\x07", "dropped"),
    ("\x1b", "dropped"),
    ("\x1f", "dropped"),
    ("\x7f", "dropped"),
    ("\x9b", "dropped"),  # C1 control sequence introducer
]
IDS = [f"U+{ord(char):04X}" for char, _ in CHARACTERS]


@pytest.mark.parametrize(("char", "_outcome"), CHARACTERS, ids=IDS)
def test_every_invisible_or_control_character_is_refused_in_a_latin_name(char, _outcome):
    with pytest.raises(ValidationError) as refused:
        clean_name(f"Ami{char}na", script=LATIN)
    assert refused.value.error_list[0].code == "invisible"
    message = refused.value.messages[0]
    assert "Names cannot contain invisible control characters" in message
    assert f"U+{ord(char):04X}" in message


@pytest.mark.parametrize(("char", "_outcome"), CHARACTERS, ids=IDS)
def test_every_invisible_or_control_character_is_refused_in_an_arabic_name(char, _outcome):
    with pytest.raises(ValidationError, match="invisible control characters"):
        clean_name(f"أمي{char}نة", script=ARABIC)


@pytest.mark.parametrize(("char", "outcome"), CHARACTERS, ids=IDS)
def test_free_text_keeps_what_arabic_needs_and_drops_what_reverses_or_hides(char, outcome):
    cleaned = clean_free_text(f"Free them{char} all")
    expected = {"kept": f"Free them{char} all", "dropped": "Free them all", "newline": "Free them\n all"}[outcome]
    assert cleaned == expected


@pytest.mark.parametrize(("char", "outcome"), CHARACTERS, ids=IDS)
def test_free_text_on_one_line_has_no_line_break(char, outcome):
    cleaned = clean_free_text(f"Addameer{char} Association", multiline=False)
    expected = {
        "kept": f"Addameer{char} Association",
        "dropped": "Addameer Association",
        "newline": "Addameer  Association",
    }[outcome]
    assert cleaned == expected


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\x00", "\x9b"]
)
def test_strict_free_text_refuses_direction_and_control_characters(char):
    with pytest.raises(ValidationError, match="invisible control characters"):
        clean_free_text(f"Addameer{char}", strict=True)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\n", "\t"])
def test_strict_free_text_on_one_line_refuses_line_breaks(char):
    with pytest.raises(ValidationError):
        clean_free_text(f"Addameer{char}x", multiline=False, strict=True)
    assert clean_free_text(f"Addameer{char}x", strict=True) in ("Addameer\nx", "Addameer\tx")


def test_strict_free_text_keeps_arabic_marks_and_drops_invisible_noops():
    assert (
        clean_free_text("می\u200cخواهم \u200fABC\u200f \u061c1", strict=True) == "می\u200cخواهم \u200fABC\u200f \u061c1"
    )
    assert clean_free_text("Add\u200bameer\ufeff\u00ad", multiline=False, strict=True) == "Addameer"


def test_a_right_to_left_override_in_a_recommendation_is_dropped_and_arabic_with_zwnj_is_kept():
    assert clean_free_text("Free them \u202eall now\u202c.") == "Free them all now."
    assert clean_free_text("نمی\u200cخواهیم") == "نمی\u200cخواهیم"
    assert clean_free_text("Line one\r\nline two\u2028three") == "Line one\r\nline two\nthree"


@pytest.mark.parametrize(
    ("value", "script_name"),
    [
        ("\u0415lena", "Cyrillic"),  # CYRILLIC CAPITAL LETTER IE in a Latin name
        ("Hadd\u0430d", "Cyrillic"),  # CYRILLIC SMALL LETTER A
        ("Ant\u03bfnio", "Greek"),  # GREEK SMALL LETTER OMICRON
        ("Amina \u05d0", "Hebrew"),
        ("Amina \u0623", "Arabic"),
    ],
)
def test_a_latin_name_with_a_look_alike_of_another_script_is_refused(value, script_name):
    with pytest.raises(ValidationError) as refused:
        clean_name(value, script=LATIN)
    message = refused.value.messages[0]
    assert message.startswith("This name mixes scripts: “")
    assert f"” is {script_name}." in message
    assert "in Latin letters" in message


@pytest.mark.parametrize(("value", "char"), [("Хаддад", "Х"), ("أمينة", "أ"), ("\uff21\uff4d", "\uff21")])
def test_a_latin_name_in_another_script_is_refused(value, char):
    with pytest.raises(ValidationError, match=f"Write this name in Latin letters, as in your passport: “{char}” is"):
        clean_name(value, script=LATIN)


def test_an_arabic_name_in_latin_letters_or_mixed_is_refused():
    with pytest.raises(ValidationError, match=r"Write this name in Arabic letters: “A” is Latin\."):
        clean_name("Amina", script=ARABIC)
    with pytest.raises(ValidationError, match="This name mixes scripts: “A” is Latin"):
        clean_name("أمينة A", script=ARABIC)
    with pytest.raises(ValidationError, match="mixes scripts"):
        clean_name("أمينة \u0430", script=ARABIC)


@pytest.mark.parametrize(
    "value",
    [
        "Zoë",
        "N'Diaye-Müller",
        "Łukasz Ørsted Çelik",
        "Ngũgĩ wa Thiongʼo",
        "Jean-Paul O’Brien Jr.",
        "Nguyễn Thị Minh Khai",
        "Speaker 12",
        "<script>alert('x')</script>",  # markup is text: pages escape it (tests/registration/test_hostile_input.py)
    ],
)
def test_latin_names_with_accents_and_punctuation_are_kept_as_they_are(value):
    assert clean_name(value, script=LATIN) == value


@pytest.mark.parametrize("value", ["أمينة حداد", "مُحَمَّد", "عبد الله", "المتحدث 3", "الأسير ٣", "فاطمة-الزهراء"])
def test_arabic_names_with_marks_and_digits_are_kept(value):
    assert clean_name(value, script=ARABIC) == value


def test_names_are_nfc_normalised_and_otherwise_unchanged():
    assert clean_name("Zoe\u0308", script=LATIN) == "Zoë"
    assert clean_name("  Amina ", script=LATIN) == "  Amina "


@pytest.mark.parametrize("value", ["Amina 😀", "Amina ☭", "Amina \U0001d400"])
def test_symbols_and_letter_like_characters_are_refused_in_names(value):
    with pytest.raises(ValidationError):
        clean_name(value, script=LATIN)


class PersonForm(CleanTextFormMixin, forms.Form):
    latin_name_fields = ("name",)
    arabic_name_fields = ("name_ar",)
    text_fields = ("organisation",)
    multiline_fields = ("biography",)

    name = forms.CharField()
    name_ar = forms.CharField(required=False)
    organisation = forms.CharField(required=False)
    biography = forms.CharField(required=False)


def test_the_form_mixin_refuses_names_and_cleans_free_text():
    form = PersonForm(
        data={"name": "Am\u200bina", "name_ar": "\u2067أمينة\u2069", "organisation": "\u202eAddameer", "biography": "x"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"name", "name_ar"}
    assert form.cleaned_data["organisation"] == "Addameer"

    form = PersonForm(data={"name": "Amina", "biography": "Born\u2028in Gaza\u202e."})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["biography"] == "Born\nin Gaza."


def test_the_form_mixin_is_strict_when_asked():
    class StrictForm(PersonForm):
        strict_text = True

    form = StrictForm(data={"name": "Amina", "organisation": "\u202eAddameer"})
    assert not form.is_valid()
    assert "invisible control characters" in str(form.errors["organisation"])


def test_plenary_text_imports_no_app():
    tree = ast.parse(Path(text.__file__).read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name.split(".")[0] for name in modules if name} & {"conference", "registration", "recommendations"}
