"""The secretariat's pages: compose (placeholders checked, hostile input refused or escaped), the preview of the
exact e-mail for any delegate, send, discard, resend, the delivery log, and their query counts; the delegate's
page and the unsubscribe link."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from plenary.audit.models import Action, AuditLogEntry
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES
from registration.mailings.services import mail_unsubscribe
from registration.mailings.unsubscribe import unsubscribe_token
from registration.models import Delivery, MailOptOut, Message, Registration
from tests.factories import RegistrationFactory
from tests.registration.mailings.conftest import ARABIC, OTHER, texts

pytestmark = pytest.mark.django_db


def url(name, conference, **kwargs):
    return reverse(f"registration:{name}", kwargs={"slug": conference.slug, **kwargs})


def compose_data(**changes) -> dict:
    data = texts() | {"to-status": Registration.Status.APPROVED}
    return {**data, **changes}


def test_compose_saves_to_the_outbox_and_sends_nothing(secretariat_client, conference, delegates):
    response = secretariat_client.post(url("mail_compose", conference), compose_data(**{"to-language": ARABIC}))
    message = Message.objects.get()
    assert response.status_code == 302 and response["Location"] == url("mail_message", conference, pk=message.pk)
    assert message.state == Message.State.OUTBOX and message.filters["language"] == ARABIC
    assert mail.outbox == []
    page = secretariat_client.get(response["Location"])
    assert "1 recipient today" in page.content.decode()
    entry = AuditLogEntry.objects.get(action=Action.MAIL_COMPOSE)
    assert entry.details["message"] == message.pk and "أخبار" not in str(entry.details) + entry.summary


def test_the_preview_is_the_exact_email_of_the_chosen_delegate(secretariat_client, conference, delegates, compose):
    message = compose()
    page = secretariat_client.get(
        url("mail_message", conference, pk=message.pk), {"registration": delegates[ARABIC].pk}
    )
    html = page.content.decode()
    assert page.context["preview"].subject == "[Plenary] أخبار إلى أمينة حداد"
    assert 'class="mail-preview" lang="ar" dir="rtl"' in html
    assert "List-Unsubscribe-Post" in html
    assert "نلقاكم في بروكسل" in page.context["preview"].text


def test_the_preview_says_when_a_delegate_gets_the_english_text(secretariat_client, conference, delegates, compose):
    message = compose(**texts(subjects={FALLBACK_LANGUAGE: "Hi"}, bodies={FALLBACK_LANGUAGE: "Hello"}))
    page = secretariat_client.get(
        url("mail_message", conference, pk=message.pk), {"registration": delegates[ARABIC].pk}
    )
    assert "they receive the English text" in page.content.decode()


def test_send_now_then_the_log(secretariat_client, conference, delegates, compose, django_capture_on_commit_callbacks):
    message = compose()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url("mail_send", conference, pk=message.pk))
    assert response.status_code == 302 and len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(url("mail_send", conference, pk=message.pk))  # a second click
    assert len(mail.outbox) == 3
    log = secretariat_client.get(url("mail_log", conference, pk=message.pk))
    assert log.content.decode().count('data-state="sent"') == 3
    assert AuditLogEntry.objects.filter(action=Action.MAIL_SEND).count() == 1


def test_discard(secretariat_client, conference, delegates, compose):
    message = compose()
    assert secretariat_client.post(url("mail_discard", conference, pk=message.pk)).status_code == 302
    message.refresh_from_db()
    assert message.state == Message.State.DISCARDED
    assert secretariat_client.get(url("mail_edit", conference, pk=message.pk)).status_code == 302


def test_resend_from_the_page(secretariat_client, conference, delegates, compose, release, refuse):
    refuse.add(f"{OTHER}@example.org")
    message = release(compose())
    page = secretariat_client.get(url("mail_message", conference, pk=message.pk))
    assert "Send the failed e-mails again" in page.content.decode()
    refuse.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        secretariat_client.post(url("mail_resend", conference, pk=message.pk))
    assert Delivery.objects.get(registration=delegates[OTHER]).state == Delivery.State.SENT


# --- Hostile input ---


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({f"subject_{FALLBACK_LANGUAGE}": "Hello\r\nBcc: everyone@example.org"}, f"subject_{FALLBACK_LANGUAGE}", ""),
        ({f"subject_{FALLBACK_LANGUAGE}": "Hello\nBcc: x@example.org"}, f"subject_{FALLBACK_LANGUAGE}", ""),
        ({f"body_{FALLBACK_LANGUAGE}": "Dear {password}, {first_name}"}, f"body_{FALLBACK_LANGUAGE}", "{password}"),
        ({f"subject_{FALLBACK_LANGUAGE}": "x" * 201}, f"subject_{FALLBACK_LANGUAGE}", "at most 200"),
        ({f"body_{FALLBACK_LANGUAGE}": "x" * 10_001}, f"body_{FALLBACK_LANGUAGE}", "at most 10000"),
        ({f"subject_{FALLBACK_LANGUAGE}": "", f"body_{FALLBACK_LANGUAGE}": ""}, f"subject_{FALLBACK_LANGUAGE}", ""),
        ({f"body_{OTHER}": ""}, f"body_{OTHER}", "Write both"),
        ({f"subject_{FALLBACK_LANGUAGE}": "Hi \u202eevil"}, f"subject_{FALLBACK_LANGUAGE}", ""),
        ({"days_before": "-3"}, "days_before", ""),
        ({"to-language": "xx"}, None, ""),
        ({"picked": "999999"}, "picked", ""),
    ],
)
def test_hostile_or_oversized_input_is_refused(secretariat_client, conference, delegates, changes, field, error):
    response = secretariat_client.post(url("mail_compose", conference), compose_data(**changes))
    assert response.status_code == 400
    assert not Message.objects.exists()
    if field:
        errors = " ".join(response.context["form"].errors.get(field, []))
        assert errors and error in errors


def test_html_in_the_body_and_in_a_name_is_escaped(secretariat_client, conference, delegates, compose, release):
    delegates[FALLBACK_LANGUAGE].first_name = '<img src=x onerror="alert(1)">'
    delegates[FALLBACK_LANGUAGE].save()
    body = {FALLBACK_LANGUAGE: "<script>alert('body')</script> {first_name} <a href='javascript:x'>go</a>"}
    message = compose(**texts(bodies=body | {ARABIC: BODIES_AR}, subjects=SUBJECTS_ALL))
    page = secretariat_client.get(
        url("mail_message", conference, pk=message.pk), {"registration": delegates[FALLBACK_LANGUAGE].pk}
    )
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    release(message)
    sent = next(m for m in mail.outbox if m.to == [f"{FALLBACK_LANGUAGE}@example.org"])
    part = sent.alternatives[0][0]
    assert "<script>" not in part and "<img" not in part and "href='javascript" not in part
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in part
    assert '<img src=x onerror="alert(1)">' in sent.body  # the text part is text


def test_a_format_string_lookalike_stays_text(conference, delegates, compose, release):
    """Placeholders are looked up in a fixed table, never through str.format: attribute lookups are just text."""
    body = {FALLBACK_LANGUAGE: "{first_name.__class__} {0} {settings.SECRET_KEY} {first_name}"}
    release(compose(**texts(bodies=body | {ARABIC: BODIES_AR}, subjects=SUBJECTS_ALL)))
    sent = next(m for m in mail.outbox if m.to == [f"{FALLBACK_LANGUAGE}@example.org"])
    assert sent.body.startswith(f"{{first_name.__class__}} {{0}} {{settings.SECRET_KEY}} First{FALLBACK_LANGUAGE}")


BODIES_AR = "نص"
SUBJECTS_ALL = dict.fromkeys(LANGUAGE_CODES, "Hi")


def test_a_value_with_a_line_break_cannot_start_a_header(conference, delegates, compose, release):
    Registration.objects.filter(pk=delegates[FALLBACK_LANGUAGE].pk).update(first_name="Amina\r\nBcc: all@example.org")
    release(compose())
    sent = next(m for m in mail.outbox if m.to == [f"{FALLBACK_LANGUAGE}@example.org"])
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert sent.bcc == [] and "Bcc" not in {key for key, _value in sent.message().items()}


# --- Permissions, as the attack ---


@pytest.mark.parametrize("role", ["anonymous", "delegate", "rapporteur", "door"])
def test_nobody_but_the_secretariat_composes_previews_or_reads_the_log(
    as_role, role, conference, delegates, compose, release, delegate_registration
):
    message = release(compose())
    client = as_role(role)
    pk = {"pk": message.pk}
    for method, name, kwargs, data in [
        ("get", "mail_outbox", {}, {}),
        ("get", "mail_compose", {}, {}),
        ("post", "mail_compose", {}, compose_data()),
        ("get", "mail_message", pk, {"registration": delegates[ARABIC].pk}),
        ("get", "mail_log", pk, {}),
        ("post", "mail_send", pk, {}),
        ("post", "mail_resend", pk, {}),
        ("post", "mail_discard", pk, {}),
        ("get", "mail_edit", pk, {}),
    ]:
        response = getattr(client, method)(url(name, conference, **kwargs), data)
        assert response.status_code in {302, 403}, (name, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        assert "أمينة" not in response.content.decode()
    assert Message.objects.count() == 1 and len(mail.outbox) == 3


def test_another_conference_s_messages_are_not_found_through_this_one(
    secretariat_client, conference, other_conference, delegates, compose, release
):
    message = release(compose())
    for name in ("mail_message", "mail_log", "mail_edit"):
        assert secretariat_client.get(url(name, other_conference, pk=message.pk)).status_code == 404
    for name in ("mail_send", "mail_resend", "mail_discard"):
        assert secretariat_client.post(url(name, other_conference, pk=message.pk)).status_code == 404
    stranger = RegistrationFactory(conference=other_conference)
    page = secretariat_client.get(url("mail_message", conference, pk=message.pk), {"registration": stranger.pk})
    assert page.context["recipient"].conference_id == conference.pk  # not the other conference's delegate


# --- Query counts ---


def test_the_outbox_page_queries_do_not_grow_with_messages(
    secretariat_client, conference, delegates, compose, release, django_assert_max_num_queries
):
    release(compose())
    compose()
    with django_assert_max_num_queries(20) as few:
        assert secretariat_client.get(url("mail_outbox", conference)).status_code == 200
    for _ in range(3):
        release(compose())
        compose(days_before=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert secretariat_client.get(url("mail_outbox", conference)).status_code == 200


def test_the_log_page_queries_do_not_grow_with_deliveries(
    secretariat_client, conference, delegates, compose, release, django_assert_max_num_queries
):
    small = release(compose(filters={"language": ARABIC}))
    with django_assert_max_num_queries(20) as few:
        assert secretariat_client.get(url("mail_log", conference, pk=small.pk)).status_code == 200
    big = release(compose())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert secretariat_client.get(url("mail_log", conference, pk=big.pk)).status_code == 200


# --- The delegate ---


def test_my_registration_lists_what_was_sent_in_the_delegate_s_language(conference, delegates, compose, release):
    release(compose())
    client = Client()
    client.force_login(delegates[ARABIC].user)
    page = client.get(f"/{ARABIC}/{conference.slug}/my/").content.decode()
    assert "أخبار إلى أمينة حداد" in page
    other = Client()
    other.force_login(delegates[OTHER].user)
    assert "أخبار" not in other.get(f"/{OTHER}/{conference.slug}/my/").content.decode()


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(conference, delegates, compose, release):
    release(compose(filters={"language": ARABIC}))
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://plenary.test")
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    assert page.status_code == 200 and page["Content-Language"] == ARABIC and 'dir="rtl"' in page.content.decode()
    assert not MailOptOut.objects.exists()  # a GET (a mail scanner following links) changes nothing
    assert client.get(link.split("?")[0], HTTP_ACCEPT_LANGUAGE=OTHER)["Content-Language"] == OTHER
    assert client.get(link.split("?")[0], {"lang": "xx"})["Content-Language"] == FALLBACK_LANGUAGE
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200  # RFC 8058's one click
    assert MailOptOut.objects.filter(registration=delegates[ARABIC]).exists()


@pytest.mark.parametrize("token", ["forged", "1:abc", "MQ:1tNzYw:bad", "' OR 1=1 --"])
def test_a_forged_unsubscribe_token_does_nothing(conference, delegates, token):
    link = reverse("registration_files:mail_unsubscribe", kwargs={"slug": conference.slug, "token": token})
    assert Client().post(link).status_code == 404
    assert not MailOptOut.objects.exists()


def test_a_token_of_another_conference_does_nothing(conference, other_conference, delegates):
    link = reverse(
        "registration_files:mail_unsubscribe",
        kwargs={"slug": other_conference.slug, "token": unsubscribe_token(delegates[ARABIC].pk)},
    )
    assert Client().post(link).status_code == 404
    assert not MailOptOut.objects.exists()


def test_my_data_download_lists_the_emails_sent_to_me(conference, delegates, compose, release):
    release(compose())
    mail_unsubscribe(registration=delegates[ARABIC])
    client = Client()
    client.force_login(delegates[ARABIC].user)
    data = client.get(reverse("registration:my_data")).json()
    (registration,) = data["registrations"]
    assert registration["emails"] == [
        {
            "subject": "أخبار إلى أمينة حداد",
            "to": f"{ARABIC}@example.org",
            "state": "sent",
            "sent_at": registration["emails"][0]["sent_at"],
        }
    ]
    assert registration["unsubscribed_from_news"] is True


def test_the_compose_page_documents_the_placeholders(secretariat_client, conference):
    page = secretariat_client.get(url("mail_compose", conference)).content.decode()
    for name in ("first_name", "arabic_name", "conference", "dates", "venue", "my_registration_link", "badge_link"):
        assert f"<code>{{{name}}}</code>" in page


def test_edit_keeps_the_filters_and_changes_the_texts(secretariat_client, conference, delegates, compose):
    message = compose(filters={"language": ARABIC, "status": Registration.Status.APPROVED})
    page = secretariat_client.get(url("mail_edit", conference, pk=message.pk))
    assert page.context["filter_form"]["language"].value() == ARABIC
    data = compose_data(**{f"subject_{FALLBACK_LANGUAGE}": "Changed {first_name}", "to-language": OTHER})
    assert secretariat_client.post(url("mail_edit", conference, pk=message.pk), data).status_code == 302
    message.refresh_from_db()
    assert message.subject_en == "Changed {first_name}" and message.filters["language"] == OTHER
    assert AuditLogEntry.objects.filter(action=Action.MAIL_EDIT, details__message=message.pk).exists()


def test_a_sent_message_cannot_be_edited(secretariat_client, conference, delegates, compose, release):
    message = release(compose())
    data = compose_data(**{f"subject_{FALLBACK_LANGUAGE}": "Too late"})
    assert secretariat_client.post(url("mail_edit", conference, pk=message.pk), data).status_code == 302
    message.refresh_from_db()
    assert message.subject_en == "News for {first_name}"


def test_a_dead_job_s_emails_can_be_sent_again_from_the_page(
    secretariat_client, conference, delegates, compose, release
):
    import datetime as dt

    from django.utils import timezone

    from plenary.jobs.models import Job

    message = release(compose())
    Delivery.objects.filter(message=message).update(state=Delivery.State.SENDING)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    Job.objects.filter(pk=message.job_id).update(state=Job.State.RUNNING, heartbeat_at=long_ago, created_at=long_ago)
    page = secretariat_client.get(url("mail_message", conference, pk=message.pk)).content.decode()
    assert "Send the failed e-mails again" in page
    assert Job.objects.get(pk=message.job_id).state == Job.State.FAILED


def test_done_when_the_secretariat_writes_to_the_arabic_speakers_and_each_receives_it_in_arabic(
    secretariat_client, conference, delegates, django_capture_on_commit_callbacks
):
    from tests.registration.mailings.conftest import verified

    second = verified(
        RegistrationFactory(
            conference=conference,
            language=ARABIC,
            name_ar="يوسف خليل",
            status=Registration.Status.APPROVED,
            email="youssef@example.org",
        )
    )
    created = secretariat_client.post(url("mail_compose", conference), compose_data(**{"to-language": ARABIC}))
    message_url = created["Location"]
    page = secretariat_client.get(message_url, {"registration": second.pk})
    assert "2 recipients today" in page.content.decode() and page.context["preview"].direction == "rtl"
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(message_url + "send/")
    assert sorted(m.to[0] for m in mail.outbox) == [f"{ARABIC}@example.org", "youssef@example.org"]
    for sent, name in zip(sorted(mail.outbox, key=lambda m: m.to[0]), ["أمينة حداد", "يوسف خليل"], strict=True):
        html = sent.alternatives[0][0]
        assert sent.subject == f"[Plenary] أخبار إلى {name}"
        assert '<html lang="ar" dir="rtl">' in html and f"عزيزتي {name}" in html
