"""django-import-export's view of a registration, for exports only: the columns of ``export_columns``, the one
definition the secretariat's export, ``export_attendees`` and the Django admin's export share. Nothing imports
through it (the secretariat's import page, ``preview`` and ``apply``, is the one way in)."""

from import_export import fields, resources

from registration.models import Registration
from registration.spreadsheets.export_columns import EXPORT_CHUNK_SIZE, export_columns, export_queryset


class RegistrationResource(resources.ModelResource):
    class Meta:
        model = Registration
        fields = ()  # none from the model: ``__init__`` declares the columns
        chunk_size = EXPORT_CHUNK_SIZE

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Built per instance: the headers and values are in the language active when the export runs.
        self.fields = {
            column.name: fields.Field(
                attribute=column.name, column_name=str(column.header), dehydrate_method=column.value
            )
            for column in export_columns()
        }

    def get_export_order(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def filter_export(self, queryset, **kwargs):
        return export_queryset(queryset)
