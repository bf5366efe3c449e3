"""The secretariat's vetting pages: the queue with filters and bulk decisions (destructive ones confirmed first),
one registration's page with its history, status change, edit form and likely duplicates, and the conference's
audit log. Views display the services' outcomes."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import Conference
from plenary.audit import selectors as audit_selectors
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors as registration_selectors
from registration import services
from registration.models import Registration
from registration.vetting import selectors as vetting_selectors
from registration.vetting.forms import (
    STATUS_ACTIONS,
    BulkStatusForm,
    QueueFilterForm,
    SecretariatRegistrationForm,
    StatusChangeForm,
)

QUEUE_PAGE_SIZE = 50


# MFA is enforced for these paths by plenary.mfa.PrivilegedMFAMiddleware.


@conference_view(SECRETARIAT)
def manage_registrations(request: HttpRequest, conference: Conference) -> HttpResponse:
    if request.method == "POST":
        bulk_form = BulkStatusForm(request.POST, conference=conference)
        if bulk_form.is_valid() and bulk_form.needs_confirmation():
            return _confirm_bulk(request, conference, bulk_form)
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
    queue = registration_selectors.registration_queue(conference=conference, **filter_form.filters())
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "conference": conference,
        "filter_form": filter_form,
        "bulk_form": BulkStatusForm(conference=conference),
        "page": page,
        "likely_duplicates": vetting_selectors.registration_likely_duplicates(
            conference=conference, registrations=page.object_list
        ),
        "query": query.urlencode(),
        "counts": [
            (value, label, count)
            for (value, label), count in zip(
                Registration.Status.choices,
                registration_selectors.registration_status_counts(conference=conference).values(),
                strict=True,
            )
        ],
    }
    return render(request, "registration/manage_queue.html", context)


def _confirm_bulk(request: HttpRequest, conference: Conference, bulk_form: BulkStatusForm) -> HttpResponse:
    """The step before a destructive bulk action: what it does and to how many, posted again to apply."""
    ids, cancelled = bulk_form.selection()
    context = {
        "conference": conference,
        "to_status": bulk_form.cleaned_data["to_status"],
        "message": bulk_form.cleaned_data["message"],
        "action": dict(STATUS_ACTIONS)[bulk_form.cleaned_data["to_status"]],
        "ids": ids,
        "cancelled": cancelled,
        "back_url": request.get_full_path(),
    }
    return render(request, "registration/manage_bulk_confirm.html", context)


def _report_outcome(request: HttpRequest, outcome: services.BulkStatusOutcome) -> None:
    labels = dict(Registration.Status.choices)
    if outcome.skipped_cancelled:
        messages.warning(request, outcome.skipped_message())
    if not outcome.counts:
        messages.info(request, _("Nothing changed."))
        return
    summary = ", ".join(f"{labels[status]}: {count}" for status, count in outcome.counts.items())
    messages.success(request, _("Done. %(summary)s.") % {"summary": summary})
    if outcome.promoted:
        promoted = ngettext(
            "%(count)d freed place went to the waiting list; the delegate has been e-mailed.",
            "%(count)d freed places went to the waiting list; the delegates have been e-mailed.",
            outcome.promoted,
        )
        messages.info(request, promoted % {"count": outcome.promoted})


@conference_view(SECRETARIAT)
def manage_registration(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    registration = registration_selectors.registration_for_secretariat(conference=conference, pk=pk)
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.registration_set_status(
                registration=registration,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            _report_status_change(request, outcome)
        return redirect("registration:manage_registration", slug=conference.slug, pk=pk)
    edit_form = SecretariatRegistrationForm(instance=copy.copy(registration))
    return _detail_page(request, conference, registration, status_form=form, edit_form=edit_form)


@conference_view(SECRETARIAT)
def manage_registration_edit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    registration = registration_selectors.registration_for_secretariat(conference=conference, pk=pk)
    if request.method != "POST":
        return redirect("registration:manage_registration", slug=conference.slug, pk=pk)
    # A copy: the bound form writes onto its instance, and the page shows the stored registration.
    edit_form = SecretariatRegistrationForm(request.POST, instance=copy.copy(registration))
    if edit_form.is_valid():
        try:
            changed = services.registration_secretariat_update(
                registration=registration, fields=edit_form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            edit_form.add_error(None, error)
        except services.RegistrationError as error:
            messages.error(request, str(error))
            return redirect("registration:manage_registration", slug=conference.slug, pk=pk)
        else:
            messages.success(request, _("The details have been saved.") if changed else _("Nothing changed."))
            return redirect("registration:manage_registration", slug=conference.slug, pk=pk)
    return _detail_page(request, conference, registration, status_form=StatusChangeForm(), edit_form=edit_form)


def _detail_page(
    request: HttpRequest,
    conference: Conference,
    registration: Registration,
    *,
    status_form: StatusChangeForm,
    edit_form: SecretariatRegistrationForm,
) -> HttpResponse:
    context = {
        "conference": conference,
        "registration": registration,
        "form": status_form,
        "edit_form": edit_form,
        "duplicates": vetting_selectors.registration_duplicates_of(registration=registration),
        "history": registration_selectors.registration_history(registration=registration),
    }
    return render(request, "registration/manage_detail.html", context, status=400 if edit_form.errors else 200)


def _report_status_change(request: HttpRequest, outcome: services.StatusChangeOutcome) -> None:
    if outcome.skipped_cancelled:
        messages.warning(request, services.skipped_cancelled_message(1))
    elif outcome.capacity_reached:
        messages.warning(request, _("The conference is full: the registration was put on the waiting list."))
    else:
        status = outcome.registration.get_status_display()
        messages.success(request, _("Status changed to %(status)s.") % {"status": status})
    if outcome.promoted is not None:
        messages.info(request, _("The freed place went to the first on the waiting list, who has been e-mailed."))


@conference_view(SECRETARIAT)
def audit_log(request: HttpRequest, conference: Conference) -> HttpResponse:
    page = Paginator(audit_selectors.audit_log_entries(conference=conference), 100).get_page(request.GET.get("page"))
    return render(request, "registration/manage_audit_log.html", {"conference": conference, "page": page})
