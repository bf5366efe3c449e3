"""python manage.py import_attendees FILE --conference SLUG [--dry-run] [--skip-invalid] [--source NAME] [--pending]
[--format json]

The JSON output has ``waitlisted``: the new rows over the conference's capacity, put on the waiting list in file
order (``places_left`` before the import; null without a capacity).

Exit status: 0 applied (or would apply, in a dry run) without errors, 1 row errors, 2 the file cannot be read."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conference.models import Conference
from registration.spreadsheets import apply as spreadsheets_apply
from registration.spreadsheets import columns as spreadsheets_columns
from registration.spreadsheets import preview as spreadsheets_preview


class Command(BaseCommand):
    help = "Imports a list of attendees (.xlsx, .xls, .ods, .csv, .tsv, .txt) into a conference."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--conference", required=True, help="the conference's slug")
        parser.add_argument("--dry-run", action="store_true", help="show what would happen, change nothing")
        parser.add_argument("--skip-invalid", action="store_true", help="apply the valid rows, skip those with errors")
        parser.add_argument("--source", default="", help="the organisation that sent the list")
        parser.add_argument("--pending", action="store_true", help="new registrations are pending, not approved")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options) -> None:
        conference = Conference.objects.filter(slug=options["conference"]).first()
        if conference is None:
            raise CommandError(f"No conference with the slug {options['conference']!r}.")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
            preview = spreadsheets_preview.import_preview(
                conference=conference, content=content, filename=path.name, pending=options["pending"]
            )
        except (OSError, spreadsheets_columns.ImportFileError) as error:
            self._report({"error": str(error)}, options, error=True)
            sys.exit(2)
        summary = preview.summary()
        if not options["dry_run"] and (not preview.has_errors or options["skip_invalid"]):
            try:
                batch = self._apply(conference, content, path.name, preview, options)
            except spreadsheets_columns.ImportRefused as error:
                self._report({"error": str(error)}, options, error=True)
                sys.exit(1)
            summary["batch"] = batch.pk
        self._report(summary, options)
        if preview.has_errors:
            sys.exit(1)

    def _apply(self, conference, content: bytes, filename: str, preview, options: dict):
        return spreadsheets_apply.import_apply(
            conference=conference,
            content=content,
            filename=filename,
            by=None,
            source_organisation=options["source"],
            pending=options["pending"],
            skip_invalid=options["skip_invalid"],
            expected_fingerprint=preview.fingerprint,
        )

    def _report(self, summary: dict, options: dict, *, error: bool = False) -> None:
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        if error:
            self.stderr.write(summary["error"])
            return
        for row in summary["errors"]:
            self.stdout.write(f"row {row['row']}: {' '.join(row['messages'])}")
        applied = "batch" in summary
        self.stdout.write(
            ("Applied" if applied else "Would apply" if options["dry_run"] else "Not applied (row errors)")
            + f": {summary['created']} new, {summary['updated']} updated, {summary['unchanged']} unchanged, "
            f"{summary['skipped']} with errors."
        )
        if summary["waitlisted"]:
            self.stdout.write(
                f"Over the capacity ({summary['places_left']} places left): the last {summary['waitlisted']} new "
                "registrations in file order go on the waiting list."
            )
