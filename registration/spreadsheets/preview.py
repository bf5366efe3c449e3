"""The import's preview: what importing a partner's spreadsheet would do, row by row, without writing anything.

Plain Python over lists: ``reading`` gives the rows (python-calamine in a capped child process, or the csv module),
``import_preview`` cleans every value, matches the e-mails already registered with one query and says which new
registrations the capacity rule (``registration.services.statuses_for_new_approved``) approves and which it puts on
the waiting list, in file order. ``apply.import_apply`` writes what the preview says.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django_countries import countries

from conference.models import Conference
from plenary.i18n import LANGUAGE_LABELS
from plenary.text import ARABIC, LATIN, clean_name
from registration.models import Category, Registration
from registration.services import places_left, statuses_for_new_approved
from registration.spreadsheets.columns import (
    COLUMNS,
    NAME_COLUMNS,
    TEXT_COLUMNS,
    category_lookup,
    clean_column,
    country_lookup,
    language_lookup,
    normalise_key,
)
from registration.spreadsheets.reading import Header, _too_many_rows, find_header, read_table

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"


@dataclass(slots=True)
class RowResult:
    number: int  # as the spreadsheet shows it
    values: dict[str, str]  # cleaned, non-empty values only
    errors: list[str] = field(default_factory=list)
    outcome: str = ""
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (old, new)
    registration_id: int | None = None
    status: str = ""  # a new row's status once applied: approved, waitlisted (over the capacity) or pending
    # Names plenary.text refuses (field -> message): an error unless the registration already has that very name.
    refused: dict[str, str] = field(default_factory=dict)
    # Latin name columns that hold a name in Arabic script: moved to the Arabic name when that cell is empty.
    arabic_in_latin: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # the Latin name columns whose value went to the Arabic name
    cells: list[str] = field(default_factory=list)  # the row as read, for the report of the rows with errors

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def change_list(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for the preview page, countries, categories and languages by name."""
        return [
            (_label(name), display_value(name, old), display_value(name, new))
            for name, (old, new) in self.changes.items()
        ]

    @property
    def country_name(self) -> str:
        return display_value("country", self.values.get("country", ""))

    @property
    def category_label(self) -> str:
        return display_value("category", self.values.get("category", Category.DELEGATE))

    @property
    def moved_labels(self) -> str:
        return ", ".join(_label(name).capitalize() for name in self.moved)


def display_value(name: str, value: str) -> str:
    """A country, category or language code by its name in the active language; any other value as it is."""
    if not value:
        return value
    if name == "country":
        return countries.name(value) or value
    if name == "category":
        return str(dict(Category.choices).get(value, value))
    if name == "language":
        return str(LANGUAGE_LABELS.get(value, value))
    return value


@dataclass
class ImportPreview:
    filename: str
    sha256: str
    header_row: int
    columns: dict[str, str]  # field -> the header as the file spells it
    unknown_columns: list[str]
    rows: list[RowResult]
    current: dict[int, dict[str, str]]  # registration id -> its values now, for the rows to update
    header_cells: list[str] = field(default_factory=list)  # the header row as the file has it
    pending: bool = False  # new registrations are pending (vetted one by one), not approved
    places_left: int | None = None  # places left before this import (None: no capacity)

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
    def new_statuses(self) -> dict[str, int]:
        """How many new registrations end up in each status: approved, waitlisted, pending."""
        counts = dict.fromkeys(
            (Registration.Status.APPROVED, Registration.Status.WAITLISTED, Registration.Status.PENDING), 0
        )
        for row in self.rows:
            if row.outcome == NEW:
                counts[row.status] += 1
        return counts

    @property
    def waitlisted(self) -> int:
        """The new rows over the capacity: they go on the waiting list, in file order."""
        return self.new_statuses[Registration.Status.WAITLISTED]

    @functools.cached_property
    def fingerprint(self) -> str:
        """What applying would do: the file and each row's outcome and changes. Apply checks it is unchanged."""
        digest = hashlib.sha256(self.sha256.encode())
        for row in self.rows:
            digest.update(
                repr((row.number, row.outcome, row.registration_id, row.status, sorted(row.changes.items()))).encode()
            )
        return digest.hexdigest()

    def summary(self) -> dict:
        """The command line's JSON object (``skipped`` counts the rows with errors)."""
        return {
            "created": self.counts[NEW],
            "updated": self.counts[UPDATED],
            "unchanged": self.counts[UNCHANGED],
            "skipped": self.counts[ERROR],
            "approved": self.new_statuses[Registration.Status.APPROVED],
            "waitlisted": self.waitlisted,
            "pending": self.new_statuses[Registration.Status.PENDING],
            "places_left": self.places_left,
            "errors": [{"row": row.number, "messages": row.errors} for row in self.rows if row.errors],
        }


