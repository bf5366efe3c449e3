"""The languages come from one constant, ``plenary.i18n.LANGUAGE_CODES``.

Adding a language is: the constant, one generated migration, the translation files. So no application
code spells a language code out (``title_en``, ``"ar"``), no model, admin page or form lists the
translated columns by hand, and every one of them exists for every language of the constant.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation

from plenary import i18n
from plenary.i18n import (
    FALLBACK_LANGUAGE,
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    TranslatedField,
    TranslatedText,
    field_name,
    language_direction,
    texts_of,
    translate,
    translated_field_names,
    translated_fields,
)

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ("plenary", "conference", "registration", "recommendations", "templates")
SUFFIXES = ("py", "html", "txt", "js")
# Where codes are spelled out on purpose: the constant itself, migrations (frozen history) and demo data.
EXEMPT = re.compile(r"(^plenary/i18n\.py$|/migrations/|(^|/)demo\.py$)")
CODES = "|".join(re.escape(code) for code in LANGUAGE_CODES)
SUFFIX = re.compile(rf"[\w{{}}]*[\w}}]_({CODES})\b", re.IGNORECASE)
LITERAL = re.compile(rf"""(?<![\w-])(["'])({CODES})\1""")
DIRECTION = re.compile(r"""(["'])(rtl|ltr)\1""")
# ``name_ar`` is a script field (a name in Arabic script), not a translation: it and the lines that show it
# (``lang="ar"`` next to it) are allowed.
SCRIPT_FIELD = re.compile(r"name[_-]ar", re.IGNORECASE)


def _application_files():
    for folder in APPLICATION:
        for suffix in SUFFIXES:
            for path in sorted((ROOT / folder).rglob(f"*.{suffix}")):
                relative = path.relative_to(ROOT).as_posix()
                if not EXEMPT.search(relative):
                    yield relative, path


def _spelled_out_codes() -> list[str]:
    found = []
    for relative, path in _application_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SCRIPT_FIELD.search(line):
                line = SCRIPT_FIELD.sub("", line)
                if LITERAL.search(line) and not SUFFIX.search(line):
                    continue  # lang="ar" for the Arabic-script name
            hits = [m.group(0) for m in SUFFIX.finditer(line)] + [m.group(0) for m in LITERAL.finditer(line)]
            if path.suffix == ".py":
                hits += [m.group(0) for m in DIRECTION.finditer(line)]
            if hits:
                found.append(f"{relative}:{number}: {', '.join(hits)}")
    return found


def test_the_walk_sees_the_application():
    files = {relative for relative, _path in _application_files()}
    assert {"conference/models.py", "recommendations/services.py", "templates/pdf/recommendations.html"} <= files
    assert not any("/migrations/" in name or name == "plenary/i18n.py" for name in files)


def test_the_patterns_catch_what_they_mean():
    assert SUFFIX.search('list_display = ["title_en"]') and SUFFIX.search('f"{name}_fr"')
    assert LITERAL.search('default="en"') and LITERAL.search("override('ar')")
    assert not LITERAL.search('class="scan-name-ar"') and not SUFFIX.search("open_file(path)")
    assert DIRECTION.search('return "rtl"')


def test_no_language_code_is_spelled_out_in_the_application():
    """Instead: LANGUAGE_CODES, FALLBACK_LANGUAGE, field_name(), translated_field_names(), texts_of(),
    language_direction()."""
    assert _spelled_out_codes() == []


def test_settings_languages_are_the_constant():
    assert [code for code, _label in settings.LANGUAGES] == list(LANGUAGE_CODES)
    assert settings.LANGUAGE_CODE == FALLBACK_LANGUAGE
    assert set(LANGUAGE_LABELS) == set(LANGUAGE_CODES)
    assert FALLBACK_LANGUAGE in LANGUAGE_CODES and set(LANGUAGE_CODES) >= i18n.RTL_LANGUAGES
    assert set(i18n.WORKING_LANGUAGES) <= set(LANGUAGE_CODES) and set(i18n.LANGUAGE_SPELLINGS) <= set(LANGUAGE_CODES)


# --- Every translated field, for every language of the constant ------------------------------------------


def _translated_models():
    return [
        (model, translated)
        for model in apps.get_models()
        if (translated := {name: f for name, f in translated_fields(model).items() if f.fields})
    ]


def test_the_translated_models_are_found():
    names = {f"{model._meta.label}.{name}" for model, translated in _translated_models() for name in translated}
    assert {
        "conference.Conference.title",
        "conference.Conference.slogan",
        "conference.Conference.organiser",
        "conference.Conference.city",
        "conference.Session.title",
        "conference.Session.description",
        "conference.Person.biography",
        "recommendations.Theme.name",
        "recommendations.Recommendation.text",
        "recommendations.Recommendation.rationale",
        "recommendations.Recommendation.adopted_text",
    } <= names


def test_every_translated_field_has_one_column_per_language():
    for model, translated in _translated_models():
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, descriptor in translated.items():
            columns = translated_field_names(name)
            assert columns == [f"{name}_{code}" for code in LANGUAGE_CODES] == descriptor.field_names
            assert set(columns) <= concrete, (model, name)
            # Same type and options in every language; only the fallback language's may be required.
            kinds = {type(model._meta.get_field(column)) for column in columns}
            assert len(kinds) == 1, (model, name, kinds)
            for code in LANGUAGE_CODES:
                column = model._meta.get_field(field_name(name, code))
                if code != FALLBACK_LANGUAGE:
                    assert column.blank, (model, column)
                with translation.override(None):
                    assert str(column.verbose_name).endswith(f" ({LANGUAGE_LABELS[code]})")


def test_the_columns_are_labelled_as_before_and_the_label_is_translated():
    from conference.models import Conference, Session

    title = Conference._meta.get_field("title_en")
    with translation.override(None):
        assert str(title.verbose_name) == "title (English)"
        assert str(Session._meta.get_field("description_ar").verbose_name) == "description (Arabic)"
    assert not title.blank and title.max_length == 200
    assert Conference._meta.get_field("title_fr").blank
    # Translated as the hand-written labels were ("title (English)" in Arabic was "العنوان (بالإنجليزية)").
    with translation.override("ar"):
        assert str(title.verbose_name) == "العنوان (بالإنجليزية)"
        assert str(Session._meta.get_field("description_fr").verbose_name) == "الوصف (بالفرنسية)"
    with translation.override("fr"):
        assert str(title.verbose_name) == "titre (Anglais)"


def test_the_descriptor_reads_the_active_language_with_the_fallback():
    from recommendations.models import Recommendation, Theme

    theme = Theme(**{field_name("name", code): f"name in {code}" for code in LANGUAGE_CODES})
    for code in LANGUAGE_CODES:
        with translation.override(code):
            assert theme.name == f"name in {code}" and theme.name.lang == code
            assert theme.name.dir == language_direction(code)
    theme = Theme(**{field_name("name", FALLBACK_LANGUAGE): "fallback"})
    for code in LANGUAGE_CODES:
        with translation.override(code):
            assert (theme.name, theme.name.lang) == ("fallback", FALLBACK_LANGUAGE)
    assert texts_of(theme, "name") == {code: "fallback" if code == FALLBACK_LANGUAGE else "" for code in LANGUAGE_CODES}
    # A recommendation's text may be written in one language only: any language is better than nothing.
    last = LANGUAGE_CODES[-1]
    recommendation = Recommendation(**{field_name("text", last): "only here"})
    with translation.override(FALLBACK_LANGUAGE):
        assert (recommendation.text, recommendation.text.lang) == ("only here", last)
        assert translate(recommendation, "rationale") == "" and isinstance(recommendation.rationale, TranslatedText)


def test_one_direction_helper():
    for code in LANGUAGE_CODES:
        assert language_direction(code) == ("rtl" if code in i18n.RTL_LANGUAGES else "ltr")
        assert language_direction(f"{code}-xx") == language_direction(code)
    assert language_direction("") == language_direction(None) == "ltr"
    assert not hasattr(i18n, "missing_translations")


# --- Admin pages and forms list exactly the constant's languages ---------------------------------------------


def _admin_fields(model_admin) -> list[str]:
    names = []
    for _title, options in model_admin.fieldsets or []:
        for entry in options["fields"]:
            names.extend(entry if isinstance(entry, (list, tuple)) else [entry])
    return names


@pytest.mark.parametrize(
    ("label", "translated"),
    [
        ("conference.Conference", ["title", "slogan", "organiser", "city"]),
        ("conference.Session", ["title", "description"]),
        ("conference.Person", ["biography"]),
    ],
)
def test_admin_fieldsets_show_every_language_once(label, translated):
    model = apps.get_model(label)
    fields = _admin_fields(admin.site._registry[model])
    for name in translated:
        shown = [f for f in fields if f.startswith(f"{name}_") and f.removeprefix(f"{name}_") in LANGUAGE_CODES]
        assert shown == translated_field_names(name), (label, name)
    assert len(fields) == len(set(fields))


def test_admin_lists_name_real_columns():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"conference", "recommendations"}:
            continue
        columns = {f.name for f in model._meta.get_fields()}
        for name in [*model_admin.list_display, *model_admin.search_fields]:
            if name.startswith("__"):
                continue  # __str__
            root = name.split("__")[0]
            assert root in columns or hasattr(model_admin, root) or hasattr(model, root), (model, name)


