"""Latin fragments inside Arabic text are isolated, so their punctuation stays with them: "(.ics)", not "(ics.)"."""

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_agenda_file_types_are_isolated_on_arabic_pages(client, conference):
    page = client.get(f"/ar/{conference.slug}/agenda/").content.decode()
    assert "أضف جدول الأعمال إلى تقويمك (<bdi>.ics</bdi>)" in page
    assert "(<bdi>frab JSON</bdi>)" in page


def test_a_session_calendar_file_type_is_isolated(client, programme):
    page = client.get(f"/ar/{programme.conference.slug}/sessions/{programme.opening.pk}/").content.decode()
    assert "أضف إلى تقويمك (<bdi>.ics</bdi>)" in page


def test_the_import_template_type_is_isolated(secretariat_client, conference):
    page = secretariat_client.get(f"/ar/{conference.slug}/manage/import/").content.decode()
    assert "تنزيل النموذج (<bdi>.xlsx</bdi>)" in page


def test_english_follow_up_notes_are_isolated_on_the_arabic_page(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/ar/brussels-2025/recommendations/follow-up/").content.decode()
    assert "<bdi>Communication filed with the Office of the Prosecutor.</bdi>" in page
    assert "الجهة المسؤولة: <bdi>Legal committee of the alliance</bdi>" in page


def test_the_signed_in_address_is_isolated_in_the_menu(delegate_client, conference):
    page = delegate_client.get(f"/ar/{conference.slug}/").content.decode()
    assert 'dir="auto">delegate@example.org</a>' in page
