"""A delegate's account pages: the privacy policy, "download my data" and account deletion."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registration.accounts import selectors, services
from registration.accounts.forms import DeleteAccountForm


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "PLENARY_PRIVACY_POLICY_VERSION": settings.PLENARY_PRIVACY_POLICY_VERSION,
        "PLENARY_RETENTION_DAYS": settings.PLENARY_RETENTION_DAYS,
    }
    return render(request, "registration/privacy.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="plenary-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("Your account has been deleted and your registrations anonymised."))
        return redirect("conference:index")
    return render(request, "registration/delete_account.html", {"form": form})
