"""E-mails to delegates when their registration changes, in the language they chose, from the conference.

Sent from a task, so that a slow or failing mail server never holds up or rolls back a status change.
"""

from enum import StrEnum

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from plenary.mail import send_templated_mail
from registration.models import StatusChange


class StatusEmailOccasion(StrEnum):
    """Why the status changed, when the e-mail says more than the new status: "the conference is full" only
    when the capacity turned an approval into a place on the waiting list, "a place became available" only
    when a waitlisted delegate got the place someone left."""

    DECISION = "decision"
    CAPACITY_REACHED = "capacity_reached"
    PROMOTED = "promoted"


def conference_sender_name(conference) -> str:
    """The sender's display name in the active language: the conference and the alliance that organises it."""
    organiser = conference.organiser or settings.PLENARY_ALLIANCE_NAME
    return f"{conference.title} – {organiser}" if organiser else conference.title


@task()
def send_status_email(status_change_id: int, occasion: str = StatusEmailOccasion.DECISION) -> bool:
    """Tells the delegate about one status change. Returns False when there is nobody to tell."""
    change = StatusChange.objects.select_related("registration__conference").filter(pk=status_change_id).first()
    if change is None or change.registration.anonymised_at is not None:
        return False
    registration = change.registration
    conference = registration.conference

    def context() -> dict:  # in the delegate's language: the link to their page has its prefix
        return {
            "registration": registration,
            "conference": conference,
            "change": change,
            "status": change.to_status,
            "capacity_reached": occasion == StatusEmailOccasion.CAPACITY_REACHED,
            "promoted": occasion == StatusEmailOccasion.PROMOTED,
            "my_url": settings.SITE_URL + reverse("registration:my", kwargs={"slug": conference.slug}),
        }

    return send_templated_mail(
        to=registration.email,
        subject_template="registration/email/status_subject.txt",
        template_name="registration/email/status_message.txt",
        html_template_name="registration/email/status_message.html",
        context=context,
        language=registration.language,
        sender_name=lambda: conference_sender_name(conference),
    )
