"""Capacity and the waiting list: approvals past the capacity wait; a freed place goes to the first waiting."""

import threading

import pytest
from django.db import connection

from registration import services
from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

Status = Registration.Status


@pytest.fixture
def full_conference(conference):
    conference.capacity = 2
    conference.save()
    return conference


def approve(registration, by, message=""):
    return services.registration_set_status(
        registration=registration, to_status=Status.APPROVED, by=by, message=message
    )


@pytest.mark.django_db
def test_approvals_beyond_capacity_go_to_the_waiting_list(full_conference, secretariat_user):
    first, second, third = RegistrationFactory.create_batch(3, conference=full_conference)
    assert approve(first, secretariat_user).applied == Status.APPROVED
    assert approve(second, secretariat_user).registration.status == Status.APPROVED
    result = approve(third, secretariat_user)
    assert result.requested == Status.APPROVED
    assert result.applied == Status.WAITLISTED
    assert result.capacity_reached
    assert result.registration.status == Status.WAITLISTED
    assert result.registration.waitlisted_at is not None
    assert full_conference.registrations.filter(status=Status.APPROVED).count() == 2


@pytest.mark.django_db
def test_reapproving_an_approved_registration_changes_nothing(full_conference, secretariat_user):
    registration = RegistrationFactory(conference=full_conference)
    approve(registration, secretariat_user)
    approve(registration, secretariat_user)
    assert list(registration.status_changes.values_list("to_status", flat=True)) == ["approved"]


@pytest.mark.django_db
def test_cancellation_offers_the_place_to_the_first_waitlisted(full_conference, secretariat_user, mailoutbox):
    approved = RegistrationFactory.create_batch(2, conference=full_conference)
    for registration in approved:
        approve(registration, secretariat_user)
    first_waiting = RegistrationFactory(conference=full_conference, email="first@example.org")
    second_waiting = RegistrationFactory(conference=full_conference, email="second@example.org")
    approve(first_waiting, secretariat_user)
    approve(second_waiting, secretariat_user)
    owner = UserFactory()
    Registration.objects.filter(pk=approved[0].pk).update(user=owner)
    approved[0].refresh_from_db()
    mailoutbox.clear()

    services.registration_cancel(registration=approved[0], by=owner)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.APPROVED
    assert first_waiting.waitlisted_at is None
    assert second_waiting.status == Status.WAITLISTED
    assert {tuple(message.to) for message in mailoutbox} == {(approved[0].email,), ("first@example.org",)}
    promotion = next(message for message in mailoutbox if message.to == ["first@example.org"])
    assert "A place became available" in promotion.body
    assert first_waiting.status_changes.last().by == owner


@pytest.mark.django_db
def test_declining_an_approved_registration_also_frees_the_place(full_conference, secretariat_user):
    approved = RegistrationFactory.create_batch(2, conference=full_conference)
    for registration in approved:
        approve(registration, secretariat_user)
    waiting = RegistrationFactory(conference=full_conference)
    approve(waiting, secretariat_user)
    services.registration_set_status(registration=approved[1], to_status=Status.DECLINED, by=secretariat_user)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED


@pytest.mark.django_db
def test_without_capacity_the_first_waitlisted_is_promoted(conference, secretariat_user, mailoutbox):
    # The demo conference has no capacity and one delegate on the waiting list: a cancellation must reach them.
    approved = RegistrationFactory(conference=conference)
    approve(approved, secretariat_user)
    waiting = RegistrationFactory(conference=conference, email="waiting@example.org")
    services.registration_set_status(registration=waiting, to_status=Status.WAITLISTED, by=secretariat_user)
    mailoutbox.clear()
    services.registration_set_status(registration=approved, to_status=Status.CANCELLED, by=secretariat_user)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    [promotion] = [email for email in mailoutbox if email.to == ["waiting@example.org"]]
    assert "A place became available" in promotion.body


@pytest.mark.django_db
def test_a_delegate_cancelling_on_the_cancel_page_promotes_the_first_waitlisted(client, conference, secretariat_user):
    from plenary.audit.models import AuditLogEntry

    owner = UserFactory()
    approved = RegistrationFactory(conference=conference, user=owner, email=owner.email)
    approve(approved, secretariat_user)
    first = RegistrationFactory(conference=conference)
    second = RegistrationFactory(conference=conference)
    for registration in (first, second):
        services.registration_set_status(registration=registration, to_status=Status.WAITLISTED, by=secretariat_user)
    client.force_login(owner)
    response = client.post(f"/en/{conference.slug}/my/cancel/")
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.APPROVED, Status.WAITLISTED)
    change = first.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == (Status.WAITLISTED, Status.APPROVED, owner)
    assert AuditLogEntry.objects.filter(
        action="status_change", summary=f"Registration #{first.pk}: waitlisted → approved"
    ).exists()


