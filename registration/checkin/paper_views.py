"""The paper fallback's pages, for the secretariat: print the door list, enter its ticks afterwards, and the
desk where a delegate who lost a badge is found by name and gets a new one."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.jobs.services import job_fail_if_stale
from plenary.permissions import SECRETARIAT, conference_view
from registration.badges import tasks as badges_tasks
from registration.badges.forms import ReprintForm
from registration.badges.selectors import badge_reference
from registration.badges.services import badge_issue
from registration.checkin import paper_selectors, paper_services
from registration.checkin.paper_forms import ConferenceDayForm, DeskSearchForm, PaperCheckinForm, PaperSearchForm
from registration.checkin.paper_tasks import door_list_filename


def _paper_url(conference: Conference, **query) -> str:
    url = reverse("registration:checkin_paper", kwargs={"slug": conference.slug})
    return f"{url}?{urlencode(query)}" if query else url


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def checkin_paper(request: HttpRequest, conference: Conference) -> HttpResponse:
    """GET: the day's delegates not checked in yet, to tick from the paper list; POST: check the ticked ones in."""
    default_day = paper_selectors.paper_default_day(conference=conference)
    search = PaperSearchForm(request.GET or {"day": default_day.isoformat()}, conference=conference)
    if request.method == "POST":
        form = PaperCheckinForm(request.POST, conference=conference)
        if form.is_valid():
            data = form.cleaned_data
            outcome = paper_services.paper_checkin(
                conference=conference,
                day=data["day"],
                registration_ids=data["registration"],
                at=data["at"],
                by=request.user,
            )
            _report(request, outcome)
            return HttpResponseRedirect(_paper_url(conference, day=data["day"].isoformat()))
        search = PaperSearchForm(request.POST, conference=conference)
    day = search.cleaned_data["day"] if search.is_valid() else default_day
    if request.method != "POST":
        form = PaperCheckinForm(
            initial={"day": day, "at": paper_selectors.paper_opening_time(conference=conference, day=day)},
            conference=conference,
        )
    page = paper_selectors.paper_not_checked_in(
        conference=conference,
        day=day,
        query=search.cleaned_data.get("q", "") if search.is_valid() else "",
        page=request.GET.get("page", 1),
    )
    # A refused entry shows the same ticks again, so that nothing ticked is lost.
    ticked = set(form.data.getlist("registration")) if form.is_bound else set()
    return render(
        request,
        "registration/checkin_paper.html",
        {"conference": conference, "search": search, "form": form, "day": day, "page": page, "ticked": ticked},
        status=400 if form.is_bound else 200,
    )


def _report(request: HttpRequest, outcome: paper_services.PaperCheckinOutcome) -> None:
    if outcome.checked_in:
        count = len(outcome.checked_in)
        messages.success(
            request,
            ngettext(
                "%(count)d delegate checked in from the paper list.",
                "%(count)d delegates checked in from the paper list.",
                count,
            )
            % {"count": count},
        )
    for registration in outcome.already:
        messages.info(
            request,
            _("%(name)s was already checked in that day: nothing changed.")
            % {"name": registration.full_name or registration.name_ar},
        )
    if outcome.ignored:
        messages.warning(
            request,
            ngettext(
                "%(count)d ticked line is not an approved delegate of this conference: ignored.",
                "%(count)d ticked lines are not approved delegates of this conference: ignored.",
                outcome.ignored,
            )
            % {"count": outcome.ignored},
        )


@require_POST
@conference_view(SECRETARIAT)
def checkin_paper_print(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The door list for a day, in the secretariat's language: the PDF itself, or the job printing it."""
    form = ConferenceDayForm(request.POST, conference=conference)
    if not form.is_valid():
        messages.error(request, _("This date is not a day of the conference."))
        return HttpResponseRedirect(_paper_url(conference))
    day = form.cleaned_data["day"]
    started = paper_services.door_list_start(
        conference=conference, day=day, language=translation.get_language(), by=request.user
    )
    if started.job is not None:
        return HttpResponseRedirect(
            reverse("registration:checkin_paper_job", kwargs={"slug": conference.slug, "pk": started.job.pk})
        )
    return _pdf_response(started.pdf, door_list_filename(conference=conference, day=day))


@require_safe
@conference_view(SECRETARIAT)
def checkin_paper_job(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    job = paper_selectors.door_list_job(conference=conference, pk=pk)
    job_fail_if_stale(job=job)
    return render(request, "registration/checkin_paper_job.html", {"conference": conference, "job": job})


@require_safe
@conference_view(SECRETARIAT)
def checkin_desk(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The desk: a delegate who lost a badge, found by name in either script."""
    form = DeskSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    matches = paper_selectors.desk_search(conference=conference, query=query)
    return render(
        request,
        "registration/checkin_paper_desk.html",
        {"conference": conference, "form": form, "query": query, "matches": matches},
    )


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def checkin_desk_badge(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """GET: the delegate and the confirmation; POST with ``confirm``: a new badge, the old one revoked."""
    registration = paper_selectors.desk_registration(conference=conference, pk=pk)
    form = ReprintForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        paper_services.desk_badge_reprint(registration=registration, by=request.user)
        messages.success(
            request,
            _(
                "A new badge was issued for %(name)s. The old one is revoked: every door refuses it from its next "
                "sync. Download the new badge below."
            )
            % {"name": registration.full_name or registration.name_ar},
        )
        return HttpResponseRedirect(
            reverse("registration:checkin_desk_badge", kwargs={"slug": conference.slug, "pk": pk}) + "?reprinted=1"
        )
    return render(
        request,
        "registration/checkin_paper_badge.html",
        {
            "conference": conference,
            "registration": registration,
            "reference": badge_reference(registration.pk),
            "reprinted": request.GET.get("reprinted") == "1",
        },
    )


@require_safe
@conference_view(SECRETARIAT)
def checkin_desk_badge_pdf(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """The delegate's active badge alone, A6, ready for the desk's printer."""
    registration = paper_selectors.desk_registration(conference=conference, pk=pk)
    badge = badge_issue(registration=registration)
    # The same language as the badges the secretariat prints, whatever the page language.
    pdf = badges_tasks.badges_pdf(conference=conference, badges=[badge], layout="a6", language=settings.LANGUAGE_CODE)
    return _pdf_response(pdf, f"badge-{conference.slug}-{badge_reference(registration.pk)}.pdf")
