from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from conference import checks  # noqa: F401 (registers the system checks)
        from conference.permissions import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="plenary_group_permissions")
