"""The one way Plenary sends e-mail: templates rendered in the recipient's language, plain text with an optional
HTML alternative, through Django's mail API (the ``default`` mailer of ``MAILERS``).

The context may be a function: it is then called inside ``translation.override(language)``, so that ``reverse()``
gives the recipient's language prefix and lazy strings come out in their language. Plenary imports no app here.

The sender is a name the recipient recognises (the conference and its alliance, else ``PLENARY_ALLIANCE_NAME``)
at the address of ``DEFAULT_FROM_EMAIL``.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation

Context = dict[str, Any] | Callable[[], dict[str, Any]]
SenderName = str | Callable[[], str]


def sender_address(name: str) -> str:
    """``"Name <address of DEFAULT_FROM_EMAIL>"``, quoted as a header needs (commas, quotes, any script)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    name = " ".join(str(name).split()) or settings.PLENARY_ALLIANCE_NAME
    return str(Address(display_name=name, addr_spec=address)) if name else address


@dataclass(frozen=True)
class TemplatedMail:
    """One message to render: ``subject_template`` and ``template_name`` are text templates (the subject's line
    breaks and runs of spaces are collapsed), ``html_template_name`` an optional HTML alternative."""

    to: str
    subject_template: str
    template_name: str
    context: Context
    language: str
    html_template_name: str | None = None
    # Rendered in the recipient's language when it is a function, like the context.
    sender_name: SenderName = ""
    # Extra headers (``List-Unsubscribe``): Django refuses a value with a line break.
    headers: Mapping[str, str] | None = None


def render_templated_mail(mail: TemplatedMail) -> EmailMultiAlternatives:
    with translation.override(mail.language):
        context = mail.context() if callable(mail.context) else mail.context
        subject = render_to_string(mail.subject_template, context)
        text = render_to_string(mail.template_name, context)
        html = render_to_string(mail.html_template_name, context) if mail.html_template_name else None
        sender_name = mail.sender_name() if callable(mail.sender_name) else mail.sender_name
    message = EmailMultiAlternatives(
        subject=getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + " ".join(subject.split()),
        body=text,
        from_email=sender_address(sender_name),
        to=[mail.to],
        headers=dict(mail.headers or {}),
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def send_templated_mails(mails: Iterable[TemplatedMail]) -> int:
    """Renders and sends the messages over one connection; returns how many were sent."""
    messages = [render_templated_mail(mail) for mail in mails]
    if not messages:
        return 0
    with mailers.default as connection:
        return connection.send_messages(messages) or 0


def send_templated_mails_each(mails: Iterable[TemplatedMail]) -> Iterator[tuple[TemplatedMail, Exception | None]]:
    """Renders and sends the messages one by one over one connection, yielding each with the error that stopped
    it (None when the mail server took it): one refused address does not stop the others."""
    with mailers.default as connection:
        for mail in mails:
            try:
                connection.send_messages([render_templated_mail(mail)])
            except Exception as error:  # whatever the server or the backend raised is the reason
                yield mail, error
            else:
                yield mail, None


def send_templated_mail(
    *,
    to: str,
    subject_template: str,
    template_name: str,
    context: Context,
    language: str,
    html_template_name: str | None = None,
    sender_name: SenderName = "",
) -> bool:
    """Renders one message in ``language`` and sends it; True when it was sent."""
    mail = TemplatedMail(
        to=to,
        subject_template=subject_template,
        template_name=template_name,
        context=context,
        language=language,
        html_template_name=html_template_name,
        sender_name=sender_name,
    )
    return send_templated_mails([mail]) == 1
