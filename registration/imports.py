"""Attendee lists from partners' spreadsheets: read any real file, say row by row what will happen, apply it in
bulk in one transaction, undo it.

The hot path is plain Python over lists: python-calamine (in a capped child process) or the csv module reads,
``import_preview`` cleans every value and matches the e-mails already registered with one query, ``import_apply``
writes with ``bulk_create``/``bulk_update`` in batches and keeps what undo needs (``ImportChange``) in bulk too.
"""

import contextlib
import csv
import datetime as dt
import functools
import gettext
import hashlib
import io
import marshal
import re
import secrets
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.i18n import LANGUAGE_CODES
from conference.models import Conference
from registration.models import Category, ImportBatch, ImportChange, Registration, StatusChange, User
from registration.services import audit_record

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
SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xls", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
# A spreadsheet runs a cell starting with one of these as a formula; exports put a ' in front, imports remove it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_SEARCH_ROWS = 10
WRITE_BATCH_SIZE = 500
# A zip member may expand this many times over its compressed size (real sheets: 5 to 30 times).
MAX_ZIP_RATIO = 200
# Address space of the child process that runs calamine (it holds one sheet).
READER_MEMORY_BYTES = 1024 * 1024 * 1024
READER_TIMEOUT_SECONDS = 120
READER_SCRIPT = Path(__file__).with_name("spreadsheet_reader.py")

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"

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
LANGUAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "en": ("English", "Anglais", "الإنجليزية", "الانكليزية", "إنجليزي"),
    "ar": ("Arabic", "Arabe", "العربية", "عربي"),
    "fr": ("French", "Français", "الفرنسية", "فرنسي"),
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


