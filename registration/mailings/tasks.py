"""The sending job (one e-mail per queued delivery, at ``PLENARY_MAIL_RATE`` a second) and the due-reminders
task the worker runs at a reminder's time (django-tasks has no cron: see docs/architecture.md)."""

import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from plenary.jobs.models import Job
from plenary.jobs.services import job_fail, job_finish, job_progress
from plenary.mail import TemplatedMail, send_templated_mails_each
from registration.mailings.render import mail_for
from registration.models import Delivery, Message

PROGRESS_EVERY = 20


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


def _claimed(message: Message, deliveries: list[Delivery], pending: dict[int, Delivery]) -> Iterator[TemplatedMail]:
    """The mails of the deliveries this run claims (a concurrent run that claimed one first sends it instead)."""
    wait = pacer(settings.PLENARY_MAIL_RATE)
    for delivery in deliveries:
        claimed = Delivery.objects.filter(
            pk=delivery.pk, state=Delivery.State.QUEUED, attempts=delivery.attempts
        ).update(attempts=F("attempts") + 1)
        if not claimed:
            continue
        wait()
        mail = mail_for(message=message, registration=delivery.registration, conference=message.conference)
        pending[id(mail)] = delivery
        yield mail


@task()
def send_message(message_id: int, job_id: int) -> dict[str, int]:
    """Sends the message's queued deliveries, recording each one sent or failed with the server's reason."""
    message = Message.objects.select_related("conference").get(pk=message_id)
    job = Job.objects.get(pk=job_id)
    deliveries = list(
        message.deliveries.filter(state=Delivery.State.QUEUED).select_related("registration").order_by("pk")
    )
    counts = {"sent": 0, "failed": 0}
    pending: dict[int, Delivery] = {}
    try:
        job_progress(job, done=0, total=len(deliveries))
        for done, (mail, error) in enumerate(send_templated_mails_each(_claimed(message, deliveries, pending)), 1):
            delivery = pending.pop(id(mail))
            if error is None:
                fields = {"state": Delivery.State.SENT, "sent_at": timezone.now(), "error": ""}
            else:
                fields = {"state": Delivery.State.FAILED, "error": f"{type(error).__name__}: {error}"[:500]}
            Delivery.objects.filter(pk=delivery.pk).update(**fields)
            counts["sent" if error is None else "failed"] += 1
            if done % PROGRESS_EVERY == 0:
                job_progress(job, done=done)
    except Exception:
        job_fail(job, message=gettext("Sending stopped; the e-mails not yet sent are still queued."))
        raise
    if not message.deliveries.filter(state=Delivery.State.QUEUED).exists():
        Message.objects.filter(pk=message.pk, state=Message.State.SENDING).update(state=Message.State.SENT)
    job_finish(job, details=counts)
    return counts


@task()
def release_due_reminders() -> int:
    """Releases the reminders whose time has come; enqueued with ``run_after`` at each reminder's time."""
    from registration.mailings.services import reminders_release_due  # the services enqueue this task

    return len(reminders_release_due())
