"""The three staff groups come from a data migration; each has its permissions after migrate."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from plenary.groups import sync_group_permissions
from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migrated_database_has_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {SECRETARIAT, RAPPORTEUR, DOOR}


def test_the_secretariat_edits_the_programme_and_the_registrations():
    granted = permissions(SECRETARIAT)
    for perm in ("conference.add_session", "conference.change_session", "conference.change_person"):
        assert perm in granted
    assert any(perm.startswith("registration.") for perm in granted)
    assert any(perm.startswith("recommendations.") for perm in granted)
    assert not any(perm.startswith(("auth.", "sessions.", "admin.")) for perm in granted)


def test_rapporteurs_draft_recommendations_and_only_read_the_programme():
    assert permissions(RAPPORTEUR) == {
        "conference.view_session",
        "recommendations.add_recommendation",
        "recommendations.change_recommendation",
        "recommendations.view_recommendation",
    }
    rapporteur = UserFactory(groups=[RAPPORTEUR])
    assert not rapporteur.has_perm("conference.change_session")
    assert not rapporteur.has_perm("sessions.view_session")  # Django's own "session" model is not theirs
    # People records name anonymous witnesses and hold private e-mails: the secretariat's only.
    assert not rapporteur.has_perm("conference.view_person")


def test_a_staff_rapporteur_cannot_open_the_people_in_the_admin(client, programme):
    from django.urls import reverse

    client.force_login(UserFactory(is_staff=True, groups=[RAPPORTEUR], totp=True))
    assert client.get(reverse("admin:conference_person_changelist")).status_code == 403
    assert client.get(reverse("admin:conference_person_change", args=[programme.anonymous.pk])).status_code == 403
    page = client.get(reverse("admin:conference_session_change", args=[programme.testimony.pk])).content.decode()
    assert programme.anonymous.name not in page
    # nor find the witness's session by searching for their name
    search = client.get(reverse("admin:conference_session_changelist"), {"q": programme.anonymous.name})
    assert "Testimonies of released prisoners" not in search.content.decode()


def test_a_permission_taken_out_of_the_list_is_removed_on_the_next_migrate():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=RAPPORTEUR)
    group.permissions.add(Permission.objects.get(content_type__app_label="conference", codename="view_person"))
    sync_group_permissions(apps=apps)
    assert "conference.view_person" not in permissions(RAPPORTEUR)


def test_door_volunteers_get_no_model_permission():
    assert permissions(DOOR) == set()


def test_the_data_migration_and_the_permission_sync_are_idempotent():
    migration = importlib.import_module("conference.migrations.0003_staff_groups")
    before = {name: permissions(name) for name in (SECRETARIAT, RAPPORTEUR, DOOR)}
    migration.create_groups(apps, None)
    sync_group_permissions(apps=apps)
    assert Group.objects.filter(name__in=(SECRETARIAT, RAPPORTEUR, DOOR)).count() == 3
    assert {name: permissions(name) for name in (SECRETARIAT, RAPPORTEUR, DOOR)} == before
