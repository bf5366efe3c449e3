"""The demo's ninth conference: the demo delegate's issued letter, which their QR verifies, and check-ins."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from registration.models import CheckIn, User, VisaLetter
from tests.registration.badges.helpers import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_delegate_downloads_an_issued_letter_and_a_certificate(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (idempotent)
    letter = VisaLetter.objects.get()
    slug = letter.registration.conference.slug
    assert letter.status == "issued" and letter.registration.user.email == "delegate@plenary.example"
    assert CheckIn.objects.filter(registration__conference__slug=slug).values("registration").distinct().count() >= 3
    client.force_login(User.objects.get(email="delegate@plenary.example"))
    pdf = client.get(reverse("registration_files:my_letter_pdf", args=[slug])).content
    assert "YOUSSEF KHALIL" in pdf_text(pdf)
    [code] = pdf_qr_codes(pdf)
    assert letter.reference in code
    certificate = client.get(reverse("registration_files:my_certificate_pdf", args=[slug]))
    assert certificate.status_code == 200 and "Youssef Khalil" in pdf_text(certificate.content)
