"""The shared infrastructure as a Django app (label ``plenary``): it owns the Job and audit log models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlenaryConfig(AppConfig):
    """Shared infrastructure: jobs, the audit log, PDF, mail, permissions, MFA, i18n."""

    name = "plenary"
    verbose_name = _("Plenary")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_save, pre_save

        from plenary.door_sessions import end_other_door_sessions
        from plenary.groups import sync_group_permissions
        from plenary.mfa_promotion import on_groups_changed, on_user_saved, remember_privilege

        post_migrate.connect(sync_group_permissions, dispatch_uid="plenary_group_permissions")
        user_logged_in.connect(end_other_door_sessions, dispatch_uid="plenary_one_device_per_door_account")
        user_model = get_user_model()
        m2m_changed.connect(on_groups_changed, sender=user_model.groups.through, dispatch_uid="plenary_mfa_promotion")
        pre_save.connect(remember_privilege, sender=user_model, dispatch_uid="plenary_mfa_privilege_before")
        post_save.connect(on_user_saved, sender=user_model, dispatch_uid="plenary_mfa_privilege_after")
