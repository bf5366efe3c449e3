"""Writes for mail: compose, edit, discard, release (the recipients computed now, one delivery each), resend the
failed, release the reminders that are due, unsubscribe, and erase the deliveries' personal parts.

Releasing is a conditional update from the outbox, and a delivery is unique per message and registration, so a
message released twice (two clicks, two workers, a restarted worker) goes to nobody twice.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone

from conference.models import Conference
from plenary.audit.models import Action
from plenary.audit.services import audit_record
from plenary.jobs.services import job_create
from registration.mailings.render import message_language
from registration.mailings.selectors import RESENDABLE, message_recipients, resendable_deliveries, skip_reason
from registration.mailings.tasks import release_due_reminders, send_message
from registration.models import Delivery, MailOptOut, Message, Registration, User

OUTBOX_STATES = (Message.State.OUTBOX, Message.State.SCHEDULED)


def _schedule(message: Message) -> None:
    """A reminder's state and due time; the worker is asked to look again at that time (where the task backend
    can defer: ``manage.py send_due_reminders`` from cron does the same everywhere)."""
    message.due_at = message.reminder_due_at()
    message.state = Message.State.SCHEDULED if message.due_at else Message.State.OUTBOX
    if message.due_at and default_task_backend.supports_defer:
        run_after = max(message.due_at, timezone.now())
        transaction.on_commit(lambda: release_due_reminders.using(run_after=run_after).enqueue())


@transaction.atomic
def message_create(
    *,
    conference: Conference,
    by: User | None,
    fields: Mapping[str, Any],
    filters: Mapping[str, Any],
    picked: Iterable[Registration] = (),
) -> Message:
    """A new message in the outbox (or scheduled, for a reminder). ``fields``: the texts per language,
    ``essential``, ``days_before``, ``send_time``."""
    message = Message(conference=conference, created_by=by, filters=dict(filters), **fields)
    _schedule(message)
    message.save()
    message.picked.set(picked)
    audit_record(
        action=Action.MAIL_COMPOSE,
        summary=f"Message #{message.pk} written",
        conference=conference,
        actor=by,
        details={"message": message.pk, "picked": message.picked.count(), "reminder": message.is_reminder},
    )
    return message


@transaction.atomic
def message_update(
    *,
    message: Message,
    by: User | None,
    fields: Mapping[str, Any],
    filters: Mapping[str, Any],
    picked: Iterable[Registration] = (),
) -> bool:
    """Changes a message still in the outbox; False when it has been released or discarded meanwhile."""
    locked = Message.objects.select_for_update().filter(pk=message.pk, state__in=OUTBOX_STATES).first()
    if locked is None:
        return False
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.filters = dict(filters)
    _schedule(locked)
    locked.save()
    locked.picked.set(picked)
    audit_record(
        action=Action.MAIL_EDIT,
        summary=f"Message #{locked.pk} edited",
        conference=locked.conference,
        actor=by,
        details={"message": locked.pk},
    )
    return True


@transaction.atomic
def message_discard(*, message: Message, by: User | None) -> bool:
    discarded = Message.objects.filter(pk=message.pk, state__in=OUTBOX_STATES).update(state=Message.State.DISCARDED)
    if discarded:
        audit_record(
            action=Action.MAIL_DISCARD,
            summary=f"Message #{message.pk} discarded",
            conference=message.conference,
            actor=by,
            details={"message": message.pk},
        )
    return bool(discarded)


def message_release(*, message: Message, by: User | None, now: dt.datetime | None = None) -> Message | None:
    """Takes the message out of the outbox, computes its recipients now, queues one delivery each (those without
    a verified address, or unsubscribed from a non-essential message, are recorded as skipped) and starts the
    sending job. None when it had already left the outbox: nothing is sent twice."""
    now = now or timezone.now()
    with transaction.atomic():
        released = Message.objects.filter(pk=message.pk, state__in=OUTBOX_STATES).update(
            state=Message.State.SENDING, released_at=now, released_by=by
        )
        if not released:
            return None
        message = Message.objects.select_related("conference").get(pk=message.pk)
        deliveries = []
        for registration in message_recipients(message=message):
            reason = skip_reason(message=message, registration=registration)
            deliveries.append(
                Delivery(
                    message=message,
                    registration=registration,
                    language=message_language(message, registration.language),
                    to_email="" if reason else registration.email,
                    state=Delivery.State.SKIPPED if reason else Delivery.State.QUEUED,
                    skip_reason=reason,
                )
            )
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        queued = sum(delivery.state == Delivery.State.QUEUED for delivery in deliveries)
        message.job = job_create(kind="mail", conference=message.conference, by=by, total=queued)
        message.save(update_fields=["job"])
        audit_record(
            action=Action.MAIL_SEND,
            summary=f"Message #{message.pk} released: {queued} to send, {len(deliveries) - queued} skipped",
            conference=message.conference,
            actor=by,
            details={"message": message.pk, "queued": queued, "skipped": len(deliveries) - queued},
        )
        job_id = message.job.pk
        transaction.on_commit(lambda: send_message.enqueue(message.pk, job_id))
    return message


def deliveries_resend(*, message: Message, by: User | None) -> int:
    """Queues the message's failed deliveries again (and those a dead job left half-way) and starts a job for
    them; how many. 0 when another click took them first: each failure is sent again once per click."""
    with transaction.atomic():
        ids = list(resendable_deliveries(message=message).values_list("pk", flat=True))
        count = Delivery.objects.filter(pk__in=ids, state__in=RESENDABLE).update(state=Delivery.State.QUEUED)
        if not count:
            return 0
        job = job_create(kind="mail", conference=message.conference, by=by, total=count)
        Message.objects.filter(pk=message.pk).update(state=Message.State.SENDING, job=job)
        audit_record(
            action=Action.MAIL_RESEND,
            summary=f"Message #{message.pk}: {count} failed e-mail(s) sent again",
            conference=message.conference,
            actor=by,
            details={"message": message.pk, "resent": count},
        )
        transaction.on_commit(lambda: send_message.enqueue(message.pk, job.pk))
    return count


def reminders_release_due(*, now: dt.datetime | None = None) -> list[Message]:
    """Releases every scheduled reminder whose time has come (computed from the conference's dates now, so a
    change of dates moves it). Safe to run from several places at once: each goes once."""
    now = now or timezone.now()
    released = []
    for message in Message.objects.filter(state=Message.State.SCHEDULED).select_related("conference"):
        due = message.reminder_due_at()
        if due is not None and due <= now and message_release(message=message, by=None, now=now):
            released.append(message)
    return released


def mail_unsubscribe(*, registration: Registration) -> bool:
    """No more non-essential messages for this registration; True when it is new."""
    _opt_out, created = MailOptOut.objects.get_or_create(registration=registration)
    return created


def deliveries_erase(*, registration: Registration) -> None:
    """What a delivery says about a person beyond the registration: the address and the server's answer."""
    Delivery.objects.filter(registration=registration).update(to_email="", error="")
