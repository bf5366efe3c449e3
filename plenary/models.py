"""The shared infrastructure's models live with their capability; Django finds them here."""

from plenary.audit.models import Action, AuditLogEntry
from plenary.file_store import StoredFile
from plenary.jobs.models import Job, WorkerHeartbeat
from plenary.rate_limit import RateBucket

__all__ = ["Action", "AuditLogEntry", "Job", "RateBucket", "StoredFile", "WorkerHeartbeat"]
