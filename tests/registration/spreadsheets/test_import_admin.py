"""The Django admin's import (django-import-export) with RegistrationResource and the conference form field."""

import tablib
from django.contrib.admin.sites import AdminSite
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV

from registration.admin_import import ConferenceImportForm, RegistrationImportAdminMixin
from registration.models import Registration
from registration.spreadsheets.resources import RegistrationResource
from tests.factories import ConferenceFactory, RegistrationFactory


def dataset(*rows):
    return tablib.Dataset(*rows, headers=["Prénom", "Last name", "Email", "Pays", "Category", "Phone"])


def test_resource_imports_into_the_chosen_conference_with_the_same_cleaning(conference):
    existing = RegistrationFactory(conference=conference, email="Old@example.org", organisation="Addameer")
    RegistrationFactory(conference=ConferenceFactory(), email="new@example.org")
    rows = dataset(
        ["Amina", "Haddad", " NEW@example.org", "Palestine", "MP", "+970 1"],
        ["", "Khalil", "old@example.org", "", "", ""],
    )

    result = RegistrationResource(conference=conference).import_data(rows, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    new = Registration.objects.get(conference=conference, email="new@example.org")
    assert (new.country.code, new.category, new.status, new.source) == ("PS", "parliamentarian", "approved", "import")
    existing.refresh_from_db()
    assert (existing.last_name, existing.organisation, existing.email) == ("Khalil", "Addameer", "Old@example.org")


def test_resource_reports_unknown_values_and_needs_a_conference(conference):
    result = RegistrationResource(conference=conference).import_data(
        dataset(["A", "B", "a@example.org", "Atlantis", "", ""]), dry_run=True
    )
    assert result.has_errors() or result.has_validation_errors()
    assert (
        RegistrationResource().import_data(dataset(["A", "B", "a@example.org", "", "", ""]), dry_run=True).has_errors()
    )


def test_admin_mixin_passes_the_form_s_conference_to_the_resource(conference):
    class Admin(RegistrationImportAdminMixin, ImportExportModelAdmin):
        resource_classes = [RegistrationResource]

    admin = Admin(Registration, AdminSite())
    request = RequestFactory().post("/")
    formats = admin.get_import_formats()
    form = ConferenceImportForm(
        formats=formats,
        resources=admin.get_import_resource_classes(request),
        data={"conference": conference.pk, "format": str(formats.index(CSV))},
        files={"import_file": SimpleUploadedFile("a.csv", b"email,last_name\na@example.org,A\n")},
    )

    assert form.is_valid(), form.errors
    assert admin.get_import_resource_kwargs(request, form=form)["conference"] == conference


def test_the_admin_import_pages_take_the_conference_and_apply(client, django_user_model, conference):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib import admin

    from tests.conftest import SECRETARIAT_TOTP_SECRET

    superuser = django_user_model.objects.create_superuser(email="root@example.org", password="x" * 12)
    TOTP.activate(superuser, SECRETARIAT_TOTP_SECRET)
    client.force_login(superuser)
    url = "/admin/registration/registration/import/"
    assert client.get(url).status_code == 200
    formats = admin.site._registry[Registration].get_import_formats()
    csv_file = SimpleUploadedFile("a.csv", b"email,Nom,Pays\nA@example.org,Haddad,Belgique\n")

    preview = client.post(
        url, {"conference": conference.pk, "format": str(formats.index(CSV)), "resource": "0", "import_file": csv_file}
    )
    confirmed = client.post("/admin/registration/registration/process_import/", preview.context["confirm_form"].initial)

    assert confirmed.status_code == 302
    registration = Registration.objects.get(conference=conference)
    assert (registration.email, registration.last_name, registration.country.code) == ("a@example.org", "Haddad", "BE")
