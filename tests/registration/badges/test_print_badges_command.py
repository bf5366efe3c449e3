"""`manage.py print_badges`: one PDF, sorted by last name, with the same queue and filters as the page."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from registration.badges.selectors import badge_print_queue
from registration.badges.services import badge_issue, badges_mark_printed
from registration.management.commands import print_badges
from registration.models import Badge
from tests.factories import RegistrationFactory
from tests.registration.badges.helpers import pdf_qr_codes


def _run(tmp_path, *args) -> bytes:
    output = tmp_path / "badges.pdf"
    call_command("print_badges", "--output", str(output), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return output.read_bytes()


def test_prints_every_approved_delegate_sorted_by_last_name(tmp_path, conference):
    for last_name in ["Zayed", "abbas", "Mansour"]:
        RegistrationFactory(conference=conference, status="approved", first_name="X", last_name=last_name)
    RegistrationFactory(conference=conference, status="pending", last_name="Pending")

    pdf = _run(tmp_path, "--conference", conference.slug, "--layout", "a6")

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(texts) == 3
    assert [next(n for n in ["abbas", "Mansour", "Zayed"] if n in text) for text in texts] == [
        "abbas",
        "Mansour",
        "Zayed",
    ]
    assert sorted(pdf_qr_codes(pdf)) == sorted(f"{settings.SITE_URL}/b/{b.token}" for b in Badge.objects.all())


def test_only_unprinted_category_and_mark_printed(tmp_path, conference):
    printed = RegistrationFactory(conference=conference, status="approved", category="journalist")
    badges_mark_printed(badges=Badge.objects.filter(pk=badge_issue(registration=printed).pk))
    fresh = RegistrationFactory(conference=conference, status="approved", category="journalist")
    RegistrationFactory(conference=conference, status="approved", category="delegate")

    pdf = _run(
        tmp_path, "--conference", conference.slug, "--only-unprinted", "--category", "journalist", "--mark-printed"
    )

    assert pdf_qr_codes(pdf) == [f"{settings.SITE_URL}/b/{badge_issue(registration=fresh).token}"]
    assert [r.category for r in badge_print_queue(conference=conference)] == ["delegate"]


def test_refuses_an_unknown_conference_an_empty_batch_and_an_unknown_layout(tmp_path, conference):
    with pytest.raises(CommandError, match="No conference"):
        _run(tmp_path, "--conference", "nowhere")
    with pytest.raises(CommandError, match="No badge"):
        _run(tmp_path, "--conference", conference.slug)
    with pytest.raises(CommandError):
        _run(tmp_path, "--conference", conference.slug, "--layout", "poster")


def test_renders_from_the_badge_ids_like_the_print_task(tmp_path, conference, monkeypatch):
    """One badge-PDF path: the command hands ids to ``badges_pdf_by_ids`` (flat memory), as the task does."""
    RegistrationFactory.create_batch(2, conference=conference, status="approved")
    seen = {}

    def by_ids(*, conference, ids, layout, progress=None):
        seen["ids"] = sorted(ids)
        return b"%PDF-1.7"

    monkeypatch.setattr(print_badges, "badges_pdf_by_ids", by_ids)
    _run(tmp_path, "--conference", conference.slug)
    assert seen["ids"] == sorted(Badge.objects.values_list("pk", flat=True))
