"""The Person admin as the attack: invisible and look-alike characters in names are refused with the reason,
direction controls in biographies are dropped (plenary.text)."""

import pytest
from django.urls import reverse

from conference.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, secretariat_user):
    secretariat_user.is_staff = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    return client


def person_post(**changes) -> dict:
    data = {
        "honorific": "Dr.",
        "name": "Hélène Martin",
        "name_ar": "هيلين مارتن",
        "visibility": "public",
        "organisation": "Addameer",
        "position": "Lawyer",
        "country": "",
        "biography_en": "",
        "biography_ar": "",
        "biography_fr": "",
        "email": "",
        "account": "",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u200d", "\u2028"])
def test_a_new_person_with_an_invisible_character_in_the_name_is_refused(admin_client, char):
    response = admin_client.post(reverse("admin:conference_person_add"), person_post(name=f"Hélène{char} Martin"))

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["name"])
    assert "Names cannot contain invisible control characters" in errors
    assert f"U+{ord(char):04X}" in errors
    assert "Names cannot contain invisible control characters" in response.content.decode()
    assert not Person.objects.exists()


def test_editing_a_name_to_add_a_zero_width_space_is_refused(admin_client):
    person = PersonFactory(name="Hélène Martin")

    response = admin_client.post(
        reverse("admin:conference_person_change", args=[person.pk]), person_post(name="Hél\u200bène Martin")
    )

    assert response.status_code == 200
    assert "U+200B ZERO WIDTH SPACE" in " ".join(response.context["adminform"].form.errors["name"])
    person.refresh_from_db()
    assert person.name == "Hélène Martin"


def test_a_cyrillic_look_alike_and_a_latin_arabic_name_are_refused(admin_client):
    response = admin_client.post(
        reverse("admin:conference_person_add"), person_post(name="H\u0435l\u0435n Martin", name_ar="Helen")
    )

    errors = response.context["adminform"].form.errors
    assert "This name mixes scripts: “\u0435” is Cyrillic" in " ".join(errors["name"])
    assert "Write this name in Arabic letters" in " ".join(errors["name_ar"])
    assert not Person.objects.exists()


def test_direction_controls_in_the_biography_are_dropped_and_arabic_marks_kept(admin_client):
    response = admin_client.post(
        reverse("admin:conference_person_add"),
        person_post(
            biography_en="Lawyer \u202efor the prisoners\u202c.",
            biography_ar="محامية\u200c \u2067للأسرى\u2069",
            organisation="\u202dAddameer",
        ),
    )

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.biography_en == "Lawyer for the prisoners."
    assert person.biography_ar == "محامية\u200c للأسرى"
    assert person.organisation == "Addameer"
    assert person.name == "Hélène Martin"