@dataclass(slots=True)
class RowResult:
    number: int  # as the spreadsheet shows it
    values: dict[str, str]  # cleaned, non-empty values only
    errors: list[str] = field(default_factory=list)
    outcome: str = ""
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (old, new)
    registration_id: int | None = None

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def change_list(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for the preview page."""
        return [(_label(name), old, new) for name, (old, new) in self.changes.items()]


@dataclass
class ImportPreview:
    filename: str
    sha256: str
    header_row: int
    columns: dict[str, str]  # field -> the header as the file spells it
    unknown_columns: list[str]
    rows: list[RowResult]
    current: dict[int, dict[str, str]]  # registration id -> its values now, for the rows to update

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, UPDATED, UNCHANGED, ERROR), 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return self.counts[ERROR] > 0

    @functools.cached_property
    def fingerprint(self) -> str:
        """What applying would do: the file and each row's outcome and changes. Apply checks it is unchanged."""
        digest = hashlib.sha256(self.sha256.encode())
        for row in self.rows:
            digest.update(repr((row.number, row.outcome, row.registration_id, sorted(row.changes.items()))).encode())
        return digest.hexdigest()

    def summary(self) -> dict:
        """The command line's JSON object (``skipped`` counts the rows with errors)."""
        return {
            "created": self.counts[NEW],
            "updated": self.counts[UPDATED],
            "unchanged": self.counts[UNCHANGED],
            "skipped": self.counts[ERROR],
            "errors": [{"row": row.number, "messages": row.errors} for row in self.rows if row.errors],
        }


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


HEADER_LOOKUP = _alias_table(HEADER_ALIASES)


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
        for language in ("fr", "ar")
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
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            for code, name in dict(countries).items():
                add(str(name), code)
    for name, code in COUNTRY_ALIASES.items():
        add(name, code)
    return lookup


@functools.cache
def category_lookup() -> dict[str, str]:
    lookup = _alias_table(CATEGORY_ALIASES)
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            for value, label in Category.choices:
                lookup.setdefault(normalise_key(str(label)), value)
    for value in Category.values:
        lookup[normalise_key(value)] = value
    return lookup


@functools.cache
def language_lookup() -> dict[str, str]:
    lookup = _alias_table(LANGUAGE_ALIASES)
    lookup.update({code: code for code in LANGUAGE_CODES})
    return lookup


# --- Reading ---


def clean_text(value: object, *, unquote: bool = False) -> str:
    """A cell as text: numbers Excel made of phone numbers lose their '.0', spaces are trimmed and collapsed
    (line breaks and tabs included), Unicode is NFC. ``unquote`` (text files) removes the ' that an export put
    before a formula-like value; spreadsheets keep such a value as a text cell and need no quote."""
    if value is None or value == "":
        return ""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if unquote and text[:1] == "'" and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        text = text[1:]
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _check_zip(content: bytes, label: str) -> None:
    """Refuses a damaged or bomb-like zip container before any reader expands it: declared sizes against the
    limit and the compression ratio, then every member's CRC, read in small chunks."""
    limit = settings.PLENARY_IMPORT_MAX_BYTES * 20
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > limit or any(
                member.file_size > 1024 * 1024 and member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1)
                for member in members
            ):
                raise ImportFileError(
                    _("This %(format)s file expands to far more data than a list of attendees holds: it was refused.")
                    % {"format": label}
                )
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise ImportFileError(
            _("This file is damaged or is not a real %(format)s file. Save it again from your spreadsheet program.")
            % {"format": label}
        ) from None


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel stores a password-protected .xlsx inside an OLE container, as a stream of this name (UTF-16 in the
# container's directory).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _encrypted() -> ImportFileError:
    return ImportFileError(
        _("This file is protected by a password. Save a copy without the password and upload that copy.")
    )


def _read_spreadsheet(content: bytes, extension: str) -> list[list[object]]:
    label = extension.lstrip(".")
    # calamine recognises the format by the content, not the name (an old .xls saved as "list.xlsx" reads
    # fine): check by the content too.
    if content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in content:
        raise _encrypted()
    if content.startswith(ZIP_MAGIC) or zipfile.is_zipfile(io.BytesIO(content)):
        _check_zip(content, label)
    # One sheet never needs more rows than the limit plus a header area and its blank lines.
    height_cap = 2 * settings.PLENARY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(READER_SCRIPT), str(height_cap), str(READER_MEMORY_BYTES)],
            input=content,
            capture_output=True,
            timeout=READER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImportFileError(_("This file took too long to read: it was refused.")) from None
    if completed.returncode != 0:
        raise ImportFileError(
            _("This file could not be read: it expands to more than a list of attendees holds, or it is damaged.")
        )
    result = marshal.loads(completed.stdout)  # noqa: S302 - written by our own reader script
    if result[0] == "ok":
        return result[1]
    kind, height = result[1], result[2]
    if kind == "encrypted":
        raise _encrypted()
    if kind == "rows":
        raise _too_many_rows(height)
    raise ImportFileError(
        _("This file is damaged or is not a real %(format)s file. Save it again from your spreadsheet program.")
        % {"format": label}
    )


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # What Excel writes as "CSV" on Western European Windows.
        return content.decode("cp1252", errors="replace")


