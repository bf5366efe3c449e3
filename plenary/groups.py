"""Gives each staff group its model permissions after every migrate (permissions only exist then)."""

from django.apps import apps as global_apps
from django.db.models import Q

from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT

# Secretariat: everything in Plenary's apps. Rapporteur: drafting, and reading the sessions (never the
# people: their records name anonymous witnesses and hold private e-mails). Door: check-in only.
GROUP_APPS = {SECRETARIAT: ("conference", "registration", "recommendations", "django_tasks_db")}
# "app_label.codename": a bare codename would also match another app's model of the same name
# (django.contrib.sessions has a "session" model too).
GROUP_PERMISSIONS = {
    RAPPORTEUR: (
        "conference.view_session",
        "recommendations.add_recommendation",
        "recommendations.change_recommendation",
        "recommendations.view_recommendation",
    ),
    DOOR: (),
}


def sync_group_permissions(sender=None, apps=global_apps, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, app_labels in GROUP_APPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels))
    # Exactly these, so that a permission taken out of the list is also taken from existing databases.
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
