"""The shared infrastructure's models live with their capability; Django finds them here."""

from plenary.audit.models import Action, AuditLogEntry
from plenary.jobs.models import Job

__all__ = ["Action", "AuditLogEntry", "Job"]