def _delimiter(lines: Sequence[str], extension: str) -> str:
    """The delimiter among tab, semicolon and comma that splits most of the first lines into the same number
    (above one) of fields; quoted fields are respected."""
    if extension == ".tsv":
        return "\t"
    best, best_score = ",", (0, 0)
    for candidate in ("\t", ";", ","):
        widths = [len(row) for row in csv.reader(lines, delimiter=candidate) if len(row) > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_text(content: bytes, extension: str) -> list[list[object]]:
    text = _decode(content).replace("\x00", "")
    sample = text[:65536].splitlines()[:40]
    delimiter = _delimiter(sample, extension)
    csv.field_size_limit(settings.PLENARY_IMPORT_MAX_BYTES)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportFileError(_("This text file could not be read as a table (CSV or tab separated).")) from None


def _too_many_rows(count: int) -> ImportFileError:
    return ImportFileError(
        _("The file has %(count)s rows; at most %(limit)s can be imported at once. Split it into several files.")
        % {"count": count, "limit": settings.PLENARY_IMPORT_MAX_ROWS}
    )


def read_table(*, content: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the file's first sheet, cleaned to text, each with its number as the spreadsheet
    shows it. Raises ImportFileError when the file cannot be read at all."""
    limit = settings.PLENARY_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB.")
            % {"size": len(content) / 1_048_576, "limit": limit / 1_048_576}
        )
    extension = Path(filename).suffix.lower()
    unquote = extension in TEXT_EXTENSIONS
    if extension in SPREADSHEET_EXTENSIONS:
        raw = _read_spreadsheet(content, extension)
    elif unquote:
        raw = _read_text(content, extension)
    else:
        raise ImportFileError(
            _("Plenary reads .xlsx, .xls, .ods, .csv, .tsv and .txt files; %(name)s is none of them.")
            % {"name": filename}
        )
    rows = []
    for number, values in enumerate(raw, start=1):
        cleaned = [clean_text(value, unquote=unquote) for value in values]
        if any(cleaned):
            rows.append((number, cleaned))
    return rows


@dataclass(slots=True)
class Header:
    row: int
    columns: dict[int, str]  # column index -> field
    labels: dict[str, str]  # field -> header as written
    unknown: list[str]


def find_header(rows: Sequence[tuple[int, list[str]]]) -> tuple[Header, int]:
    """The row, among the first ten, that names the most known columns; title rows and merged group headers
    above it are skipped. Returns the header and the position of the first data row in ``rows``."""
    best: Header | None = None
    best_position = 0
    for position, (number, values) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            break
        columns: dict[int, str] = {}
        labels: dict[str, str] = {}
        unknown: list[str] = []
        for index, value in enumerate(values):
            if not value:
                continue
            name = HEADER_LOOKUP.get(normalise_key(value))
            if name and name not in labels:
                columns[index], labels[name] = name, value
            else:
                unknown.append(value)
        if best is None or len(columns) > len(best.columns):
            best, best_position = Header(number, columns, labels, unknown), position
    if best is None:
        raise ImportFileError(_("The file is empty."))
    if "email" not in best.labels or not {"first_name", "last_name"} & best.labels.keys():
        found = (
            ", ".join(best.labels.values()) + (", " if best.labels and best.unknown else "") + ", ".join(best.unknown)
        )
        raise ImportFileError(
            _(
                "No column for the e-mail address or for the name was found in the first %(count)s rows. "
                "A list needs an e-mail column and a first name or last name column. Headers found: %(found)s."
            )
            % {"count": HEADER_SEARCH_ROWS, "found": found or _("none")}
        )
    return best, best_position + 1


# --- Cleaning a row ---


@functools.cache
def _max_lengths() -> dict[str, int]:
    return {name: Registration._meta.get_field(name).max_length for name in COLUMNS}


def _label(name: str) -> str:
    return str(Registration._meta.get_field(name).verbose_name)


def _clean_row(number: int, values: list[str], header: Header) -> RowResult:
    cleaned: dict[str, str] = {}
    errors: list[str] = []
    failed: set[str] = set()
    lengths = _max_lengths()
    for index, name in header.columns.items():
        value = values[index] if index < len(values) else ""
        if not value:
            continue
        error = None
        if name == "email":
            value = value.lower()
            try:
                validate_email(value)
            except ValidationError:
                error = _("Invalid e-mail address: %(value)s.") % {"value": value[:100]}
        elif name in _VALUE_LOOKUPS:
            lookup, message = _VALUE_LOOKUPS[name]
            found = lookup().get(normalise_key(value))
            if found is None:
                error = message() % {"value": value[:100]}
            value = found or value
        if error is None and len(value) > lengths[name]:
            error = _("%(field)s is too long: %(length)s characters, at most %(limit)s.") % {
                "field": _label(name).capitalize(),
                "length": len(value),
                "limit": lengths[name],
            }
        if error is None:
            cleaned[name] = value
        else:
            errors.append(error)
            failed.add(name)
    # A value that was there but wrong already has its message; "missing" is only for what is really missing.
    if "email" not in cleaned and "email" not in failed:
        errors.append(_("No e-mail address."))
    if not cleaned.get("first_name") and not cleaned.get("last_name") and not {"first_name", "last_name"} & failed:
        errors.append(_("No name: neither a first name nor a last name."))
    return RowResult(number=number, values=cleaned, errors=errors)


_VALUE_LOOKUPS: dict[str, tuple[Callable[[], dict[str, str]], Callable[[], str]]] = {
    "country": (country_lookup, lambda: _("Unknown country: %(value)s.")),
    "category": (category_lookup, lambda: _("Unknown category: %(value)s.")),
    "language": (language_lookup, lambda: _("Unknown language: %(value)s.")),
}


def _registration_values(registration: dict) -> dict[str, str]:
    return {name: registration[name] or "" for name in COLUMNS}


def import_preview(*, conference: Conference, content: bytes, filename: str, lock: bool = False) -> ImportPreview:
    """What importing the file would do, row by row, without writing anything. One query matches the e-mails
    already registered for the conference (``lock`` takes their rows for update, when applying)."""
    table = read_table(content=content, filename=filename)
    header, start = find_header(table)
    data = table[start:]
    if len(data) > settings.PLENARY_IMPORT_MAX_ROWS:
        raise _too_many_rows(len(data))
    rows = [_clean_row(number, values, header) for number, values in data]

    first_row_of: dict[str, int] = {}
    for row in rows:
        email = row.email
        if not email:
            continue
        if email in first_row_of:
            row.errors.append(_("This e-mail address already appears on row %(row)s.") % {"row": first_row_of[email]})
        else:
            first_row_of[email] = row.number

    existing = Registration.objects.filter(conference=conference).alias(email_lower=Lower("email"))
    existing = existing.filter(email_lower__in=list(first_row_of))
    if lock:
        existing = existing.select_for_update()
    by_email = {
        registration["email"].lower(): registration
        for registration in existing.values("pk", "email", *(name for name in COLUMNS if name != "email"))
    }

    current: dict[int, dict[str, str]] = {}
    for row in rows:
        if row.errors:
            row.outcome = ERROR
            continue
        registration = by_email.get(row.email)
        if registration is None:
            row.outcome = NEW
            continue
        old = _registration_values(registration)
        row.registration_id = registration["pk"]
        # An empty cell never erases: only the values the sheet has are compared.
        # The e-mail matched ignoring case; its spelling in the registration stays.
        row.changes = {
            name: (old[name], value) for name, value in row.values.items() if name != "email" and old[name] != value
        }
        row.outcome = UPDATED if row.changes else UNCHANGED
        if row.changes:
            current[registration["pk"]] = old
    return ImportPreview(
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        header_row=header.row,
        columns=header.labels,
        unknown_columns=header.unknown,
        rows=rows,
        current=current,
    )


# --- Applying and undoing ---


def _chunks(items: list, size: int = WRITE_BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def import_apply(
    *,
    conference: Conference,
    content: bytes,
    filename: str,
    by: User | None,
    source_organisation: str = "",
    pending: bool = False,
    skip_invalid: bool = False,
    expected_fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Applies the file in one transaction: all of it or nothing. The rows are read again and the e-mails'
    registrations locked; ``expected_fingerprint`` (from the preview the secretariat saw) must still match.
    New registrations are approved (a partner vetted its delegation) unless ``pending``."""
    preview = import_preview(conference=conference, content=content, filename=filename, lock=True)
    if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
        raise ImportRefused(_("The registrations changed since the preview. Check the new preview and apply again."))
    if preview.has_errors and not skip_invalid:
        raise ImportRefused(
            ngettext(
                "%(count)s row has errors: correct the file, or choose to skip the invalid rows.",
                "%(count)s rows have errors: correct the file, or choose to skip the invalid rows.",
                preview.counts[ERROR],
            )
            % {"count": preview.counts[ERROR]}
        )
    try:
        return _write(
            preview, conference=conference, by=by, source=source_organisation, pending=pending, progress=progress
        )
    except IntegrityError:
        raise ImportRefused(
            _("Someone registered with one of these e-mail addresses meanwhile. Check the new preview and apply again.")
        ) from None


def _write(
    preview: ImportPreview,
    *,
    conference: Conference,
    by: User | None,
    source: str,
    pending: bool,
    progress: Callable[[int, int], None] | None,
) -> ImportBatch:
    status = Registration.Status.PENDING if pending else Registration.Status.APPROVED
    new_rows = [row for row in preview.rows if row.outcome == NEW]
    updated_rows = [row for row in preview.rows if row.outcome == UPDATED]
    batch = ImportBatch.objects.create(
        conference=conference,
        created_by=by,
        filename=preview.filename[:255],
        sha256=preview.sha256,
        source_organisation=source[:200],
        created_count=len(new_rows),
        updated_count=len(updated_rows),
        unchanged_count=preview.counts[UNCHANGED],
        skipped_count=preview.counts[ERROR],
    )
    total, done = len(new_rows) + len(updated_rows), 0

    created = [
        Registration(
            conference=conference,
            source=Registration.Source.IMPORT,
            import_batch=batch,
            status=status,
            **{"category": Category.DELEGATE, **row.values},
        )
        for row in new_rows
    ]
    for chunk in _chunks(created):
        Registration.objects.bulk_create(chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    message = _("Imported from %(file)s") % {"file": preview.filename[:200]}
    StatusChange.objects.bulk_create(
        [StatusChange(registration=item, from_status="", to_status=status, by=by, message=message) for item in created],
        batch_size=WRITE_BATCH_SIZE,
    )

    now = timezone.now()
    changed_fields = sorted({name for row in updated_rows for name in row.changes})
    updated = []
    for row in updated_rows:
        item = Registration(pk=row.registration_id, updated_at=now, **preview.current[row.registration_id])
        for name, (_old, new) in row.changes.items():
            setattr(item, name, new)
        updated.append(item)
    for chunk in _chunks(updated):
        Registration.objects.bulk_update(chunk, [*changed_fields, "updated_at"])
        done += len(chunk)
        if progress:
            progress(done, total)

    ImportChange.objects.bulk_create(
        [
            ImportChange(
                batch=batch,
                registration_id=row.registration_id,
                previous={name: old for name, (old, _new) in row.changes.items()},
            )
            for row in updated_rows
        ],
        batch_size=WRITE_BATCH_SIZE,
    )
    batch.applied_at = timezone.now()
    batch.save(update_fields=["applied_at"])
    audit_record(
        action="import",
        summary=f"Import batch #{batch.pk}: {batch.created_count} created, {batch.updated_count} updated, "
        f"{batch.unchanged_count} unchanged, {batch.skipped_count} skipped",
        conference=conference,
        actor=by,
        details={"batch": batch.pk, "sha256": batch.sha256, "pending": pending},
    )
    return batch


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: User | None) -> ImportBatch:
    """Removes the registrations the batch created and restores the values it changed, unless someone
    changed any of them since (``updated_at`` after the import's ``applied_at``) or deleted one."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.APPLIED:
        raise ImportRefused(_("This import was already undone."))
    changes = list(batch.changes.all())
    updated_ids = {change.registration_id for change in changes}
    touched = list(
        Registration.objects.select_for_update()
        .filter(Q(import_batch=batch) | Q(pk__in=updated_ids - {None}))
        .values_list("pk", "import_batch_id", "updated_at")
    )
    created_ids = [pk for pk, batch_id, _at in touched if batch_id == batch.pk]
    present = {pk for pk, _batch_id, _at in touched}
    moved = sum(1 for _pk, _batch_id, at in touched if at > batch.applied_at)
    moved += batch.created_count - len(created_ids) + len(updated_ids - present)
    if moved:
        raise ImportRefused(
            ngettext(
                "%(count)s registration from this import was changed since (or deleted): the import cannot be "
                "undone automatically.",
                "%(count)s registrations from this import were changed since (or deleted): the import cannot be "
                "undone automatically.",
                moved,
            )
            % {"count": moved}
        )
    # A badge issued or a check-in at the door does not touch the registration, and deleting it would lose them.
    attended = (
        Registration.objects.filter(import_batch=batch)
        .filter(Q(badges__isnull=False) | Q(checkins__isnull=False))
        .distinct()
        .count()
    )
    if attended:
        raise ImportRefused(
            ngettext(
                "%(count)s registration from this import already has a badge or a check-in: the import cannot be "
                "undone automatically.",
                "%(count)s registrations from this import already have a badge or a check-in: the import cannot be "
                "undone automatically.",
                attended,
            )
            % {"count": attended}
        )
    for chunk in _chunks(created_ids, 5000):
        Registration.objects.filter(pk__in=chunk).delete()
    now = timezone.now()
    by_fields: dict[tuple[str, ...], list[Registration]] = {}
    for change in changes:
        by_fields.setdefault(tuple(sorted(change.previous)), []).append(
            Registration(pk=change.registration_id, updated_at=now, **change.previous)
        )
    for names, items in by_fields.items():
        Registration.objects.bulk_update(items, [*names, "updated_at"], batch_size=WRITE_BATCH_SIZE)
    batch.state = ImportBatch.State.UNDONE
    batch.save(update_fields=["state"])
    audit_record(
        action="import_undo",
        summary=f"Import batch #{batch.pk} undone: {len(created_ids)} removed, "
        f"{sum(len(items) for items in by_fields.values())} restored",
        conference=batch.conference,
        actor=by,
        details={"batch": batch.pk},
    )
    return batch


# --- The upload between preview and apply, big imports in the background, invitations ---

UPLOAD_DIRECTORY = "imports"
# An upload previewed but never applied is deleted this long after it was stored.
UPLOAD_MAX_AGE = dt.timedelta(days=1)


def _upload_storage():
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / UPLOAD_DIRECTORY)


def import_store_upload(*, content: bytes) -> str:
    """Keeps the uploaded file (private storage, never served) until it is applied; returns its token."""
    from django.core.files.base import ContentFile

    storage = _upload_storage()
    import_discard_old_uploads(storage=storage)
    token = secrets.token_hex(16)
    storage.save(token, ContentFile(content))
    return token


def import_discard_old_uploads(*, storage=None, now: dt.datetime | None = None) -> int:
    """Deletes the uploads stored more than ``UPLOAD_MAX_AGE`` ago (previewed, never applied); returns how many.
    Called whenever a new upload is stored, so abandoned files never pile up."""
    storage = storage or _upload_storage()
    cutoff = (now or timezone.now()) - UPLOAD_MAX_AGE
    try:
        _directories, names = storage.listdir("")
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:  # applied or discarded meanwhile by another request
            continue
    return deleted


def import_load_upload(*, token: str, sha256: str) -> bytes:
    """The stored upload, refused unless its SHA-256 is the one the preview was made from."""
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        raise ImportRefused(_("This upload is unknown. Upload the file again."))
    storage = _upload_storage()
    if not storage.exists(token):
        raise ImportRefused(_("This upload was already applied or has expired. Upload the file again."))
    with storage.open(token, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ImportRefused(_("The stored file is not the one that was previewed. Upload the file again."))
    return content


def import_discard_upload(*, token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token):
        _upload_storage().delete(token)


@dataclass(frozen=True)
class ApplyOptions:
    """What the secretariat chose on the upload and preview pages; JSON-friendly for the background task."""

    conference_id: int
    user_id: int | None
    token: str
    filename: str
    sha256: str
    fingerprint: str
    source_organisation: str = ""
    pending: bool = False
    skip_invalid: bool = False
    invite: bool = False


def import_apply_upload(options: ApplyOptions, *, progress: Callable[[int, int], None] | None = None) -> ImportBatch:
    """Applies a stored upload exactly as previewed, then discards it and (optionally) sends the invitations."""
    conference = Conference.objects.get(pk=options.conference_id)
    by = User.objects.filter(pk=options.user_id).first()
    content = import_load_upload(token=options.token, sha256=options.sha256)
    batch = import_apply(
        conference=conference,
        content=content,
        filename=options.filename,
        by=by,
        source_organisation=options.source_organisation,
        pending=options.pending,
        skip_invalid=options.skip_invalid,
        expected_fingerprint=options.fingerprint,
        progress=progress,
    )
    import_discard_upload(token=options.token)
    if options.invite and batch.created_count:
        send_import_invitations.enqueue(batch.pk)
    return batch


@contextlib.contextmanager
def job_progress_outside_transaction(job) -> Iterator[Callable[[int, int], None]]:
    """A progress reporter for a job whose work runs in one transaction. A write made inside that transaction
    stays invisible to the page polling the job until the very end, so on PostgreSQL the progress goes through a
    second connection of its own, in autocommit. (SQLite allows one writer at a time: there the bar moves at the
    end.)"""
    from conference.jobs import job_progress
    from conference.models import Job

    if connection.vendor != "postgresql":
        yield lambda done, total: job_progress(job, done=done, total=total)
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    quote = side.ops.quote_name
    assignments = ", ".join(f"{quote(Job._meta.get_field(name).column)} = %s" for name in ("done", "total", "state"))
    sql = f"UPDATE {quote(Job._meta.db_table)} SET {assignments} WHERE {quote(Job._meta.pk.column)} = %s"  # noqa: S608 - names from the model

    def report(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(sql, [done, total, Job.State.RUNNING, job.pk])

    try:
        yield report
    finally:
        side.close()


@task()
def import_apply_job(job_id: int, options: dict) -> int | None:
    """A big import in the background: progress in the Job row, the batch's id in its details."""
    from conference.jobs import job_fail, job_finish
    from conference.models import Job

    job = Job.objects.get(pk=job_id)
    try:
        with job_progress_outside_transaction(job) as progress:
            batch = import_apply_upload(ApplyOptions(**options), progress=progress)
    except (ImportRefused, ImportFileError) as error:
        job_fail(job, message=str(error))
        return None
    except Exception:
        job_fail(job, message=_("The import failed; nothing was changed."))
        raise
    job_finish(job, details={"batch": batch.pk, "counts": batch_counts(batch)})
    return batch.pk


def batch_counts(batch: ImportBatch) -> dict[str, int]:
    return {
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "skipped": batch.skipped_count,
    }


@task()
def send_import_invitations(batch_id: int) -> int:
    """Invites the people a batch registered to create their account with the same e-mail address: registering
    then links them to the registration the secretariat made (``registration_claim``), where they check it."""
    from django.core.mail import EmailMessage, mailers
    from django.template.loader import render_to_string
    from django.urls import reverse

    registrations = Registration.objects.filter(
        import_batch_id=batch_id, user__isnull=True, anonymised_at__isnull=True
    ).select_related("conference")
    messages = []
    for registration in registrations:
        with translation.override(registration.language):
            context = {
                "registration": registration,
                "conference": registration.conference,
                "signup_url": settings.SITE_URL + reverse("account_signup"),
                "register_url": settings.SITE_URL
                + reverse("registration:register", kwargs={"slug": registration.conference.slug}),
            }
            subject = render_to_string("registration/email/import_invitation_subject.txt", context)
            body = render_to_string("registration/email/import_invitation.txt", context)
        messages.append(
            EmailMessage(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
                body=body,
                to=[registration.email],
            )
        )
    with mailers.default as connection:
        return connection.send_messages(messages) or 0
