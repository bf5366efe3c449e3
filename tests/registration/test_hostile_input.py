"""Wrong and hostile input on every registration form."""

import pytest

from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Amina",
    "last_name": "Haddad",
    "organisation": "Addameer",
    "country": "PS",
    "category": "delegate",
    "language": "en",
    "accept_privacy": "on",
}
RLO = "\u202e"


def register(client, conference, **changes):
    data = {**VALID, **changes}
    return client.post(f"/en/{conference.slug}/register/", {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("missing", ["first_name", "last_name", "organisation", "country", "accept_privacy"])
def test_missing_required_fields(delegate_client, conference, missing):
    response = register(delegate_client, conference, **{missing: None})
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "XX"),
        ("category", "staff"),  # assigned by the secretariat only
        ("category", "superuser"),
        ("language", "de"),
        ("organisation", "x" * 10_000),
        ("first_name", "x" * 10_000),
        ("accessibility_needs", "x" * 10_000),
        ("first_name", f"Amina{RLO}rednaxelA"),
        ("organisation", f"{RLO}reemaddA"),
        ("name_ar", "\u2067أمينة\u2069"),
        ("last_name", "Had\x00dad"),
    ],
)
def test_wrong_and_hostile_values_are_refused(delegate_client, conference, field, value):
    response = register(delegate_client, conference, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("first_name", "أمينة"), ("last_name", "حداد"), ("last_name", "Хаддад")])
def test_first_and_last_names_must_be_in_latin_script(delegate_client, conference, field, value):
    response = register(delegate_client, conference, **{field: value})
    assert response.status_code == 200
    assert "in Latin letters" in str(response.context["form"].errors[field])
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("first_name", "last_name"), [("Zoë", "N'Diaye-Müller"), ("Łukasz", "Ørsted Çelik")])
def test_latin_names_with_accents_and_punctuation_are_accepted(delegate_client, conference, first_name, last_name):
    response = register(delegate_client, conference, first_name=first_name, last_name=last_name, name_ar="أمينة")
    assert response.status_code == 302
    assert Registration.objects.get().full_name == f"{first_name} {last_name}"


def test_right_to_left_override_error_is_explained(delegate_client, conference):
    response = register(delegate_client, conference, first_name=f"Amina{RLO}")
    assert "invisible control characters" in response.content.decode()


def test_line_breaks_allowed_in_accessibility_needs(delegate_client, conference):
    register(delegate_client, conference, accessibility_needs="Wheelchair\r\nStep-free access")
    assert Registration.objects.get().accessibility_needs == "Wheelchair\r\nStep-free access"


def test_html_and_script_are_stored_as_text_and_shown_escaped(delegate_client, secretariat_client, conference):
    script = "<script>alert('x')</script>"
    response = register(delegate_client, conference, first_name=script, organisation='<img src=x onerror="boom">')
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.first_name == script
    pages = [
        delegate_client.get(f"/en/{conference.slug}/my/"),
        secretariat_client.get(f"/en/{conference.slug}/manage/registrations/"),
        secretariat_client.get(f"/en/{conference.slug}/manage/registrations/{registration.pk}/"),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert "<img src=x" not in html


def test_html_in_public_participants_list_is_escaped(client, conference):
    conference.participants_list_public = True
    conference.save()
    RegistrationFactory(conference=conference, first_name="<b>Bold</b>", status="approved", list_consent=True)
    html = client.get(f"/en/{conference.slug}/participants/").content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_email_already_registered_in_another_case(delegate_client, delegate_user, conference, other_delegate_user):
    # Someone else's account already holds a registration under this address, in upper case.
    RegistrationFactory(conference=conference, user=other_delegate_user, email=delegate_user.email.upper())
    response = register(delegate_client, conference)
    assert response.status_code == 200
    assert "already registered for this conference" in response.content.decode()
    assert Registration.objects.filter(conference=conference).count() == 1


def test_search_and_filters_survive_hostile_queries(secretariat_client, conference):
    RegistrationFactory(conference=conference)
    for query in ("?q=" + "x" * 10_000, "?q=%27%3B--", f"?q={RLO}", "?country=<script>", "?page=-1", "?page=999"):
        response = secretariat_client.get(f"/en/{conference.slug}/manage/registrations/{query}")
        assert response.status_code == 200


def test_oversized_message_on_status_change(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference)
    response = secretariat_client.post(
        f"/en/{conference.slug}/manage/registrations/{registration.pk}/",
        {"to_status": "approved", "message": "x" * 10_000},
    )
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    registration.refresh_from_db()
    assert registration.status == "pending"


def test_edit_form_refuses_hostile_input_too(delegate_client, delegate_registration, conference):
    response = delegate_client.post(
        f"/en/{conference.slug}/my/edit/",
        {**VALID, "organisation": "x" * 10_000, "first_name": f"{RLO}animA"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"organisation", "first_name"}
    delegate_registration.refresh_from_db()
    assert len(delegate_registration.organisation) < 300


def test_delete_account_form_needs_confirmation(delegate_client, delegate_user):
    response = delegate_client.post("/en/me/delete/", {"password": "correct horse battery"})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    delegate_user.refresh_from_db()


@pytest.mark.parametrize("password", ["x" * 10_000, "<script>alert(1)</script>", f"{RLO}yrettab esroh tcerroc", ""])
def test_delete_account_refuses_wrong_oversized_and_hostile_passwords(delegate_client, delegate_user, password):
    response = delegate_client.post("/en/me/delete/", {"password": password, "confirm": "on"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    delegate_user.refresh_from_db()  # still there


@pytest.mark.parametrize(
    "email", ["<script>@example.org", f"amina{RLO}@example.org", "x" * 10_000 + "@example.org", "not-an-email"]
)
def test_signup_refuses_hostile_emails(client, email):
    from registration.models import User

    response = client.post(
        "/en/accounts/signup/",
        {"email": email, "password1": "correct horse battery", "password2": "correct horse battery"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.exists()
    assert "<script>@" not in response.content.decode()
