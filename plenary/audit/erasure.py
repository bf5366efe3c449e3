"""Forgetting people in the logs: the admin's change log (``LogEntry``: its ``object_repr`` holds a name, its
``change_message`` the names of inline objects) and the free text the audit log's details may hold (the search
an export was filtered by). Called when a conference is purged and when an account is deleted.
"""

from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Value
from django.db.models.functions import Concat

from plenary.audit.models import Action, AuditLogEntry

# Details keys that hold what someone typed (a search), never an id or a choice.
FREE_TEXT_FILTERS = ("search", "q")


def admin_log_forget(*, model: type, object_ids: Iterable[int]) -> int:
    """The admin's change log for these objects keeps its dates and actors, not what named them: the
    ``object_repr`` becomes "<Model> #<id>" and the change message is cleared. Returns how many rows changed."""
    ids = [str(pk) for pk in object_ids]
    if not ids:
        return 0
    content_types = {
        ContentType.objects.get_for_model(model, for_concrete_model=False),
        ContentType.objects.get_for_model(model),
    }
    return LogEntry.objects.filter(content_type__in=content_types, object_id__in=ids).update(
        object_repr=Concat(Value(f"{model.__name__} #"), "object_id"), change_message=""
    )


def audit_forget_free_text(*, conference_ids: Iterable[int]) -> int:
    """Removes the searches recorded with the exports of these conferences; returns how many lines changed."""
    changed = []
    entries = AuditLogEntry.objects.filter(action=Action.EXPORT, conference_id__in=list(conference_ids))
    for entry in entries.only("pk", "details"):
        filters = entry.details.get("filters")
        if isinstance(filters, dict) and any(key in filters for key in FREE_TEXT_FILTERS):
            entry.details["filters"] = {k: v for k, v in filters.items() if k not in FREE_TEXT_FILTERS}
            changed.append(entry)
    AuditLogEntry.objects.bulk_update(changed, ["details"])
    return len(changed)
