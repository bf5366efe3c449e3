"""Template helpers for programme pages."""

from django import template
from django.utils.html import format_html

from plenary.i18n import TranslatedText, active_language

register = template.Library()


@register.filter
def lang_attrs(text: object) -> str:
    """` lang=".." dir=".."` when a translated text fell back to another language than the page's."""
    if isinstance(text, TranslatedText) and text and text.lang != active_language():
        return format_html(' lang="{}" dir="{}"', text.lang, text.dir)
    return ""
