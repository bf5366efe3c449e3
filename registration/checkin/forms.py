"""The door scanner's form: a scanned code or a registration picked by name, and the door."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registration.checkin.services import CODE_MAX_LENGTH


class ScanForm(forms.Form):
    """What a scanner posts. Over-long codes are not an error: they are unknown codes like any other."""

    code = forms.CharField(required=False, strip=True)
    registration = forms.IntegerField(required=False, min_value=1)
    door = forms.CharField(required=False, strip=True)

    def clean_code(self) -> str:
        return self.cleaned_data["code"][:CODE_MAX_LENGTH]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("registration"):
            raise forms.ValidationError(_("Scan a badge or pick a delegate."))
        return cleaned
