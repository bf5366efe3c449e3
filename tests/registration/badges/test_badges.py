"""Badge PDFs read back (text and QR codes), the print queue, reprinting, and the secretariat's pages."""

import datetime as dt
import io
import math
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from plenary.audit.models import AuditLogEntry
from plenary.jobs.models import Job
from plenary.pdf import batch as pdf_batch
from plenary.pdf import render as conference_pdf
from registration.badges import pdf as badge_pdf
from registration.badges.pdf import LAYOUTS, render_badges_html
from registration.badges.selectors import BadgeBatch, badge_batch_get, badge_print_queue, badge_sheet_data
from registration.badges.services import (
    badge_batch_start,
    badge_issue,
    badge_reprint,
    badges_issue_for,
    badges_mark_printed,
)
from registration.badges.tasks import badges_pdf
from registration.models import Badge, ImportBatch, Registration
from tests.factories import RegistrationFactory
from tests.registration.badges.helpers import approved_badges, pdf_qr_codes, pdf_text

ARABIC_NAMES = ["أمينة حداد", "خالد عبد الرحمن", "مريم الشيخ"]
MM = 96 / 25.4  # CSS pixels per millimetre, WeasyPrint's unit for box sizes


def _url(badge: Badge) -> str:
    return f"{settings.SITE_URL}/b/{badge.token}"


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# --- The PDF, read back ---


def test_batch_pdf_holds_each_delegates_names_in_both_scripts_and_the_qr_code_of_their_token(conference):
    badges = [
        *approved_badges(conference, 1, first_name="Amina", last_name="Haddad", name_ar=ARABIC_NAMES[0]),
        *approved_badges(conference, 1, first_name="Khaled", last_name="Abdelrahman", name_ar=ARABIC_NAMES[1]),
        *approved_badges(conference, 1, first_name="Maryam", last_name="Cheikh", name_ar=ARABIC_NAMES[2]),
        *approved_badges(conference, 2, name_ar=""),
    ]

    pdf = badges_pdf(conference=conference, badges=badges, layout="a6-4up")

    text = pdf_text(pdf)
    for badge in badges:
        assert badge.registration.full_name in text
    for name in ARABIC_NAMES:
        assert name in text  # logical order: the name as typed, not reversed glyphs
    assert conference.title_en in text
    assert str(conference.start_date.day) in text and str(conference.start_date.year) in text
    assert sorted(pdf_qr_codes(pdf)) == sorted(_url(badge) for badge in badges)
    assert _pages(pdf) == 2


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_renders_every_badge_with_a_readable_qr_code(conference, layout):
    badges = approved_badges(conference, 5)

    pdf = badges_pdf(conference=conference, badges=badges, layout=layout)

    assert _pages(pdf) == math.ceil(5 / LAYOUTS[layout].per_sheet)
    assert sorted(pdf_qr_codes(pdf)) == sorted(_url(badge) for badge in badges)


def test_category_band_label_and_no_photo_mark(conference):
    press = approved_badges(conference, 1, category="journalist", photo_consent=False)
    speaker = approved_badges(conference, 1, category="speaker", photo_consent=True)

    header, items = badge_sheet_data(conference=conference, badges=[*press, *speaker])
    html = render_badges_html(conference=header, badges=items, layout="a6", qr_version=4)
    text = pdf_text(badges_pdf(conference=conference, badges=[*press, *speaker], layout="a6"))

    assert "category-journalist" in html and "category-speaker" in html
    assert "PRESS" in text.upper() and "SPEAKER" in text.upper()
    assert text.count("No photos") == 1  # only on the badge of the delegate who did not consent


def test_a_witness_badge_does_not_say_witness(conference):
    badges = approved_badges(conference, 1, category="witness")

    _header, items = badge_sheet_data(conference=conference, badges=badges)
    text = pdf_text(badges_pdf(conference=conference, badges=badges, layout="a6"))

    assert items[0].category == "delegate"
    assert "WITNESS" not in text.upper()


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _text_boxes(box):
    return [child for child in _boxes(box) if isinstance(child, TextBox)]


