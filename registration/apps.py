from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("Registration")

    def ready(self) -> None:
        from plenary.audit.descriptions import audit_labels_register
        from registration.models import Registration

        # The audit-log page names statuses and edited fields in the reader's language.
        audit_labels_register(kind="status", labels=dict(Registration.Status.choices))
        audit_labels_register(kind="field", labels={f.name: f.verbose_name for f in Registration._meta.fields})
