"""Template helpers shared by every page."""

import functools

from django import template
from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from plenary.audit.descriptions import audit_description as describe_audit_line
from plenary.i18n import language_direction
from plenary.permissions import in_group

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict[str, str]]:
    """One link per language to the same page (keeps the path and the query string)."""
    request = context.get("request")
    if request is None:  # the 500 page renders without the request (no queries)
        return []
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        links.append(
            {"code": code, "name": get_language_info(code)["name_local"], "url": f"{url}?{query}" if query else url}
        )
    return links


@register.filter
def text_dir(lang: str) -> str:
    """``dir`` for a language code: rtl for a right-to-left language, ltr otherwise."""
    return language_direction(lang)


@register.filter
def has_group(user, names: str) -> bool:
    """``user|has_group:"Secretariat,Door"``: for showing the links a role can use."""
    return in_group(user, *(name.strip() for name in names.split(",")))


@register.filter
def audit_description(entry) -> str:
    """``entry|audit_description``: the audit line in the reader's language (plenary.audit.descriptions)."""
    return describe_audit_line(entry=entry)


@functools.cache
def _choice_labels(model: type[models.Model], name: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


@register.filter
def choice_label(instance: models.Model, name: str) -> str:
    """``registration|choice_label:"status"``: what ``get_status_display`` shows, from a table kept per language
    (``get_FOO_display`` translates every label of the field at each call, a cost per row in a long list)."""
    value = getattr(instance, name)
    return _choice_labels(type(instance), name, get_language()).get(value, value)
