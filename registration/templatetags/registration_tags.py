"""For the conference home page (owned by the programme, which must not import this app):

{% load registration_tags %}
{% registration_actions conference %}
"""

from django import template

from conference.lifecycle import registration_window
from conference.models import Conference
from registration import selectors

register = template.Library()


@register.inclusion_tag("registration/_home_actions.html", takes_context=True)
def registration_actions(context: template.Context, conference: Conference) -> dict:
    """ "Register" for those not registered while registration is open; "My registration" with its status
    for those who are; a way to sign in for anonymous visitors."""
    user = context["request"].user
    registration = selectors.registration_for_user(conference=conference, user=user) if user.is_authenticated else None
    window = registration_window(conference=conference)
    may_register = window.is_open and (registration is None or selectors.registration_may_register_again(registration))
    return {"conference": conference, "user": user, "registration": registration, "may_register": may_register}
