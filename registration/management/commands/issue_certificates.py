"""Writes the certificates of attendance of everyone with a check-in into one PDF, sorted by last name, by the
same flat-memory path as the print task (``certificates_pdf_by_ids``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from registration.certificates.selectors import attendees
from registration.certificates.services import certificates_issue_for
from registration.certificates.tasks import certificates_pdf_by_ids


class Command(BaseCommand):
    help = "Writes the certificates of attendance of every delegate with a check-in into one PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--conference", required=True, metavar="SLUG")
        parser.add_argument("--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, **options) -> None:
        conference = Conference.objects.filter(slug=options["conference"]).first()
        if conference is None:
            raise CommandError(f"No conference with the slug {options['conference']!r}.")
        registrations = list(attendees(conference=conference))
        if not registrations:
            raise CommandError("Nobody has checked in: no certificate to write.")
        ids = [c.pk for c in certificates_issue_for(conference=conference, registrations=registrations)]
        del registrations  # only the ids are kept while rendering, as in the print task

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total} certificates", ending="")

        pdf = certificates_pdf_by_ids(conference=conference, ids=ids, progress=progress)
        self.stderr.write("")
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} certificates written to {options['output']}"))
