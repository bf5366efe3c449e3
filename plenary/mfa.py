"""Two-factor authentication for every account that can reach personal data.

A superuser, a staff member (``is_staff``: the admin) or a member of the Secretariat group must have an
authenticator app *and* have passed it in this session before any page at all, but signing in and out,
the second-factor pages themselves and static files:

- without an authenticator, they are sent to the page that explains how to enrol: enrolment needs a
  one-time invitation link sent by e-mail (``plenary.mfa_invitations``), so whoever knows the password
  alone cannot enrol their own phone; allauth's activation page is refused without it;
- with one, but signed in some other way than through allauth's two-factor step (an old session, an
  authenticator added by someone else), they are asked for a code (allauth's ``mfa_reauthenticate``).

The admin's own login form is replaced by allauth's, so that every login goes through the two-factor step
and the rate limits.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from plenary.mfa_invitations import INVITATION_SESSION_KEY, mfa_invitation_user
from plenary.permissions import SECRETARIAT, in_group

# Open to a privileged account that has not passed the second factor: signing in and out, and the code.
# healthz: the monitoring answer, which shows nothing a second factor protects.
ALWAYS_OPEN = frozenset(
    {"account_login", "account_logout", "mfa_authenticate", "mfa_reauthenticate", "set_language", "healthz"}
)
# Open as well while it has no authenticator: the way to enrol one (the activation page with an invitation).
ENROLMENT = frozenset({"mfa_enrolment_required", "mfa_enrolment_accept", "account_reauthenticate"})
ACTIVATION = "mfa_activate_totp"


def needs_mfa(user) -> bool:
    """Whoever can reach someone else's personal data: the admin's users and the secretariat."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or in_group(user, SECRETARIAT)


def mfa_enabled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_passed(request: HttpRequest) -> bool:
    """Whether this session went through a second factor (allauth records each step of a login)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def _is_static(path: str) -> bool:
    return path.startswith(tuple(prefix for prefix in (settings.STATIC_URL, "/favicon.ico") if prefix))


class PrivilegedMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == reverse("admin:login"):
            if request.user.is_authenticated and not request.user.is_staff:
                # Signed in but not admin staff: allauth would send them straight back here, in a loop.
                raise PermissionDenied
            next_url = request.GET.get("next") or reverse("admin:index")
            return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        user = request.user
        if not needs_mfa(user) or _is_static(request.path):
            return self.get_response(request)
        name = _url_name(request.path_info)
        if name in ALWAYS_OPEN:
            return self.get_response(request)
        if not mfa_enabled(user):
            return self._enrolment(request, name)
        if not mfa_passed(request):
            messages.warning(request, _("Enter the code from your authenticator app to continue."))
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    def _enrolment(self, request: HttpRequest, name: str | None) -> HttpResponse:
        if name in ENROLMENT:
            return self.get_response(request)
        if name == ACTIVATION and _holds_invitation(request):
            response = self.get_response(request)
            if mfa_enabled(request.user):
                # The activation form checked a code from the new app: that is this session's second factor.
                authenticator = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).first()
                record_authentication(request, request.user, "mfa", id=authenticator.pk, type=authenticator.type)
                request.session.pop(INVITATION_SESSION_KEY, None)
            return response
        messages.warning(
            request,
            _("Your account can see personal data: set up two-factor authentication before you continue."),
        )
        return HttpResponseRedirect(reverse("mfa_enrolment_required"))


def _holds_invitation(request: HttpRequest) -> bool:
    token = request.session.get(INVITATION_SESSION_KEY)
    invited = mfa_invitation_user(token=token) if isinstance(token, str) else None
    return invited is not None and invited.pk == request.user.pk
