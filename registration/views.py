"""Registration pages: the delegate's own, the secretariat's vetting queue, the public participants list."""

import json

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from conference.models import Conference
from conference.roles import SECRETARIAT, group_required
from registration import selectors, services
from registration.forms import BulkStatusForm, DeleteAccountForm, QueueFilterForm, RegistrationForm, StatusChangeForm
from registration.models import Registration

QUEUE_PAGE_SIZE = 50


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference, slug=slug)


def _form_errors(form, error: ValidationError) -> None:
    """Puts a model's validation error (e.g. a duplicate e-mail) on the form, on the field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "PLENARY_PRIVACY_POLICY_VERSION": settings.PLENARY_PRIVACY_POLICY_VERSION,
        "PLENARY_RETENTION_DAYS": settings.PLENARY_RETENTION_DAYS,
    }
    return render(request, "registration/privacy.html", context)


@verified_email_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    if selectors.registration_for_user(conference=conference, user=request.user):
        return redirect("registration:my", slug=slug)
    if not conference.is_open_for_registration:
        return render(request, "registration/closed.html", {"conference": conference})
    unclaimed = selectors.unclaimed_registration(conference=conference, email=request.user.email)
    if unclaimed:
        services.registration_claim(registration=unclaimed, user=request.user)
        messages.info(request, _("The secretariat had already registered you: here is your registration."))
        return redirect("registration:my", slug=slug)
    form = RegistrationForm(
        request.POST or None,
        instance=Registration(conference=conference, user=request.user, email=request.user.email),
        initial=selectors.registration_initial_from_last(user=request.user) or {"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(conference=conference, user=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your registration has been received."))
            return redirect("registration:my", slug=slug)
    return render(request, "registration/register.html", {"conference": conference, "form": form})


def _own_registration(request: HttpRequest, conference: Conference) -> Registration:
    """The signed-in user's registration for this conference: never anyone else's (there is no id to change)."""
    registration = selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None:
        raise Http404
    return registration


@login_required
def my_registration(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    registration = selectors.registration_for_user(conference=conference, user=request.user)
    context = {
        "conference": conference,
        "registration": registration,
        "editable": registration is not None and selectors.registration_is_editable(registration),
        "cancellable": registration is not None and registration.status in services.ACTIVE_STATUSES,
        "edit_deadline": selectors.registration_edit_deadline(conference),
        "history": selectors.registration_history(registration=registration) if registration else [],
    }
    return render(request, "registration/my.html", context)


@login_required
def my_edit(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    registration = _own_registration(request, conference)
    if not selectors.registration_is_editable(registration):
        messages.error(request, _("Your details can no longer be changed online; please contact the secretariat."))
        return redirect("registration:my", slug=slug)
    form = RegistrationForm(request.POST or None, instance=registration, with_privacy=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_update(registration=registration, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        except services.RegistrationError as error:
            messages.error(request, str(error))
            return redirect("registration:my", slug=slug)
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("registration:my", slug=slug)
    return render(request, "registration/my_edit.html", {"conference": conference, "form": form})


@login_required
def my_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    registration = _own_registration(request, conference)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=request.user)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("registration:my", slug=slug)
    return render(request, "registration/my_cancel.html", {"conference": conference, "registration": registration})


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


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    if not conference.participants_list_public:
        raise Http404
    rows = selectors.public_participants(conference=conference)
    return render(request, "registration/participants.html", {"conference": conference, "participants": rows})


# --- The secretariat (MFA is enforced for these paths by registration.mfa.SecretariatMFAMiddleware) ---


@group_required(SECRETARIAT)
def manage_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    if request.method == "POST":
        bulk_form = BulkStatusForm(request.POST, conference=conference)
        if bulk_form.is_valid():
            outcome = services.registration_bulk_set_status(
                conference=conference,
                registrations=bulk_form.cleaned_data["registrations"],
                to_status=bulk_form.cleaned_data["to_status"],
                by=request.user,
                message=bulk_form.cleaned_data["message"],
            )
            _report_outcome(request, outcome)
            return redirect(request.get_full_path())
        for errors in bulk_form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(request.get_full_path())
    filter_form = QueueFilterForm(request.GET or None)
    queue = selectors.registration_queue(conference=conference, **filter_form.filters())
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "conference": conference,
        "filter_form": filter_form,
        "bulk_form": BulkStatusForm(conference=conference),
        "page": page,
        "query": query.urlencode(),
        "counts": [
            (value, label, count)
            for (value, label), count in zip(
                Registration.Status.choices,
                selectors.registration_status_counts(conference=conference).values(),
                strict=True,
            )
        ],
    }
    return render(request, "registration/manage_queue.html", context)


def _report_outcome(request: HttpRequest, outcome: dict[str, int]) -> None:
    labels = dict(Registration.Status.choices)
    if not outcome:
        messages.info(request, _("Nothing changed."))
        return
    summary = ", ".join(f"{labels[status]}: {count}" for status, count in outcome.items())
    messages.success(request, _("Done. %(summary)s.") % {"summary": summary})


@group_required(SECRETARIAT)
def manage_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    registration = get_object_or_404(conference.registrations.select_related("user"), pk=pk)
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.registration_set_status(
                registration=registration,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            if result.status != form.cleaned_data["to_status"]:
                messages.warning(request, _("The conference is full: the registration was put on the waiting list."))
            else:
                messages.success(request, _("Status changed to %(status)s.") % {"status": result.get_status_display()})
        return redirect("registration:manage_registration", slug=slug, pk=pk)
    context = {
        "conference": conference,
        "registration": registration,
        "form": form,
        "history": selectors.registration_history(registration=registration),
    }
    return render(request, "registration/manage_detail.html", context)


@group_required(SECRETARIAT)
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    page = Paginator(selectors.audit_log_entries(conference=conference), 100).get_page(request.GET.get("page"))
    return render(request, "registration/manage_audit_log.html", {"conference": conference, "page": page})
