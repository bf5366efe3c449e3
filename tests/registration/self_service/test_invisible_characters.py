"""The delegate's registration form as the attack: invisible, direction and look-alike characters (plenary.text)."""

import pytest

from registration.models import Registration
from tests.registration.test_hostile_input import VALID, register

pytestmark = pytest.mark.django_db

# What the form used to accept in a name: zero-width space and joiner, right-to-left mark, Arabic letter mark,
# byte-order mark, soft hyphen, line separator; and the direction overrides and isolates.
IN_NAMES = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad", "\u2028", "\u2029"]
DIRECTION = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def _ids(chars):
    return [f"U+{ord(char):04X}" for char in chars]


@pytest.mark.parametrize("char", [*IN_NAMES, *DIRECTION], ids=_ids([*IN_NAMES, *DIRECTION]))
@pytest.mark.parametrize(
    ("field", "value"), [("first_name", "Ami{}na"), ("last_name", "Had{}dad"), ("name_ar", "أمي{}نة")]
)
def test_an_invisible_character_in_a_name_is_refused_with_the_reason(delegate_client, conference, char, field, value):
    response = register(delegate_client, conference, **{field: value.format(char)})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert "Names cannot contain invisible control characters" in errors
    assert f"U+{ord(char):04X}" in errors
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("first_name", "\u0415lena"), ("last_name", "Hadd\u0430d")])
def test_a_cyrillic_look_alike_in_a_latin_name_is_refused(delegate_client, conference, field, value):
    response = register(delegate_client, conference, **{field: value})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert "This name mixes scripts" in errors and "is Cyrillic" in errors
    assert not Registration.objects.exists()


def test_a_latin_name_in_the_arabic_name_field_is_refused(delegate_client, conference):
    response = register(delegate_client, conference, name_ar="Amina")
    assert "Write this name in Arabic letters" in " ".join(response.context["form"].errors["name_ar"])


IN_FREE_TEXT = [*DIRECTION, "\u2028", "\x1b"]


@pytest.mark.parametrize("char", IN_FREE_TEXT, ids=_ids(IN_FREE_TEXT))
def test_direction_and_control_characters_in_free_text_are_refused(delegate_client, conference, char):
    response = register(delegate_client, conference, organisation=f"Addameer{char} Association")

    assert response.status_code == 200
    assert "invisible control characters" in " ".join(response.context["form"].errors["organisation"])
    assert not Registration.objects.exists()


def test_free_text_keeps_what_arabic_needs_and_loses_invisible_noops(delegate_client, conference):
    organisation = "مؤسسة الضمير\u200c \u200fADD\u200f \u061c1\u200d"
    response = register(
        delegate_client,
        conference,
        organisation=organisation,
        position="Law\u00adyer\u200b\ufeff",
        accessibility_needs="Wheelchair\u2028Step-free access",
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation == organisation
    assert registration.position == "Lawyer"
    assert registration.accessibility_needs == "Wheelchair\nStep-free access"


def test_names_are_stored_nfc(delegate_client, conference):
    register(delegate_client, conference, first_name="Zoe\u0308")
    assert Registration.objects.get().first_name == "Zoë"


def test_the_edit_form_refuses_them_too(delegate_client, delegate_registration, conference):
    response = delegate_client.post(
        f"/en/{conference.slug}/my/edit/", {**VALID, "first_name": "Ami\u200bna", "last_name": "\u0415lena"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name"}
    delegate_registration.refresh_from_db()
    assert "\u200b" not in delegate_registration.first_name
