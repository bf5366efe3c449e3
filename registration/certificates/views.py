"""Certificates of attendance: a delegate's own (days with a check-in only), and the secretariat's batch."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from conference.models import Conference
from plenary.jobs.services import job_fail_if_stale
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors as registration_selectors
from registration.certificates import selectors, services, tasks


@require_safe
@conference_view(login=True)
def my_certificate_pdf(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = registration_selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None or not selectors.registration_attended(registration=registration):
        raise Http404
    [certificate] = services.certificates_issue_for(conference=conference, registrations=[registration])
    pdf = tasks.certificates_pdf_by_ids(conference=conference, ids=[certificate.pk])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def certificates(request: HttpRequest, conference: Conference) -> HttpResponse:
    attendees = selectors.attendees(conference=conference)
    if request.method == "POST":
        registrations = list(attendees)
        if not registrations:
            messages.warning(request, _("Nobody has checked in yet: there is no certificate to print."))
            return HttpResponseRedirect(reverse("registration:certificates", args=[conference.slug]))
        job = services.certificate_batch_start(conference=conference, registrations=registrations, by=request.user)
        return HttpResponseRedirect(reverse("registration:certificate_job", args=[conference.slug, job.pk]))
    context = {"conference": conference, "count": attendees.count()}
    return render(request, "registration/certificates.html", context)


@require_safe
@conference_view(SECRETARIAT)
def certificate_job(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    job = selectors.certificate_job_get(conference=conference, pk=pk)
    job_fail_if_stale(job=job)
    return render(request, "registration/certificate_job.html", {"conference": conference, "job": job})
