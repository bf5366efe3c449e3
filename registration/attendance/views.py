"""The secretariat's attendance pages: one marked session's counts and who is inside now, updated in place."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from conference.models import Conference
from plenary.permissions import SECRETARIAT, conference_view
from registration.attendance import selectors


def _context(conference: Conference, pk: int) -> dict:
    session = selectors.attendance_session_get(conference=conference, pk=pk)
    return {
        "conference": conference,
        "session": session,
        "counts": selectors.session_counts(sessions=[session])[0],
        "inside": selectors.inside_now(session=session),
    }


@require_safe
@conference_view(SECRETARIAT)
def attendance_session(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    return render(request, "registration/attendance_session.html", _context(conference, pk))


@never_cache
@require_safe
@conference_view(SECRETARIAT)
def attendance_session_live(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """The counts and the list alone, which the session's page fetches to update itself in place."""
    return render(request, "registration/attendance_session_live.html", _context(conference, pk))
