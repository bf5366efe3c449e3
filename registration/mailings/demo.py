"""The demo's message to the delegates of the ninth conference, in three languages, with its deliveries
(written directly, like the other seed data: nobody fictional is e-mailed)."""

from django.utils import timezone

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CODES, field_name
from registration.mailings.render import message_language
from registration.models import Delivery, Message, Registration, User

# The ninth's practical information, in the order of LANGUAGE_CODES (the fallback language's first).
SUBJECTS = (
    "Practical information for {conference}",
    "معلومات عملية عن {conference}",
    "Informations pratiques : {conference}",
)
BODIES = (
    "Dear {first_name},\n\nThe conference takes place on {dates} at the {venue}, {city}. Please bring your badge: "
    "{badge_link}\n\nYour registration: {my_registration_link}",
    "عزيزي/عزيزتي {arabic_name}،\n\nيُعقد المؤتمر في {dates} في {venue}، {city}. يرجى إحضار شارتك: {badge_link}\n\n"
    "تسجيلك: {my_registration_link}",
    "Bonjour {first_name},\n\nLa conférence a lieu le {dates} au {venue}, {city}. Merci d'apporter votre badge : "
    "{badge_link}\n\nVotre inscription : {my_registration_link}",
)


def load(conference: Conference, *, secretariat: User, delegate: User) -> None:
    texts = {f"subject_{code}": subject for code, subject in zip(LANGUAGE_CODES, SUBJECTS, strict=True)} | {
        f"body_{code}": body for code, body in zip(LANGUAGE_CODES, BODIES, strict=True)
    }
    now = timezone.now()
    message, created = Message.objects.get_or_create(
        conference=conference,
        **{field_name("subject", FALLBACK_LANGUAGE): SUBJECTS[0]},
        defaults={
            **texts,
            "filters": {"status": Registration.Status.APPROVED},
            "state": Message.State.SENT,
            "created_by": secretariat,
            "released_by": secretariat,
            "released_at": now,
        },
    )
    if not created:
        return
    recipients = conference.registrations.filter(status=Registration.Status.APPROVED) | conference.registrations.filter(
        user=delegate
    )
    message.picked.set(conference.registrations.filter(user=delegate))
    Delivery.objects.bulk_create(
        [
            Delivery(
                message=message,
                registration=registration,
                language=message_language(message, registration.language),
                to_email=registration.email,
                state=Delivery.State.SENT,
                attempts=1,
                sent_at=now,
            )
            for registration in recipients.distinct()
        ],
        ignore_conflicts=True,
    )
