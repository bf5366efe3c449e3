"""Loads the demo alliance's two editions (idempotent): the programmes, then each app's own demo data."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from conference import demo


class Command(BaseCommand):
    help = (
        f"Create or refresh the demo conferences {demo.SLUG} (archived) and {demo.NEXT_SLUG} "
        "(eight weeks from today, open for registration); fictional people only."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            ninth = demo.load_programme()
            tenth = demo.load_next_edition(today=timezone.localdate())
            # Other apps add their part through <app>/demo.py: load(conference) for the ninth and, if they
            # have one, load_next_edition(conference) for the tenth, so that the programme never imports
            # the apps built on it.
            for app_config in apps.get_app_configs():
                if app_config.name != "conference" and find_spec(f"{app_config.name}.demo"):
                    module = import_module(f"{app_config.name}.demo")
                    module.load(ninth)
                    if hasattr(module, "load_next_edition"):
                        module.load_next_edition(tenth)
        self.stdout.write(self.style.SUCCESS(f"Demo conferences ready: {ninth.slug}, {tenth.slug}"))
