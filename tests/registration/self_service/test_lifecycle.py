"""What a delegate may do today: register while open (again after cancelling), change or cancel until the
cut-off; the home page offers Register only to those not registered; "My registration" shows all they gave."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from registration.models import Registration, StatusChange

pytestmark = pytest.mark.django_db
Status = Registration.Status

FORM = {
    "first_name": "Amina",
    "last_name": "Haddad",
    "name_ar": "أمينة حداد",
    "organisation": "Addameer",
    "position": "Lawyer",
    "phone": "+32 2 555 01 01",
    "country": "PS",
    "category": "lawyer",
    "language": "ar",
    "interpretation_needs": "Arabic to French",
    "accessibility_needs": "Step-free access",
    "dietary_requirements": "Vegetarian",
    "photo_consent": "on",
    "accept_privacy": "on",
}


def page(client, conference, suffix="my/", lang="en") -> str:
    response = client.get(f"/{lang}/{conference.slug}/{suffix}", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_delegate_who_just_registered_is_told_until_when_they_can_change_it(delegate_client, conference):
    delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    text = page(delegate_client, conference)
    assert "You can change or cancel your registration online until" in text
    assert "can no longer be changed online" not in text


def test_after_the_cutoff_the_page_says_so_and_cancel_is_refused(delegate_client, delegate_registration, conference):
    conference.edit_cutoff = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    assert "can no longer be changed online" in page(delegate_client, conference)
    response = delegate_client.post(f"/en/{conference.slug}/my/cancel/", follow=True)
    assert "can no longer be cancelled online" in response.content.decode()
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.PENDING


def test_registration_closed_by_its_date_shows_the_closed_page(delegate_client, conference):
    conference.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    response = delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    assert "Registration is closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_not_yet_open_says_when_it_opens(delegate_client, conference):
    conference.registration_opens = timezone.now() + dt.timedelta(days=3)
    conference.save()
    text = page(delegate_client, conference, "register/")
    assert "Registration is not open yet" in text and "opens on" in text
    assert delegate_client.post(f"/en/{conference.slug}/register/", FORM).status_code == 200
    assert not Registration.objects.exists()


def test_a_delegate_who_cancelled_registers_again(delegate_client, delegate_registration, conference, mailoutbox):
    delegate_client.post(f"/en/{conference.slug}/my/cancel/")
    assert "Register again" in page(delegate_client, conference)
    form_page = page(delegate_client, conference, "register/")
    assert "register again" in form_page
    response = delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    assert response.status_code == 302
    registration = Registration.objects.get()  # the same row, one per delegate and conference
    assert registration.pk == delegate_registration.pk
    assert registration.status == Status.PENDING
    assert registration.dietary_requirements == "Vegetarian"
    assert list(StatusChange.objects.filter(registration=registration).values_list("to_status", flat=True)) == [
        Status.CANCELLED,
        Status.PENDING,
    ]
    assert len(mailoutbox) == 2  # cancelled, then received again (in the language chosen: Arabic)
    assert "تلقّينا" in mailoutbox[-1].subject  # "We received your registration"


def test_registering_again_someone_elses_cancelled_registration_is_refused(
    delegate_registration, other_delegate_user, conference
):
    from registration import services

    Registration.objects.filter(pk=delegate_registration.pk).update(status=Status.CANCELLED)
    with pytest.raises(PermissionDenied):
        services.registration_register_again(
            registration=delegate_registration, user=other_delegate_user, fields={"first_name": "Mallory"}
        )
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.CANCELLED and delegate_registration.first_name != "Mallory"


def test_no_registering_again_once_registration_closed(delegate_client, delegate_registration, conference):
    delegate_client.post(f"/en/{conference.slug}/my/cancel/")
    conference.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    response = delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    assert response.status_code == 302  # to their page, which shows the cancellation
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Status.CANCELLED


@pytest.mark.parametrize("status", [Status.DECLINED, Status.APPROVED])
def test_registering_again_is_only_for_a_cancellation(delegate_client, delegate_registration, conference, status):
    Registration.objects.filter(pk=delegate_registration.pk).update(status=status)
    delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == status


def test_the_home_page_offers_register_only_to_those_not_registered(
    client, delegate_client, delegate_registration, conference
):
    register = f"/en/{conference.slug}/register/"
    mine = page(delegate_client, conference, "")
    assert register not in mine
    assert f"/en/{conference.slug}/my/" in mine and 'data-status="pending"' in mine
    client.logout()
    anonymous = page(client, conference, "")
    assert register in anonymous and "Sign in" in anonymous


def test_my_registration_shows_every_detail_given(delegate_client, conference):
    delegate_client.post(f"/en/{conference.slug}/register/", FORM)
    text = page(delegate_client, conference)
    for shown in (
        "+32 2 555 01 01",
        "Vegetarian",
        "Step-free access",
        "Arabic to French",
        "Palestine",  # the country's name, not PS
        "Lawyer",
        "Arabic",  # the language's label
        "Dietary requirements",
        "Accessibility needs",
        "Interpretation needs",
        "I agree to be photographed",
        "Privacy policy",
    ):
        assert shown in text, shown


def test_my_data_is_readable_utf8(delegate_client, delegate_registration):
    response = delegate_client.get("/en/me/data.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert delegate_registration.name_ar.encode() in response.content
    assert b"\\u" not in response.content
    assert json.loads(response.content.decode("utf-8"))["registrations"][0]["name_ar"] == delegate_registration.name_ar
