"""Registration pages: the delegate's own, the secretariat's vetting queue, the public participants list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plenary.audit import selectors as audit_selectors
from plenary.permissions import SECRETARIAT, group_required
from registration import selectors as registration_selectors
from registration import services
from registration.models import Registration
from registration.self_service.views import _conference
from registration.vetting.forms import BulkStatusForm, QueueFilterForm, StatusChangeForm

QUEUE_PAGE_SIZE = 50


# --- The secretariat (MFA is enforced for these paths by plenary.mfa.PrivilegedMFAMiddleware) ---


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
        "history": registration_selectors.registration_history(registration=registration),
    }
    return render(request, "registration/manage_detail.html", context)


@group_required(SECRETARIAT)
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    page = Paginator(audit_selectors.audit_log_entries(conference=conference), 100).get_page(request.GET.get("page"))
    return render(request, "registration/manage_audit_log.html", {"conference": conference, "page": page})
