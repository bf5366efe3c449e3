"""Loads the demo conference (idempotent): the programme, then each app's own demo data."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from conference import demo


class Command(BaseCommand):
    help = "Create or refresh the demo conference brussels-2025 (fictional people only)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            conference = demo.load_programme()
            # Other apps add their part through <app>/demo.py:load(conference), so that
            # the programme never imports the apps built on it.
            for app_config in apps.get_app_configs():
                if app_config.name != "conference" and find_spec(f"{app_config.name}.demo"):
                    import_module(f"{app_config.name}.demo").load(conference)
        self.stdout.write(self.style.SUCCESS(f"Demo conference ready: {conference.slug}"))
