from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from conference import checks  # noqa: F401 (registers the system checks)
        from plenary.page_cache import programme_changed

        # Whatever changes in the programme, the cached public pages are forgotten (plenary/page_cache.py).
        for model in self.get_models():
            post_save.connect(programme_changed, sender=model, dispatch_uid=f"programme-save-{model.__name__}")
            post_delete.connect(programme_changed, sender=model, dispatch_uid=f"programme-delete-{model.__name__}")
