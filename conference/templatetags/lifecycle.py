"""How the registration's dates read on a page: {% load lifecycle %} {{ window.closes|deadline:conference }}."""

import datetime as dt

from django import template
from django.utils.formats import date_format

from conference.lifecycle import RegistrationWindow, registration_window
from conference.models import Conference

register = template.Library()


@register.filter
def deadline(moment: dt.datetime | None, conference: Conference) -> str:
    """A closing moment in the conference's time zone, as people read it: midnight is the end of the day
    before ("until Saturday 30 January 2027"); any other time keeps its hour."""
    if moment is None:
        return ""
    local = moment.astimezone(conference.tzinfo)
    if local.time() == dt.time.min:
        return date_format(local.date() - dt.timedelta(days=1), "l j F Y")
    return date_format(local, "l j F Y, H:i")


@register.filter
def opening(moment: dt.datetime | None, conference: Conference) -> str:
    """An opening moment in the conference's time zone; midnight is the start of that day."""
    if moment is None:
        return ""
    local = moment.astimezone(conference.tzinfo)
    return date_format(local, "l j F Y" if local.time() == dt.time.min else "l j F Y, H:i")


@register.filter(name="registration_window")
def registration_window_filter(conference: Conference) -> RegistrationWindow:
    """For pages that list several conferences: {% with window=conference|registration_window %}."""
    return registration_window(conference=conference)
