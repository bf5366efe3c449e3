"""What the import and the exports share: the columns (``COLUMNS``), the names partners give them in English,
French and Arabic, the lookups that turn a country, category or language as written into its code, the characters
that make a cell a formula, and the import's two errors (``ImportFileError``, ``ImportRefused``).

``reading`` finds the header with these names, ``preview`` cleans the values with these lookups, ``exports`` writes
these columns.
"""

import functools
import gettext
import re
import unicodedata
from collections.abc import Iterable

from django.utils import translation

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, language_names
from plenary.text import ARABIC, LATIN, clean_free_text, clean_name
from registration.models import Category, Registration

# The columns Plenary reads and the exports write, in this order.
COLUMNS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "country",
    "category",
    "name_ar",
    "position",
    "phone",
    "language",
)
# Names are checked by plenary.text (an error, never a silent change); free text is cleaned.
NAME_COLUMNS: dict[str, str] = {"first_name": LATIN, "last_name": LATIN, "name_ar": ARABIC}
TEXT_COLUMNS = frozenset({"organisation", "position", "phone"})
SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xls", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
# A spreadsheet runs a cell starting with one of these as a formula; exports put a ' in front, imports remove it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_SEARCH_ROWS = 10

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("first_name", "First name", "Given name", "Forename", "Prénom", "الاسم الأول"),
    "last_name": (
        "last_name",
        "Last name",
        "Surname",
        "Family name",
        "Nom",
        "Nom de famille",
        "اسم العائلة",
        "اللقب",
    ),
    "email": (
        "email",
        "E-mail",
        "Email address",
        "E-mail address",
        "Mail",
        "Courriel",
        "Adresse e-mail",
        "Adresse électronique",
        "Adresse mail",
        "البريد الإلكتروني",
        "البريد",
    ),
    "organisation": (
        "organisation",
        "Organization",
        "Organisation / Institution",
        "Institution",
        "Organisme",
        "المنظمة",
        "المؤسسة",
        "الجهة",
    ),
    "country": ("country", "Pays", "البلد", "الدولة"),
    "category": ("category", "Catégorie", "الفئة"),
    "name_ar": (
        "name_ar",
        "Name in Arabic",
        "Arabic name",
        "Full name in Arabic",
        "Nom en arabe",
        "الاسم بالعربية",
        "الاسم بالعربي",
    ),
    "position": ("position", "Job title", "Function", "Fonction", "Poste", "المنصب", "الوظيفة"),
    "phone": (
        "phone",
        "Telephone",
        "Phone number",
        "Mobile",
        "Tel",
        "Téléphone",
        "Numéro de téléphone",
        "Portable",
        "الهاتف",
        "رقم الهاتف",
        "الجوال",
    ),
    "language": (
        "language",
        "Preferred language",
        "Langue",
        "Langue préférée",
        "اللغة",
        "اللغة المفضلة",
    ),
}
CATEGORY_ALIASES: dict[str, tuple[str, ...]] = {
    "delegate": ("Délégué", "Déléguée", "مندوب", "مندوبة", "وفد"),
    "parliamentarian": ("MP", "Member of Parliament", "Parlementaire", "Député", "Députée", "برلماني", "نائب"),
    "diplomat": ("Diplomate", "Ambassador", "Ambassadeur", "دبلوماسي", "سفير"),
    "ngo": ("NGO", "ONG", "منظمة غير حكومية"),
    "lawyer": ("Avocat", "Avocate", "محامي", "محام"),
    "journalist": ("Press", "Journalist", "Presse", "Journaliste", "صحفي", "صحافة", "إعلامي"),
    "witness": ("Témoin", "شاهد"),
    "observer": ("Observateur", "Observatrice", "مراقب"),
    "speaker": ("Intervenant", "Intervenante", "Orateur", "Oratrice", "متحدث"),
    "staff": ("Personnel", "Équipe", "Organisation staff", "طاقم", "موظف"),
}
COUNTRY_ALIASES: dict[str, str] = {
    "Palestine": "PS",
    "State of Palestine": "PS",
    "UK": "GB",
    "Great Britain": "GB",
    "USA": "US",
    "Turkey": "TR",
    "Russia": "RU",
    "Syria": "SY",
    "Iran": "IR",
    "Vietnam": "VN",
    "South Korea": "KR",
}


