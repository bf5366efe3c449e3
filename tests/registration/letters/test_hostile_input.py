"""What the letter form refuses: dates that cannot be, passport numbers that are not, names that hide text,
and sizes no passport has."""

import datetime as dt

import pytest
from django.urls import reverse

from registration.models import VisaLetter

pytestmark = pytest.mark.django_db


def _post(client, conference, data):
    return client.post(reverse("registration:my_letter", args=[conference.slug]), data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("passport_number", "12"),  # too short
        ("passport_number", "A" * 21),  # too long
        ("passport_number", "P9X<41275"),
        ("passport_number", "P9X41275\u202e"),
        ("passport_number", "=HYPERLINK(1)"),
        ("passport_name", "AMINA\u202eDADDAH"),  # a right-to-left override reverses what prints
        ("passport_name", "AMINА HADDAD"),  # a Cyrillic А
        ("passport_name", "أمينة حداد"),  # the passport's machine-readable name is in Latin letters
        ("passport_name", "A" * 201),
        ("passport_name", ""),
        ("consulate", "Embassy\u202e of Belgium"),
        ("consulate", "x" * 201),
        ("nationality", "XX"),
        ("language", "ar"),  # letters are in English or French
        ("date_of_birth", "1850-01-01"),
        ("date_of_birth", "2030-01-01"),
        ("date_of_birth", "not a date"),
        ("passport_expiry", "2000-01-01"),
        ("passport_expiry", "9999-12-31"),
    ],
)
def test_refused(client, conference, approved, delegate_user, request_data, field, value):
    client.force_login(delegate_user)
    response = _post(client, conference, request_data | {field: value})
    assert response.status_code == 200  # the form again, with the error under the field
    assert field in response.context["form"].errors
    assert not VisaLetter.objects.exists()


def test_a_passport_that_expires_during_the_conference_is_refused(
    client, conference, approved, delegate_user, request_data
):
    client.force_login(delegate_user)
    response = _post(client, conference, request_data | {"passport_expiry": conference.end_date.isoformat()})
    assert "must still be valid after the conference" in response.content.decode()
    ok = _post(
        client, conference, request_data | {"passport_expiry": (conference.end_date + dt.timedelta(days=1)).isoformat()}
    )
    assert ok.status_code == 302


def test_a_huge_body_is_refused_without_storing_anything(client, conference, approved, delegate_user, request_data):
    client.force_login(delegate_user)
    response = _post(client, conference, request_data | {"consulate": "x" * 100_000, "passport_name": "A" * 100_000})
    assert response.status_code in (200, 400, 413)
    assert not VisaLetter.objects.exists()


def test_markup_in_the_consulate_prints_as_text(
    client, conference, approved, delegate_user, request_data, secretariat_user
):
    from registration.letters import services
    from tests.registration.badges.helpers import pdf_text

    client.force_login(delegate_user)
    _post(client, conference, request_data | {"consulate": '<img src="file:///etc/passwd"> Embassy'})
    letter = services.letter_issue(letter=VisaLetter.objects.get(), by=secretariat_user)
    assert '<img src="file:///etc/passwd"> Embassy' in pdf_text(services.letter_pdf(letter=letter))


def test_the_decline_message_is_required_and_bounded(
    client, conference, approved, delegate_user, request_data, secretariat_user
):
    client.force_login(delegate_user)
    _post(client, conference, request_data)
    letter = VisaLetter.objects.get()
    client.force_login(secretariat_user)
    url = reverse("registration:letter_decline", args=[conference.slug, letter.pk])
    for message in ("", "x" * 1001):
        client.post(url, {"message": message})
        letter.refresh_from_db()
        assert letter.status == "requested"
