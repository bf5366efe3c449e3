"""The secretariat's vetting pages: the queue with filters and bulk decisions, one registration's page with
its history and status change, and the conference's audit log. Views display the services' outcomes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from conference.models import Conference
from plenary.audit import selectors as audit_selectors
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors as registration_selectors
from registration import services
from registration.models import Registration
from registration.vetting.forms import BulkStatusForm, QueueFilterForm, StatusChangeForm

QUEUE_PAGE_SIZE = 50


# MFA is enforced for these paths by plenary.mfa.PrivilegedMFAMiddleware.


@conference_view(SECRETARIAT)
def manage_registrations(request: HttpRequest, conference: Conference) -> HttpResponse:
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
    queue = registration_selectors.registration_queue(conference=conference, **filter_form.filters())
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
                registration_selectors.registration_status_counts(conference=conference).values(),
                strict=True,
            )
        ],
    }
    return render(request, "registration/manage_queue.html", context)


def _report_outcome(request: HttpRequest, outcome: services.BulkStatusOutcome) -> None:
    labels = dict(Registration.Status.choices)
    if not outcome.counts:
        messages.info(request, _("Nothing changed."))
        return
    summary = ", ".join(f"{labels[status]}: {count}" for status, count in outcome.counts.items())
    messages.success(request, _("Done. %(summary)s.") % {"summary": summary})


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
            if outcome.capacity_reached:
                messages.warning(request, _("The conference is full: the registration was put on the waiting list."))
            else:
                status = outcome.registration.get_status_display()
                messages.success(request, _("Status changed to %(status)s.") % {"status": status})
        return redirect("registration:manage_registration", slug=conference.slug, pk=pk)
    context = {
        "conference": conference,
        "registration": registration,
        "form": form,
        "history": registration_selectors.registration_history(registration=registration),
    }
    return render(request, "registration/manage_detail.html", context)


@conference_view(SECRETARIAT)
def audit_log(request: HttpRequest, conference: Conference) -> HttpResponse:
    page = Paginator(audit_selectors.audit_log_entries(conference=conference), 100).get_page(request.GET.get("page"))
    return render(request, "registration/manage_audit_log.html", {"conference": conference, "page": page})