class ImportFileError(Exception):
    """The file cannot be read at all (format, size, damage, no usable header). The message is for the user."""


class ImportRefused(Exception):
    """Applying or undoing is refused (row errors, data changed since the preview). The message is for the user."""


# --- Normalising names: headers, countries, categories, languages ---

_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)


@functools.lru_cache(maxsize=4096)
def normalise_key(text: str) -> str:
    """'Adresse e-mail ' -> 'adresseemail'; 'البريد الإلكتروني' -> 'البريدالالكتروني': case, spaces, punctuation,
    accents, Arabic diacritics, tatweel and the variants of alef, yeh and teh marbuta do not count."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().translate(_ARABIC_FOLD)
    return "".join(ch for ch in folded if ch.isalnum())


def _alias_table(aliases: dict[str, Iterable[str]]) -> dict[str, str]:
    return {normalise_key(alias): key for key, names in aliases.items() for alias in (key, *names)}


@functools.cache
def header_lookup() -> dict[str, str]:
    """Normalised header -> column: the aliases, and the field's verbose name in each of our languages (an
    export's headers, in the secretariat's language)."""
    lookup = _alias_table(HEADER_ALIASES)
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for name in COLUMNS:
                lookup.setdefault(normalise_key(str(Registration._meta.get_field(name).verbose_name)), name)
    return lookup


@functools.cache
def country_lookup() -> dict[str, str]:
    """Normalised name or code -> ISO alpha-2, from pycountry (English, and its French and Arabic translations)
    and django-countries (its names in English, French and Arabic). Built once per process."""
    import pycountry
    from django_countries import countries

    known = set(dict(countries))
    lookup: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name and code in known:
            lookup.setdefault(normalise_key(name), code)

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True).gettext
        for language in LANGUAGE_CODES
        if language != FALLBACK_LANGUAGE
    ]
    for country in pycountry.countries:
        names = [getattr(country, attribute, None) for attribute in ("name", "official_name", "common_name")]
        add(country.alpha_2, country.alpha_2)
        add(country.alpha_3, country.alpha_2)
        for name in names:
            add(name, country.alpha_2)
        for translate in translations:
            for name in names:
                if name:
                    add(translate(name), country.alpha_2)
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for code, name in dict(countries).items():
                add(str(name), code)
    for name, code in COUNTRY_ALIASES.items():
        add(name, code)
    return lookup


@functools.cache
def category_lookup() -> dict[str, str]:
    lookup = _alias_table(CATEGORY_ALIASES)
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for value, label in Category.choices:
                lookup.setdefault(normalise_key(str(label)), value)
    for value in Category.values:
        lookup[normalise_key(value)] = value
    return lookup


@functools.cache
def language_lookup() -> dict[str, str]:
    """Normalised name or code of a language -> its code: every name ``plenary.i18n.language_names`` knows."""
    lookup = _alias_table({code: language_names(code) for code in LANGUAGE_CODES})
    lookup.update({code: code for code in LANGUAGE_CODES})
    return lookup


# --- Reading ---


# The spaces a cell's text is collapsed on. Line and paragraph separators, NEL and the information separators
# (which str.split() also splits on) are left for the column's check: refused in a name, a space elsewhere.
_SPACES = re.compile(r"[\t\n\r\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_OTHER_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def clean_text(value: object, *, unquote: bool = False) -> str:
    """A cell as text: numbers Excel made of phone numbers lose their '.0', spaces are trimmed and collapsed
    (line breaks and tabs included), Unicode is NFC. ``unquote`` (text files) removes the ' that an export put
    before a formula-like value; spreadsheets keep such a value as a text cell and need no quote."""
    if value is None or value == "":
        return ""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if unquote and text[:1] == "'" and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        text = text[1:]
    # The usual case (no such separator) takes the faster str.split().
    text = " ".join(text.split()) if _OTHER_SEPARATORS.isdisjoint(text) else _SPACES.sub(" ", text).strip(" ")
    return unicodedata.normalize("NFC", text)


def clean_column(name: str, value: str) -> str:
    """A name column's value checked by plenary.text (ValidationError), a free-text column's cleaned of
    direction and control characters; other columns as they are."""
    if name in NAME_COLUMNS:
        return clean_name(value, script=NAME_COLUMNS[name])
    if name in TEXT_COLUMNS:
        return " ".join(clean_free_text(value, multiline=False).split())
    return value
