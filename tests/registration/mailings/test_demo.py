"""The demo (``load_demo``): in the ninth conference, a message sent in three languages, with its deliveries,
shown on the demo delegate's page; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from conference import demo
from plenary.i18n import LANGUAGE_CODES
from registration.models import Delivery, Message, User

pytestmark = pytest.mark.django_db


def test_the_ninth_conference_has_a_message_sent_in_three_languages(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    message = Message.objects.get(conference__slug=demo.SLUG)
    assert message.state == Message.State.SENT
    deliveries = Delivery.objects.filter(message=message)
    assert set(deliveries.values_list("language", flat=True)) == set(LANGUAGE_CODES)
    assert set(deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    delegate = User.objects.get(email="delegate@plenary.example")
    client.force_login(delegate)
    page = client.get(f"/en/{demo.SLUG}/my/").content.decode()
    assert "E-mails sent to you" in page and "Practical information for" not in page  # theirs is in Arabic
    arabic = client.get(f"/ar/{demo.SLUG}/my/").content.decode()
    assert "معلومات عملية عن" in arabic
