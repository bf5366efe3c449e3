"""Forms of the paper fallback: the day of a door list, the ticks entered afterwards, the desk's search."""

import datetime as dt

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from registration.badges.forms import IdListField
from registration.checkin.paper_selectors import PAGE_SIZE, conference_days


class TickedDelegatesField(IdListField):
    # The ticks come from one page of the list; ten pages at once is already more than anyone ticks.
    max_items = 10 * PAGE_SIZE
    too_many_message = _("Too many delegates ticked at once: enter at most one page of the list at a time.")


class ConferenceDayForm(forms.Form):
    """A day of the conference, among its days; any other date is refused with a message."""

    day = forms.DateField(label=_("Day"), widget=forms.Select)

    def __init__(self, *args, conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.days = conference_days(conference)
        self.fields["day"].widget.choices = [(day.isoformat(), dateformat.format(day, "l j F Y")) for day in self.days]

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day not in self.days:
            raise forms.ValidationError(_("This date is not a day of the conference."))
        return day


class PaperSearchForm(ConferenceDayForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=200, strip=True)


class PaperCheckinForm(ConferenceDayForm):
    at = forms.TimeField(label=_("Checked in at"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    registration = TickedDelegatesField(required=False)

    def clean_registration(self) -> list[int]:
        ids = self.cleaned_data["registration"]
        if not ids:
            raise forms.ValidationError(_("Tick at least one delegate."))
        return ids


class DeskSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200, strip=True)
