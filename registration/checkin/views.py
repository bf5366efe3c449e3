"""The door: the scanner page, its JSON endpoints, the page a badge's QR code opens, and live counts."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.i18n import LANGUAGE_CODES
from plenary.permissions import DOOR, SECRETARIAT, conference_view, in_group
from plenary.rate_limit import rate_limit_exceeded
from registration.attendance import selectors as attendance_selectors
from registration.checkin import selectors as checkin_selectors
from registration.checkin import services as checkin_services
from registration.checkin.forms import ScanForm
from registration.doors.access import door_view
from registration.models import DoorDevice


def _rate_limited(request: HttpRequest) -> bool:
    """A bucket per device (the browser's session), shared by every web process: a stuck scanner or a script
    cannot flood the log, and one phone's burst does not stop another volunteer's."""
    device = request.session.session_key or request.META.get("REMOTE_ADDR", "")
    per_minute = settings.PLENARY_CHECKIN_SCANS_PER_MINUTE
    return rate_limit_exceeded(key=f"checkin:{request.user.pk}:{device}", burst=per_minute, per_second=per_minute / 60)


def _too_many() -> JsonResponse:
    return JsonResponse({"result": "rate_limited"}, status=429)


@require_safe
@door_view()
def checkin_page(request: HttpRequest, conference: Conference, device: DoorDevice | None) -> HttpResponse:
    """The scanner: a paired device works at its door; a volunteer picks the door from the conference's."""
    return render(
        request,
        "registration/checkin.html",
        {
            "conference": conference,
            "is_secretariat": device is None and in_group(request.user, SECRETARIAT),
            "device": device,
            "door": device.door if device else None,
            "doors": [] if device else checkin_selectors.conference_doors(conference=conference),
        },
    )


@never_cache
@require_POST
@conference_view(DOOR, SECRETARIAT, allow=checkin_selectors.door_may_work)
def checkin_scan(request: HttpRequest, conference: Conference) -> JsonResponse:
    if _rate_limited(request):
        return _too_many()
    form = ScanForm(request.POST, conference=conference)
    if not form.is_valid():
        return JsonResponse({"result": "invalid"}, status=400)
    data = form.cleaned_data
    language = request.POST.get("lang")
    with translation.override(language if language in LANGUAGE_CODES else translation.get_language()):
        if data["code"]:
            outcome = checkin_services.checkin_scan(
                conference=conference, code=data["code"], door=data["door"], by=request.user
            )
        else:
            registration = checkin_selectors.checkin_registration_get(conference=conference, pk=data["registration"])
            outcome = checkin_services.checkin_registration(
                conference=conference, registration=registration, door=data["door"], by=request.user
            )
        return JsonResponse(outcome.as_json())


@never_cache
@require_safe
@conference_view(DOOR, SECRETARIAT, allow=checkin_selectors.door_may_work)
def checkin_search(request: HttpRequest, conference: Conference) -> JsonResponse:
    if _rate_limited(request):
        return _too_many()
    language = request.GET.get("lang")
    with translation.override(language if language in LANGUAGE_CODES else translation.get_language()):
        found = checkin_selectors.checkin_search(
            conference=conference,
            query=request.GET.get("q", "")[:200],
            day=checkin_services.conference_day(conference=conference, at=timezone.now()),
            include_unapproved=in_group(request.user, SECRETARIAT),
        )
        results = [
            {
                "id": match.registration.pk,
                "h": match.badge_hash,
                "name": match.registration.full_name,
                "name_ar": match.registration.name_ar,
                "category": str(match.registration.get_category_display()),
                "can_check_in": match.can_check_in,
                "state": match.state,
            }
            for match in found.matches
        ]
        return JsonResponse({"results": results, "total": found.total, "more": found.more})


@never_cache
@require_http_methods(["GET", "POST"])
def badge_landing(request: HttpRequest, token: str) -> HttpResponse:
    """What a phone's camera app opens. Strangers learn only that this is a Plenary badge, whether the
    token is valid or not; the door team sees the delegate and can check them in."""
    if not in_group(request.user, DOOR, SECRETARIAT):
        return render(request, "registration/badge_landing.html", {"staff": False})
    badge = checkin_selectors.badge_for_token(token=token[: checkin_services.CODE_MAX_LENGTH])
    if badge is not None and not checkin_selectors.door_may_see(request.user, badge):
        badge = None  # the same page as an unknown badge
    conference = badge.registration.conference if badge else None
    outcome = None
    if request.method == "POST" and conference is not None:
        if _rate_limited(request):
            return HttpResponse(status=429)
        form = ScanForm({"code": token, "door": request.POST.get("door")}, conference=conference)
        door = form.cleaned_data["door"] if form.is_valid() else None
        outcome = checkin_services.checkin_scan(conference=conference, code=token, door=door, by=request.user)
    return render(
        request,
        "registration/badge_landing.html",
        {
            "staff": True,
            "badge": badge,
            "registration": badge.registration if badge else None,
            "conference": conference,
            "outcome": outcome,
        },
    )


def _counts(conference: Conference) -> dict:
    """The day's entry counts and the attendance of the day's marked sessions."""
    day = checkin_services.conference_day(conference=conference, at=timezone.now())
    return {
        "conference": conference,
        "counts": checkin_selectors.checkin_counts(conference=conference, day=day),
        "sessions": attendance_selectors.session_counts(
            sessions=attendance_selectors.marked_sessions(conference=conference, day=day)
        ),
    }


@require_safe
@conference_view(SECRETARIAT)
def checkin_counts(request: HttpRequest, conference: Conference) -> HttpResponse:
    return render(request, "registration/checkin_counts.html", _counts(conference))


@never_cache
@require_safe
@conference_view(SECRETARIAT)
def checkin_counts_live(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The counts alone, which the counts page fetches to update itself in place."""
    return render(request, "registration/checkin_counts_live.html", _counts(conference))
