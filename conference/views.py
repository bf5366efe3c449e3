"""Public programme pages and files. Thin: selectors fetch, templates and format modules display."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from conference import frab, ics, selectors
from conference.lifecycle import registration_window
from conference.models import Conference
from plenary.i18n import LANGUAGE_CODES
from plenary.page_cache import public_page
from plenary.permissions import conference_view


def _can_preview(request: HttpRequest) -> bool:
    """Staff who edit the programme see drafts and unpublished sessions (the admin's "view on site")."""
    return request.user.is_authenticated and request.user.has_perm("conference.change_session")


@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    return render(request, "conference/conference_list.html", {"conferences": selectors.conference_list()})


@require_safe
@conference_view(drafts=_can_preview)
def conference_home(request: HttpRequest, conference: Conference) -> HttpResponse:
    window = registration_window(conference=conference)
    return render(request, "conference/home.html", {"conference": conference, "window": window})


@require_safe
@public_page
@conference_view(drafts=_can_preview)
def agenda(request: HttpRequest, conference: Conference) -> HttpResponse:
    preview = _can_preview(request)
    days = selectors.agenda_days(conference=conference, preview=preview)
    return render(request, "conference/agenda.html", {"conference": conference, "days": days, "preview": preview})


@require_safe
@public_page
@conference_view(drafts=_can_preview)
def session_detail(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    preview = _can_preview(request)
    item = selectors.session_item(conference=conference, pk=pk, preview=preview)
    return render(request, "conference/session_detail.html", {"conference": conference, "item": item})


@require_safe
@public_page
@conference_view(drafts=_can_preview)
def speaker_list(request: HttpRequest, conference: Conference) -> HttpResponse:
    speakers = selectors.speaker_entries(conference=conference)
    return render(request, "conference/speaker_list.html", {"conference": conference, "speakers": speakers})


@require_safe
@public_page
@conference_view(drafts=_can_preview)
def speaker_detail(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    entry = selectors.speaker_entry(conference=conference, pk=pk)
    return render(request, "conference/speaker_detail.html", {"conference": conference, "entry": entry})


# Files live outside the /<lang>/ prefix (calendar apps subscribe to one address);
# ?lang=ar|fr picks the language of titles and descriptions.


def _file_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@conference_view(drafts=False)
def agenda_ics(request: HttpRequest, conference: Conference) -> HttpResponse:
    with translation.override(_file_language(request)):
        items = selectors.agenda_items(conference=conference)
        body = ics.calendar(conference=conference, items=items, site_url=settings.SITE_URL)
    return _calendar_response(body, f"{conference.slug}.ics")


@require_safe
@conference_view(drafts=False)
def session_ics(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    with translation.override(_file_language(request)):
        item = selectors.session_item(conference=conference, pk=pk)
        body = ics.calendar(conference=conference, items=[item], site_url=settings.SITE_URL)
    return _calendar_response(body, f"{conference.slug}-{pk}.ics")


@require_safe
@conference_view(drafts=False)
def agenda_json(request: HttpRequest, conference: Conference) -> JsonResponse:
    with translation.override(_file_language(request)):
        items = selectors.agenda_items(conference=conference)
        schedule = frab.schedule(conference=conference, items=items, site_url=settings.SITE_URL)
    return JsonResponse(schedule, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def person_photo(request: HttpRequest, name: str) -> FileResponse:
    """A speaker's photo, checked at every request: turning a speaker anonymous withdraws it at once."""
    staff = request.user.is_authenticated and request.user.has_perm("conference.view_person")
    person = selectors.person_photo(name=name, staff=staff)
    response = FileResponse(person.photo.open("rb"))
    # Revalidated each time, so that no cache keeps showing a photo after it was withdrawn.
    response["Cache-Control"] = "no-cache, private" if staff else "no-cache"
    return response
