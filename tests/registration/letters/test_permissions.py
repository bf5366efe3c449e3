"""Who may request, read, decide on and download letters, and who is refused: written as the attack."""

import pytest
from django.urls import reverse

from registration.letters import services
from registration.models import Registration, VisaLetter
from tests.conftest import ROLES
from tests.factories import RegistrationFactory
from tests.registration.letters.conftest import PASSPORT_NUMBER

pytestmark = pytest.mark.django_db

LOGIN = "login"


def _fields(conference, request_data):
    return request_data | {
        "passport_number": PASSPORT_NUMBER,
        "passport_expiry": conference.end_date.replace(year=conference.end_date.year + 3),
        "date_of_birth": conference.start_date.replace(year=1985),
    }


@pytest.fixture
def issued(conference, approved, request_data, secretariat_user):
    letter = services.letter_request(registration=approved, fields=_fields(conference, request_data))
    return services.letter_issue(letter=letter, by=secretariat_user)


def _answer(response):
    if response.status_code == 302 and "/accounts/login/" in response.url:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_downloads_their_letter(as_role, role, conference, issued):
    """The other delegate, a door volunteer, a rapporteur and the secretariat have no letter of their own
    here: the address has no id to change, so they get nothing but a 404."""
    response = as_role(role).get(reverse("registration_files:my_letter_pdf", args=[conference.slug]))
    expected = {"anonymous": LOGIN, "delegate": 200} | dict.fromkeys(
        ["other_delegate", "rapporteur", "door", "secretariat"], 404
    )
    assert _answer(response) == expected[role]
    if role != "delegate":
        assert PASSPORT_NUMBER.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["letter_detail", "letter_pdf"])
def test_only_the_secretariat_reads_a_letter_by_its_id(as_role, role, name, conference, issued):
    namespace = "registration_files" if name == "letter_pdf" else "registration"
    response = as_role(role).get(reverse(f"{namespace}:{name}", args=[conference.slug, issued.pk]))
    expected = {"anonymous": LOGIN, "secretariat": 200} | dict.fromkeys(
        ["delegate", "other_delegate", "rapporteur", "door"], 403
    )
    assert _answer(response) == expected[role]
    if role != "secretariat":
        assert PASSPORT_NUMBER.encode() not in response.content


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur", "door"])
@pytest.mark.parametrize("name", ["letter_issue", "letter_decline", "letter_revoke"])
def test_nobody_but_the_secretariat_decides(as_role, role, name, conference, approved, request_data):
    letter = services.letter_request(registration=approved, fields=_fields(conference, request_data))
    response = as_role(role).post(reverse(f"registration:{name}", args=[conference.slug, letter.pk]), {"message": "x"})
    assert _answer(response) in (LOGIN, 403)
    letter.refresh_from_db()
    assert letter.status == VisaLetter.Status.REQUESTED and not letter.serial


@pytest.mark.parametrize("role", ["anonymous", "delegate", "rapporteur", "door"])
def test_nobody_but_the_secretariat_exports_passport_data(as_role, role, conference, issued):
    url = reverse("registration:letters_export", args=[conference.slug])
    response = as_role(role).post(url, {"include_passport_data": "yes"})
    assert _answer(response) in (LOGIN, 403)
    assert PASSPORT_NUMBER.encode() not in response.content


@pytest.mark.parametrize("status", ["pending", "waitlisted", "declined", "cancelled"])
def test_a_delegate_not_approved_cannot_request(
    client, conference, delegate_registration, delegate_user, request_data, status
):
    Registration.objects.filter(pk=delegate_registration.pk).update(status=status)
    client.force_login(delegate_user)
    url = reverse("registration:my_letter", args=[conference.slug])
    page = client.get(url)
    assert page.status_code == 200 and b'<form method="post" class="registration-form"' not in page.content
    assert client.post(url, request_data).status_code == 404
    assert not VisaLetter.objects.exists()


def test_the_service_refuses_a_registration_not_approved(conference, request_data):
    registration = RegistrationFactory(conference=conference, status="pending")
    with pytest.raises(services.LetterError):
        services.letter_request(registration=registration, fields=_fields(conference, request_data))


def test_a_letter_is_not_issued_once_the_registration_is_no_longer_approved(
    conference, approved, request_data, secretariat_user
):
    letter = services.letter_request(registration=approved, fields=_fields(conference, request_data))
    Registration.objects.filter(pk=approved.pk).update(status="cancelled")
    with pytest.raises(services.LetterError):
        services.letter_issue(letter=letter, by=secretariat_user)
    letter.refresh_from_db()
    assert letter.status == "requested" and letter.reference is None


def test_another_conference_s_secretariat_url_finds_nothing(
    client, conference, other_conference, issued, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("registration:letter_detail", args=[other_conference.slug, issued.pk])
    assert client.get(url).status_code == 404
