"""The shared infrastructure as a Django app (label ``plenary``): it owns the Job and audit log models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlenaryConfig(AppConfig):
    """Shared infrastructure: jobs, the audit log, PDF, mail, permissions, MFA, i18n."""

    name = "plenary"
    verbose_name = _("Plenary")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from plenary.door_sessions import end_other_door_sessions
        from plenary.groups import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="plenary_group_permissions")
        user_logged_in.connect(end_other_door_sessions, dispatch_uid="plenary_one_device_per_door_account")
