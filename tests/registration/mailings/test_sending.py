"""What each delegate receives, and when: their language and values, the outbox holding everything until it is
released, one e-mail per delegate however often it is released, failures logged and resent once, the skipped."""

import pytest
from django.core import mail

from plenary.i18n import FALLBACK_LANGUAGE
from registration.mailings.services import deliveries_resend, mail_unsubscribe, message_discard
from registration.mailings.tasks import pacer
from registration.models import Delivery, Message, Registration
from tests.factories import RegistrationFactory
from tests.registration.mailings.conftest import ARABIC, OTHER, texts

pytestmark = pytest.mark.django_db


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_each_delegate_receives_it_in_their_language_with_their_own_values(delegates, compose, release):
    release(compose())

    sent = by_address()
    assert len(mail.outbox) == 3
    english, arabic, other = (sent[f"{code}@example.org"] for code in (FALLBACK_LANGUAGE, ARABIC, OTHER))
    assert english.subject == f"[Plenary] News for First{FALLBACK_LANGUAGE}"
    assert f"Dear First{FALLBACK_LANGUAGE} Last{FALLBACK_LANGUAGE}," in english.body
    assert "See you in Brussels: https://plenary.test/en/brussels-2025/my/" in english.body
    assert arabic.subject == "[Plenary] أخبار إلى أمينة حداد"
    assert "نلقاكم في بروكسل: https://plenary.test/ar/brussels-2025/my/" in arabic.body
    assert 'dir="rtl"' in html_of(arabic) and 'lang="ar"' in html_of(arabic)
    assert 'dir="ltr"' in html_of(english)
    assert f"Chère First{OTHER}," in other.body and "Bruxelles" in other.body
    assert '<a href="https://plenary.test/ar/brussels-2025/my/">' in html_of(arabic)
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_a_missing_language_falls_back_to_english(delegates, compose, release):
    release(compose(**texts(subjects={FALLBACK_LANGUAGE: "Hello {first_name}"}, bodies={FALLBACK_LANGUAGE: "Hi"})))

    arabic = by_address()[f"{ARABIC}@example.org"]
    assert arabic.subject == f"[Plenary] Hello First{ARABIC}"
    assert 'dir="ltr"' in html_of(arabic)
    assert Delivery.objects.get(registration=delegates[ARABIC]).language == FALLBACK_LANGUAGE


def test_non_essential_messages_carry_one_click_unsubscribe_and_essential_ones_do_not(delegates, compose, release):
    release(compose(filters={"language": ARABIC}))
    news = mail.outbox[-1]
    assert news.extra_headers["List-Unsubscribe"].startswith("<https://plenary.test/brussels-2025/mail/unsubscribe/")
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/mail/unsubscribe/" in news.body and "/mail/unsubscribe/" in html_of(news)

    release(compose(filters={"language": ARABIC}, essential=True))
    badge = mail.outbox[-1]
    assert "List-Unsubscribe" not in badge.extra_headers
    assert "unsubscribe" not in badge.body.lower() and "unsubscribe" not in html_of(badge).lower()


def test_the_outbox_sends_nothing_until_released(delegates, compose, release):
    message = compose()
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert message.state == Message.State.OUTBOX

    release(message)
    assert len(mail.outbox) == 3


def test_released_twice_goes_to_each_delegate_once(delegates, compose, release):
    message = compose()
    assert release(message) is not None
    assert release(message) is None
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(message=message).count() == 3


def test_a_discarded_message_is_never_sent(delegates, compose, release, secretariat_user):
    message = compose()
    assert message_discard(message=message, by=secretariat_user)
    assert release(message) is None
    assert mail.outbox == []


def test_recipients_are_computed_when_it_is_released(conference, delegates, compose, release):
    message = compose()
    late = RegistrationFactory(conference=conference, status=Registration.Status.APPROVED, email="late@example.org")
    from tests.registration.mailings.conftest import verified

    verified(late)
    delegates[OTHER].status = Registration.Status.CANCELLED
    delegates[OTHER].save()

    release(message)
    assert set(by_address()) == {f"{FALLBACK_LANGUAGE}@example.org", f"{ARABIC}@example.org", "late@example.org"}


