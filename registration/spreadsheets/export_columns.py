"""The one definition of an export's columns: the secretariat's export, the Django admin's export
(``resources.RegistrationResource``) and ``export_attendees`` all write these, in this order.

The import's columns come first, so that an export imports back unchanged (the import reads headers, countries,
categories and languages as any of our languages writes them, and ignores the other columns). Headers, statuses,
countries, categories and yes/no are in the active language: the secretariat's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registration.models import CheckIn, Registration
from registration.spreadsheets.columns import COLUMNS

StrOrPromise = str | Promise
EXPORT_CHUNK_SIZE = 2000  # registrations read per query (and their conferences per one more)


@dataclass(frozen=True)
class ExportColumn:
    name: str
    header: StrOrPromise  # translated when the export runs
    value: Callable[[Registration], str]


def _verbose_name(name: str) -> StrOrPromise:
    return capfirst(Registration._meta.get_field(name).verbose_name)


def _text(name: str) -> Callable[[Registration], str]:
    return lambda registration: getattr(registration, name) or ""


def _once_per_value(name: str, shown: Callable[[Registration], str]) -> Callable[[Registration], str]:
    """``shown`` computed once per distinct value of the field ``name`` in this export: a label or a country's
    name is translated at every lookup, and an export of thousands of rows has a handful of distinct ones."""
    seen: dict[object, str] = {}

    def value(registration: Registration) -> str:
        key = getattr(registration, name)
        if key not in seen:
            seen[key] = shown(registration)
        return seen[key]

    return value


def _display(name: str) -> Callable[[Registration], str]:
    return _once_per_value(
        name,
        lambda registration: str(getattr(registration, f"get_{name}_display")()) if getattr(registration, name) else "",
    )


def _country_name(registration: Registration) -> str:
    return registration.country.name if registration.country else ""


def _yes_no(test: Callable[[Registration], bool]) -> Callable[[Registration], str]:
    answers = {True: _("Yes"), False: _("No")}  # translated once, when the columns are built
    return lambda registration: answers[bool(test(registration))]


def _checked_in_at(registration: Registration) -> str:
    # ``first_checkin_at`` is annotated by ``export_queryset``.
    if registration.first_checkin_at is None:
        return ""
    return timezone.localtime(registration.first_checkin_at, registration.conference.tzinfo).strftime("%Y-%m-%d %H:%M")


def export_columns() -> tuple[ExportColumn, ...]:
    """The columns of one export, built when it runs: each keeps the labels it translated (see
    ``_once_per_value``), in the language active then."""
    # The import's columns whose value is a code: exported as its name.
    named_values: dict[str, Callable[[Registration], str]] = {
        "country": _once_per_value("country", _country_name),
        "category": _display("category"),
        "language": _display("language"),
    }
    return (
        *(ExportColumn(name, _verbose_name(name), named_values.get(name) or _text(name)) for name in COLUMNS),
        ExportColumn("status", _verbose_name("status"), _display("status")),
        ExportColumn("source", _verbose_name("source"), _display("source")),
        *(
            ExportColumn(name, _verbose_name(name), _text(name))
            for name in ("interpretation_needs", "accessibility_needs", "dietary_requirements")
        ),
        ExportColumn("photo_consent", gettext_lazy("Photo consent"), _yes_no(lambda r: r.photo_consent)),
        ExportColumn(
            "list_consent", gettext_lazy("Consent to the participants list"), _yes_no(lambda r: r.list_consent)
        ),
        ExportColumn(
            "privacy_policy_version", _verbose_name("privacy_policy_version"), _text("privacy_policy_version")
        ),
        ExportColumn("checked_in", gettext_lazy("Checked in"), _yes_no(lambda r: r.first_checkin_at is not None)),
        ExportColumn("checked_in_at", gettext_lazy("Checked in at"), _checked_in_at),
    )


def export_headers() -> list[str]:
    return [str(column.header) for column in export_columns()]


def export_queryset(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """What the columns read, in a constant number of queries: the conference prefetched (one instance per
    conference, not one per row) and the time of the first check-in read by the database."""
    first_checkin = CheckIn.objects.filter(registration=OuterRef("pk")).order_by("at").values("at")[:1]
    return registrations.prefetch_related("conference").annotate(first_checkin_at=Subquery(first_checkin))
