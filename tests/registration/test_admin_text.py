"""The registration admin's form as the attack: names checked and texts cleaned as on the delegate's form."""

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict

from registration.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_form(rf, registration, **changes):
    request = rf.post("/admin/registration/registration/")
    request.user = UserFactory(groups=["Secretariat"], is_staff=True)
    form_class = site._registry[Registration].get_form(request, registration, change=True)
    data = {key: value for key, value in model_to_dict(registration).items() if value is not None}
    return form_class(data={**data, "country": registration.country.code, **changes}, instance=registration)


def test_a_zero_width_space_or_a_cyrillic_letter_in_a_name_is_refused(rf, conference):
    registration = RegistrationFactory(conference=conference, first_name="Amina", last_name="Haddad")

    form = admin_form(rf, registration, first_name="Ami\u200bna", last_name="Hadd\u0430d", name_ar="\u202eأمينة")

    assert not form.is_valid()
    assert "U+200B ZERO WIDTH SPACE" in " ".join(form.errors["first_name"])
    assert "is Cyrillic" in " ".join(form.errors["last_name"])
    assert "invisible control characters" in " ".join(form.errors["name_ar"])


def test_direction_controls_in_free_text_are_dropped(rf, conference):
    registration = RegistrationFactory(conference=conference)

    form = admin_form(rf, registration, organisation="\u202eAddameer\u202c", accessibility_needs="Ramp\u2028please")

    assert form.is_valid(), form.errors
    form.save()
    registration.refresh_from_db()
    assert (registration.organisation, registration.accessibility_needs) == ("Addameer", "Ramp\nplease")
