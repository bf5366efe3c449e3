"""Hostile text in a recommendation prints as text, fetches nothing, and oversized input is refused."""

import pytest
from django.urls import reverse

from plenary.pdf import render as shared_pdf
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
        [draft(conference, session, secretariat_user, texts={"en": HOSTILE_EN, "ar": HOSTILE_AR, "fr": LINK})],
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


def test_hostile_text_is_escaped_on_the_detail_and_history_pages(client, conference, hostile, secretariat_user):
    client.force_login(secretariat_user)
    for name in ("recommendations:edit", "recommendations:history"):
        html = client.get(reverse(name, args=[conference.slug, hostile.pk])).content.decode()
        assert IMG not in html and SCRIPT not in html and LINK not in html, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name


OVERSIZED = "x" * 10_000


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("wording", {"text_en": OVERSIZED, "text_ar": "", "text_fr": ""}),
        ("follow_up_edit", {"status": "achieved", "responsible": OVERSIZED}),
        ("follow_up_edit", {"date": "2025-09-01", "text": OVERSIZED}),
        ("follow_up_edit", {"date": "not a date", "text": "Filed."}),
        ("follow_up_edit", {"status": "<script>", "responsible": ""}),
    ],
)
def test_the_secretariat_forms_refuse_wrong_and_oversized_input(
    client, conference, hostile, secretariat_user, page, data
):
    client.force_login(secretariat_user)
    response = client.post(reverse(f"recommendations:{page}", args=[conference.slug, hostile.pk]), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    hostile.refresh_from_db()
    assert hostile.adopted_text_en == "" and hostile.follow_up.status == "not_started"
    assert not hostile.follow_up.notes.exists() and hostile.follow_up.responsible == ""


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "adopted", "decided_on": "2025-05-04", "votes_for": "-1"},
        {"decision": "adopted", "decided_on": "2025-05-04", "votes_for": "9" * 12},
        {"decision": "promoted", "decided_on": "2025-05-04"},
        {"decision": "adopted", "decided_on": "04/05/2025 <b>"},
    ],
)
def test_the_decision_form_refuses_wrong_input(client, conference, session, secretariat_user, data):
    recommendation = draft(conference, session, secretariat_user)
    services.recommendation_submit(recommendation=recommendation, by=secretariat_user)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("recommendations:decide", args=[conference.slug]), {"recommendations": [recommendation.pk], **data}
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.state == Recommendation.State.SUBMITTED and recommendation.number == ""


def test_the_ordering_page_refuses_oversized_theme_names_and_escapes_hostile_ones(client, conference, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("recommendations:ordering", args=[conference.slug])
    response = client.post(url, {"name_en": OVERSIZED})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not conference.recommendation_themes.exists()
    client.post(url, {"name_en": f"{SCRIPT} {RLO}", "name_ar": IMG})
    html = client.get(url).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.post(url, {"theme_1": "first"}).status_code == 200  # not a number: the form says so
