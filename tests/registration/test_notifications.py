"""What the status e-mails say, and from whom: "full" only when it is, "a place became available" only on a
promotion, the Arabic texts read right with any conference name, Arabic letters greet by the Arabic name,
and the sender is the conference and its alliance."""

import pytest

from registration import services
from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def change(registration, to_status, by, message=""):
    return services.registration_set_status(registration=registration, to_status=to_status, by=by, message=message)


def body_for(mailoutbox, registration):
    [email] = [email for email in mailoutbox if email.to == [registration.email]]
    return email.body


def fill(conference, by, places=1):
    conference.capacity = places
    conference.save()
    for registration in RegistrationFactory.create_batch(places, conference=conference):
        change(registration, Status.APPROVED, by)


def test_waitlisted_by_the_secretariat_is_not_told_the_conference_is_full(conference, secretariat_user, mailoutbox):
    registration = RegistrationFactory(conference=conference, language="en")  # no capacity at all
    change(registration, Status.WAITLISTED, secretariat_user)
    body = body_for(mailoutbox, registration)
    assert "full" not in body and "All places" not in body
    assert f"Your registration for {conference.title_en} is on the waiting list." in body


def test_waitlisted_because_the_capacity_was_reached_is_told_so(conference, secretariat_user, mailoutbox):
    fill(conference, secretariat_user)
    late = RegistrationFactory(conference=conference, language="en")
    mailoutbox.clear()
    change(late, Status.APPROVED, secretariat_user)
    assert f"All places at {conference.title_en} are taken for now" in body_for(mailoutbox, late)


def test_a_plain_approval_of_a_waitlisted_delegate_is_no_promotion(conference, secretariat_user, mailoutbox):
    waiting = RegistrationFactory(conference=conference, language="en")
    change(waiting, Status.WAITLISTED, secretariat_user)
    mailoutbox.clear()
    change(waiting, Status.APPROVED, secretariat_user)
    body = body_for(mailoutbox, waiting)
    assert "A place became available" not in body
    assert f"Your registration for {conference.title_en} is approved." in body


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "جميع الأماكن في المؤتمر السنوي التاسع محجوزة حاليًا"),
        ("fr", "Toutes les places pour Neuvième conférence annuelle sont prises pour le moment"),
    ],
)
def test_the_waitlist_email_names_the_conference_once(conference, secretariat_user, mailoutbox, language, expected):
    # The titles start with "the conference" themselves ("المؤتمر السنوي التاسع"): the sentence must not add one.
    fill(conference, secretariat_user)
    late = RegistrationFactory(conference=conference, language=language)
    mailoutbox.clear()
    change(late, Status.APPROVED, secretariat_user)
    body = body_for(mailoutbox, late)
    assert expected in body
    assert "المؤتمر المؤتمر" not in body and "conférence Neuvième" not in body


def test_arabic_emails_greet_by_the_arabic_name(conference, secretariat_user, mailoutbox):
    arabic = RegistrationFactory(conference=conference, language="ar", first_name="Amina", name_ar="أمينة حداد")
    english = RegistrationFactory(conference=conference, language="en", first_name="Sami", name_ar="سامي ناصر")
    without = RegistrationFactory(conference=conference, language="ar", first_name="Claire", name_ar="")
    for registration in (arabic, english, without):
        change(registration, Status.APPROVED, secretariat_user)
    assert "أمينة حداد" in body_for(mailoutbox, arabic).splitlines()[0]
    assert "Amina" not in body_for(mailoutbox, arabic).splitlines()[0]
    assert body_for(mailoutbox, english).startswith(f"Dear Sami {english.last_name},")
    assert f"Claire {without.last_name}" in body_for(mailoutbox, without).splitlines()[0]
    html = next(email for email in mailoutbox if email.to == [arabic.email]).alternatives[0][0]
    assert "أمينة حداد" in html


def test_the_sender_is_the_conference_and_its_alliance_in_the_delegates_language(
    conference, secretariat_user, mailoutbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "Plenary <noreply@alliance.example>"
    conference.organiser_en = "European Alliance for Prisoners' Solidarity"
    conference.organiser_ar = "التحالف الأوروبي للتضامن مع الأسرى"
    conference.save()
    english = RegistrationFactory(conference=conference, language="en")
    arabic = RegistrationFactory(conference=conference, language="ar")
    change(english, Status.APPROVED, secretariat_user)
    change(arabic, Status.APPROVED, secretariat_user)
    by_recipient = {email.to[0]: email for email in mailoutbox}
    english_from = by_recipient[english.email].message()["From"]
    arabic_from = by_recipient[arabic.email].message()["From"]
    assert english_from.addresses[0].display_name == (
        f"{conference.title_en} – European Alliance for Prisoners' Solidarity"
    )
    assert english_from.addresses[0].addr_spec == "noreply@alliance.example"
    assert arabic_from.addresses[0].display_name == f"{conference.title_ar} – التحالف الأوروبي للتضامن مع الأسرى"
    assert "127.0.0.1" not in str(english_from) and "localhost" not in str(english_from)


def test_without_an_organiser_the_alliance_setting_signs(conference, secretariat_user, mailoutbox, settings):
    settings.PLENARY_ALLIANCE_NAME = "Alliance, for Justice"
    registration = RegistrationFactory(conference=conference, language="en")
    change(registration, Status.APPROVED, secretariat_user)
    [email] = mailoutbox
    assert email.message()["From"].addresses[0].display_name == f"{conference.title_en} – Alliance, for Justice"


def test_the_import_invitation_greets_an_arabic_reader_by_the_arabic_name(conference):
    from django.template.loader import render_to_string
    from django.utils import translation

    registration = RegistrationFactory.build(conference=conference, language="ar", name_ar="يوسف خليل")
    with translation.override("ar"):
        text = render_to_string(
            "registration/email/import_invitation.txt",
            {"registration": registration, "conference": conference, "signup_url": "", "register_url": ""},
        )
    assert text.splitlines()[0] == "حضرة يوسف خليل المحترم/ة،"
