"""Undoing an import: the rows changed since are named (name and row of the file), a change that was reverted is
no change, and the untouched rows can be undone alone, through the service and in the audit log."""

import pytest
from django.urls import reverse
from django.utils import translation

from plenary.audit.models import AuditLogEntry
from registration.models import CheckIn, ImportBatch, Registration
from registration.services import registration_set_status
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.columns import ImportRefused
from registration.spreadsheets.undo import import_undo, import_undo_plan
from tests.factories import RegistrationFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = pytest.mark.django_db


def apply(conference, rows):
    return import_apply(conference=conference, content=sheets.xlsx(rows), filename="list.xlsx", by=None)


def batch_url(conference, batch, name="import_batch"):
    return reverse(f"registration:{name}", kwargs={"slug": conference.slug, "pk": batch.pk})


@pytest.fixture
def batch(conference):
    return apply(conference, [sheets.HEADERS, *sheets.people(3)])


def edit(email, **values):
    registration = Registration.objects.get(email=email)
    for name, value in values.items():
        setattr(registration, name, value)
    registration.save()
    return registration


def test_the_refusal_names_each_changed_row_by_name_and_row_number(batch):
    edit("amina1@example.org", organisation="Al-Haq")

    with pytest.raises(ImportRefused) as refused:
        import_undo(batch=batch, by=None)

    assert "Amina1 Haddad1 (row 3)" in str(refused.value)
    assert Registration.objects.count() == 3


def test_a_status_change_that_was_reverted_is_no_change(batch, secretariat_user):
    registration = Registration.objects.get(email="amina0@example.org")
    registration_set_status(registration=registration, to_status=Registration.Status.DECLINED, by=secretariat_user)
    registration_set_status(registration=registration, to_status=Registration.Status.APPROVED, by=secretariat_user)

    import_undo(batch=batch, by=secretariat_user)

    assert not Registration.objects.exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.UNDONE


def test_an_edit_reverted_on_an_updated_registration_is_no_change(conference):
    existing = RegistrationFactory(conference=conference, email="old@example.org", last_name="Before")
    batch = apply(conference, [sheets.HEADERS, ["", "After", "old@example.org", "", "", "", ""]])
    edit("old@example.org", last_name="Someone else")
    edit("old@example.org", last_name="After")

    import_undo(batch=batch, by=None)

    existing.refresh_from_db()
    assert existing.last_name == "Before"


def test_the_untouched_rows_are_undone_alone_and_the_changed_ones_stay(batch, secretariat_user):
    edit("amina1@example.org", organisation="Al-Haq")

    outcome = import_undo(batch=batch, by=secretariat_user, untouched_only=True)

    assert list(Registration.objects.values_list("email", flat=True)) == ["amina1@example.org"]
    assert (outcome.undone, [row.label for row in outcome.left]) == (2, ["Amina1 Haddad1 (row 3)"])
    entry = AuditLogEntry.objects.filter(action="import_undo").get()
    assert (entry.actor, entry.details) == (
        secretariat_user,
        {"batch": batch.pk, "removed": 2, "restored": 0, "left": 1},
    )
    assert "Amina1" not in entry.summary
    plan = import_undo_plan(batch=batch)
    assert (plan.untouched, len(plan.changed)) == ([], 1)


def test_a_row_with_a_check_in_is_named_and_left(batch, conference):
    registration = Registration.objects.get(email="amina2@example.org")
    CheckIn.objects.create(registration=registration, day=conference.start_date)

    with pytest.raises(ImportRefused, match=r"Amina2 Haddad2 \(row 4\)"):
        import_undo(batch=batch, by=None)
    import_undo(batch=batch, by=None, untouched_only=True)

    assert list(Registration.objects.values_list("email", flat=True)) == ["amina2@example.org"]


def test_the_batch_page_names_the_changed_rows_and_offers_the_untouched_ones(secretariat_client, conference, batch):
    edit("amina1@example.org", organisation="Al-Haq")

    page = secretariat_client.get(batch_url(conference, batch)).content.decode()

    assert "<bdi>Amina1 Haddad1</bdi> (row 3)" in page
    assert "Undo the 2 untouched rows" in page
    assert "Undo this import" not in page
    response = secretariat_client.post(
        batch_url(conference, batch, "import_undo"), {"untouched_only": "on"}, follow=True
    )
    page = response.content.decode()
    assert "2 rows were undone. 1 row changed since was left as it is." in page
    assert "Undo the" not in page and "Undo this import" not in page
    assert Registration.objects.count() == 1


def test_after_a_full_undo_the_button_disappears(secretariat_client, conference, batch):
    assert "Undo this import" in secretariat_client.get(batch_url(conference, batch)).content.decode()

    response = secretariat_client.post(batch_url(conference, batch, "import_undo"), follow=True)

    page = response.content.decode()
    assert "The import was undone." in page
    assert "Undo this import" not in page and "Undo the" not in page


def test_an_import_cannot_be_undone_through_another_conference(secretariat_client, other_conference, batch):
    url = reverse("registration:import_undo", kwargs={"slug": other_conference.slug, "pk": batch.pk})

    assert secretariat_client.post(url, {"untouched_only": "on"}).status_code == 404
    assert Registration.objects.count() == 3


@pytest.mark.parametrize("value", ["x" * 100_000, "\x00", "<script>"])
def test_a_hostile_undo_request_changes_nothing_it_should_not(secretariat_client, conference, batch, value):
    edit("amina1@example.org", organisation="Al-Haq")

    response = secretariat_client.post(batch_url(conference, batch, "import_undo"), {"untouched_only": value})

    assert response.status_code == 302
    assert Registration.objects.filter(email="amina1@example.org").exists()


def test_the_batch_page_names_the_changed_rows_in_arabic(secretariat_client, conference, batch):
    edit("amina1@example.org", organisation="Al-Haq")
    with translation.override("ar"):
        url = batch_url(conference, batch)

    page = secretariat_client.get(url).content.decode()

    assert "<bdi>Amina1 Haddad1</bdi> (الصف 3)" in page
    assert "صف واحد معدّل منذ الاستيراد" in page
    assert "إلغاء الصفين غير المعدّلين" in page
