"""Hostile text in a recommendation prints as text, fetches nothing, and oversized input is refused."""

import pytest
from django.urls import reverse

from conference import pdf as shared_pdf
from recommendations import services
from recommendations.models import Recommendation
from tests.recommendations.conftest import adopt, draft, pdf_text

pytestmark = pytest.mark.django_db

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel=stylesheet href="http://evil.test/x.css">'
SCRIPT = "<script>alert(1)</script>"
RLO = "\u202eevil.exe\u202c"
HOSTILE_EN = f"Free them {IMG} {LINK} {SCRIPT} {RLO}"
HOSTILE_AR = f"أطلقوا سراحهم {IMG} \u202eعكس\u202c"


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the shared fetcher for."""
    urls: list[str] = []
    original = shared_pdf.RestrictedURLFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(shared_pdf.RestrictedURLFetcher, "fetch", recording)
    return urls


@pytest.fixture
def hostile(conference, session, secretariat_user):
    [recommendation] = adopt(
        [draft(conference, session, secretariat_user, text_en=HOSTILE_EN, text_ar=HOSTILE_AR, text_fr=LINK)],
        secretariat_user,
    )
    return recommendation


def test_hostile_text_prints_as_text_and_nothing_is_fetched(conference, hostile, secretariat_user, fetched, tmp_path):
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)
    text = pdf_text(bytes(publication.pdf), tmp_path)
    compact = "".join(text.split())  # long URLs wrap at "/", which pdftotext turns into a space
    for markup in (IMG, LINK, SCRIPT):
        assert "".join(markup.split()) in compact
    assert "root:" not in text
    # The override stays inside its own paragraph: shown reversed there, the number and footer are intact.
    assert "exe.live" in text or "evil.exe" in text
    assert "R9-01 Free them" in text and "Version 1 · published" in text
    # Only Plenary's own stylesheet and the QR code's data URI were asked for.
    assert all(url.startswith("data:") or url.endswith("/static/css/recommendations-pdf.css") for url in fetched)
    assert not [url for url in fetched if "passwd" in url or "evil.test" in url]


def test_hostile_text_is_escaped_on_the_pages(client, conference, hostile, secretariat_user):
    services.publication_publish(conference=conference, by=secretariat_user)
    for name in ("recommendations:public", "recommendations:follow_up"):
        html = client.get(reverse(name, args=[conference.slug])).content.decode()
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
        assert IMG not in html and SCRIPT not in html and 'href="http://evil.test' not in html
    client.force_login(secretariat_user)
    html = client.get(reverse("recommendations:manage", args=[conference.slug])).content.decode()
    assert IMG not in html and "&lt;img" in html


def test_an_oversized_text_is_refused_by_the_editor(client, conference, session, rapporteur):
    client.force_login(rapporteur)
    theme = Recommendation._meta.get_field("theme").related_model.objects.first()
    response = client.post(
        reverse("recommendations:create", args=[conference.slug]),
        {"session": session.pk, "theme": theme.pk, "text_en": "x" * 10_000, "text_ar": "ع" * 10_000},
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 4000 characters" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_the_editor_refuses_a_session_that_is_not_the_rapporteurs(client, conference, other_session, rapporteur):
    client.force_login(rapporteur)
    theme = Recommendation._meta.get_field("theme").related_model.objects.first()
    response = client.post(
        reverse("recommendations:create", args=[conference.slug]),
        {"session": other_session.pk, "theme": theme.pk, "text_en": "Sneaky."},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_a_follow_up_note_refuses_links_that_are_not_web_addresses(client, conference, hostile, secretariat_user, url):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("recommendations:follow_up_edit", args=[conference.slug, hostile.pk]),
        {"date": "2025-09-01", "text": "Evidence", "evidence_url": url},
    )
    assert response.status_code == 200
    assert not hostile.follow_up.notes.exists()
