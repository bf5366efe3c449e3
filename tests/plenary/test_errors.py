"""Error pages: on the base template, in the page's language, with a way back; 500 even without a database."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client, override_settings

from plenary.i18n import LANGUAGE_CODES, language_direction

pytestmark = pytest.mark.django_db


def _html_root(page: str) -> str:
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


def test_an_arabic_404_is_in_arabic_right_to_left_with_a_way_home(client):
    response = client.get("/ar/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert _html_root(page) == '<html lang="ar" dir="rtl">'
    assert "الصفحة غير موجودة" in page and "Page not found" not in page
    assert 'href="/ar/"' in page and 'class="site-header"' in page  # the base template's menu, the way home


def test_a_404_offers_the_page_the_visitor_came_from(client):
    response = client.get("/fr/no-such-page/", HTTP_REFERER="http://testserver/fr/")
    page = response.content.decode()
    assert "Page introuvable" in page and 'href="http://testserver/fr/" rel="prev"' in page
    # Not a page of another site.
    assert 'rel="prev"' not in client.get("/fr/nope/", HTTP_REFERER="https://evil.example/").content.decode()


def test_a_403_is_in_the_page_language(client, delegate_user, conference):
    client.force_login(delegate_user)
    response = client.get(f"/fr/{conference.slug}/manage/registrations/")
    page = response.content.decode()
    assert response.status_code == 403
    assert _html_root(page) == '<html lang="fr" dir="ltr">' and "Accès refusé" in page


def test_a_csrf_failure_explains_and_is_in_the_page_language(delegate_user, conference):
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate_user)
    response = client.post(f"/ar/{conference.slug}/register/", {})
    page = response.content.decode()
    assert response.status_code == 403
    assert 'dir="rtl"' in page and "انتهت صلاحية النموذج" in page


@override_settings(ROOT_URLCONF="tests.plenary.error_urls")
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_a_500_uses_the_base_template_in_the_page_language(code):
    response = Client(raise_request_exception=False).get(f"/{code}/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert _html_root(page) == f'<html lang="{code}" dir="{language_direction(code)}">'
    assert f'href="/{code}/"' in page and 'class="site-header"' in page


@override_settings(ROOT_URLCONF="tests.plenary.error_urls")
def test_a_500_renders_when_the_database_is_down():
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=OperationalError):
        response = client.get("/ar/broken/")
    assert response.status_code == 500 and "حدث خطأ ما" in response.content.decode()
