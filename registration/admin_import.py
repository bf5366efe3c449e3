"""The Django admin's import of registrations (django-import-export) asks for the conference to import into.

Use with ``ImportExportModelAdmin``: ``class RegistrationAdmin(RegistrationImportAdminMixin, ImportExportModelAdmin)``
with ``resource_classes = [RegistrationResource]``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from conference.models import Conference


class _ConferenceField(forms.ModelChoiceField):
    def __init__(self) -> None:
        super().__init__(queryset=Conference.objects.order_by("-start_date"), label=_("Conference"))


class ConferenceImportForm(ImportForm):
    conference = _ConferenceField()


class ConferenceConfirmImportForm(ConfirmImportForm):
    conference = _ConferenceField()


class RegistrationImportAdminMixin:
    import_form_class = ConferenceImportForm
    confirm_form_class = ConferenceConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["conference"] = import_form.cleaned_data["conference"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        conference = getattr(kwargs.get("form"), "cleaned_data", {}).get("conference")
        if conference is not None:
            kwargs["conference"] = conference
        return kwargs
