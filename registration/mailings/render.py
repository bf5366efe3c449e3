"""One message for one delegate, as it will be sent: the language it goes in, its subject, text and HTML parts
and headers. It renders, it never queries: the caller hands it the loaded message, registration, conference."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from plenary.i18n import FALLBACK_LANGUAGE, field_name, language_direction
from plenary.mail import TemplatedMail, render_templated_mail
from registration.mailings.placeholders import fill, fill_subject, placeholder_values
from registration.mailings.unsubscribe import unsubscribe_url
from registration.notifications import conference_sender_name

SUBJECT_TEMPLATE = "registration/email/mailing_subject.txt"
TEXT_TEMPLATE = "registration/email/mailing_message.txt"
HTML_TEMPLATE = "registration/email/mailing_message.html"


def message_language(message, language: str) -> str:
    """The delegate's language when the message is written in it (subject and body), else the fallback."""
    written = getattr(message, field_name("subject", language), "") and getattr(
        message, field_name("body", language), ""
    )
    return language if written else FALLBACK_LANGUAGE


def message_subject(*, message, registration, conference) -> str:
    """The subject the delegate got (their page lists it), filled in with their values."""
    language = message_language(message, registration.language)
    values = placeholder_values(registration=registration, conference=conference, language=language)
    return fill_subject(getattr(message, field_name("subject", language)), values)


@dataclass(frozen=True)
class MailPreview:
    language: str
    fallback: bool  # the delegate's language is missing from the message: it goes in the fallback language
    subject: str
    text: str
    html: str  # the whole HTML part
    body_html: str  # the message itself inside it, for the page that shows the preview
    direction: str
    headers: dict[str, str]


def mail_for(*, message, registration, conference, common: dict | None = None) -> TemplatedMail:
    """The mail to send: the HTML part reads right to left for a right-to-left language; a non-essential message
    carries the unsubscribe link and the one-click ``List-Unsubscribe`` headers (RFC 8058). ``common``: the
    conference's values per language, shared by a job's e-mails."""
    language = message_language(message, registration.language)
    values = placeholder_values(registration=registration, conference=conference, language=language, common=common)
    subject = fill_subject(getattr(message, field_name("subject", language)), values)
    body = fill(getattr(message, field_name("body", language)), values)
    headers = {}
    link = ""
    if not message.essential:
        link = unsubscribe_url(conference=conference, registration_id=registration.pk, language=language)
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return TemplatedMail(
        to=registration.email,
        subject_template=SUBJECT_TEMPLATE,
        template_name=TEXT_TEMPLATE,
        html_template_name=HTML_TEMPLATE,
        context={
            "subject": subject,
            "text": body.text,
            "html": body.html,
            "language": language,
            "direction": language_direction(language),
            "unsubscribe_url": link,
        },
        language=language,
        sender_name=lambda: conference_sender_name(conference),
        headers=headers,
    )


def mail_preview(*, message, registration, conference) -> MailPreview:
    """Exactly what ``registration`` would receive: the rendered parts, as the mail sender builds them."""
    mail = mail_for(message=message, registration=registration, conference=conference)
    rendered = render_templated_mail(mail)
    with translation.override(mail.language):
        html = render_to_string(HTML_TEMPLATE, mail.context)
    return MailPreview(
        language=mail.language,
        fallback=mail.language != registration.language,
        subject=rendered.subject,
        text=rendered.body,
        html=html,
        body_html=mail.context["html"],
        direction=mail.context["direction"],
        headers=dict(mail.headers or {}),
    )
