"""The live plenary's pages: the chair's console, the delegate's phone, the hall's screen and the state they
follow. Thin: forms validate, services act, selectors read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from conference.models import Conference
from plenary.i18n import WORKING_LANGUAGES
from plenary.permissions import SECRETARIAT, conference_view
from recommendations.live import amendments, forms, selectors, services, votes
from recommendations.models import Amendment, Recommendation, Vote

chair_required = conference_view(SECRETARIAT)


def _console_url(conference: Conference) -> str:
    return reverse("recommendations:plenary_console", kwargs={"slug": conference.slug})


def _phone_url(conference: Conference) -> str:
    return reverse("recommendations:plenary_phone", kwargs={"slug": conference.slug})


def _refused(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    for message in getattr(error, "messages", None) or [str(error) or _("Refused.")]:
        messages.error(request, message)


# --- The chair's console ----------------------------------------------------------------------


@chair_required
def console(request: HttpRequest, conference: Conference) -> HttpResponse:
    data = selectors.console(sitting=services.sitting_ensure(conference=conference))
    undecided = [r for r in data.agenda if r.state == Recommendation.State.SUBMITTED] + data.candidates
    initial = {f"position-{r.pk}": i for i, r in enumerate(data.agenda, start=1) if r in undecided}
    agenda_form = forms.AgendaForm(request.POST or None, recommendations=undecided, initial=initial)
    if request.method == "POST":
        try:
            if not agenda_form.is_valid():
                raise ValidationError(_("The order could not be read."))
            services.agenda_set(conference=conference, by=request.user, recommendation_ids=agenda_form.ids())
            messages.success(request, _("The plenary's order is saved."))
        except ValidationError as error:
            _refused(request, error)
        return redirect(_console_url(conference))
    template = "recommendations/live/_console_live.html" if request.GET.get("fragment") else None
    return render(
        request,
        template or "recommendations/live/console.html",
        {
            "conference": conference,
            "console": data,
            "agenda_form": agenda_form,
            "step_form": forms.StepForm(),
            "state": _state_urls(conference),
        },
    )


def _step(request: HttpRequest, conference: Conference, data: dict) -> None:
    by, step = request.user, data["step"]
    if step in ("take_up", "next"):
        recommendation = None
        if step == "take_up":
            recommendation = get_object_or_404(Recommendation, conference=conference, pk=data["recommendation"] or 0)
        services.sitting_take_up(conference=conference, by=by, recommendation=recommendation)
    elif step in ("floor_open", "floor_close"):
        services.floor_set(
            conference=conference,
            by=by,
            open_=step == "floor_open",
            seconds=data["seconds"],
            delegation_limit=data["delegation_limit"],
        )
    elif step == "call_next":
        if services.speaker_call_next(conference=conference, by=by) is None:
            messages.info(request, _("Nobody is waiting for the floor."))
    elif step == "vote_open":
        amendment = None
        if data["amendment"]:
            amendment = get_object_or_404(Amendment, recommendation__conference=conference, pk=data["amendment"])
        votes.vote_open(conference=conference, by=by, method=data["method"], secret=data["secret"], amendment=amendment)
    elif step == "vote_close":
        counts = {name: data[name] for name in ("votes_for", "votes_against", "votes_abstaining")}
        votes.vote_close(conference=conference, by=by, **counts)
    else:
        votes.sitting_decide(conference=conference, by=by, adopt=step == "adopt")


@require_POST
@chair_required
def step(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step could not be read."))
        return redirect(_console_url(conference))
    try:
        _step(request, conference, form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    return redirect(_console_url(conference))


@require_POST
@chair_required
def amendment_decision(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    amendment = get_object_or_404(Amendment, recommendation__conference=conference, pk=pk)
    form = forms.AmendmentDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("This decision could not be read."))
        decision = form.cleaned_data["decision"]
        if decision == "show":
            amendments.amendment_show(amendment=amendment, by=request.user)
        else:
            into = form.cleaned_data["merged_into"]
            merged_into = Amendment.objects.filter(recommendation__conference=conference, pk=into).first()
            amendments.amendment_decide(
                amendment=amendment, by=request.user, decision=decision, merged_into=merged_into
            )
    except ValidationError as error:
        _refused(request, error)
    return redirect(_console_url(conference))


# --- The delegate's phone ---------------------------------------------------------------------


@conference_view(login=True)
def phone(request: HttpRequest, conference: Conference) -> HttpResponse:
    page = selectors.phone(user=request.user, conference=conference)
    template = "recommendations/live/_phone_live.html" if request.GET.get("fragment") else None
    return render(
        request,
        template or "recommendations/live/phone.html",
        {
            "conference": conference,
            "page": page,
            "floor_form": forms.FloorForm(),
            "amendment_form": forms.AmendmentForm(initial={"language": request.LANGUAGE_CODE}),
            "state": _state_urls(conference),
        },
    )


def _delegate_post(request: HttpRequest, conference: Conference, act) -> HttpResponse:
    try:
        act()
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return redirect(_phone_url(conference))


@require_POST
@conference_view(login=True)
def floor(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = forms.FloorForm(request.POST)

    def act():
        if not form.is_valid():
            raise ValidationError(_("This request could not be read."))
        data = form.cleaned_data
        if data["action"] == "withdraw":
            services.floor_withdraw(conference=conference, user=request.user)
            messages.success(request, _("Your request is withdrawn."))
            return
        services.floor_request(
            conference=conference,
            user=request.user,
            point_of_order=data["point_of_order"],
            shown_as=data["shown_as"] or "name",
        )
        messages.success(request, _("You are on the list of speakers."))

    return _delegate_post(request, conference, act)


@require_POST
@conference_view(login=True)
def ballot(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = forms.BallotForm(request.POST)

    def act():
        if not form.is_valid():
            raise ValidationError(_("Choose for, against or abstain."))
        vote = get_object_or_404(
            Vote.objects.select_related("conference"), conference=conference, pk=form.cleaned_data["vote"]
        )
        votes.ballot_cast(vote=vote, user=request.user, choice=form.cleaned_data["choice"])
        messages.success(request, _("Your vote is recorded."))

    return _delegate_post(request, conference, act)


@require_POST
@conference_view(login=True)
def amend(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = forms.AmendmentForm(request.POST)

    def act():
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        recommendation = selectors.current_recommendation(conference=conference)
        if recommendation is None:
            raise ValidationError(_("No recommendation is before the room."))
        amendments.amendment_propose(recommendation=recommendation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your amendment is proposed to the drafting committee."))

    return _delegate_post(request, conference, act)


# --- The screen and the state it follows ------------------------------------------------------


def _state_urls(conference: Conference) -> dict:
    return {"url": reverse("recommendations_files:plenary_state", kwargs={"slug": conference.slug})}


@require_GET
@conference_view()
def screen(request: HttpRequest, conference: Conference) -> HttpResponse:
    key = request.GET.get("key", "")
    if not selectors.may_follow(user=request.user, conference=conference, key=key):
        raise PermissionDenied
    state_url = _state_urls(conference)["url"] + (f"?key={key}" if key else "")
    return render(
        request,
        "recommendations/live/screen.html",
        {
            "conference": conference,
            "state_url": state_url,
            "labels": selectors.screen_labels(),
            "working_languages": " ".join(WORKING_LANGUAGES),
        },
    )


@require_GET
@conference_view()
def state(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The sitting's state as JSON, with an ETag: a poll that finds nothing new costs two small queries."""
    if not selectors.may_follow(user=request.user, conference=conference, key=request.GET.get("key", "")):
        raise PermissionDenied
    etag = f'"{selectors.state_version(conference=conference)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(selectors.sitting_state(conference=conference))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
