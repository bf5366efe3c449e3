"""Public programme pages in English and Arabic."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from conference.models import Conference
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"conference:{name}", kwargs=kwargs)


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_conference_list_puts_the_current_one_first_and_archived_last(client, programme):
    today = dt.date.today()
    ConferenceFactory(
        slug="old",
        title_en="Old edition",
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=399),
    )
    ConferenceFactory(
        slug="archived",
        title_en="Archived edition",
        status=Conference.Status.ARCHIVED,
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=29),
    )
    ConferenceFactory(
        slug="next",
        title_en="Next edition",
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=31),
    )
    ConferenceFactory(slug="draft", title_en="Secret draft", status=Conference.Status.DRAFT)

    page = html(client, url("index"))

    assert page.index("Next edition") < page.index("Old edition") < page.index("Archived edition")
    assert "Secret draft" not in page


def test_draft_conference_has_no_public_pages(client):
    ConferenceFactory(slug="draft", status=Conference.Status.DRAFT)
    for name in ("home", "agenda", "speakers"):
        assert client.get(url(name, slug="draft")).status_code == 404


def test_home_in_english_and_arabic(client, programme):
    page = html(client, url("home", slug="brussels-2025"))
    assert '<html lang="en" dir="ltr">' in page
    assert "Strengthening International Solidarity" in page
    assert "Brussels" in page and "Residence Palace" in page
    assert "/brussels-2025/agenda.ics?lang=en" in page

    page = html(client, url("home", "ar", slug="brussels-2025"))
    assert '<html lang="ar" dir="rtl">' in page
    assert "تعزيز التضامن الدولي" in page
    assert "بروكسل" in page
    assert "/brussels-2025/agenda.ics?lang=ar" in page


def test_agenda_groups_by_day_with_local_times_rooms_kinds_and_roles(client, programme):
    page = html(client, url("agenda", slug="brussels-2025"))

    first_day, second_day = page.index("3 May 2025"), page.index("4 May 2025")
    assert first_day < page.index("Opening and minute of silence") < second_day
    assert second_day < page.index("Testimonies of released prisoners")
    assert "09:00" in page and "10:00" in page and "14:00" in page  # Brussels time, not UTC (07:00)
    assert "07:00" not in page
    assert "Plenary Hall" in page and "Opening" in page and "Testimony" in page
    assert re.search(r"<dt>Chair</dt>\s*<dd>\s*<ul[^>]*>\s*<li><a[^>]*><bdi[^>]*>Dr\. Samira Haddad</bdi></a>", page)
    assert '<span class="person-name-ar" lang="ar" dir="rtl">سميرة حداد</span>' in page
    assert "Rim Khatib" in page  # name-only people are named, without a link
    assert url("speaker", slug="brussels-2025", pk=programme.name_only.pk) not in page
    assert "Unannounced closed meeting" not in page


def test_agenda_times_follow_the_conference_time_zone(client, programme):
    Conference.objects.filter(pk=programme.conference.pk).update(time_zone="Asia/Amman")
    page = html(client, url("agenda", slug="brussels-2025"))
    assert ">10:00</time>–<time" in page  # 09:00 Brussels (UTC+2) is 10:00 in Amman (UTC+3)


def test_agenda_in_arabic_marks_english_fallbacks(client, programme):
    programme.opening.title_ar = ""
    programme.opening.save()

    page = html(client, url("agenda", "ar", slug="brussels-2025"))

    assert '<html lang="ar" dir="rtl">' in page
    assert "شهادات الأسرى المحررين" in page
    assert 'lang="en" dir="ltr">Opening and minute of silence</a>' in page
    assert "الجلسة الافتتاحية" not in page


def test_french_falls_back_to_english(client, programme):
    page = html(client, url("session", "fr", slug="brussels-2025", pk=programme.opening.pk))
    assert '<h1 lang="en" dir="ltr">Opening and minute of silence</h1>' in page


def test_language_switcher_keeps_the_page(client, programme):
    page = html(client, url("agenda", "ar", slug="brussels-2025"))
    assert 'href="/en/brussels-2025/agenda/" hreflang="en"' in page
    assert 'href="/fr/brussels-2025/agenda/" hreflang="fr"' in page


def test_session_page(client, programme):
    page = html(client, url("session", slug="brussels-2025", pk=programme.opening.pk))
    assert "Opening and minute of silence" in page
    assert "Welcome and a minute of silence." in page
    assert f"/brussels-2025/sessions/{programme.opening.pk}.ics?lang=en" in page


def test_unpublished_session_is_hidden_from_the_public_and_other_roles(client, door_user, programme):
    path = url("session", slug="brussels-2025", pk=programme.draft.pk)
    assert client.get(path).status_code == 404
    client.force_login(door_user)
    assert client.get(path).status_code == 404


def test_unpublished_session_is_previewable_by_the_secretariat(secretariat_client, programme):
    response = secretariat_client.get(url("session", slug="brussels-2025", pk=programme.draft.pk))
    assert response.status_code == 200
    assert "Not published (preview)" in response.content.decode()


def test_session_of_another_conference_is_404(client, programme):
    other = ConferenceFactory(slug="other")
    assert client.get(url("session", slug=other.slug, pk=programme.opening.pk)).status_code == 404


def test_speakers_list_public_and_name_only_people_of_published_sessions(client, programme):
    page = html(client, url("speakers", slug="brussels-2025"))
    assert "Dr. Samira Haddad" in page
    assert url("speaker", slug="brussels-2025", pk=programme.public.pk) in page
    assert "Rim Khatib" in page and "ريم الخطيب" in page
    assert "Family Committee" not in page  # name only means the name only
    assert "Only In Draft Session" not in page


def test_public_speaker_page(client, programme):
    page = html(client, url("speaker", "ar", slug="brussels-2025", pk=programme.public.pk))
    assert '<html lang="ar" dir="rtl">' in page
    assert "طبيبة ومدافعة." in page
    assert programme.public.photo.url in page
    assert "شهادات الأسرى المحررين" in page
    assert programme.public.email not in page


@pytest.mark.parametrize("who", ["name_only", "anonymous", "unlisted"])
def test_no_page_for_name_only_anonymous_or_people_outside_published_sessions(client, programme, who):
    person = getattr(programme, who)
    assert client.get(url("speaker", slug="brussels-2025", pk=person.pk)).status_code == 404


def test_speaker_of_another_conference_has_no_page_here(client, programme):
    ConferenceFactory(slug="other")
    assert client.get(url("speaker", slug="other", pk=programme.public.pk)).status_code == 404


def test_hostile_text_is_escaped(client, programme):
    programme.opening.title_en = "<script>alert(1)</script>\u202eevil"
    programme.opening.title_ar = ""
    programme.opening.description_en = "x" * 10_000
    programme.opening.save()
    page = html(client, url("agenda", slug="brussels-2025"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pages_refuse_post(client, programme):
    assert client.post(url("agenda", slug="brussels-2025")).status_code == 405
