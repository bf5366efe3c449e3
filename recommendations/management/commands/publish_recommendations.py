"""Publishes a conference's adopted recommendations (a new version only if they changed) and writes the PDF."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from plenary.permissions import SECRETARIAT
from recommendations import services


class Command(BaseCommand):
    help = "Publish the adopted recommendations of a conference as the next version when they changed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--conference", required=True, metavar="SLUG")
        parser.add_argument("--output", type=Path, metavar="FILE.pdf", help="Where to write the version's PDF.")
        parser.add_argument(
            "--as", dest="as_email", metavar="EMAIL",
            help="The Secretariat account recorded as publisher (default: the first active one).",
        )  # fmt: skip

    def handle(self, *args, conference: str, output: Path | None, as_email: str | None, **options) -> None:
        try:
            target = Conference.objects.get(slug=conference)
        except Conference.DoesNotExist:
            raise CommandError(f"No conference with slug {conference!r}.") from None
        secretariat = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).order_by("pk")
        by = secretariat.filter(email__iexact=as_email).first() if as_email else secretariat.first()
        if by is None:
            raise CommandError("No active Secretariat account to publish as (see --as).")
        try:
            publication, created = services.publication_publish(conference=target, by=by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Published version {publication.number} (SHA-256 {publication.sha256}).")
            )
        else:
            self.stdout.write(f"Nothing changed since version {publication.number}: no new version.")
        if output:
            output.write_bytes(bytes(publication.pdf))
            self.stdout.write(f"Wrote {output} (version {publication.number}).")
