"""The door scanner's form: a scanned code or a registration picked by name, and the door."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from registration.checkin.services import CODE_MAX_LENGTH
from registration.models import Door


class ScanForm(forms.Form):
    """What a scanner posts. Over-long codes are not an error: they are unknown codes like any other.
    The door is one of this conference's doors (a volunteer picks it on the scanner page)."""

    code = forms.CharField(required=False, strip=True)
    registration = forms.IntegerField(required=False, min_value=1)
    door = forms.ModelChoiceField(queryset=Door.objects.none(), required=False)

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["door"].queryset = Door.objects.filter(conference=conference)

    def clean_code(self) -> str:
        return self.cleaned_data["code"][:CODE_MAX_LENGTH]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("registration"):
            raise forms.ValidationError(_("Scan a badge or pick a delegate."))
        return cleaned
