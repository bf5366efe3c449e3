"""E-mails at every status change: the delegate's language, plain text and HTML, names safe in HTML."""

import pytest
from django.utils import translation

from registration import services
from registration.accounts.services import registration_anonymise
from registration.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def change(registration, to_status, by, message=""):
    return services.registration_set_status(registration=registration, to_status=to_status, by=by, message=message)


@pytest.mark.parametrize(
    ("to_status", "subject_start"),
    [
        (Status.APPROVED, "Your registration for"),
        (Status.WAITLISTED, "You are on the waiting list for"),
        (Status.DECLINED, "Your registration for"),
        (Status.CANCELLED, "Your registration for"),
    ],
)
def test_every_status_change_sends_text_and_html(conference, secretariat_user, mailoutbox, to_status, subject_start):
    registration = RegistrationFactory(conference=conference, language="en")
    change(registration, to_status, secretariat_user, "See you soon.")
    [email] = mailoutbox
    assert email.to == [registration.email]
    assert email.subject.startswith(f"[Plenary] {subject_start}")
    assert conference.title_en in email.subject
    assert "See you soon." in email.body
    assert f"https://plenary.test/en/{conference.slug}/my/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en" dir="ltr">' in html
    assert "See you soon." in html


def test_new_registration_is_acknowledged(conference, delegate_user, mailoutbox):
    services.registration_create(
        conference=conference,
        user=delegate_user,
        fields={"first_name": "Amina", "last_name": "Haddad", "country": "PS", "accept_privacy": True},
    )
    [email] = mailoutbox
    assert "We received your registration" in email.subject
    assert "Dear Amina Haddad," in email.body


def test_email_is_in_the_delegates_language(conference, secretariat_user, mailoutbox):
    registration = RegistrationFactory(conference=conference, language="ar")
    with translation.override("fr"):  # the secretariat works in French; the delegate reads Arabic
        change(registration, Status.APPROVED, secretariat_user)
    [email] = mailoutbox
    assert conference.title_ar in email.subject  # the conference's Arabic title
    assert f"https://plenary.test/ar/{conference.slug}/my/" in email.body
    html = email.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    assert translation.get_language() == "en"


def test_names_are_escaped_in_html_but_not_mangled_in_text(conference, secretariat_user, mailoutbox):
    registration = RegistrationFactory(
        conference=conference, first_name="<script>alert(1)</script>", last_name="O'Neil"
    )
    change(registration, Status.APPROVED, secretariat_user, "<b>bold</b> & more")
    [email] = mailoutbox
    html = email.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "Dear <script>alert(1)</script> O'Neil," in email.body
    assert "<b>bold</b> & more" in email.body


def test_no_email_when_nothing_changes(conference, secretariat_user, mailoutbox):
    registration = RegistrationFactory(conference=conference, status=Status.DECLINED)
    change(registration, Status.DECLINED, secretariat_user)
    assert mailoutbox == []


def test_anonymised_registration_gets_no_email(conference, secretariat_user, mailoutbox):
    from registration.notifications import send_status_email

    registration = RegistrationFactory(conference=conference)
    change(registration, Status.APPROVED, secretariat_user)
    mailoutbox.clear()
    registration.refresh_from_db()
    registration_anonymise(registration=registration, by=None, reason="test")
    assert send_status_email.call(registration.status_changes.last().pk) is False
    assert mailoutbox == []


def _localised(text, lang):
    with translation.override(lang):
        return translation.gettext(text)


