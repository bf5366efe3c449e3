"""Releases the scheduled reminders that are due (for cron or a systemd timer, beside the worker's own task)."""

from django.core.management.base import BaseCommand

from registration.mailings.services import reminders_release_due


class Command(BaseCommand):
    help = "Send the scheduled reminders whose time has come; each is sent once, however often this runs."

    def handle(self, *args, **options) -> None:
        released = reminders_release_due()
        for message in released:
            self.stdout.write(f"Reminder #{message.pk} ({message.conference.slug}) released")
        self.stdout.write(self.style.SUCCESS(f"{len(released)} reminder(s) released"))