def _first(box, name: str):
    return next(child for child in _boxes(box) if name in _classes(child))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_longest_names_shrink_and_stay_inside_the_badge(conference, layout):
    """Values at the model's maximum lengths (forms and imports refuse longer ones): the text ends above
    the band, and above the QR code on A6."""
    badges = approved_badges(
        conference,
        1,
        first_name=("Wolfeschlegelsteinhausen" * 5)[:100],
        last_name=("Bergerdorff " * 10)[:100],
        name_ar=("عبد الرحمن بن " * 16)[:200],
        organisation=("International Federation of Associations for Human Rights and Legal Aid " * 3)[:200],
    )
    badges += approved_badges(conference, 1, first_name="Al", last_name="Li")
    # 300 characters without a space, longer than the model allows (never saved): still inside.
    unsaved = Registration(conference=conference, status="approved", first_name="W" * 150, last_name="X" * 150)
    badges.append(Badge(registration=unsaved))
    header, items = badge_sheet_data(conference=conference, badges=badges)
    assert items[0].name_size == 6 and items[1].name_size == 1
    html = render_badges_html(conference=header, badges=items, layout=layout, qr_version=4)

    document = HTML(string=html, url_fetcher=conference_pdf.RestrictedURLFetcher()).render()

    badge_boxes = [box for page in document.pages for box in _boxes(page._page_box) if "badge" in _classes(box)]
    assert len(badge_boxes) == 3
    for box in badge_boxes:
        qr, band = _first(box, "qr"), _first(box, "band")
        # at least 2 cm of QR code without its quiet zone (version 4: 33 modules)
        assert qr.width * 33 / (33 + 2 * badge_pdf.QR_BORDER) >= 20 * MM
        texts = [
            child for child in box.children if {"name", "name-ar", "organisation", "country"} & set(_classes(child))
        ]
        assert len(texts) == 4 or (box is not badge_boxes[0] and texts)
        text_bottom = max(text.position_y + text.margin_height() for text in texts)
        # the glyphs, wherever the lines wrap: inside the badge, and on cards beside the QR code, not under it
        text_right = max(glyphs.position_x + glyphs.width for text in texts for glyphs in _text_boxes(text))
        assert text_right <= box.position_x + box.margin_width()
        if LAYOUTS[layout].design == "card":
            assert text_right <= qr.position_x
        assert text_bottom <= band.position_y
        if LAYOUTS[layout].design == "a6":
            assert text_bottom <= qr.position_y
        assert band.position_y + band.margin_height() <= box.position_y + box.margin_height() + 0.01
    assert len(document.pages) == math.ceil(3 / LAYOUTS[layout].per_sheet)


HOSTILE = {
    "first_name": '<img src="file:///etc/passwd">',
    "last_name": "<link rel=stylesheet href=http://127.0.0.1:9/evil.css>",
    "organisation": '<style>@import url("http://127.0.0.1:9/x.css");</style>',
    "name_ar": "\u202eأمينة حداد",
}


def test_hostile_names_print_as_text_and_nothing_outside_plenary_is_fetched(conference, monkeypatch):
    asked: list[str] = []
    original = conference_pdf.RestrictedURLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(conference_pdf.RestrictedURLFetcher, "fetch", spy)
    badges = approved_badges(conference, 1, **HOSTILE)
    badges += approved_badges(conference, 1, first_name="Ré" * 50, last_name="Ré" * 50)  # the longest name

    pdf = badges_pdf(conference=conference, badges=badges, layout="a6")

    text = "".join(pdf_text(pdf).split())  # lines wrap anywhere in long values

    for value in (HOSTILE["first_name"], HOSTILE["last_name"], HOSTILE["organisation"]):
        assert "".join(value.split()) in text
    assert "أمينةحداد" in text
    _header, items = badge_sheet_data(conference=conference, badges=badges)
    assert items[0].name_ar == "أمينة حداد"  # the override is stripped: the name prints in logical order
    assert _pages(pdf) == 2
    outside = [url for url in asked if not url.startswith("data:")]
    assert outside == [Path(settings.BASE_DIR / "static/css/badges.css").resolve().as_uri()]


# Under pytest-xdist the test process has an I/O thread: forcing fork there is safe for these
# renderers (they use no lock of that thread) but Python warns.
FORK_UNDER_XDIST = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


