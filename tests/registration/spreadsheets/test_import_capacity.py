"""The capacity rule on import: new rows are approved up to the places left, the rest waitlisted in file order,
with their history and the audit log; the preview says so; pending imports are unaffected; undo restores."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plenary.audit.models import AuditLogEntry
from registration import services
from registration.models import ImportBatch, Registration, StatusChange
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.columns import ImportRefused
from registration.spreadsheets.preview import import_preview
from registration.spreadsheets.undo import import_undo
from tests.factories import RegistrationFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = pytest.mark.django_db
Status = Registration.Status
THREE = [sheets.HEADERS, *sheets.people(3)]


@pytest.fixture
def one_place(conference):
    conference.capacity = 1
    conference.save()
    return conference


def statuses(conference):
    return list(conference.registrations.order_by("pk").values_list("email", "status"))


def test_places_left_follows_the_approved_count(one_place):
    assert services.places_left(conference=one_place) == 1
    RegistrationFactory(conference=one_place, status=Status.APPROVED)
    assert services.places_left(conference=one_place) == 0
    RegistrationFactory(conference=one_place, status=Status.APPROVED)  # capacity lowered below the approved
    assert services.places_left(conference=one_place) == 0
    one_place.capacity = None
    assert services.places_left(conference=one_place) is None


def test_preview_says_which_new_rows_go_over_the_capacity(one_place):
    preview = import_preview(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx")

    assert preview.places_left == 1
    assert preview.waitlisted == 2
    assert [row.status for row in preview.rows] == [Status.APPROVED, Status.WAITLISTED, Status.WAITLISTED]
    assert preview.summary()["waitlisted"] == 2
    pending = import_preview(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", pending=True)
    assert (pending.waitlisted, pending.new_statuses[Status.PENDING]) == (0, 3)
    assert not Registration.objects.exists()


def test_apply_approves_up_to_the_capacity_and_waitlists_the_rest_in_file_order(one_place, secretariat_user):
    batch = import_apply(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", by=secretariat_user)

    assert statuses(one_place) == [
        ("amina0@example.org", Status.APPROVED),
        ("amina1@example.org", Status.WAITLISTED),
        ("amina2@example.org", Status.WAITLISTED),
    ]
    history = StatusChange.objects.order_by("registration_id").values_list("from_status", "to_status", "by")
    assert list(history) == [
        ("", Status.APPROVED, secretariat_user.pk),
        ("", Status.WAITLISTED, secretariat_user.pk),
        ("", Status.WAITLISTED, secretariat_user.pk),
    ]
    entry = AuditLogEntry.objects.get(action="import")
    assert entry.details["statuses"] == {"approved": 1, "waitlisted": 2, "pending": 0}
    assert (entry.details["places_left"], entry.details["capacity"]) == (1, 1)
    assert "1 approved, 2 waitlisted" in entry.summary

    # The waiting list is served in the file's order when the approved delegate cancels.
    approved = Registration.objects.get(email="amina0@example.org")
    services.registration_set_status(registration=approved, to_status=Status.CANCELLED, by=secretariat_user)
    assert Registration.objects.get(email="amina1@example.org").status == Status.APPROVED
    assert Registration.objects.get(email="amina2@example.org").status == Status.WAITLISTED

    with pytest.raises(ImportRefused):  # the registrations moved since: undo would lose that
        import_undo(batch=ImportBatch.objects.get(pk=batch.pk), by=secretariat_user)


def test_undo_restores_the_conference_as_it_was(one_place, secretariat_user):
    earlier = RegistrationFactory(conference=one_place, status=Status.PENDING, email="earlier@example.org")
    batch = import_apply(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", by=secretariat_user)
    assert services.places_left(conference=one_place) == 0

    import_undo(batch=batch, by=secretariat_user)

    assert statuses(one_place) == [(earlier.email, Status.PENDING)]
    assert services.places_left(conference=one_place) == 1
    assert not StatusChange.objects.filter(registration__import_batch=batch).exists()


def test_waitlisted_imports_queue_behind_the_registrations_already_waiting(one_place, secretariat_user):
    RegistrationFactory(conference=one_place, status=Status.APPROVED)
    waiting = RegistrationFactory(conference=one_place, status=Status.PENDING, email="waiting@example.org")
    services.registration_set_status(registration=waiting, to_status=Status.APPROVED, by=secretariat_user)
    assert Registration.objects.get(pk=waiting.pk).status == Status.WAITLISTED

    import_apply(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", by=None)

    order = one_place.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "pk")
    assert [r.email for r in order] == ["waiting@example.org", *(f"amina{n}@example.org" for n in range(3))]


def test_pending_imports_ignore_the_capacity(one_place):
    import_apply(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", by=None, pending=True)
    assert {status for _email, status in statuses(one_place)} == {Status.PENDING}


def test_apply_refuses_when_the_places_changed_since_the_preview(one_place, secretariat_user):
    preview = import_preview(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx")
    RegistrationFactory(conference=one_place, status=Status.APPROVED)  # the last place went meanwhile

    with pytest.raises(ImportRefused):
        import_apply(
            conference=one_place,
            content=sheets.xlsx(THREE),
            filename="list.xlsx",
            by=secretariat_user,
            expected_fingerprint=preview.fingerprint,
        )
    assert Registration.objects.count() == 1


def test_apply_takes_the_conference_lock_of_the_status_changes(one_place, monkeypatch):
    locked = []
    original = services._locked_conference
    monkeypatch.setattr(services, "_locked_conference", lambda pk: locked.append(pk) or original(pk))

    import_apply(conference=one_place, content=sheets.xlsx(THREE), filename="list.xlsx", by=None)

    assert locked == [one_place.pk]


def test_the_preview_page_tells_the_secretariat(secretariat_client, one_place):
    upload = secretariat_client.post(
        reverse("registration:import", kwargs={"slug": one_place.slug}),
        {"file": SimpleUploadedFile("delegation.xlsx", sheets.xlsx(THREE))},
    )
    page = secretariat_client.get(upload["Location"])
    html = page.content.decode()

    assert 'data-waitlisted="2"' in html
    assert "2 new registrations go over the capacity and will be put on the waiting list" in html
    assert html.count('data-status="waitlisted"') == 2

    applied = secretariat_client.post(
        upload["Location"] + "apply/", {"fingerprint": page.context["form"].initial["fingerprint"]}
    )
    assert applied.status_code == 302
    batch_page = secretariat_client.get(applied["Location"]).content.decode()
    assert '<strong data-count="waitlisted">2</strong>' in batch_page
    assert [status for _email, status in statuses(one_place)] == [Status.APPROVED, Status.WAITLISTED, Status.WAITLISTED]
