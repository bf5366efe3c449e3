"""django-import-export's view of a registration: the exports' columns, and the Django admin's import.

The admin import is the library's own row-by-row path (fine for a few hundred rows); it reads the same columns
and aliases as ``registration.imports`` and cleans values with the same functions, matches by e-mail within the
conference chosen on the admin's import form, and never lets an empty cell erase a value. Title rows above the
header are not skipped there: the secretariat's import page (``registration.imports``) takes any spreadsheet.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from conference.models import Conference
from registration.models import Category, Registration
from registration.spreadsheets import columns as imports

# Cleans one column's text the way the secretariat's import does; None means "not recognised".
_LOOKUPS = {
    "country": imports.country_lookup,
    "category": imports.category_lookup,
    "language": imports.language_lookup,
}


class RegistrationResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = Registration
        fields = imports.COLUMNS
        export_order = imports.COLUMNS
        import_id_fields = ("email",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, conference: Conference | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.conference = conference

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(conference=self.conference) if self.conference else queryset.none()

    def dehydrate_country(self, registration: Registration) -> str:
        return registration.country.code or ""

    def before_import(self, dataset, **kwargs) -> None:
        if self.conference is None:
            raise ValueError(_("Choose the conference to import into."))
        dataset.headers = [imports.HEADER_LOOKUP.get(imports.normalise_key(str(h or "")), h) for h in dataset.headers]

    def before_import_row(self, row, **kwargs) -> None:
        for name in imports.COLUMNS:
            if name not in row:
                continue
            value = imports.clean_text(row[name])
            if value and name == "email":
                value = value.lower()
            elif value and name in _LOOKUPS:
                found = _LOOKUPS[name]().get(imports.normalise_key(value))
                if found is None:
                    raise ValueError(_("Unknown %(field)s: %(value)s.") % {"field": name, "value": value[:100]})
                value = found
            elif value:
                try:
                    value = imports.clean_column(name, value)
                except ValidationError as refused:
                    label = Registration._meta.get_field(name).verbose_name
                    raise ValueError(f"{str(label).capitalize()}: {' '.join(refused.messages)}") from None
            row[name] = value

    def get_instance(self, instance_loader, row):
        return self.get_queryset().filter(email__iexact=row.get("email") or "").first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs) -> None:
        # An empty cell never erases what a registration already has; the e-mail matched ignoring case and
        # keeps its spelling.
        if instance.pk and (not row.get(field.column_name) or field.column_name == "email"):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def init_instance(self, row=None) -> Registration:
        return Registration(
            conference=self.conference,
            source=Registration.Source.IMPORT,
            status=Registration.Status.APPROVED,
            category=Category.DELEGATE,
        )
