"""Forms of the vetting pages: the queue's filters, one status change, a bulk status change, the secretariat's
edit of a registration."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from conference.models import Conference
from registration.models import SECRETARIAT_EDIT_FIELDS, Category, Registration
from registration.self_service.forms import RegistrationTextMixin

STATUS_ACTIONS = [
    (Registration.Status.APPROVED, _("Approve")),
    (Registration.Status.WAITLISTED, _("Waitlist")),
    (Registration.Status.DECLINED, _("Decline")),
]
# Bulk actions that end registrations: asked for again, with the count, before they are applied.
DESTRUCTIVE_STATUSES = frozenset({Registration.Status.DECLINED, Registration.Status.CANCELLED})


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
    # Set by the confirmation page's button: a destructive action is applied only then.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = conference.registrations.filter(anonymised_at__isnull=True)

    def needs_confirmation(self) -> bool:
        return self.cleaned_data["to_status"] in DESTRUCTIVE_STATUSES and not self.cleaned_data["confirmed"]

    def selection(self) -> tuple[list[int], int]:
        """The ticked registrations' ids, and how many of them their delegates cancelled (to be skipped)."""
        ticked = list(self.cleaned_data["registrations"].values_list("pk", "status"))
        return [pk for pk, _status in ticked], sum(status == Registration.Status.CANCELLED for _pk, status in ticked)


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


class SecretariatRegistrationForm(RegistrationTextMixin, forms.ModelForm):
    """The delegate's details as the secretariat corrects them: the checks of the delegate's form (names
    through plenary.text, control characters refused), every category, and the internal note."""

    strict_text = True
    multiline_fields = (*RegistrationTextMixin.multiline_fields, "internal_note")

    class Meta:
        model = Registration
        fields = SECRETARIAT_EDIT_FIELDS
        widgets = {
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "internal_note": _(
                "For the secretariat: never shown on the delegate's pages, but part of their data download."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "organisation", "country"):
            self.fields[name].required = True
