"""Explicit per-language model fields (``title_en``, ``title_ar``, ``title_fr``) with an English fallback.

One approach everywhere: each translatable text is three plain columns, and a
``TranslatedField`` descriptor on the model reads the one for the active language.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES: tuple[str, ...] = ("en", "ar", "fr")
RTL_LANGUAGES = frozenset({"ar"})
FALLBACK_LANGUAGE = "en"
LANGUAGE_LABELS = {"en": _("English"), "ar": _("Arabic"), "fr": _("French")}


class TranslatedText(str):
    """A string that remembers the language it is in, so templates can set ``lang``/``dir``."""

    lang: str

    def __new__(cls, value: str, lang: str) -> "TranslatedText":
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    @property
    def dir(self) -> str:
        return "rtl" if self.lang in RTL_LANGUAGES else "ltr"


def active_language() -> str:
    code = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return code if code in LANGUAGE_CODES else FALLBACK_LANGUAGE


def translate(obj: object, name: str, lang: str | None = None) -> TranslatedText:
    """The value of ``name`` in ``lang`` (default: the active language), else in English."""
    lang = lang or active_language()
    value = getattr(obj, f"{name}_{lang}", "") or ""
    if value:
        return TranslatedText(value, lang)
    return TranslatedText(getattr(obj, f"{name}_{FALLBACK_LANGUAGE}", "") or "", FALLBACK_LANGUAGE)


def missing_translations(obj: object, name: str) -> list[str]:
    return [lang for lang in LANGUAGE_CODES if not getattr(obj, f"{name}_{lang}", "")]


class TranslatedField:
    """Descriptor: ``session.title`` is ``session.title_<active language>`` or its English fallback."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, objtype: type | None = None):
        if obj is None:
            return self
        return translate(obj, self.name)


LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in LANGUAGE_CODES]
