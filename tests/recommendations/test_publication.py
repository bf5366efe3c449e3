"""Published versions never change; a new version only when the adopted text changed; the command."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from recommendations import services
from recommendations.models import Publication
from tests.factories import SessionFactory
from tests.recommendations.conftest import adopt, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(conference, session, secretariat_user):
    return adopt(
        [
            draft(
                conference,
                session,
                secretariat_user,
                texts={
                    "en": "Refer the prisoners' issue to the ICC.",
                    "ar": "إحالة قضية الأسرى إلى المحكمة الجنائية الدولية.",
                },
            ),
            draft(
                conference,
                session,
                secretariat_user,
                texts={"en": "Protect child prisoners.", "ar": "حماية الأطفال الأسرى."},
            ),
        ],
        secretariat_user,
    )


def test_publishing_freezes_the_adopted_text_with_its_hash(conference, adopted, secretariat_user):
    publication, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert created and publication.number == 1
    themes = publication.snapshot["themes"]
    assert [item["number"] for group in themes for item in group["recommendations"]] == ["R9-01", "R9-02"]
    assert themes[0]["recommendations"][1]["text"]["ar"] == "حماية الأطفال الأسرى."
    canonical = json.dumps(themes, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert publication.sha256 == hashlib.sha256(canonical).hexdigest()
    assert bytes(publication.pdf).startswith(b"%PDF")
    assert publication.changes == {}


def test_the_json_download_hashes_to_the_printed_sha256(client, conference, adopted, secretariat_user):
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)
    response = client.get(reverse("recommendations_files:version_json", args=[conference.slug, 1]))
    assert hashlib.sha256(response.content).hexdigest() == publication.sha256


def test_publishing_twice_without_change_creates_nothing(conference, adopted, secretariat_user):
    first, _ = services.publication_publish(conference=conference, by=secretariat_user)
    again, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert not created and again.pk == first.pk
    assert Publication.objects.count() == 1


def test_nothing_adopted_nothing_published(conference, session, secretariat_user):
    draft(conference, session, secretariat_user)
    with pytest.raises(ValidationError):
        services.publication_publish(conference=conference, by=secretariat_user)
    assert not Publication.objects.exists()


def test_editing_after_publication_changes_neither_v1_page_nor_its_pdf(client, conference, adopted, secretariat_user):
    v1, _ = services.publication_publish(conference=conference, by=secretariat_user)
    v1_pdf = bytes(v1.pdf)
    v1_url = reverse("recommendations:public_version", args=[conference.slug, 1])
    v1_page = client.get(v1_url).content.decode()
    services.recommendation_set_adopted_wording(
        recommendation=adopted[0],
        by=secretariat_user,
        texts={"en": "Refer the prisoners' issue to the ICC without delay.", "ar": adopted[0].text_ar, "fr": ""},
    )
    later = adopt([draft(conference, adopted[0].session, secretariat_user, texts={"en": "Restore family visits."})],
                  secretariat_user)  # fmt: skip

    v2, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert created and v2.number == 2
    assert v2.changes == {"added": [later[0].number], "removed": [], "changed": ["R9-01"]}

    v1.refresh_from_db()
    assert bytes(v1.pdf) == v1_pdf
    pdf_response = client.get(reverse("recommendations_files:version_pdf", args=[conference.slug, 1]))
    assert pdf_response.content == v1_pdf
    v1_page_again = client.get(v1_url).content.decode()
    assert "without delay" not in v1_page_again and "Restore family visits." not in v1_page_again
    assert "Refer the prisoners&#x27; issue to the ICC." in v1_page_again
    assert v1_page_again.count("<li id=") == v1_page.count("<li id=") == 2

    latest = client.get(reverse("recommendations:public", args=[conference.slug])).content.decode()
    assert "without delay" in latest and "Restore family visits." in latest
    latest_pdf = client.get(reverse("recommendations_files:latest_pdf", args=[conference.slug])).content
    assert latest_pdf == bytes(v2.pdf) != v1_pdf


def test_a_saved_version_cannot_be_saved_again(conference, adopted, secretariat_user):
    publication, _ = services.publication_publish(conference=conference, by=secretariat_user)
    publication.sha256 = "0" * 64
    with pytest.raises(ValueError, match="never changes"):
        publication.save()
    publication.refresh_from_db()
    assert publication.sha256 != "0" * 64


def test_a_draft_edited_after_publication_does_not_make_a_new_version(conference, adopted, secretariat_user):
    services.publication_publish(conference=conference, by=secretariat_user)
    draft(conference, adopted[0].session, secretariat_user, texts={"en": "Not yet adopted."})
    _, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert not created


def test_the_archival_copy_is_rendered_once_and_kept(client, conference, adopted, secretariat_user):
    services.publication_publish(conference=conference, by=secretariat_user)
    url = reverse("recommendations_files:archival_pdf", args=[conference.slug, 1])
    first = client.get(url).content
    services.recommendation_set_adopted_wording(
        recommendation=adopted[1], by=secretariat_user, texts={"en": "Changed.", "ar": "", "fr": ""}
    )
    assert client.get(url).content == first
    assert (
        client.get(reverse("recommendations_files:latest_pdf", args=[conference.slug]) + "?archival=1").content == first
    )


def test_the_command_publishes_then_says_nothing_changed(conference, adopted, secretariat_user, tmp_path, capsys):
    output = tmp_path / "recommendations.pdf"
    call_command("publish_recommendations", "--conference", conference.slug, "--output", str(output))
    first = capsys.readouterr().out
    assert "Published version 1" in first
    assert output.read_bytes() == bytes(Publication.objects.get().pdf)

    output.unlink()
    call_command("publish_recommendations", "--conference", conference.slug, "--output", str(output))
    second = capsys.readouterr().out
    assert "Nothing changed since version 1" in second
    assert output.read_bytes() == bytes(Publication.objects.get().pdf)
    assert Publication.objects.count() == 1


def test_the_command_refuses_an_unknown_conference_or_nothing_to_publish(conference, secretariat_user):
    with pytest.raises(CommandError):
        call_command("publish_recommendations", "--conference", "nowhere")
    SessionFactory(conference=conference)
    with pytest.raises(CommandError, match="no adopted recommendation"):
        call_command("publish_recommendations", "--conference", conference.slug)


def test_the_command_needs_a_secretariat_account(conference, adopted, secretariat_user):
    secretariat_user.is_active = False
    secretariat_user.save()
    with pytest.raises(CommandError, match="Secretariat"):
        call_command("publish_recommendations", "--conference", conference.slug)


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_rendered_before_the_conference_row_is_locked(conference, adopted, secretariat_user, monkeypatch):
    """Registration approvals lock the same row: a second of PDF rendering must not hold them up."""
    render = services.render_recommendations_pdf
    in_transaction_while_rendering = []

    def watching_render(*args, **kwargs):
        in_transaction_while_rendering.append(connection.in_atomic_block)
        return render(*args, **kwargs)

    monkeypatch.setattr(services, "render_recommendations_pdf", watching_render)
    publication, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert created and publication.pdf.startswith(b"%PDF")
    assert in_transaction_while_rendering == [False]


def test_a_version_published_meanwhile_makes_the_renderer_start_again(
    conference, adopted, secretariat_user, monkeypatch
):
    """Two secretaries publish at once: the second one's draft is rendered again as the next number."""
    next_publication = services._next_publication
    calls = []

    def other_publishes_first(**kwargs):
        draft_publication, last = next_publication(**kwargs)
        if not calls:
            services.Publication.objects.create(
                conference=conference,
                number=draft_publication.number,
                published_at=draft_publication.published_at,
                snapshot=draft_publication.snapshot,
                sha256="0" * 64,
                pdf=draft_publication.pdf,
            )
        calls.append(draft_publication.number)
        return draft_publication, last

    monkeypatch.setattr(services, "_next_publication", other_publishes_first)
    publication, created = services.publication_publish(conference=conference, by=secretariat_user)
    assert created and calls == [1, 2] and publication.number == 2
