"""python manage.py export_attendees --conference SLUG --output FILE (.csv or .xlsx): the columns the import reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from registration import selectors
from registration.spreadsheets import exports


class Command(BaseCommand):
    help = "Writes a conference's registrations to a .csv or .xlsx file (recorded in the audit log)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--conference", required=True, help="the conference's slug")
        parser.add_argument("--output", required=True, help="the file to write: .csv or .xlsx")

    def handle(self, *args, **options) -> None:
        conference = Conference.objects.filter(slug=options["conference"]).first()
        if conference is None:
            raise CommandError(f"No conference with the slug {options['conference']!r}.")
        output = Path(options["output"])
        file_format = output.suffix.lower().lstrip(".")
        if file_format not in exports.FORMATS:
            raise CommandError("The output file must end in .csv or .xlsx.")
        content, _filename = exports.registrations_export(
            conference=conference,
            registrations=selectors.registration_queue(conference=conference),
            file_format=file_format,
            by=None,
        )
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output}.")