# --- Cleaning a row ---


@functools.cache
def _max_lengths() -> dict[str, int]:
    return {name: Registration._meta.get_field(name).max_length for name in COLUMNS}


def _label(name: str) -> str:
    return str(Registration._meta.get_field(name).verbose_name)


def _clean_row(number: int, values: list[str], header: Header) -> RowResult:
    cleaned: dict[str, str] = {}
    errors: list[str] = []
    refused: dict[str, str] = {}
    arabic_in_latin: list[str] = []
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
        elif name in NAME_COLUMNS or name in TEXT_COLUMNS:
            try:
                value = clean_column(name, value)
            except ValidationError as problem:
                refused[name] = _("%(field)s: %(message)s") % {
                    "field": _label(name).capitalize(),
                    "message": " ".join(problem.messages),
                }
                if NAME_COLUMNS[name] == LATIN and _is_arabic_name(value):
                    arabic_in_latin.append(name)
            if not value:
                continue
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
    return RowResult(
        number=number, values=cleaned, errors=errors, refused=refused, arabic_in_latin=arabic_in_latin, cells=values
    )


def _is_arabic_name(value: str) -> bool:
    try:
        clean_name(value, script=ARABIC)
    except ValidationError:
        return False
    return True


def _refused_names(row: RowResult, registration: dict | None) -> None:
    """A refused name is an error, except where it changes nothing (an export of the registrations, re-imported),
    and except a name in Arabic script in a Latin column: it goes to the Arabic name if that cell is empty."""
    refused = {
        name: message
        for name, message in row.refused.items()
        if registration is None or (registration[name] or "") != row.values.get(name)
    }
    arabic = [name for name in row.arabic_in_latin if name in refused]
    if arabic and not row.values.get("name_ar"):
        moved = " ".join(row.values.pop(name) for name in arabic)
        limit = _max_lengths()["name_ar"]
        if len(moved) > limit:
            row.errors.append(
                _("%(field)s is too long: %(length)s characters, at most %(limit)s.")
                % {"field": _label("name_ar").capitalize(), "length": len(moved), "limit": limit}
            )
        row.values["name_ar"] = moved
        row.moved = arabic
        for name in arabic:
            del refused[name]
    for name in arabic:
        if name in refused:
            refused[name] = _(
                "%(field)s: this name is in Arabic script and the Arabic name is already given: write it in Latin "
                "letters, as in the passport."
            ) % {"field": _label(name).capitalize()}
    row.errors += refused.values()


_VALUE_LOOKUPS: dict[str, tuple[Callable[[], dict[str, str]], Callable[[], str]]] = {
    "country": (country_lookup, lambda: _("Unknown country: %(value)s.")),
    "category": (category_lookup, lambda: _("Unknown category: %(value)s.")),
    "language": (language_lookup, lambda: _("Unknown language: %(value)s.")),
}


def _registration_values(registration: dict) -> dict[str, str]:
    return {name: registration[name] or "" for name in COLUMNS}


def import_preview(
    *, conference: Conference, content: bytes, filename: str, pending: bool = False, lock: bool = False
) -> ImportPreview:
    """What importing the file would do, row by row, without writing anything. One query matches the e-mails
    already registered for the conference (``lock`` takes their rows for update, when applying: the caller holds
    the conference lock). New rows are approved up to the places left, then waitlisted, unless ``pending``."""
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
        registration = by_email.get(row.email)
        _refused_names(row, registration)
        if row.errors:
            row.outcome = ERROR
            continue
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

    new_rows = [row for row in rows if row.outcome == NEW]
    left = places_left(conference=conference)
    if pending:
        statuses = [Registration.Status.PENDING] * len(new_rows)
    else:
        statuses = statuses_for_new_approved(conference=conference, count=len(new_rows))
    for row, status in zip(new_rows, statuses, strict=True):
        row.status = status
    return ImportPreview(
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        header_row=header.row,
        columns=header.labels,
        unknown_columns=header.unknown,
        rows=rows,
        current=current,
        header_cells=table[start - 1][1],
        pending=pending,
        places_left=left,
    )
