"""Reads on the audit log: a conference's lines, newest first, with who did them."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from plenary.audit.models import AuditLogEntry

if TYPE_CHECKING:  # types only: plenary imports no app at run time
    from conference.models import Conference


def audit_log_entries(*, conference: "Conference") -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(conference=conference).select_related("actor").order_by("-at", "-pk")
