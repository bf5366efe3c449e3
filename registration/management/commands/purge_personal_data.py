"""Anonymises the registrations of a conference archived longer than PLENARY_RETENTION_DAYS ago."""

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from registration.accounts.retention import PurgeRefused, purge_conference


class Command(BaseCommand):
    help = "Anonymise the registrations of an archived conference after the retention period (counts are kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--conference", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be anonymised; change nothing.")

    def handle(self, *args, conference: str, dry_run: bool, **options) -> None:
        found = Conference.objects.filter(slug=conference).first()
        if found is None:
            raise CommandError(f"No conference with the slug {conference!r}.")
        try:
            result = purge_conference(conference=found, dry_run=dry_run)
        except PurgeRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        verb = "would be anonymised (dry run, nothing changed)" if dry_run else "anonymised"
        self.stdout.write(f"{result.anonymised} registration(s) of {result.conference} {verb}.")
        deleted = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{result.files} file(s) made by background jobs (badge PDFs, reports) {deleted}.")
        self.stdout.write(f"{result.uploads} upload(s) previewed but never applied {deleted}.")
        self.stdout.write("Counts kept per category: " + _format(result.by_category))
        self.stdout.write("Counts kept per country: " + _format(result.by_country))
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Purge recorded in the audit log."))


def _format(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"
