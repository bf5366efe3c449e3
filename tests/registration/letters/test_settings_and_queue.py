"""The letter settings page (letterhead, signatory, a signature image re-encoded without metadata) and the
secretariat's queue (in a constant number of queries)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from registration.letters import services
from registration.models import LetterSettings
from tests.factories import RegistrationFactory
from tests.registration.badges.helpers import pdf_text
from tests.registration.letters.conftest import PASSPORT_NUMBER

pytestmark = pytest.mark.django_db


def _signature_png() -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50 + (x % 17) - 8), (0, 0, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=_text_chunk("Author", "Leila Mansour, Ramallah"))
    return buffer.getvalue()


def _text_chunk(key: str, value: str):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


def _fields(conference, request_data):
    return request_data | {
        "passport_number": PASSPORT_NUMBER,
        "passport_expiry": conference.end_date.replace(year=conference.end_date.year + 3),
        "date_of_birth": conference.start_date.replace(year=1985),
    }


def test_settings_with_a_signature_print_on_the_letter(client, conference, approved, request_data, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registration:letter_settings", args=[conference.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "letterhead": "Alliance for Prisoners' Rights\nRue de la Loi 155",
            "signatory_name": "Dr. Leila Mansour",
            "signatory_title": "Secretary General",
            "covered_by_default": "travel",
            "signature": SimpleUploadedFile("leila-mansour-signature.png", _signature_png()),
        },
    )
    assert response.status_code == 302
    saved = LetterSettings.objects.get(conference=conference)
    assert "leila" not in saved.signature.name.lower()  # a random name
    with saved.signature.open("rb") as file:
        stored = file.read()
    assert b"Ramallah" not in stored  # the text chunk did not survive the re-encoding
    letter = services.letter_request(registration=approved, fields=_fields(conference, request_data))
    assert letter.coverage == "travel"  # the conference's default
    letter = services.letter_issue(letter=letter, by=secretariat_user)
    text = pdf_text(services.letter_pdf(letter=letter))
    assert "Dr. Leila Mansour" in text and "Secretary General" in text and "Rue de la Loi 155" in text


def test_a_file_that_is_not_an_image_is_refused(client, conference, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registration:letter_settings", args=[conference.slug])
    response = client.post(
        url,
        {"covered_by_default": "nothing", "signature": SimpleUploadedFile("sig.png", b"<script>alert(1)</script>")},
    )
    assert response.status_code == 200 and "signature" in response.context["form"].errors
    assert not LetterSettings.objects.exists()


@pytest.mark.parametrize("role", ["delegate", "rapporteur", "door"])
def test_only_the_secretariat_changes_the_settings(as_role, role, conference):
    url = reverse("registration:letter_settings", args=[conference.slug])
    assert as_role(role).post(url, {"signatory_name": "Mallory", "covered_by_default": "both"}).status_code == 403
    assert not LetterSettings.objects.exists()


def test_the_queue_in_a_constant_number_of_queries(client, conference, request_data, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registration:letter_queue", args=[conference.slug])

    def queries(count: int) -> int:
        for _ in range(count):
            registration = RegistrationFactory(conference=conference, status="approved")
            services.letter_request(registration=registration, fields=_fields(conference, request_data))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(1) == queries(3)
