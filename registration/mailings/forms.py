"""The compose form (texts per language, placeholders checked, a reminder's timing, hand-picked registrations)
and the recipients' filters: the vetting queue's filter form, with what mail needs besides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CHOICES, LANGUAGE_CODES, field_name, translated_field_names
from plenary.text import CleanTextFormMixin
from registration.mailings.placeholders import unknown_placeholders
from registration.models import Message, Registration
from registration.vetting.forms import QueueFilterForm

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
FILTER_NAMES = ("q", "status", "category", "country", "source", "language", "checked_in", "has_badge", "import_batch")


class RecipientFilterForm(QueueFilterForm):
    """The queue's filters (``registration.selectors.registration_queue``), plus language, check-in, badge and
    import batch. Stored on the message as the selector's keyword arguments."""

    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All")), *LANGUAGE_CHOICES])
    checked_in = forms.ChoiceField(label=_("Checked in"), required=False, choices=YES_NO)
    has_badge = forms.ChoiceField(label=_("Has a badge"), required=False, choices=YES_NO)
    import_batch = forms.TypedChoiceField(label=_("Import"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        batches = conference.import_batches.order_by("-created_at").values_list("pk", "created_at")
        self.fields["import_batch"].choices = [
            ("", _("All")),
            *(
                (pk, _("Import #%(number)s of %(date)s") % {"number": pk, "date": f"{at:%Y-%m-%d}"})
                for pk, at in batches
            ),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            **{name: data[name] for name in FILTER_NAMES if name not in {"q", "import_batch"}},
            "import_batch": data["import_batch"],
        }


def initial_filter_data(filters: dict) -> dict:
    """A message's stored filters as the filter form's data."""
    data = {name: filters.get(name) or "" for name in FILTER_NAMES if name != "q"}
    data["q"] = filters.get("search", "")
    return data


class MessageForm(CleanTextFormMixin, forms.ModelForm):
    """Subject and text per language (English required: the other languages fall back to it), essential or not,
    an optional reminder's timing, hand-picked registrations. A placeholder Plenary does not know is an error;
    line breaks and control characters in a subject are refused."""

    strict_text = True
    text_fields = tuple(translated_field_names("subject"))
    multiline_fields = tuple(translated_field_names("body"))

    class Meta:
        model = Message
        fields = [
            *translated_field_names("subject"),
            *translated_field_names("body"),
            "essential",
            "days_before",
            "send_time",
            "picked",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 8}) for name in translated_field_names("body")},
            "send_time": forms.TimeInput(attrs={"type": "time"}),
            "picked": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "days_before": _("A reminder: leave empty to send it yourself from the outbox."),
            "send_time": _("In the conference's time zone (09:00 when empty)."),
            "picked": _("Added to those the filters select; with no filter, only they receive it."),
        }
        labels = {"picked": _("Hand-picked registrations")}

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picked"].queryset = conference.registrations.filter(anonymised_at__isnull=True).order_by(
            "last_name", "first_name", "pk"
        )
        self.fields["picked"].label_from_instance = lambda r: f"{r.full_name or r.name_ar} <{r.email}>"
        self.fields["days_before"].widget.attrs["max"] = 365
        for name in (field_name("subject", FALLBACK_LANGUAGE), field_name("body", FALLBACK_LANGUAGE)):
            self.fields[name].required = True

    def clean(self) -> dict:
        cleaned = super().clean()
        for lang in LANGUAGE_CODES:
            subject, body = field_name("subject", lang), field_name("body", lang)
            for name in (subject, body):
                unknown = unknown_placeholders(cleaned.get(name) or "")
                if unknown:
                    self.add_error(
                        name,
                        _("Unknown placeholder: %(names)s. See the list of placeholders below.")
                        % {"names": ", ".join(f"{{{word}}}" for word in unknown)},
                    )
            if bool(cleaned.get(subject)) != bool(cleaned.get(body)):
                self.add_error(body if cleaned.get(subject) else subject, _("Write both the subject and the text."))
        if cleaned.get("days_before") is not None and cleaned["days_before"] > 365:
            self.add_error("days_before", _("At most a year before."))
        if cleaned.get("send_time") and cleaned.get("days_before") is None:
            self.add_error("days_before", _("Say how many days before the first day."))
        return cleaned


class RecipientPreviewForm(forms.Form):
    """Whose e-mail the preview shows: any registration of the conference."""

    registration = forms.ModelChoiceField(label=_("Preview for"), queryset=Registration.objects.none())

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = conference.registrations.filter(anonymised_at__isnull=True)
