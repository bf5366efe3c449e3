"""The three staff groups, and the checks views use: ``group_required`` and ``conference_view``.

Groups are created by a data migration.
"""

from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SECRETARIAT = "Secretariat"
RAPPORTEUR = "Rapporteur"
DOOR = "Door"


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


def conference_for_slug(slug: str, *, drafts: bool = True):
    """The conference of a URL's ``slug``, or 404; draft conferences only when ``drafts``.
    (By app label: plenary comes before the conference app and never imports it.)"""
    conference_model = apps.get_model("conference", "Conference")
    queryset = conference_model.objects.all()
    if not drafts:
        queryset = queryset.exclude(status=conference_model.Status.DRAFT)
    try:
        return queryset.get(slug=slug)
    except conference_model.DoesNotExist:
        raise Http404(_("No such conference.")) from None


def conference_view(
    *roles: str,
    login: bool = False,
    drafts: bool | Callable[[HttpRequest], bool] = True,
    allow: Callable[..., bool] | None = None,
) -> Callable:
    """The one way a view gets its conference and checks who may see it.

    The URL's ``slug`` becomes ``conference=`` (404 when there is none; drafts only when ``drafts`` is true
    or, when it is a function, returns true for the request). ``roles``: only members of these groups
    (anonymous users log in first, others get 403, before the conference is looked up). ``login``: any
    signed-in user. ``allow(user, conference)``: a further check on the conference itself (403 when false).
    """
    needs_login = bool(roles) or login or allow is not None

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, slug: str, **kwargs) -> HttpResponse:
            if needs_login and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not in_group(request.user, *roles):
                raise PermissionDenied
            conference = conference_for_slug(slug, drafts=drafts(request) if callable(drafts) else drafts)
            if allow is not None and not allow(request.user, conference):
                raise PermissionDenied
            return view(request, *args, conference=conference, **kwargs)

        return wrapped

    return decorator
