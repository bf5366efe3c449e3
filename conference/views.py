"""Public programme pages. Thin: selectors fetch, templates display."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs) -> HttpResponse:
    return HttpResponse("")


conference_list = conference_home = agenda = session_detail = speaker_list = speaker_detail = _todo
agenda_ics = agenda_json = session_ics = _todo
