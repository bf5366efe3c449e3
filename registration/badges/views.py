"""Badge pages: the secretariat's print queue, batch jobs, print marks and reprints; a delegate's own badge."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail_if_stale
from plenary.pdf.qr import qr_png_data_uri
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors as registration_selectors
from registration.badges import selectors as badges_selectors
from registration.badges import services as badges_services
from registration.badges import tasks as badges_tasks
from registration.badges.forms import BadgePrintForm, BadgeQueueFilterForm, MarkPrintedForm, ReprintForm
from registration.models import Registration


def _queue_url(request: HttpRequest, conference: Conference) -> str:
    url = reverse("registration:badge_queue", kwargs={"slug": conference.slug})
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def badge_queue(request: HttpRequest, conference: Conference) -> HttpResponse:
    filter_form = BadgeQueueFilterForm(request.GET or None, conference=conference)
    filters = filter_form.filters()
    if request.method == "POST":
        print_form = BadgePrintForm(request.POST)
        if print_form.is_valid():
            registrations = list(
                badges_selectors.badge_print_queue(
                    conference=conference, only=print_form.cleaned_data["registration"], **filters
                )
            )
            if registrations:
                job = badges_services.badge_batch_start(
                    conference=conference,
                    registrations=registrations,
                    layout=print_form.cleaned_data["layout"],
                    by=request.user,
                )
                return HttpResponseRedirect(
                    reverse("registration:badge_job", kwargs={"slug": conference.slug, "pk": job.pk})
                )
            messages.warning(request, _("There are no badges to print."))
            return HttpResponseRedirect(_queue_url(request, conference))
    else:
        print_form = BadgePrintForm()
    rows = list(badges_selectors.badge_print_queue(conference=conference, **filters))
    return render(
        request,
        "registration/badge_queue.html",
        {
            "conference": conference,
            "filter_form": filter_form,
            "print_form": print_form,
            "rows": rows,
            "include_printed": filters.get("include_printed", False),
        },
    )


@require_safe
@conference_view(SECRETARIAT)
def badge_job(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    batch = badges_selectors.badge_batch_get(conference=conference, pk=pk)
    job_fail_if_stale(job=batch.job)  # a batch whose worker died says so, and offers to print it again
    return render(
        request,
        "registration/badge_job.html",
        {"conference": conference, "job": batch.job, "layout": batch.layout, "count": batch.count},
    )


@require_POST
@conference_view(SECRETARIAT)
def badge_job_retry(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    batch = badges_selectors.badge_batch_get(conference=conference, pk=pk)
    if batch.job.state != Job.State.FAILED:
        raise Http404
    retried = badges_services.badge_batch_retry(batch=batch, by=request.user)
    return HttpResponseRedirect(reverse("registration:badge_job", args=[conference.slug, retried.pk]))


@require_POST
@conference_view(SECRETARIAT)
def badge_mark_printed(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = MarkPrintedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was marked as printed."))
        return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))
    job_id = form.cleaned_data["job"]
    selected = badges_selectors.badges_to_mark_printed(
        conference=conference,
        batch=badges_selectors.badge_batch_get(conference=conference, pk=job_id) if job_id else None,
        registration_ids=form.cleaned_data["registration"],
    )
    count = badges_services.badges_mark_printed(badges=selected)
    messages.success(
        request,
        ngettext("%(count)d badge marked as printed.", "%(count)d badges marked as printed.", count) % {"count": count},
    )
    return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def badge_reprint(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST with ``confirm`` revokes the printed badge and issues a new one."""
    registration = badges_selectors.printed_badge_registration(conference=conference, pk=pk)
    form = ReprintForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        badges_services.badge_reprint(registration=registration, by=request.user)
        messages.success(
            request,
            _("A new badge was issued for %(name)s: the old one no longer opens the door. It is back in the queue.")
            % {"name": registration.full_name or registration.email},
        )
        return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))
    return render(request, "registration/badge_reprint.html", {"conference": conference, "registration": registration})


def _own_registration(request: HttpRequest, conference: Conference) -> Registration:
    registration = registration_selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None:
        raise Http404
    return registration


@require_safe
@conference_view(login=True)
def my_badge(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = _own_registration(request, conference)
    qr = None
    if registration.status == Registration.Status.APPROVED:
        badge = badges_services.badge_issue(registration=registration)
        qr = qr_png_data_uri(badges_selectors.badge_url(badge.token), box_size=8, border=4)
    return render(
        request, "registration/my_badge.html", {"conference": conference, "registration": registration, "qr": qr}
    )


@require_safe
@conference_view(login=True)
def my_badge_pdf(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = _own_registration(request, conference)
    if registration.status != Registration.Status.APPROVED:
        raise Http404
    badge = badges_services.badge_issue(registration=registration)
    # The same language as the badges the secretariat prints, whatever the page language.
    pdf = badges_tasks.badges_pdf(conference=conference, badges=[badge], layout="a6", language=settings.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="badge-{conference.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
