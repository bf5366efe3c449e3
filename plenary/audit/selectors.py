"""Reads on registrations: the vetting queue, a delegate's own data, the public participants list."""

from django.db.models import QuerySet

from conference.models import Conference
from plenary.audit.models import AuditLogEntry


def audit_log_entries(*, conference: Conference) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(conference=conference).select_related("actor").order_by("-at", "-pk")
