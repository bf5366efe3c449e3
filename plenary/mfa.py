"""The second factor every Secretariat account must have, since they see everyone's personal data:
a middleware that enforces it, and ``mfa_enabled`` (also reported in a delegate's data export).

A member of the Secretariat group without an authenticator app is sent to allauth's set-up page
before any page that shows someone else's personal data: the secretariat's pages (``.../manage/...``),
the admin, the door's scanner and name search (``.../checkin/...``), a badge's QR landing page
(``/b/<token>``) and the files of background jobs (``/jobs/...``: badge PDFs). The admin's own login form is
replaced by allauth's, so that every login goes through the two-factor step and the rate limits.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from plenary.permissions import SECRETARIAT, in_group

PERSONAL_DATA_PREFIXES = ("/admin/", "/b/", "/jobs/")
# Inside a conference's addresses, with or without the language prefix (``/<slug>/checkin/scan``).
PERSONAL_DATA_PARTS = ("/manage/", "/checkin/")


def shows_personal_data(path: str) -> bool:
    return path.startswith(PERSONAL_DATA_PREFIXES) or any(part in path for part in PERSONAL_DATA_PARTS)


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


def mfa_enabled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
