"""Forms for drafting, deciding, ordering, publishing and following up. They validate; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.i18n import (
    FALLBACK_LANGUAGE,
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    field_name,
    language_direction,
    translated_label,
)
from recommendations.models import FollowUp, Recommendation

TEXT_MAX = 4000


def _language_textarea(lang: str, rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"lang": lang, "dir": language_direction(lang), "rows": rows})


def _language_fields(prefix: str, label, rows: int) -> dict[str, forms.CharField]:
    return {
        field_name(prefix, lang): forms.CharField(
            label=translated_label(label, lang),
            required=False,
            max_length=TEXT_MAX,
            strip=True,
            widget=_language_textarea(lang, rows),
        )
        for lang in LANGUAGE_CODES
    }


def _texts(form: forms.Form, prefix: str) -> dict[str, str]:
    """``{language code: cleaned value}`` of the fields ``<prefix>_<code>``."""
    return {lang: form.cleaned_data[field_name(prefix, lang)] for lang in LANGUAGE_CODES}


class SessionChoiceField(forms.ModelChoiceField):
    """Sessions by their title in the page's language (``str(session)`` is the English title)."""

    def label_from_instance(self, obj) -> str:
        return obj.title


class RecommendationForm(forms.Form):
    """The side-by-side editor: the session and theme, then the text and rationale in each language."""

    session = SessionChoiceField(label=_("Session"), queryset=None, required=True, empty_label=_("Choose a session"))
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)

    def __init__(self, *args, sessions, themes: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self._themes = {theme.pk: theme for theme in themes}
        self.fields["theme"].choices = [(theme.pk, theme.name) for theme in themes]
        self.fields.update(_language_fields("text", _("Recommendation"), 6))
        self.fields.update(_language_fields("rationale", _("Rationale"), 3))

    def clean_theme(self):
        return self._themes[self.cleaned_data["theme"]]

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(field_name("text", lang)) for lang in LANGUAGE_CODES):
            raise forms.ValidationError(_("Write the recommendation in at least one language."))
        return data

    def texts(self) -> dict[str, str]:
        """``{language code: text}``, for the services' ``texts``."""
        return _texts(self, "text")

    def rationales(self) -> dict[str, str]:
        """``{language code: rationale}``, for the services' ``rationales``."""
        return _texts(self, "rationale")

    def language_rows(self) -> list[tuple[str, list]]:
        """(label, [bound field per language]) for the template's columns."""
        return [
            (_("Recommendation"), [self[field_name("text", lang)] for lang in LANGUAGE_CODES]),
            (_("Rationale"), [self[field_name("rationale", lang)] for lang in LANGUAGE_CODES]),
        ]


class AdoptedWordingForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_language_fields("text", _("Adopted wording"), 6))

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(field_name("text", lang)) for lang in LANGUAGE_CODES):
            raise forms.ValidationError(_("The adopted wording cannot be empty in every language."))
        return data

    @staticmethod
    def initial_for(recommendation: Recommendation) -> dict[str, str]:
        """The published wording of ``recommendation`` in every language, as the form's initial data."""
        return {field_name("text", lang): recommendation.final_text(lang) for lang in LANGUAGE_CODES}

    def texts(self) -> dict[str, str]:
        """``{language code: wording}``, for ``recommendation_set_adopted_wording``."""
        return _texts(self, "text")

    def columns(self) -> list:
        return [self[field_name("text", lang)] for lang in LANGUAGE_CODES]


class DecisionForm(forms.Form):
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recommendations"), queryset=Recommendation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        label=_("Decision of the plenary"),
        choices=[(state.value, state.label) for state in Recommendation.DECISIONS],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0, max_value=100_000)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0, max_value=100_000)
    votes_abstaining = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0, max_value=100_000)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = candidates
        self.fields["recommendations"].label_from_instance = lambda r: str(r)

    def decision_details(self) -> list:
        return [self[name] for name in ("decided_on", "votes_for", "votes_against", "votes_abstaining")]


class ThemeForm(forms.Form):
    """The theme's name in every language; the fallback language's is required."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for lang in LANGUAGE_CODES:
            self.fields[field_name("name", lang)] = forms.CharField(
                label=translated_label(_("Name"), lang),
                max_length=150,
                required=lang == FALLBACK_LANGUAGE,
                widget=forms.TextInput(attrs={"lang": lang, "dir": language_direction(lang)}),
            )

    @staticmethod
    def is_submitted(data) -> bool:
        """Whether a POST is this form's (the ordering page has two forms)."""
        return field_name("name", FALLBACK_LANGUAGE) in data

    def names(self) -> dict[str, str]:
        """``{language code: name}``, for ``theme_create``."""
        return _texts(self, "name")


class OrderingForm(forms.Form):
    """One number per theme and per recommendation (smaller first)."""

    def __init__(self, *args, themes: list, recommendations: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for theme in themes:
            self.fields[f"theme_{theme.pk}"] = forms.IntegerField(
                label=theme.name, min_value=0, max_value=32_000, initial=theme.effective_order
            )
        for recommendation in recommendations:
            self.fields[f"rec_{recommendation.pk}"] = forms.IntegerField(
                label=str(recommendation), min_value=0, max_value=1_000_000, initial=recommendation.order
            )

    def orders(self, prefix: str) -> dict[int, int]:
        return {
            int(name.removeprefix(f"{prefix}_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith(f"{prefix}_")
        }


class PublishForm(forms.Form):
    """The confirmation under the preview, with the SHA-256 of the content it showed."""

    confirm = forms.BooleanField(required=True)
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$")


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    responsible = forms.CharField(label=_("Responsible body or partner"), max_length=200, required=False)


class FollowUpNoteForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.URLField(label=_("Link to evidence"), required=False, max_length=500, assume_scheme="https")

    def clean_evidence_url(self) -> str:
        url = self.cleaned_data["evidence_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Give a web address (http or https)."))
        return url


class FilterForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)
    missing = forms.ChoiceField(label=_("Missing translation"), required=False)

    def __init__(self, *args, sessions, themes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["session"].choices = everything + [(s.pk, s.title) for s in sessions]
        self.fields["theme"].choices = everything + [(t.pk, t.name) for t in themes]
        self.fields["state"].choices = everything + list(Recommendation.State.choices)
        self.fields["missing"].choices = everything + [(lang, LANGUAGE_LABELS[lang]) for lang in LANGUAGE_CODES]
