"""Writes on a delegate's account: deleting it at their request (places given back, registrations
anonymised, an audit entry without personal data).
"""

from django.db import transaction

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from registration.models import (
    User,
)
from registration.services import ACTIVE_STATUSES, Status, registration_anonymise, registration_set_status


@transaction.atomic
def account_delete(*, user: User) -> int:
    """Deletes an account at its owner's request. Registrations still holding a place are cancelled first
    (so the waiting list moves up), then all of them are anonymised. Returns how many were anonymised."""
    registrations = list(user.registrations.select_related("conference").order_by("pk"))
    for registration in registrations:
        if registration.status in ACTIVE_STATUSES and registration.conference.status != Conference.Status.ARCHIVED:
            registration_set_status(registration=registration, to_status=Status.CANCELLED, by=user)
            registration.refresh_from_db()
        registration_anonymise(registration=registration, by=None, reason="account deleted")
    audit_record(
        action=Action.ACCOUNT_DELETE,
        summary=f"An account was deleted; {len(registrations)} registration(s) anonymised",
        details={"registrations": [registration.pk for registration in registrations]},
    )
    user.delete()
    return len(registrations)
