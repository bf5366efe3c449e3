"""The one definition of an export's columns: the secretariat's export, the Django admin's export
(``resources.RegistrationResource``) and ``export_attendees`` all write these, in this order.

The import's columns come first, so that an export imports back unchanged (the import reads headers, countries,
categories and languages as any of our languages writes them, and ignores the other columns). Headers, statuses,
countries, categories and yes/no are in the active language: the secretariat's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registration.models import CheckIn, Registration
from registration.spreadsheets.columns import COLUMNS

StrOrPromise = str | Promise


@dataclass(frozen=True)
class ExportColumn:
    name: str
    header: StrOrPromise  # translated when the export runs
    value: Callable[[Registration], str]


def _verbose_name(name: str) -> StrOrPromise:
    return capfirst(Registration._meta.get_field(name).verbose_name)


def _text(name: str) -> Callable[[Registration], str]:
    return lambda registration: getattr(registration, name) or ""


def _display(name: str) -> Callable[[Registration], str]:
    return lambda registration: (
        str(getattr(registration, f"get_{name}_display")()) if getattr(registration, name) else ""
    )


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _first_checkin(registration: Registration) -> CheckIn | None:
    # Prefetched by ``export_queryset``: min() over the list, not a query per row.
    return min(registration.checkins.all(), key=lambda checkin: checkin.at, default=None)


def _checked_in_at(registration: Registration) -> str:
    checkin = _first_checkin(registration)
    if checkin is None:
        return ""
    return timezone.localtime(checkin.at, registration.conference.tzinfo).strftime("%Y-%m-%d %H:%M")


# The import's columns whose value is a code: exported as its name.
_NAMED_VALUES: dict[str, Callable[[Registration], str]] = {
    "country": lambda registration: registration.country.name if registration.country else "",
    "category": _display("category"),
    "language": _display("language"),
}
EXPORT_COLUMNS: tuple[ExportColumn, ...] = (
    *(ExportColumn(name, _verbose_name(name), _NAMED_VALUES.get(name) or _text(name)) for name in COLUMNS),
    ExportColumn("status", _verbose_name("status"), _display("status")),
    ExportColumn("source", _verbose_name("source"), _display("source")),
    *(
        ExportColumn(name, _verbose_name(name), _text(name))
        for name in ("interpretation_needs", "accessibility_needs", "dietary_requirements")
    ),
    ExportColumn("photo_consent", gettext_lazy("Photo consent"), lambda r: _yes_no(r.photo_consent)),
    ExportColumn("list_consent", gettext_lazy("Consent to the participants list"), lambda r: _yes_no(r.list_consent)),
    ExportColumn("privacy_policy_version", _verbose_name("privacy_policy_version"), _text("privacy_policy_version")),
    ExportColumn("checked_in", gettext_lazy("Checked in"), lambda r: _yes_no(_first_checkin(r) is not None)),
    ExportColumn("checked_in_at", gettext_lazy("Checked in at"), _checked_in_at),
)


def export_headers() -> list[str]:
    return [str(column.header) for column in EXPORT_COLUMNS]


def export_queryset(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """What the columns read, in a constant number of queries."""
    return registrations.select_related("conference").prefetch_related("checkins")
