"""The queue's decisions never undo a delegate's own cancellation; destructive bulk actions are confirmed first,
with the count; a select-all box helps, without being needed."""

import pytest

from registration import services
from registration.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def queue_url(conference, query=""):
    return f"/en/{conference.slug}/manage/registrations/{query}"


def cancelled_by_its_delegate(conference):
    owner = UserFactory()
    registration = RegistrationFactory(conference=conference, user=owner, email=owner.email)
    services.registration_cancel(registration=registration, by=owner)
    return registration


def test_bulk_decline_leaves_a_delegates_cancellation_alone(secretariat_client, conference, mailoutbox):
    cancelled = cancelled_by_its_delegate(conference)
    pending = RegistrationFactory(conference=conference)
    mailoutbox.clear()
    response = secretariat_client.post(
        queue_url(conference),
        {"registrations": [cancelled.pk, pending.pk], "to_status": "declined", "confirmed": "1"},
        follow=True,
    )
    cancelled.refresh_from_db()
    pending.refresh_from_db()
    assert cancelled.status == Status.CANCELLED
    assert pending.status == Status.DECLINED
    assert [email.to for email in mailoutbox] == [[pending.email]]
    assert not any("could not accept" in email.body and email.to == [cancelled.email] for email in mailoutbox)
    page = response.content.decode()
    assert "1 registration was skipped: its delegate cancelled it" in page
    assert "Declined: 1" in page


@pytest.mark.parametrize("to_status", ["approved", "waitlisted", "declined"])
def test_a_single_status_change_never_overrides_a_cancellation(secretariat_client, conference, mailoutbox, to_status):
    cancelled = cancelled_by_its_delegate(conference)
    mailoutbox.clear()
    url = f"/en/{conference.slug}/manage/registrations/{cancelled.pk}/"
    response = secretariat_client.post(url, {"to_status": to_status}, follow=True)
    cancelled.refresh_from_db()
    assert cancelled.status == Status.CANCELLED
    assert mailoutbox == []
    page = response.content.decode()
    assert "1 registration was skipped: its delegate cancelled it" in page
    assert "The delegate cancelled this registration: only they can register again." in page
    assert 'class="status-form"' not in page  # no status change offered that would be refused


def test_the_service_refuses_to_reopen_a_cancellation_for_anyone_but_its_owner(conference, secretariat_user):
    cancelled = cancelled_by_its_delegate(conference)
    outcome = services.registration_set_status(registration=cancelled, to_status="approved", by=secretariat_user)
    assert outcome.skipped_cancelled and outcome.applied == Status.CANCELLED
    bulk = services.registration_bulk_set_status(
        conference=conference, registrations=[cancelled], to_status="declined", by=secretariat_user
    )
    assert (bulk.skipped_cancelled, bulk.counts) == (1, {})
    owner_outcome = services.registration_set_status(registration=cancelled, to_status="pending", by=cancelled.user)
    assert owner_outcome.applied == Status.PENDING  # the delegate registering again (self-service)


def test_bulk_decline_asks_for_confirmation_with_the_count(secretariat_client, conference, mailoutbox):
    chosen = RegistrationFactory.create_batch(3, conference=conference)
    cancelled = cancelled_by_its_delegate(conference)
    mailoutbox.clear()
    ids = [registration.pk for registration in [*chosen, cancelled]]
    response = secretariat_client.post(
        queue_url(conference, "?status=pending"), {"registrations": ids, "to_status": "declined", "message": "Sorry."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Decline: 4 registrations?" in page
    assert "1 of them was cancelled by its delegate and will be skipped." in page
    assert 'name="confirmed" value="1"' in page
    assert page.count('name="registrations"') == 4
    assert f'href="{queue_url(conference, "?status=pending")}"' in page  # the way back keeps the filters
    assert Registration.objects.filter(status=Status.DECLINED).count() == 0
    assert mailoutbox == []

    confirmed = secretariat_client.post(
        queue_url(conference, "?status=pending"),
        {"registrations": ids, "to_status": "declined", "message": "Sorry.", "confirmed": "1"},
    )
    assert confirmed.status_code == 302
    assert Registration.objects.filter(status=Status.DECLINED).count() == 3
    assert all("Sorry." in email.body for email in mailoutbox)


def test_approving_in_bulk_needs_no_confirmation(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference)
    response = secretariat_client.post(
        queue_url(conference), {"registrations": [registration.pk], "to_status": "approved"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_the_queue_has_a_select_all_box_that_needs_its_script(secretariat_client, conference):
    RegistrationFactory.create_batch(2, conference=conference)
    page = secretariat_client.get(queue_url(conference)).content.decode()
    assert 'data-select-all="registrations"' in page
    assert 'aria-label="Select all on this page" hidden' in page  # shown by the script only
    assert "/static/js/select-all.js" in page


def test_a_bulk_decline_says_where_the_freed_places_went(secretariat_client, secretariat_user, conference):
    approved = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=approved, to_status="approved", by=secretariat_user)
    waiting = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=waiting, to_status="waitlisted", by=secretariat_user)
    response = secretariat_client.post(
        queue_url(conference), {"registrations": [approved.pk], "to_status": "declined", "confirmed": "1"}, follow=True
    )
    assert "1 freed place went to the waiting list; the delegate has been e-mailed." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED


def test_declining_an_approved_delegate_on_its_page_says_the_place_went_on(
    secretariat_client, secretariat_user, conference
):
    approved = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=approved, to_status="approved", by=secretariat_user)
    waiting = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=waiting, to_status="waitlisted", by=secretariat_user)
    url = f"/en/{conference.slug}/manage/registrations/{approved.pk}/"
    response = secretariat_client.post(url, {"to_status": "declined"}, follow=True)
    assert "The freed place went to the first on the waiting list, who has been e-mailed." in response.content.decode()
