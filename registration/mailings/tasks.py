"""The sending job (one e-mail per queued delivery, at ``PLENARY_MAIL_RATE`` a second) and the due-reminders
task the worker runs at a reminder's time (django-tasks has no cron: see docs/architecture.md)."""

import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from plenary.jobs.models import Job
from plenary.jobs.services import job_fail, job_finish, job_progress
from plenary.mail import TemplatedMail, send_templated_mails_each
from registration.mailings.render import mail_for
from registration.models import Delivery, Message

# Deliveries claimed, then recorded, per transaction; also how often the job's progress moves.
CHUNK = 25


def pacer(rate: float) -> Callable[[], None]:
    """A function that waits so that calls come at most ``rate`` a second (0: no waiting)."""
    interval = 1 / rate if rate > 0 else 0.0
    next_at = time.monotonic()

    def wait() -> None:
        nonlocal next_at
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        next_at = max(next_at, time.monotonic()) + interval

    return wait


def _claim(deliveries: list[Delivery]) -> list[Delivery]:
    """Takes these queued deliveries for this run, in one transaction; a concurrent run that took one first sends
    it instead. A claimed delivery is never sent again by a later run (at most once), even if this one dies."""
    with transaction.atomic():
        return [
            delivery
            for delivery in deliveries
            if Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(
                state=Delivery.State.SENDING, attempts=F("attempts") + 1
            )
        ]


def _record(results: list[tuple[Delivery, Exception | None]]) -> None:
    now = timezone.now()
    with transaction.atomic():
        for delivery, error in results:
            if error is None:
                fields = {"state": Delivery.State.SENT, "sent_at": now, "error": ""}
            else:
                fields = {"state": Delivery.State.FAILED, "error": f"{type(error).__name__}: {error}"[:500]}
            Delivery.objects.filter(pk=delivery.pk).update(**fields)


def _send(
    message: Message, deliveries: list[Delivery], *, wait: Callable[[], None], common: dict
) -> list[tuple[Delivery, Exception | None]]:
    """Each delivery's mail, rendered and sent at the pace ``wait`` keeps, with the error that stopped it."""
    by_mail: dict[int, Delivery] = {}

    def mails() -> Iterator[TemplatedMail]:
        for delivery in deliveries:
            wait()
            mail = mail_for(
                message=message, registration=delivery.registration, conference=message.conference, common=common
            )
            by_mail[id(mail)] = delivery  # the mail stays referenced here, so its id is not reused
            yield mail

    return [(by_mail[id(mail)], error) for mail, error in send_templated_mails_each(mails())]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@task()
def send_message(message_id: int, job_id: int) -> dict[str, int]:
    """Sends the message's queued deliveries, a chunk at a time (claimed, sent one by one over one connection,
    recorded sent or failed with the server's reason), reporting progress after each chunk."""
    message = Message.objects.select_related("conference").get(pk=message_id)
    job = Job.objects.get(pk=job_id)
    deliveries = list(
        message.deliveries.filter(state=Delivery.State.QUEUED).select_related("registration").order_by("pk")
    )
    counts = {"sent": 0, "failed": 0}
    wait = pacer(settings.PLENARY_MAIL_RATE)
    common: dict[str, dict[str, str]] = {}
    done = 0
    try:
        job_progress(job, done=0, total=len(deliveries))
        for chunk in _chunks(deliveries, CHUNK):
            claimed = _claim(chunk)
            done += len(chunk)
            if claimed:  # else another run took them all: no connection to the mail server for nothing
                results = _send(message, claimed, wait=wait, common=common)
                _record(results)
                for _delivery, error in results:
                    counts["sent" if error is None else "failed"] += 1
            job_progress(job, done=done)
    except Exception:
        job_fail(job, message=gettext("Sending stopped; the e-mails not yet sent are still queued."))
        raise
    if not message.deliveries.filter(state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]).exists():
        Message.objects.filter(pk=message.pk, state=Message.State.SENDING).update(state=Message.State.SENT)
    job_finish(job, details=counts)
    return counts


@task()
def release_due_reminders() -> int:
    """Releases the reminders whose time has come; enqueued with ``run_after`` at each reminder's time."""
    from registration.mailings.services import reminders_release_due  # the services enqueue this task

    return len(reminders_release_due())
