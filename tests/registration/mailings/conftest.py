"""Delegates in three languages with verified addresses, a message to write, and its release with the
sending job run inline (the release enqueues it once its transaction commits)."""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, NAME_SCRIPT_LANGUAGE
from registration.mailings.services import message_create, message_release
from registration.models import Registration
from tests.factories import RegistrationFactory, UserFactory

ARABIC = NAME_SCRIPT_LANGUAGE
OTHER = next(code for code in LANGUAGE_CODES if code not in {FALLBACK_LANGUAGE, ARABIC})
SUBJECTS = {
    FALLBACK_LANGUAGE: "News for {first_name}",
    ARABIC: "أخبار إلى {arabic_name}",
    OTHER: "Nouvelles pour {first_name}",
}
BODIES = {
    FALLBACK_LANGUAGE: "Dear {first_name} {last_name},\n\nSee you in {city}: {my_registration_link}",
    ARABIC: "عزيزتي {arabic_name}،\n\nنلقاكم في {city}: {my_registration_link}",
    OTHER: "Chère {first_name},\n\nRendez-vous à {city} : {my_registration_link}",
}


def texts(subjects=SUBJECTS, bodies=BODIES) -> dict:
    return {f"subject_{code}": subjects.get(code, "") for code in LANGUAGE_CODES} | {
        f"body_{code}": bodies.get(code, "") for code in LANGUAGE_CODES
    }


def verified(registration: Registration) -> Registration:
    """The delegate signed up with this address and confirmed it (allauth's verified address)."""
    registration.user = UserFactory(email=registration.email)
    registration.save(update_fields=["user"])
    return registration


@pytest.fixture
def delegates(conference):
    """One approved delegate per language, each with a verified address; Arabic has a name in Arabic script."""
    return {
        code: verified(
            RegistrationFactory(
                conference=conference,
                first_name=f"First{code}",
                last_name=f"Last{code}",
                name_ar="أمينة حداد" if code == ARABIC else "",
                email=f"{code}@example.org",
                language=code,
                status=Registration.Status.APPROVED,
            )
        )
        for code in LANGUAGE_CODES
    }


@pytest.fixture
def compose(conference, secretariat_user):
    def make(*, filters=None, picked=(), essential=False, **fields):
        return message_create(
            conference=conference,
            by=secretariat_user,
            fields={**texts(), "essential": essential, **fields},
            filters=filters if filters is not None else {"status": Registration.Status.APPROVED},
            picked=picked,
        )

    return make


@pytest.fixture
def release(django_capture_on_commit_callbacks, secretariat_user):
    def run(message, by=secretariat_user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return message_release(message=message, by=by, **kwargs)

    return run


@pytest.fixture
def refuse(monkeypatch):
    """``refuse.add(address)``: the mail server refuses that recipient (until it is removed)."""
    refused: set[str] = set()
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return refused
