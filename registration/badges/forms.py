"""Forms of the badge pages: queue filters, the print batch, print marks. They validate, views act."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registration.badges.pdf import DEFAULT_LAYOUT, LAYOUT_CHOICES
from registration.models import Category, ImportBatch


class IdListField(forms.Field):
    """Ticked rows (``name=registration`` checkboxes): a list of ids, scoped to the conference by the view."""

    widget = forms.MultipleHiddenInput
    max_items = 10_000
    too_many_message = _("Too many badges selected at once.")

    def to_python(self, value) -> list[int]:
        try:
            ids = [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Invalid selection.")) from None
        if len(ids) > self.max_items:
            raise forms.ValidationError(self.too_many_message)
        return ids


class BadgeQueueFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    import_batch = forms.ModelChoiceField(label=_("Import"), queryset=ImportBatch.objects.none(), required=False)
    include_printed = forms.BooleanField(label=_("Include printed badges (to reprint one)"), required=False)

    def __init__(self, *args, conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *Category.choices]
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["import_batch"].queryset = ImportBatch.objects.filter(conference=conference)
        self.fields["import_batch"].empty_label = _("All imports")

    def filters(self) -> dict:
        """Keyword arguments for ``badge_print_queue``; no filter when the form is invalid."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class BadgePrintForm(forms.Form):
    layout = forms.ChoiceField(label=_("Layout"), choices=LAYOUT_CHOICES, initial=DEFAULT_LAYOUT)
    registration = IdListField(required=False)


class MarkPrintedForm(forms.Form):
    registration = IdListField(required=False)
    job = forms.IntegerField(required=False, min_value=1)


class ReprintForm(forms.Form):
    """The confirmation that the old badge's QR code stops working at the door."""

    confirm = forms.BooleanField(required=True)
