"""The development mail backend (``DEBUG``): e-mails printed in the terminal as a person reads them.

Django's console backend prints the raw message, in which Arabic or French text is quoted-printable or base64
and headers are encoded words. This one prints the decoded headers and the decoded text of every text part.
"""

from email.message import EmailMessage

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


def readable_message(message: EmailMessage) -> str:
    """The headers a reader looks at, then each text part (plain text, HTML) decoded."""
    lines = [f"{name}: {message[name]}" for name in SHOWN_HEADERS if message[name] is not None]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            lines += ["", f"--- {part.get_content_type()} ---", part.get_content().rstrip("\n")]
    return "\n".join(lines)


class EmailBackend(ConsoleEmailBackend):
    def write_message(self, message) -> None:
        self.stream.write(readable_message(message.message()) + "\n")
        self.stream.write("-" * 79 + "\n")