def test_a_failed_send_is_logged_with_the_reason_and_resent_once(
    delegates, compose, release, refuse, secretariat_user, django_capture_on_commit_callbacks
):
    refuse.add(f"{ARABIC}@example.org")
    message = compose()
    release(message)

    failed = Delivery.objects.get(message=message, registration=delegates[ARABIC])
    assert failed.state == Delivery.State.FAILED
    assert "SMTPRecipientsRefused" in failed.error and "Mailbox unavailable" in failed.error
    assert len(mail.outbox) == 2  # the others went anyway
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.job.details == {"sent": 2, "failed": 1}

    refuse.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_resend(message=message, by=secretariat_user) == 1
        assert deliveries_resend(message=message, by=secretariat_user) == 0  # a second click finds nothing failed
    failed.refresh_from_db()
    assert failed.state == Delivery.State.SENT and failed.error == "" and failed.attempts == 2
    assert [m.to[0] for m in mail.outbox].count(f"{ARABIC}@example.org") == 1
    assert len(mail.outbox) == 3


def test_a_recipient_without_a_verified_address_is_skipped_and_listed(conference, delegates, compose, release):
    unverified = RegistrationFactory(
        conference=conference, status=Registration.Status.APPROVED, email="new@example.org"
    )
    message = compose()
    release(message)

    skipped = Delivery.objects.get(message=message, registration=unverified)
    assert skipped.state == Delivery.State.SKIPPED and skipped.skip_reason == Delivery.Skip.UNVERIFIED
    assert "new@example.org" not in by_address()


def test_unsubscribed_delegates_still_get_essential_messages(delegates, compose, release):
    mail_unsubscribe(registration=delegates[OTHER])
    news = compose()
    release(news)
    assert f"{OTHER}@example.org" not in by_address()
    assert Delivery.objects.get(message=news, registration=delegates[OTHER]).skip_reason == Delivery.Skip.UNSUBSCRIBED

    mail.outbox.clear()
    release(compose(essential=True))
    assert f"{OTHER}@example.org" in by_address()


def test_the_pace_keeps_to_the_configured_rate(monkeypatch):
    clock = [100.0]
    sleeps = []
    monkeypatch.setattr("registration.mailings.tasks.time.monotonic", lambda: clock[0])

    def sleep(seconds):
        sleeps.append(round(seconds, 3))
        clock[0] += seconds

    monkeypatch.setattr("registration.mailings.tasks.time.sleep", sleep)
    wait = pacer(4)
    for _ in range(5):
        wait()
    assert sleeps == [0.25, 0.25, 0.25, 0.25]
    assert pacer(0) is not None  # no limit: never waits


def test_a_job_that_dies_mid_way_sends_nobody_twice(
    delegates, compose, release, monkeypatch, secretariat_user, django_capture_on_commit_callbacks
):
    """The worker is killed after claiming (the mail may or may not have left): a restarted job does not send
    those again by itself; the secretariat sends them again with the failed ones, once."""
    from registration.mailings import tasks

    def killed(mails):
        for _mail in mails:
            raise SystemExit("worker killed")
        yield  # pragma: no cover

    monkeypatch.setattr(tasks, "send_templated_mails_each", killed)
    message = compose()
    release(message)  # the task backend records the task as failed; the job is left running, as by a kill
    message.refresh_from_db()
    assert Delivery.objects.filter(message=message, state=Delivery.State.SENDING).count() == 3
    monkeypatch.undo()

    tasks.send_message.call(message.pk, message.job_id)  # the restarted worker runs the job again
    assert mail.outbox == []
    from plenary.jobs.services import job_fail

    job_fail(message.job, message="stale")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_resend(message=message, by=secretariat_user) == 3
    assert len(mail.outbox) == 3
    assert set(Delivery.objects.filter(message=message).values_list("state", flat=True)) == {Delivery.State.SENT}
