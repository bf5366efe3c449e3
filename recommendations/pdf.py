"""The published recommendations as one PDF: a title page and contents, then one part per published language
(``selectors.published_languages``: English, then Arabic right to left, then French when present), in the order
of ``LANGUAGE_CODES``. Each part has its heading, preamble and running footer in its own language, and says
where its text falls back to another language.

Takes the plain data of ``selectors.pdf_document`` and queries nothing. Texts go through Django's
auto-escaping and the shared restricted fetcher (conference.pdf), so hostile text prints as text.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_LABELS, language_direction
from plenary.pdf.qr import qr_png_data_uri
from plenary.pdf.render import render_pdf, static_file_url
from recommendations.selectors import text_in

PDF_A = "pdf/a-3b"
FACTS = ("title", "slogan", "organiser", "city")


def _in(values: dict[str, str], lang: str) -> tuple[str, str]:
    """(text, its language): the translation, else the fallback language, else the language it was written in."""
    text = text_in(values, lang)
    return str(text), text.lang


def _fallback_note(lang: str, text_lang: str) -> str:
    """In ``lang``: this text is not in ``lang``, the one that follows is in ``text_lang``."""
    with translation.override(lang):
        return gettext("This text has not been translated into %(language)s; the %(fallback)s text follows.") % {
            "language": LANGUAGE_LABELS[lang],
            "fallback": LANGUAGE_LABELS[text_lang],
        }


def _part(document: dict, lang: str) -> dict:
    facts = document["conference"]
    themes = []
    for index, group in enumerate(document["themes"], start=1):
        name, name_lang = _in(group["theme"], lang)
        items = []
        for item in group["recommendations"]:
            text, text_lang = _in(item["text"], lang)
            items.append(
                {
                    "number": item["number"],
                    "text": text,
                    "lang": text_lang,
                    "dir": language_direction(text_lang),
                    "fallback_note": _fallback_note(lang, text_lang) if text_lang != lang else "",
                }
            )
        themes.append({"anchor": f"{lang}-theme-{index}", "name": name, "lang": name_lang, "items": items})
    items = [item for theme in themes for item in theme["items"]]
    # When nothing in the part is in its language, one note at its head says so instead of one per text.
    untranslated = bool(items) and all(item["fallback_note"] for item in items)
    return {
        "lang": lang,
        "dir": language_direction(lang),
        "facts": {key: _in(facts[key], lang)[0] for key in FACTS},
        "fallback_note": items[0]["fallback_note"] if untranslated else "",
        "notes_per_text": not untranslated,
        "themes": themes,
    }


def render_recommendations_pdf(document: dict, *, archival: bool = False) -> bytes:
    """``document``: conference facts, themes with their recommendations, version, date, SHA-256, permalink."""
    facts = document["conference"]
    languages = document["languages"]
    context = {
        "document": document,
        "document_lang": FALLBACK_LANGUAGE,
        "document_dir": language_direction(FALLBACK_LANGUAGE),
        "facts": {key: _in(facts[key], FALLBACK_LANGUAGE)[0] for key in FACTS},
        # The title page repeats the facts in the PDF's other languages, under the fallback's.
        "facts_translated": [
            {"lang": lang, "dir": language_direction(lang), **{key: facts[key].get(lang, "") for key in FACTS}}
            for lang in languages
            if lang != FALLBACK_LANGUAGE
        ],
        "start_date": dt.date.fromisoformat(facts["start_date"]),
        "end_date": dt.date.fromisoformat(facts["end_date"]),
        "parts": [_part(document, lang) for lang in languages],
        "qr": qr_png_data_uri(document["permalink"], box_size=4),
        "stylesheet": static_file_url("css/recommendations-pdf.css"),
    }
    # The fallback language is the document's language (<html lang> gives the PDF's /Lang, <title> its
    # title; the title page and contents); each part sets its own lang and dir and renders in its language.
    with translation.override(FALLBACK_LANGUAGE):
        html = render_to_string("pdf/recommendations.html", context)
    return render_pdf(html, pdf_variant=PDF_A if archival else None)
