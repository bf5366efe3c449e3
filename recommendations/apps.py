from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_default_themes(sender, apps=global_apps, **kwargs) -> None:
    """Re-creates the seven default themes after a flush (test databases) with the data migration's own code."""
    import_module("recommendations.migrations.0002_default_themes").create_themes(apps, None)


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        post_migrate.connect(ensure_default_themes, sender=self, dispatch_uid="recommendations_default_themes")
