"""The published recommendations as one PDF: English, then Arabic right to left, then French when present.

Takes the plain data of ``selectors.pdf_document`` and queries nothing. Texts go through Django's
auto-escaping and the shared restricted fetcher (conference.pdf), so hostile text prints as text.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from plenary.pdf.qr import qr_png_data_uri
from plenary.pdf.render import render_pdf, static_file_url
from recommendations.selectors import text_in

PDF_A = "pdf/a-3b"


def _in(values: dict[str, str], lang: str) -> tuple[str, str]:
    """(text, its language): the translation, else English, else the language it was written in."""
    text = text_in(values, lang)
    return str(text), text.lang


def _part(document: dict, lang: str) -> dict:
    facts = document["conference"]
    themes = []
    for index, group in enumerate(document["themes"], start=1):
        name, name_lang = _in(group["theme"], lang)
        items = []
        for item in group["recommendations"]:
            text, text_lang = _in(item["text"], lang)
            items.append({"number": item["number"], "text": text, "lang": text_lang})
        themes.append({"anchor": f"{lang}-theme-{index}", "name": name, "lang": name_lang, "items": items})
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "title": _in(facts["title"], lang)[0],
        "themes": themes,
    }


def render_recommendations_pdf(document: dict, *, archival: bool = False) -> bytes:
    """``document``: conference facts, themes with their recommendations, version, date, SHA-256, permalink."""
    facts = document["conference"]
    languages = ["en", "ar"] + (["fr"] if document["has_french"] else [])
    context = {
        "document": document,
        "facts": {key: _in(facts[key], "en")[0] for key in ("title", "slogan", "organiser", "city")},
        "facts_ar": {key: facts[key].get("ar", "") for key in ("title", "slogan", "organiser", "city")},
        "start_date": dt.date.fromisoformat(facts["start_date"]),
        "end_date": dt.date.fromisoformat(facts["end_date"]),
        "parts": [_part(document, lang) for lang in languages],
        "qr": qr_png_data_uri(document["permalink"], box_size=4),
        "stylesheet": static_file_url("css/recommendations-pdf.css"),
    }
    # English is the document's language (<html lang> gives the PDF's /Lang, <title> its title; dates);
    # each part sets its own lang and dir.
    with translation.override("en"):
        html = render_to_string("pdf/recommendations.html", context)
    return render_pdf(html, pdf_variant=PDF_A if archival else None)
