"""Two secretaries press "Send now" at the same moment (or a reminder's task and the cron command run together):
one release, one e-mail per delegate."""

import threading

import pytest
from django.core import mail
from django.db import connection

from plenary.i18n import LANGUAGE_CODES
from registration.mailings.services import message_create, message_release
from registration.models import Delivery, Registration
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory
from tests.registration.mailings.conftest import texts, verified


def _race(clicks: int) -> None:
    conference = ConferenceFactory(slug="race")
    for code in LANGUAGE_CODES:
        verified(RegistrationFactory(conference=conference, language=code, status=Registration.Status.APPROVED))
    secretariat = UserFactory(groups=["Secretariat"])
    message = message_create(
        conference=conference, by=secretariat, fields=texts(), filters={"status": Registration.Status.APPROVED}
    )
    barrier = threading.Barrier(clicks)
    released, errors = [], []

    def click() -> None:
        try:
            barrier.wait(timeout=10)
            released.append(message_release(message=message, by=secretariat))
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(result is not None for result in released) == 1
    assert Delivery.objects.filter(message=message).count() == len(LANGUAGE_CODES)
    assert len(mail.outbox) == len(LANGUAGE_CODES)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("clicks", [2, 5])
def test_simultaneous_releases_send_once_on_postgresql(clicks):
    _race(clicks)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_releases_send_once_on_sqlite():
    _race(2)
