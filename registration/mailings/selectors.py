"""Reads for mail: a message's recipients (the queue's filters, plus the hand-picked), who would be skipped and
why, the outbox and sent messages with their counts, a message's delivery log, what a delegate was sent."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from conference.models import Conference
from plenary.jobs.models import Job
from registration.mailings.render import message_language, message_subject
from registration.models import Delivery, MailOptOut, Message, Registration
from registration.selectors import registration_queue

SKIPPED_SHOWN = 200  # the page lists this many of the skipped; the log has them all


def message_get(*, conference: Conference, pk: int) -> Message:
    message = conference.messages.select_related("job", "conference").filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def message_recipients(*, message: Message) -> QuerySet[Registration]:
    """Who the message goes to today: the registrations the stored filters select, plus the hand-picked; with
    no filter and some hand-picked, only those. Each annotated with ``verified`` and ``opted_out``."""
    conference = message.conference
    filters = {name: value for name, value in message.filters.items() if value}
    picked = Q(pk__in=message.picked.values("pk"))
    if filters:
        selected = registration_queue(conference=conference, **filters).values("pk")
        chosen = Q(pk__in=selected) | picked
    elif message.picked.exists():
        chosen = picked
    else:
        chosen = Q()
    return (
        conference.registrations.filter(anonymised_at__isnull=True)
        .filter(chosen)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(email__iexact=OuterRef("email"), verified=True)),
            opted_out=Exists(MailOptOut.objects.filter(registration=OuterRef("pk"))),
        )
        .select_related("conference")
        .order_by("last_name", "first_name", "pk")
    )


def skip_reason(*, message: Message, registration: Registration) -> str:
    """Why this recipient gets nothing (empty when they get it): no verified address, or unsubscribed from
    non-essential messages."""
    if not registration.verified:
        return Delivery.Skip.UNVERIFIED
    if registration.opted_out and not message.essential:
        return Delivery.Skip.UNSUBSCRIBED
    return ""


@dataclass(frozen=True)
class RecipientSummary:
    count: int
    to_send: int
    skipped: list[tuple[Registration, str]]  # the first SKIPPED_SHOWN, with the reason's label
    skipped_count: int


def recipient_summary(*, message: Message) -> RecipientSummary:
    """How many it goes to, and who is skipped and why: two queries."""
    recipients = message_recipients(message=message)
    counts = recipients.aggregate(
        count=Count("pk"),
        unverified=Count("pk", filter=Q(verified=False)),
        unsubscribed=Count("pk", filter=Q(verified=True, opted_out=True)),
    )
    skipped_count = counts["unverified"] + (0 if message.essential else counts["unsubscribed"])
    labels = dict(Delivery.Skip.choices)
    skipped = []
    if skipped_count:
        excluded = Q(verified=False) if message.essential else Q(verified=False) | Q(opted_out=True)
        for registration in recipients.filter(excluded)[:SKIPPED_SHOWN]:
            skipped.append((registration, labels[skip_reason(message=message, registration=registration)]))
    return RecipientSummary(
        count=counts["count"],
        to_send=counts["count"] - skipped_count,
        skipped=skipped,
        skipped_count=skipped_count,
    )


def _with_counts(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.annotate(
        **{f"n_{state}": Count("deliveries", filter=Q(deliveries__state=state)) for state in Delivery.State.values}
    ).select_related("created_by", "job")


def outbox(*, conference: Conference) -> list[Message]:
    """The messages waiting (written, or scheduled as reminders): one query."""
    return list(
        _with_counts(conference.messages.filter(state__in=[Message.State.OUTBOX, Message.State.SCHEDULED])).order_by(
            "due_at", "-created_at", "-pk"
        )
    )


def sent_messages(*, conference: Conference) -> list[Message]:
    """Released messages, newest first, with their deliveries counted by state: one query."""
    return list(
        _with_counts(conference.messages.filter(state__in=[Message.State.SENDING, Message.State.SENT])).order_by(
            "-released_at", "-pk"
        )
    )


RESENDABLE = (Delivery.State.FAILED, Delivery.State.SENDING)


def resendable_deliveries(*, message: Message) -> QuerySet[Delivery]:
    """The failed deliveries, and those a sending job took and never finished (it died: the job is over)."""
    interrupted = Q(state=Delivery.State.SENDING)
    if message.job_id:
        interrupted &= Q(message__job__state__in=[Job.State.DONE, Job.State.FAILED])
    return message.deliveries.filter(Q(state=Delivery.State.FAILED) | interrupted)


def delivery_counts(*, message: Message) -> dict[str, int]:
    counts = message.deliveries.aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in Delivery.State.values}
    )
    return {state: counts[state] for state in Delivery.State.values}


def delivery_log(*, message: Message, state: str = "") -> QuerySet[Delivery]:
    deliveries = message.deliveries.select_related("registration")
    if state:
        deliveries = deliveries.filter(state=state)
    return deliveries.order_by("pk")


@dataclass(frozen=True)
class Received:
    subject: str
    language: str
    sent_at: object


def mail_received(*, registration: Registration) -> list[Received]:
    """What was sent to a delegate, newest first, each subject as they received it (in their language): one query."""
    deliveries = (
        registration.deliveries.filter(state=Delivery.State.SENT).select_related("message").order_by("-sent_at", "-pk")
    )
    conference = registration.conference
    return [
        Received(
            subject=message_subject(message=delivery.message, registration=registration, conference=conference),
            language=message_language(delivery.message, registration.language),
            sent_at=delivery.sent_at,
        )
        for delivery in deliveries
    ]
