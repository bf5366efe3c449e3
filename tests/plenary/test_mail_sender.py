"""Who the e-mails are from, and how they look in the `make run` terminal: allauth's e-mails are signed by the
alliance, not by the request's host; the development backend prints Arabic and French as text."""

import io

import pytest
from django.core.mail import EmailMultiAlternatives

from plenary.console_mail import EmailBackend
from plenary.mail import sender_address
from tests.plenary.test_settings import run_manage

pytestmark = pytest.mark.django_db
PASSWORD = "a long new password 42"


def test_account_emails_are_from_the_alliance_not_the_host(client, mailoutbox, settings):
    settings.PLENARY_ALLIANCE_NAME = "European Alliance for Prisoners' Solidarity"
    settings.DEFAULT_FROM_EMAIL = "Plenary <noreply@alliance.example>"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/en/accounts/signup/", data, HTTP_HOST="127.0.0.1:8100")
    [email] = mailoutbox
    assert "Hello from 127.0.0.1:8100" not in email.body and "using 127.0.0.1:8100" not in email.body
    assert "Hello from European Alliance for Prisoners' Solidarity!" in email.body
    assert "Thank you for using European Alliance for Prisoners' Solidarity!" in email.body
    sender = email.message()["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (settings.PLENARY_ALLIANCE_NAME, "noreply@alliance.example")


def test_sender_names_are_quoted_as_a_header_needs(settings):
    settings.DEFAULT_FROM_EMAIL = "noreply@alliance.example"
    assert sender_address('Alliance, "Justice"') == '"Alliance, \\"Justice\\"" <noreply@alliance.example>'


def test_the_development_backend_prints_arabic_as_text():
    message = EmailMultiAlternatives(
        subject="[Plenary] تسجيلك في المؤتمر السنوي التاسع",
        body="حضرة أمينة حداد المحترم/ة،\nLa conférence a été approuvée.",
        from_email=sender_address("المؤتمر السنوي التاسع"),
        to=["amina@example.org"],
    )
    message.attach_alternative("<p>حضرة أمينة حداد</p>", "text/html")
    stream = io.StringIO()
    assert EmailBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "Subject: [Plenary] تسجيلك في المؤتمر السنوي التاسع" in printed
    assert "From: المؤتمر السنوي التاسع <" in printed
    assert "حضرة أمينة حداد المحترم/ة،" in printed
    assert "La conférence a été approuvée." in printed
    assert "<p>حضرة أمينة حداد</p>" in printed
    assert "=?utf-8?" not in printed and "=D8" not in printed


def test_make_run_uses_the_readable_backend():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.MAILERS)", DEBUG="1")
    assert "plenary.console_mail.EmailBackend" in result.stdout, result.stderr
