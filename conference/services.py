"""Writes to the programme that a secretariat member would name."""

from django.db import transaction
from django.db.models import QuerySet

from conference.models import Session
from plenary.page_cache import programme_changed


@transaction.atomic
def sessions_set_published(*, sessions: QuerySet[Session], published: bool) -> int:
    """Publish or unpublish sessions; returns how many changed."""
    changed = sessions.exclude(is_published=published).update(is_published=published)
    programme_changed()  # update() sends no signal
    return changed
