"""django-import-export's view of a registration, for exports only: the columns the import reads
(``columns.COLUMNS``), in that order, so that an export imports back unchanged. ``exports`` and the Django admin's
export use it; nothing imports through it (the secretariat's import page, ``preview`` and ``apply``, is the one
way in)."""

from import_export import fields, resources

from registration.models import Registration
from registration.spreadsheets.columns import COLUMNS


class RegistrationResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country")

    class Meta:
        model = Registration
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_country(self, registration: Registration) -> str:
        return registration.country.code or ""
