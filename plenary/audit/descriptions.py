"""What an audit line says, in the reader's language. The stored summary is English (for the admin and the
server's logs); the audit-log page builds its sentence from the line's action and details when it is shown.
The apps give the labels of the values their lines hold (statuses, field names): plenary imports no app."""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plenary.audit.models import Action, AuditLogEntry
from plenary.i18n import FALLBACK_LANGUAGE

# kind ("status", "field") -> value -> its translatable label; filled by the apps' ready().
VALUE_LABELS: dict[str, dict[str, Any]] = {}


def audit_labels_register(*, kind: str, labels: Mapping[str, Any]) -> None:
    VALUE_LABELS.setdefault(kind, {}).update(labels)


def _label(kind: str, value: Any) -> str:
    return str(VALUE_LABELS.get(kind, {}).get(value, value or "–"))


def _in_sentence(kind: str, value: Any) -> str:
    """A label inside a sentence starts in lower case, as the English summary did ("pending → approved")."""
    label = _label(kind, value)
    return label[:1].lower() + label[1:]


def _status_change(details: dict) -> str:
    return _("Registration #%(number)s: %(before)s → %(after)s") % {
        "number": details["registration"],
        "before": _in_sentence("status", details["from"]),
        "after": _in_sentence("status", details["to"]),
    }


def _registration_update(details: dict) -> str:
    fields = ", ".join(_label("field", name) for name in details["fields"])
    return _("Registration #%(number)s edited: %(fields)s") % {"number": details["registration"], "fields": fields}


def _export(details: dict) -> str:
    return _("Registrations exported: %(count)s (%(format)s)") % {
        "count": details["count"],
        "format": str(details["format"]).upper(),
    }


def _import(details: dict) -> str:
    statuses = ", ".join(f"{_label('status', status)}: {count}" for status, count in details["statuses"].items())
    return _("Import batch #%(number)s applied; new registrations: %(statuses)s") % {
        "number": details["batch"],
        "statuses": statuses,
    }


def _purge(details: dict) -> str:
    return _("Personal data purged: registrations anonymised: %(anonymised)s, files deleted: %(files)s") % details


def _account_delete(details: dict) -> str:
    return _("An account was deleted: registrations anonymised: %(count)s, files deleted: %(files)s") % {
        "count": len(details["registrations"]),
        "files": details["files"],
    }


DESCRIBERS: dict[str, Callable[[dict], str]] = {
    Action.STATUS_CHANGE: _status_change,
    Action.REGISTRATION_UPDATE: _registration_update,
    Action.REGISTRATION_CLAIM: lambda d: (
        _("Registration #%(number)s linked to its owner") % {"number": d["registration"]}
    ),
    Action.ANONYMISE: lambda d: _("Registration #%(number)s anonymised") % {"number": d["registration"]},
    Action.ACCOUNT_DELETE: _account_delete,
    Action.EXPORT: _export,
    Action.IMPORT: _import,
    Action.IMPORT_UNDO: lambda d: _("Import batch #%(number)s undone") % {"number": d["batch"]},
    Action.BADGE_REPRINT: lambda d: _("Badge of registration #%(number)s reissued") % {"number": d["registration"]},
    Action.PAPER_CHECKIN: lambda d: (
        _("Check-ins entered from the paper list for %(day)s: %(count)s") % {"day": d["day"], "count": d["count"]}
    ),
    Action.LETTER_ISSUE: lambda d: (
        _("Visa letter #%(letter)s issued for registration #%(number)s")
        % {"letter": d["letter"], "number": d["registration"]}
    ),
    Action.LETTER_DECLINE: lambda d: (
        _("Visa letter #%(letter)s declined for registration #%(number)s")
        % {"letter": d["letter"], "number": d["registration"]}
    ),
    Action.LETTER_REVOKE: lambda d: (
        _("Visa letter #%(letter)s revoked for registration #%(number)s")
        % {"letter": d["letter"], "number": d["registration"]}
    ),
    Action.LETTER_EXPORT: lambda d: _("Visa letter requests exported with passport data: %(count)s") % d,
    Action.PLENARY_STEP: lambda d: (
        _("Plenary, recommendation #%(number)s: %(step)s") % {"number": d["recommendation"], "step": d["step"]}
    ),
    Action.PURGE: _purge,
    Action.LOGIN_FAILURES: lambda d: _("Repeated failed logins for account #%(number)s") % {"number": d["user"]},
}


def audit_description(*, entry: AuditLogEntry) -> str:
    """The line in the active language. The stored summary is written in the fallback language: shown as it is
    there, and for a line whose details are older or incomplete."""
    describe = DESCRIBERS.get(entry.action)
    if describe is None or get_language() == FALLBACK_LANGUAGE:
        return entry.summary
    try:
        return describe(entry.details)
    except (KeyError, TypeError, AttributeError):
        return entry.summary
