"""Forms of the secretariat's import pages: the upload with its choices, and applying a preview."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registration.spreadsheets.columns import SPREADSHEET_EXTENSIONS, TEXT_EXTENSIONS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("Excel (.xlsx, .xls), LibreOffice (.ods), CSV or tab-separated text; English, French or Arabic."),
    )
    source_organisation = forms.CharField(label=_("Sent by (organisation)"), max_length=200, required=False, strip=True)
    pending = forms.BooleanField(
        label=_("Import as pending: the secretariat vets each new registration"), required=False
    )
    invite = forms.BooleanField(
        label=_("E-mail each new delegate an invitation to create their account and check their details"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PLENARY_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit).1f MB."),
                params={"size": upload.size / 1_048_576, "limit": limit / 1_048_576},
            )
        if Path(upload.name).suffix.lower() not in SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS:
            raise forms.ValidationError(_("Upload an .xlsx, .xls, .ods, .csv, .tsv or .txt file."))
        return upload


class ImportApplyForm(forms.Form):
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(label=_("Skip the rows with errors and import the others"), required=False)


class ImportUndoForm(forms.Form):
    untouched_only = forms.BooleanField(required=False)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