@FORK_UNDER_XDIST
@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_parallel_chunks_are_joined_in_order(conference, monkeypatch, start_method):
    """This process and a worker share the chunks; a threaded caller gets a fork server instead of fork."""
    monkeypatch.setattr(pdf_batch, "_start_method", lambda: start_method)
    badges = sorted(approved_badges(conference, 7), key=lambda badge: badge.registration.last_name)
    header, items = badge_sheet_data(conference=conference, badges=badges)
    seen: list[tuple[int, int]] = []

    pdf = badge_pdf.render_badges_pdf(
        conference=header,
        badges=items,
        layout="a6",
        chunk_size=3,
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 7
    for page, badge in zip(reader.pages, badges, strict=True):
        assert badge.registration.last_name in page.extract_text()
    assert seen[-1] == (7, 7)  # four chunks of 2, 2, 2 and 1 badges
    assert [done for done, _total in seen] == sorted({done for done, _total in seen})


@FORK_UNDER_XDIST
def test_a_failing_worker_stops_the_batch(conference, monkeypatch):
    monkeypatch.setattr(pdf_batch, "_start_method", lambda: "fork")  # the worker inherits the failing renderer
    parent = os.getpid()
    render_pdf = badge_pdf.render_pdf

    def fails_in_the_worker(html: str) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the worker failed")
        return render_pdf(html)

    monkeypatch.setattr(badge_pdf, "render_pdf", fails_in_the_worker)
    header, items = badge_sheet_data(conference=conference, badges=approved_badges(conference, 6))

    with pytest.raises(RuntimeError, match="the worker failed"):
        badge_pdf.render_badges_pdf(conference=header, badges=items, layout="a6", chunk_size=1, workers=2)


# --- Tokens, reprints, the queue ---


def test_tokens_are_random_long_and_say_nothing_about_the_person(conference):
    badge = approved_badges(conference, 1, first_name="Amina", last_name="Haddad")[0]

    other = approved_badges(conference, 1, first_name="Amina", last_name="Haddad")[0]

    assert len(badge.token) >= 32 and len(set(badge.token)) > 10  # 24 random bytes, URL-safe base64
    assert badge.token != other.token  # same name, unrelated tokens
    assert badge_issue(registration=badge.registration) == badge  # idempotent


def test_reprint_revokes_the_old_token_and_puts_the_delegate_back_in_the_queue(conference, secretariat_user):
    badge = approved_badges(conference, 1)[0]
    badges_mark_printed(badges=Badge.objects.filter(pk=badge.pk))
    assert not badge_print_queue(conference=conference).exists()

    new = badge_reprint(registration=badge.registration, by=secretariat_user)

    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert new.token != badge.token and new.revoked_at is None and new.printed_at is None
    assert list(badge_print_queue(conference=conference)) == [badge.registration]
    assert Badge.objects.filter(registration=badge.registration, revoked_at__isnull=True).count() == 1
    assert AuditLogEntry.objects.filter(action="badge.reprint", actor=secretariat_user).exists()


def test_print_queue_has_approved_unprinted_or_changed_delegates_sorted_by_last_name(conference, other_conference):
    zed = RegistrationFactory(conference=conference, status="approved", last_name="zed")
    abu = RegistrationFactory(conference=conference, status="approved", last_name="Abu")
    printed = RegistrationFactory(conference=conference, status="approved", last_name="Printed")
    changed = RegistrationFactory(conference=conference, status="approved", last_name="Changed")
    RegistrationFactory(conference=conference, status="pending", last_name="Pending")
    RegistrationFactory(conference=conference, status="cancelled", last_name="Cancelled")
    RegistrationFactory(conference=other_conference, status="approved", last_name="Elsewhere")
    badges = badges_issue_for(registrations=[printed, changed])
    badges_mark_printed(badges=Badge.objects.filter(pk__in=[b.pk for b in badges]), now=timezone.now())
    Registration.objects.filter(pk=changed.pk).update(updated_at=timezone.now() + dt.timedelta(minutes=1))

    queue = list(badge_print_queue(conference=conference))

    assert queue == [abu, changed, zed]
    everyone = list(badge_print_queue(conference=conference, include_printed=True))
    assert everyone == [abu, changed, printed, zed]


def test_print_queue_filters(conference, secretariat_user):
    batch = ImportBatch.objects.create(
        conference=conference, created_by=secretariat_user, filename="a.xlsx", sha256="0"
    )
    press = RegistrationFactory(conference=conference, status="approved", category="journalist", country="BE")
    imported = RegistrationFactory(
        conference=conference, status="approved", organisation="Al-Haq Foundation", import_batch=batch, country="FR"
    )

    assert list(badge_print_queue(conference=conference, category="journalist")) == [press]
    assert list(badge_print_queue(conference=conference, country="FR")) == [imported]
    assert list(badge_print_queue(conference=conference, organisation="al-haq")) == [imported]
    assert list(badge_print_queue(conference=conference, import_batch=batch)) == [imported]


# --- The secretariat's pages ---


def test_queue_page_lists_the_queue(secretariat_client, conference):
    RegistrationFactory(conference=conference, status="approved", first_name="Amina", last_name="Haddad")
    RegistrationFactory(conference=conference, status="pending", first_name="Pending", last_name="Person")

    response = secretariat_client.get(reverse("registration:badge_queue", args=[conference.slug]))

    assert response.status_code == 200
    assert "Haddad" in response.text and "Pending" not in response.text


def test_queue_page_query_count_does_not_grow_with_the_queue(
    secretariat_client, conference, django_assert_max_num_queries
):
    url = reverse("registration:badge_queue", args=[conference.slug])
    RegistrationFactory(conference=conference, status="approved")
    secretariat_client.get(url)
    with django_assert_max_num_queries(12) as one:
        secretariat_client.get(url)
    RegistrationFactory.create_batch(20, conference=conference, status="approved")
    with django_assert_max_num_queries(len(one.captured_queries)):
        secretariat_client.get(url)


def test_printing_a_small_batch_gives_a_job_with_the_pdf_then_mark_printed(secretariat_client, conference):
    registrations = RegistrationFactory.create_batch(3, conference=conference, status="approved")

    response = secretariat_client.post(
        reverse("registration:badge_queue", args=[conference.slug]),
        {"layout": "cr80", "registration": [registrations[0].pk, registrations[1].pk]},
    )

    job = Job.objects.get(kind="badges")
    assert response.status_code == 302
    assert response.url == reverse("registration:badge_job", args=[conference.slug, job.pk])
    assert job.state == Job.State.DONE and job.total == 2
    page = secretariat_client.get(response.url)
    assert reverse("jobs:download", args=[job.pk]) in page.text
    download = secretariat_client.get(reverse("jobs:download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    assert sorted(pdf_qr_codes(pdf)) == sorted(
        _url(b) for b in Badge.objects.filter(registration__in=registrations[:2])
    )

    secretariat_client.post(reverse("registration:badge_mark_printed", args=[conference.slug]), {"job": job.pk})

    assert list(badge_print_queue(conference=conference)) == [registrations[2]]


def test_a_large_batch_runs_as_a_task(secretariat_client, conference, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(41, conference=conference, status="approved")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        secretariat_client.post(reverse("registration:badge_queue", args=[conference.slug]), {"layout": "a6-4up"})

    assert len(callbacks) == 1  # enqueued after the commit, run by the (immediate) task backend
    job = Job.objects.get(kind="badges")
    assert job.state == Job.State.DONE and job.total == 41 and job.result
    assert _pages(job.result.read()) == 11


def test_mark_ticked_badges_printed_and_reprint_one(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference, status="approved")
    old = badge_issue(registration=registration)
    url = reverse("registration:badge_mark_printed", args=[conference.slug])

    secretariat_client.post(url, {"registration": [registration.pk]})
    assert not badge_print_queue(conference=conference).exists()

    secretariat_client.post(
        reverse("registration:badge_reprint", args=[conference.slug, registration.pk]), {"confirm": "1"}
    )

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert list(badge_print_queue(conference=conference)) == [registration]


def test_reprint_is_offered_only_for_printed_badges(secretariat_client, conference):
    never_printed = RegistrationFactory(conference=conference, status="approved", last_name="Neverprinted")
    badge_issue(registration=never_printed)
    printed = RegistrationFactory(conference=conference, status="approved", last_name="Printedonce")
    badges_mark_printed(badges=Badge.objects.filter(pk=badge_issue(registration=printed).pk))

    page = secretariat_client.get(
        reverse("registration:badge_queue", args=[conference.slug]), {"include_printed": "on"}
    ).text

    assert reverse("registration:badge_reprint", args=[conference.slug, printed.pk]) in page
    assert reverse("registration:badge_reprint", args=[conference.slug, never_printed.pk]) not in page
    assert page.count(">Reprint<") == 1
    refused = secretariat_client.post(
        reverse("registration:badge_reprint", args=[conference.slug, never_printed.pk]), {"confirm": "1"}
    )
    assert refused.status_code == 404
    assert Badge.objects.get(registration=never_printed).revoked_at is None


def test_reprint_asks_for_confirmation_before_revoking_the_old_qr_code(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference, status="approved", last_name="Haddad")
    old = badge_issue(registration=registration)
    badges_mark_printed(badges=Badge.objects.filter(pk=old.pk))
    url = reverse("registration:badge_reprint", args=[conference.slug, registration.pk])

    confirmation = secretariat_client.get(url)
    unconfirmed = secretariat_client.post(url)

    assert confirmation.status_code == 200 and unconfirmed.status_code == 200
    assert "the old badge's QR code will stop working at the door" in confirmation.text
    assert "Haddad" in confirmation.text
    old.refresh_from_db()
    assert old.revoked_at is None  # neither the page nor a POST without the confirmation revoked it

    done = secretariat_client.post(url, {"confirm": "1"})

    old.refresh_from_db()
    assert done.status_code == 302 and old.revoked_at is not None


def test_mark_printed_ignores_badges_of_another_conference(secretariat_client, conference, other_conference):
    elsewhere = badge_issue(registration=RegistrationFactory(conference=other_conference, status="approved"))

    secretariat_client.post(
        reverse("registration:badge_mark_printed", args=[conference.slug]),
        {"registration": [elsewhere.registration_id]},
    )

    elsewhere.refresh_from_db()
    assert elsewhere.printed_at is None


def test_print_form_refuses_an_unknown_layout_and_garbage_ids(secretariat_client, conference):
    RegistrationFactory(conference=conference, status="approved")
    url = reverse("registration:badge_queue", args=[conference.slug])

    assert secretariat_client.post(url, {"layout": "../../etc"}).status_code == 200
    assert secretariat_client.post(url, {"layout": "a6", "registration": ["1 OR 1=1"]}).status_code == 200
    assert not Job.objects.exists()


# --- A delegate's own badge ---


def test_an_approved_delegate_sees_their_qr_code_and_downloads_their_badge(delegate_client, delegate_registration):
    Registration.objects.filter(pk=delegate_registration.pk).update(status="approved", name_ar="أمينة حداد")
    slug = delegate_registration.conference.slug

    page = delegate_client.get(reverse("registration:my_badge", args=[slug]))
    response = delegate_client.get(reverse("registration_files:my_badge_pdf", args=[slug]))

    badge = Badge.objects.get(registration=delegate_registration)
    assert page.status_code == 200 and 'src="data:image/png;base64,' in page.text
    assert badge.token not in page.text  # the QR image carries it; the page does not spell it out
    assert response["Content-Type"] == "application/pdf"
    assert pdf_qr_codes(response.content) == [_url(badge)]
    assert "أمينة حداد" in pdf_text(response.content)


def test_a_delegate_not_yet_approved_has_no_badge(delegate_client, delegate_registration):
    slug = delegate_registration.conference.slug

    page = delegate_client.get(reverse("registration:my_badge", args=[slug]))

    assert page.status_code == 200 and "data:image/png" not in page.text
    assert delegate_client.get(reverse("registration_files:my_badge_pdf", args=[slug])).status_code == 404
    assert not Badge.objects.exists()


def test_a_batch_is_read_back_typed_from_its_job(conference, secretariat_user):
    registrations = RegistrationFactory.create_batch(2, conference=conference, status="approved")
    job = badge_batch_start(conference=conference, registrations=registrations, layout="a6", by=secretariat_user)
    batch = badge_batch_get(conference=conference, pk=job.pk)
    assert isinstance(batch, BadgeBatch)
    assert batch.layout == LAYOUTS["a6"] and batch.count == 2
    assert set(batch.badge_ids) == set(Badge.objects.values_list("pk", flat=True))
    job.details = {"badge_ids": ["1 OR 1=1", 3], "layout": "nonsense"}
    assert BadgeBatch.from_job(job).badge_ids == (3,) and BadgeBatch.from_job(job).layout is None