def test_cancellation_by_the_delegate_is_confirmed_in_their_language(
    delegate_client, delegate_user, conference, mailoutbox
):
    registration = RegistrationFactory(
        conference=conference, user=delegate_user, email=delegate_user.email, language="fr"
    )
    delegate_client.post(f"/en/{conference.slug}/my/cancel/")  # the interface in English, the delegate reads French
    [email] = mailoutbox
    assert email.to == [delegate_user.email]
    assert conference.title_fr in email.subject
    cancelled = _localised("Your registration for %(title)s is cancelled.", "fr") % {"title": conference.title_fr}
    assert cancelled in email.body
    assert f"https://plenary.test/fr/{conference.slug}/my/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr" dir="ltr">' in html
    assert f'href="https://plenary.test/fr/{conference.slug}/my/"' in html
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_promotion_from_the_waiting_list_is_announced_in_the_delegates_language(
    conference, secretariat_user, mailoutbox
):
    conference.capacity = 1
    conference.save()
    approved = RegistrationFactory(conference=conference, language="en")
    change(approved, Status.APPROVED, secretariat_user)
    waiting = RegistrationFactory(conference=conference, language="ar")
    change(waiting, Status.APPROVED, secretariat_user)  # full: lands on the waiting list
    mailoutbox.clear()
    services.registration_cancel(registration=approved, by=secretariat_user)
    promotion = next(email for email in mailoutbox if email.to == [waiting.email])
    assert conference.title_ar in promotion.subject
    assert f"https://plenary.test/ar/{conference.slug}/my/" in promotion.body
    place = _localised(
        "A place became available: your registration for %(title)s is now approved. We look forward to welcoming you.",
        "ar",
    ) % {"title": conference.title_ar}
    assert place in promotion.body
    [(html, mimetype)] = promotion.alternatives
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert place in html


def test_status_emails_and_import_invitations_share_one_sender(conference, secretariat_user, mailoutbox, monkeypatch):
    import plenary.mail
    from registration.spreadsheets.apply import import_apply
    from registration.spreadsheets.tasks import send_import_invitations
    from tests.registration.spreadsheets import files as sheets

    rendered = []
    original = plenary.mail.render_templated_mail
    monkeypatch.setattr(plenary.mail, "render_templated_mail", lambda mail: rendered.append(mail) or original(mail))
    change(RegistrationFactory(conference=conference, language="en"), Status.APPROVED, secretariat_user)
    rows = [[*sheets.HEADERS, "Language"], [*sheets.people(1)[0], "Arabic"]]
    batch = import_apply(conference=conference, content=sheets.xlsx(rows), filename="list.xlsx", by=None)

    with translation.override("fr"):
        assert send_import_invitations.call(batch.pk) == 1

    assert [mail.template_name for mail in rendered] == [
        "registration/email/status_message.txt",
        "registration/email/import_invitation.txt",
    ]
    status_email, invitation = mailoutbox
    assert status_email.subject.startswith("[Plenary] ") and invitation.subject.startswith("[Plenary] ")
    assert f"https://plenary.test/ar/{conference.slug}/register/" in invitation.body  # the invitee's language
    # Both are signed by the conference, the invitation in the invitee's language.
    assert status_email.message()["From"].addresses[0].display_name.startswith(conference.title_en)
    assert invitation.message()["From"].addresses[0].display_name.startswith(conference.title_ar)
    assert translation.get_language() == "en"


def test_plenary_mail_renders_in_the_recipients_language_and_collapses_the_subject(mailoutbox, settings, tmp_path):
    from plenary.mail import send_templated_mail

    (tmp_path / "subject.txt").write_text("{% load i18n %}{% translate 'Cancel' %}\n  again\n")
    (tmp_path / "body.txt").write_text("{{ language }} {{ url }}")
    (tmp_path / "body.html").write_text("<p>{{ language }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    sent = send_templated_mail(
        to="amina@example.org",
        subject_template="subject.txt",
        template_name="body.txt",
        html_template_name="body.html",
        context=lambda: {"language": translation.get_language(), "url": "/x"},
        language="ar",
    )

    assert sent is True
    [email] = mailoutbox
    assert email.to == ["amina@example.org"]
    assert "\n" not in email.subject and email.subject.endswith(" again")
    assert email.body == "ar /x"
    assert email.alternatives[0][0] == "<p>ar</p>"
