"""E-mails to delegates when their registration changes, in the language they chose.

Sent from a task, so that a slow or failing mail server never holds up or rolls back a status change.
"""

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from plenary.mail import send_templated_mail
from registration.models import Registration, StatusChange


@task()
def send_status_email(status_change_id: int) -> bool:
    """Tells the delegate about one status change. Returns False when there is nobody to tell."""
    change = StatusChange.objects.select_related("registration__conference").filter(pk=status_change_id).first()
    if change is None or change.registration.anonymised_at is not None:
        return False
    registration = change.registration

    def context() -> dict:  # in the delegate's language: the link to their page has its prefix
        return {
            "registration": registration,
            "conference": registration.conference,
            "change": change,
            "status": change.to_status,
            # A waitlisted delegate approved because someone cancelled: the e-mail says a place became free.
            "promoted": change.from_status == Registration.Status.WAITLISTED
            and change.to_status == Registration.Status.APPROVED
            and not change.message,
            "my_url": settings.SITE_URL + reverse("registration:my", kwargs={"slug": registration.conference.slug}),
        }

    return send_templated_mail(
        to=registration.email,
        subject_template="registration/email/status_subject.txt",
        template_name="registration/email/status_message.txt",
        html_template_name="registration/email/status_message.html",
        context=context,
        language=registration.language,
    )