@pytest.mark.django_db
def test_a_failing_promotion_rolls_the_cancellation_back(conference, secretariat_user, monkeypatch):
    approved = RegistrationFactory(conference=conference)
    approve(approved, secretariat_user)
    waiting = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=waiting, to_status=Status.WAITLISTED, by=secretariat_user)

    def broken(**kwargs):
        if kwargs["registration"].pk == waiting.pk:
            raise RuntimeError("disk full")
        return original(**kwargs)

    original = services._record_change
    monkeypatch.setattr(services, "_record_change", broken)
    with pytest.raises(RuntimeError):
        services.registration_cancel(registration=approved, by=secretariat_user)
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert (approved.status, waiting.status) == (Status.APPROVED, Status.WAITLISTED)


@pytest.mark.django_db
def test_bulk_approval_fills_up_in_registration_order(full_conference, secretariat_user):
    registrations = RegistrationFactory.create_batch(4, conference=full_conference)
    outcome = services.registration_bulk_set_status(
        conference=full_conference,
        registrations=reversed(registrations),
        to_status=Status.APPROVED,
        by=secretariat_user,
    )
    assert outcome.counts == {Status.APPROVED: 2, Status.WAITLISTED: 2}
    assert outcome.capacity_reached == 2
    statuses = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert statuses == [Status.APPROVED, Status.APPROVED, Status.WAITLISTED, Status.WAITLISTED]


@pytest.mark.django_db
def test_queue_says_when_an_approval_was_waitlisted(secretariat_client, full_conference, secretariat_user):
    for registration in RegistrationFactory.create_batch(2, conference=full_conference):
        approve(registration, secretariat_user)
    late = RegistrationFactory(conference=full_conference)
    response = secretariat_client.post(
        f"/en/{full_conference.slug}/manage/registrations/{late.pk}/", {"to_status": "approved"}, follow=True
    )
    assert "The conference is full" in response.content.decode()
    late.refresh_from_db()
    assert late.status == Status.WAITLISTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_approvals_never_exceed_capacity():
    conference = ConferenceFactory(slug="capacity-race", capacity=3)
    secretariat = UserFactory()
    registrations = RegistrationFactory.create_batch(8, conference=conference)
    barrier = threading.Barrier(len(registrations))
    errors = []

    def approve_in_thread(registration):
        try:
            barrier.wait(timeout=10)
            approve(registration, secretariat)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_in_thread, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(conference.registrations.values_list("status", flat=True))
    assert statuses.count(Status.APPROVED) == 3
    assert statuses.count(Status.WAITLISTED) == 5


@pytest.mark.django_db
def test_a_bulk_decline_gives_no_freed_place_to_a_registration_it_also_declines(
    full_conference, secretariat_user, mailoutbox
):
    approved = RegistrationFactory.create_batch(2, conference=full_conference)
    for registration in approved:
        approve(registration, secretariat_user)
    in_the_batch = RegistrationFactory(conference=full_conference, email="batch@example.org")
    outside = RegistrationFactory(conference=full_conference, email="outside@example.org")
    approve(in_the_batch, secretariat_user)
    approve(outside, secretariat_user)
    mailoutbox.clear()
    outcome = services.registration_bulk_set_status(
        conference=full_conference,
        registrations=[approved[0], in_the_batch],
        to_status=Status.DECLINED,
        by=secretariat_user,
    )
    in_the_batch.refresh_from_db()
    outside.refresh_from_db()
    assert (in_the_batch.status, outside.status) == (Status.DECLINED, Status.APPROVED)
    assert outcome.counts == {Status.DECLINED: 2} and outcome.promoted == 1
    assert [change.from_status for change in in_the_batch.status_changes.order_by("pk")][-1] == Status.WAITLISTED
    [batch_email] = [email for email in mailoutbox if email.to == ["batch@example.org"]]
    assert "A place became available" not in batch_email.body
