"""The three staff groups and the checks views use. Groups are created by a data migration."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

SECRETARIAT = "Secretariat"
RAPPORTEUR = "Rapporteur"
DOOR = "Door"
ALL_GROUPS = (SECRETARIAT, RAPPORTEUR, DOOR)


def in_group(user, *names: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_plenary_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._plenary_groups = cached
    return bool(cached.intersection(names))


def group_required(*names: str) -> Callable:
    """Anonymous users go to the login page; signed-in users outside the groups get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not in_group(request.user, *names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