def test_the_recommendation_forms_have_one_field_per_language():
    from recommendations import forms
    from recommendations.models import Theme

    editor = forms.RecommendationForm(sessions=None, themes=list(Theme.objects.none()))
    for prefix in ("text", "rationale"):
        assert [name for name in editor.fields if name.startswith(f"{prefix}_")] == translated_field_names(prefix)
    assert [bound.name for bound in forms.AdoptedWordingForm().columns()] == translated_field_names("text")
    theme_form = forms.ThemeForm()
    assert list(theme_form.fields) == translated_field_names("name")
    assert [name for name, f in theme_form.fields.items() if f.required] == [field_name("name", FALLBACK_LANGUAGE)]
    for code in LANGUAGE_CODES:
        widget = editor.fields[field_name("text", code)].widget
        assert (widget.attrs["lang"], widget.attrs["dir"]) == (code, language_direction(code))


@isolate_apps("conference")
def test_a_fourth_language_would_get_its_columns(monkeypatch):
    """TranslatedField reads the constant when the model class is made: with one more code, one more column."""
    monkeypatch.setattr(i18n, "LANGUAGE_CODES", (*LANGUAGE_CODES, "de"))
    monkeypatch.setitem(i18n.LANGUAGE_LABELS, "de", "German")

    class Leaflet(models.Model):
        heading = TranslatedField(models.CharField, "heading", max_length=20)

        class Meta:
            app_label = "conference"

        def __str__(self) -> str:
            return self.heading

    names = [f.name for f in Leaflet._meta.fields]
    assert names[1:] == ["heading_en", "heading_ar", "heading_fr", "heading_de"]
    with translation.override(None):
        assert str(Leaflet._meta.get_field("heading_de").verbose_name) == "heading (German)"
    assert not Leaflet._meta.get_field("heading_en").blank and Leaflet._meta.get_field("heading_de").blank
    leaflet = Leaflet(heading_de="Überschrift", heading_en="Heading")
    with translation.override("de"):
        assert (leaflet.heading, leaflet.heading.lang) == ("Überschrift", "de")
