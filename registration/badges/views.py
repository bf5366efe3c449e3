"""Badge pages: the secretariat's print queue and batch jobs, and a delegate's own badge."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail_if_stale
from plenary.pdf.qr import qr_png_data_uri
from plenary.permissions import SECRETARIAT, group_required
from registration.badges import selectors as badges_selectors
from registration.badges import services as badges_services
from registration.badges import tasks as badges_tasks
from registration.badges.forms import BadgePrintForm, BadgeQueueFilterForm, MarkPrintedForm
from registration.badges.pdf import LAYOUTS
from registration.models import Badge, Registration


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference, slug=slug)


def _queue_url(request: HttpRequest, conference: Conference) -> str:
    url = reverse("registration:badge_queue", kwargs={"slug": conference.slug})
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


@require_http_methods(["GET", "POST"])
@group_required(SECRETARIAT)
def badge_queue(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    filter_form = BadgeQueueFilterForm(request.GET or None, conference=conference)
    queue = badges_selectors.badge_print_queue(conference=conference, **filter_form.filters())
    if request.method == "POST":
        print_form = BadgePrintForm(request.POST)
        if print_form.is_valid():
            ticked = print_form.cleaned_data["registration"]
            registrations = list(queue.filter(pk__in=ticked) if ticked else queue)
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
    rows = list(queue)
    return render(
        request,
        "registration/badge_queue.html",
        {
            "conference": conference,
            "filter_form": filter_form,
            "print_form": print_form,
            "rows": rows,
            "include_printed": filter_form.filters().get("include_printed", False),
        },
    )


@require_safe
@group_required(SECRETARIAT)
def badge_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    job = job_fail_if_stale(job=get_object_or_404(Job, pk=pk, conference=conference, kind="badges"))
    layout = LAYOUTS.get(job.details.get("layout", ""))
    return render(
        request,
        "registration/badge_job.html",
        {"conference": conference, "job": job, "layout": layout, "count": len(job.details.get("badge_ids", []))},
    )


@require_POST
@group_required(SECRETARIAT)
def badge_job_retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    job = get_object_or_404(Job, pk=pk, conference=conference, kind="badges", state=Job.State.FAILED)
    retried = badges_services.badge_batch_retry(job=job, by=request.user)
    return HttpResponseRedirect(reverse("registration:badge_job", kwargs={"slug": conference.slug, "pk": retried.pk}))


@require_POST
@group_required(SECRETARIAT)
def badge_mark_printed(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    form = MarkPrintedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was marked as printed."))
        return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))
    scope = Badge.objects.filter(registration__conference=conference)
    if form.cleaned_data["job"]:
        job = get_object_or_404(Job, pk=form.cleaned_data["job"], conference=conference, kind="badges")
        selected = scope.filter(pk__in=job.details.get("badge_ids", []))
    else:
        selected = scope.filter(registration_id__in=form.cleaned_data["registration"])
    count = badges_services.badges_mark_printed(badges=selected)
    messages.success(
        request,
        ngettext("%(count)d badge marked as printed.", "%(count)d badges marked as printed.", count) % {"count": count},
    )
    return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))


@require_POST
@group_required(SECRETARIAT)
def badge_reprint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    registration = get_object_or_404(Registration, pk=pk, conference=conference, status=Registration.Status.APPROVED)
    badges_services.badge_reprint(registration=registration, by=request.user)
    messages.success(
        request,
        _("A new badge was issued for %(name)s: the old one no longer opens the door. It is back in the queue.")
        % {"name": registration.full_name or registration.email},
    )
    return HttpResponseRedirect(reverse("registration:badge_queue", kwargs={"slug": conference.slug}))


def _own_registration(request: HttpRequest, conference: Conference) -> Registration:
    registration = Registration.objects.filter(conference=conference, user=request.user).first()
    if registration is None:
        raise Http404
    return registration


@require_safe
@login_required
def my_badge(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    registration = _own_registration(request, conference)
    qr = None
    if registration.status == Registration.Status.APPROVED:
        badge = badges_services.badge_issue(registration=registration)
        qr = qr_png_data_uri(badges_selectors.badge_url(badge.token), box_size=8, border=4)
    return render(
        request, "registration/my_badge.html", {"conference": conference, "registration": registration, "qr": qr}
    )


@require_safe
@login_required
def my_badge_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
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
