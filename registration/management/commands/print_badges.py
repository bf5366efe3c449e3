"""Prints the badges of a conference into one PDF, sorted by last name: the print queue's selection, rendered
from the badge ids by the same flat-memory path as the print task (``badges_pdf_by_ids``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from registration.badges.pdf import DEFAULT_LAYOUT, LAYOUTS
from registration.badges.selectors import badge_print_queue
from registration.badges.services import badges_issue_for, badges_mark_printed
from registration.badges.tasks import badges_pdf_by_ids
from registration.models import Badge, Category


class Command(BaseCommand):
    help = "Prints the badges of approved delegates into one PDF, sorted by last name."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--conference", required=True, metavar="SLUG")
        parser.add_argument("--output", required=True, metavar="FILE.pdf")
        parser.add_argument("--layout", choices=sorted(LAYOUTS), default=DEFAULT_LAYOUT)
        parser.add_argument(
            "--only-unprinted", action="store_true", help="Only badges not printed yet or changed since printing."
        )
        parser.add_argument("--category", choices=[key for key, _label in Category.choices])
        parser.add_argument("--mark-printed", action="store_true", help="Mark the printed badges as printed.")

    def handle(self, *args, **options) -> None:
        conference = Conference.objects.filter(slug=options["conference"]).first()
        if conference is None:
            raise CommandError(f"No conference with the slug {options['conference']!r}.")
        registrations = list(
            badge_print_queue(
                conference=conference,
                category=options["category"] or "",
                include_printed=not options["only_unprinted"],
            )
        )
        if not registrations:
            raise CommandError("No badge to print.")
        badge_ids = [badge.pk for badge in badges_issue_for(registrations=registrations)]
        del registrations  # only the ids are kept while rendering, as in the print task

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total} badges", ending="")

        pdf = badges_pdf_by_ids(conference=conference, ids=badge_ids, layout=options["layout"], progress=progress)
        self.stderr.write("")
        Path(options["output"]).write_bytes(pdf)
        if options["mark_printed"]:
            badges_mark_printed(badges=Badge.objects.filter(pk__in=badge_ids))
        self.stdout.write(self.style.SUCCESS(f"{len(badge_ids)} badges written to {options['output']}"))
