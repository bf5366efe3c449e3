"""One device per door account: signing in to a Door-only account ends its sessions on every other device.

A door account shared by twenty phones cannot say who scanned whom, and cannot be withdrawn from one lost
phone without stopping the other nineteen. With this, a shared account keeps signing its holders out, so
each volunteer gets an account of their own (README: "One account per door volunteer").
"""

from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from plenary.permissions import DOOR, in_group


def is_door_only(user) -> bool:
    """A door volunteer and nothing more (the secretariat works from several desks and phones)."""
    return in_group(user, DOOR) and not (user.is_staff or user.is_superuser or user.groups.exclude(name=DOOR).exists())


def end_other_door_sessions(sender, request: HttpRequest, user, **kwargs) -> None:
    """``user_logged_in`` receiver. Sessions are stored in the database (Django's default engine)."""
    if not is_door_only(user):
        return
    current = request.session.session_key
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=current).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
