"""Writes to the audit log. Every service that touches personal data records one line here."""

from typing import TYPE_CHECKING, Any

from plenary.audit.models import Action, AuditLogEntry

if TYPE_CHECKING:  # types only: plenary imports no app at run time
    from django.contrib.auth.models import AbstractBaseUser

    from conference.models import Conference


def audit_record(
    *,
    action: Action,
    summary: str,
    conference: "Conference | None" = None,
    actor: "AbstractBaseUser | None" = None,
    details: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """One line in the secretariat's audit log. Summaries never contain names: ids only."""
    return AuditLogEntry.objects.create(
        conference=conference, actor=actor, action=action, summary=summary[:500], details=details or {}
    )
