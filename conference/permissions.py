"""Gives each staff group its model permissions after every migrate (permissions only exist then)."""

from django.apps import apps as global_apps

from conference.roles import DOOR, RAPPORTEUR, SECRETARIAT

# Secretariat: everything in Plenary's apps. Rapporteur: drafting. Door: check-in only (no admin models).
GROUP_APPS = {SECRETARIAT: ("conference", "registration", "recommendations", "django_tasks_db")}
GROUP_CODENAMES = {
    RAPPORTEUR: ("view_session", "view_person", "add_recommendation", "change_recommendation", "view_recommendation"),
    DOOR: (),
}


def sync_group_permissions(sender=None, apps=global_apps, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, app_labels in GROUP_APPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels))
    for name, codenames in GROUP_CODENAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
