"""The two pages of enrolling an authenticator app: why it is needed, and the e-mailed invitation link."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from plenary.mfa_invitations import INVITATION_SESSION_KEY, invitation_max_age, mfa_invitation_user


@require_safe
@login_required
def enrolment_required(request: HttpRequest) -> HttpResponse:
    return render(request, "mfa/enrolment.html", {"state": "required", "hours": _hours()})


@require_safe
def enrolment_accept(request: HttpRequest, token: str) -> HttpResponse:
    invited = mfa_invitation_user(token=token)
    if invited is None:
        return render(request, "mfa/enrolment.html", {"state": "invalid", "hours": _hours()}, status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != invited.pk:
        return render(request, "mfa/enrolment.html", {"state": "other_account", "hours": _hours()}, status=403)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("mfa_activate_totp")


def _hours() -> int:
    return int(invitation_max_age().total_seconds() // 3600)
