"""For the conference home page (owned by the programme, which must not import this app):

{% load recommendations_tags %}
{% previous_edition_follow_up conference %}
"""

from django import template

from conference.models import Conference
from recommendations import selectors

register = template.Library()


@register.inclusion_tag("recommendations/_previous_follow_up.html")
def previous_edition_follow_up(conference: Conference) -> dict:
    """ "What became of the recommendations of the previous conference": nothing when there is none."""
    previous = selectors.previous_edition(conference=conference)
    entries = selectors.follow_up_entries(conference=previous) if previous else []
    return {"previous": previous, "entries": entries, "counts": selectors.follow_up_counts(entries)}
