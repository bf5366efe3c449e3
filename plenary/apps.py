"""The shared infrastructure as a Django app (label ``plenary``): it owns the Job and audit log models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlenaryConfig(AppConfig):
    """Shared infrastructure: jobs, the audit log, PDF, mail, permissions, MFA, i18n."""

    name = "plenary"
    verbose_name = _("Plenary")

    def ready(self) -> None:
        from plenary.groups import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="plenary_group_permissions")
