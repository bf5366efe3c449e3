"""Who is at the door: a paired device (its cookie) or a door volunteer's account; and what each may reach.

A device reaches only its own conference's scanner page and the two offline endpoints; anywhere else it is
an anonymous visitor. A revoked device is told to wipe its data; a volunteer whose session ended is told so
(401), and the page keeps its queue for when they sign in again.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare

from plenary.permissions import DOOR, SECRETARIAT, conference_for_slug, in_group
from registration.checkin.selectors import CHECKIN_STATUSES, door_may_work
from registration.models import DoorDevice, sha256_hex

DEVICE_COOKIE = "plenary_door_device"
_SECRET_MAX_LENGTH = 100


def device_from_request(request: HttpRequest) -> DoorDevice | None:
    """The paired device whose cookie this is (revoked ones too), or None for no cookie or a forged one."""
    device_id, _, secret = request.COOKIES.get(DEVICE_COOKIE, "").partition(".")
    if not device_id.isdigit() or len(device_id) > 18 or not secret or len(secret) > _SECRET_MAX_LENGTH:
        return None
    device = DoorDevice.objects.select_related("door", "conference").filter(pk=int(device_id)).first()
    if device is None or not device.secret_sha256:
        return None
    return device if constant_time_compare(device.secret_sha256, sha256_hex(secret)) else None


def _refusal(*, as_json: bool, wipe: bool) -> HttpResponse:
    if as_json:
        return JsonResponse({"wipe": wipe, "error": "refused"}, status=403)
    raise PermissionDenied


def door_view(*, as_json: bool = False, hear_revoked: bool = False) -> Callable:
    """Like ``conference_view(DOOR, SECRETARIAT, allow=door_may_work)``, but a paired device is let in too, on
    its own conference only. The view gets ``conference=`` and ``device=`` (None for an account).
    ``hear_revoked``: a revoked device reaches the view (the scans upload records its uploads as refused)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, slug: str, **kwargs) -> HttpResponse:
            device = device_from_request(request)
            if device is None:
                if not request.user.is_authenticated:
                    if as_json:
                        return JsonResponse({"wipe": False, "error": "signed_out"}, status=401)
                    return redirect_to_login(request.get_full_path())
                if not in_group(request.user, DOOR, SECRETARIAT):
                    return _refusal(as_json=as_json, wipe=False)
            conference = conference_for_slug(slug)
            if device is not None:
                if device.conference_id != conference.pk:
                    return _refusal(as_json=as_json, wipe=False)
                if device.revoked_at is not None and not hear_revoked:
                    return _refusal(as_json=as_json, wipe=True)
                allowed = device.revoked_at is not None or conference.status in CHECKIN_STATUSES
            else:
                allowed = door_may_work(request.user, conference)
            if not allowed:
                return _refusal(as_json=as_json, wipe=False)
            return view(request, *args, conference=conference, device=device, **kwargs)

        return wrapped

    return decorator
