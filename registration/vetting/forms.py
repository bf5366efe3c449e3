"""Forms of the vetting pages: the queue's filters, one status change, a bulk status change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from conference.models import Conference
from registration.models import Category, Registration

STATUS_ACTIONS = [
    (Registration.Status.APPROVED, _("Approve")),
    (Registration.Status.WAITLISTED, _("Waitlist")),
    (Registration.Status.DECLINED, _("Decline")),
]


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=STATUS_ACTIONS)
    message = forms.CharField(
        label=_("Message to the delegate (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkStatusForm(StatusChangeForm):
    """A status change for the ticked registrations, which must all belong to ``conference``."""

    registrations = forms.ModelMultipleChoiceField(
        queryset=Registration.objects.none(),
        error_messages={"required": _("Tick at least one registration.")},
    )

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = conference.registrations.filter(anonymised_at__isnull=True)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Registration.Status.choices]
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Category.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *Registration.Source.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All")), *countries]

    def filters(self) -> dict[str, str]:
        """The selector's keyword arguments; an invalid filter is ignored rather than failing the page."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "status": data["status"],
            "category": data["category"],
            "country": data["country"],
            "source": data["source"],
        }
