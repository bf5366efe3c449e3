"""The delegate's letter request, the secretariat's decisions on it, and a conference's letter settings."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.text import CleanTextFormMixin, clean_free_text
from registration.models import LetterSettings, VisaLetter
from registration.models.letters import LETTER_REQUEST_FIELDS

# Passport numbers are letters and digits (ICAO 9303: at most 9 in the machine-readable zone, some states
# print longer ones); spaces and hyphens that people type between groups are dropped.
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
PASSPORT_SEPARATORS = re.compile(r"[\s\-]")
OLDEST_BIRTH_YEAR = 1900
YOUNGEST_AGE_YEARS = 10  # at the conference: a younger "delegate" is a typing mistake
LONGEST_PASSPORT_YEARS = 20  # no passport is valid longer


class LetterRequestForm(CleanTextFormMixin, forms.ModelForm):
    """What a delegate gives for their letter; the checks need the conference's dates."""

    latin_name_fields = ("passport_name",)
    text_fields = ("consulate",)
    strict_text = True

    class Meta:
        model = VisaLetter
        fields = LETTER_REQUEST_FIELDS
        widgets = {
            "passport_expiry": forms.DateInput(attrs={"type": "date"}),
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "passport_name": _("Exactly as printed in your passport, in Latin letters."),
            "passport_number": _("Letters and digits, as printed in your passport."),
            "consulate": _("For example: Embassy of Belgium in Amman."),
        }

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conference = conference

    def clean_passport_number(self) -> str:
        number = PASSPORT_SEPARATORS.sub("", self.cleaned_data["passport_number"]).upper()
        if not PASSPORT_NUMBER.fullmatch(number):
            raise ValidationError(_("A passport number has 5 to 20 letters and digits."), code="passport_number")
        return number

    def clean_passport_expiry(self) -> dt.date:
        expiry = self.cleaned_data["passport_expiry"]
        if expiry <= self.conference.end_date:
            raise ValidationError(_("Your passport must still be valid after the conference."), code="passport_expired")
        if expiry.year > self.conference.end_date.year + LONGEST_PASSPORT_YEARS:
            raise ValidationError(_("Please check the expiry date."), code="passport_expiry")
        return expiry

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        start = self.conference.start_date
        if born.year < OLDEST_BIRTH_YEAR or born > start.replace(year=start.year - YOUNGEST_AGE_YEARS):
            raise ValidationError(_("Please check the date of birth."), code="date_of_birth")
        return born


class LetterEditForm(LetterRequestForm):
    """The secretariat's edit of a request: the delegate's data, and what the organisers cover."""

    strict_text = False

    class Meta(LetterRequestForm.Meta):
        fields = (*LETTER_REQUEST_FIELDS, "coverage")


class LetterDeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the delegate"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_message(self) -> str:
        return clean_free_text(self.cleaned_data["message"])


class LetterSettingsForm(CleanTextFormMixin, forms.ModelForm):
    text_fields = ("signatory_name", "signatory_title")
    multiline_fields = ("letterhead",)

    class Meta:
        model = LetterSettings
        fields = ("letterhead", "signatory_name", "signatory_title", "signature", "covered_by_default")
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 4})}
