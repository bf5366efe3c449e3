"""Reminders: due so many days before the first day at a time in the conference's time zone, released by the
worker's task or the cron command when due, never before, never twice (a restarted worker, two timers)."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command

from registration.mailings import services
from registration.mailings.services import reminders_release_due
from registration.models import Delivery, Message

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture
def reminder(conference, delegates, compose):
    return compose(days_before=3, send_time=dt.time(8, 30))


def due(conference) -> dt.datetime:
    day = conference.start_date - dt.timedelta(days=3)
    return dt.datetime.combine(day, dt.time(8, 30), tzinfo=BRUSSELS)


def test_a_reminder_waits_scheduled_for_its_time_in_the_conference_time_zone(conference, reminder):
    assert reminder.state == Message.State.SCHEDULED
    assert reminder.due_at == due(conference)
    assert reminders_release_due(now=due(conference) - dt.timedelta(minutes=1)) == []
    assert mail.outbox == []


def test_it_is_sent_once_when_due_across_a_worker_restart(conference, reminder, django_capture_on_commit_callbacks):
    at = due(conference) + dt.timedelta(seconds=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert [m.pk for m in reminders_release_due(now=at)] == [reminder.pk]
    assert len(mail.outbox) == 3
    # The worker restarts and its task runs again, and the cron timer fires too: nothing goes twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_release_due(now=at + dt.timedelta(minutes=5)) == []
        call_command("send_due_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(message=reminder).count() == 3
    reminder.refresh_from_db()
    assert reminder.state == Message.State.SENT


def test_moving_the_conference_moves_the_reminder(conference, reminder):
    conference.start_date += dt.timedelta(days=7)
    conference.end_date += dt.timedelta(days=7)
    conference.save()
    assert reminders_release_due(now=due(conference) - dt.timedelta(days=7, seconds=-60)) == []


def test_the_command_releases_what_is_due(conference, delegates, compose, django_capture_on_commit_callbacks):
    late = compose(days_before=365)  # already past: the next run sends it
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", stdout=out)
    assert f"Reminder #{late.pk}" in out.getvalue() and len(mail.outbox) == 3


def test_a_worker_that_can_defer_is_asked_to_look_at_the_due_time(
    conference, delegates, compose, monkeypatch, django_capture_on_commit_callbacks
):
    """On the database backend the reminder's task waits in the queue (it survives a worker restart) with
    ``run_after`` at the due time."""
    asked = []

    class Deferred:
        def using(self, *, run_after):
            asked.append(run_after)
            return self

        def enqueue(self):
            return None

    monkeypatch.setattr(services, "default_task_backend", type("Backend", (), {"supports_defer": True})())
    monkeypatch.setattr(services, "release_due_reminders", Deferred())
    with django_capture_on_commit_callbacks(execute=True):
        compose(days_before=3, send_time=dt.time(8, 30))
    assert asked == [due(conference)]
