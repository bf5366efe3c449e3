"""Two-factor authentication for the secretariat, who see everyone's personal data.

A member of the Secretariat group without an authenticator app is sent to allauth's set-up page
before any secretariat page (``.../manage/...``) or the admin. The admin's own login form is
replaced by allauth's, so that every login goes through the two-factor step and the rate limits.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from conference.roles import SECRETARIAT, in_group
from registration.selectors import mfa_enabled

PERSONAL_DATA_PATHS = ("/manage/", "/checkin/", "/checkin/scan")


def shows_personal_data(path: str) -> bool:
    """Secretariat pages (``/<lang>/<slug>/manage/``), the admin, the scanner and the badge pages."""
    return path.startswith(("/admin/", "/b/")) or any(part in path for part in PERSONAL_DATA_PATHS)


class SecretariatMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == reverse("admin:login"):
            next_url = request.GET.get("next") or reverse("admin:index")
            return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        if shows_personal_data(request.path) and in_group(request.user, SECRETARIAT) and not mfa_enabled(request.user):
            messages.warning(
                request,
                _("The secretariat sees personal data: set up two-factor authentication before you continue."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
