"""The load benchmarks' mail backend: each message saved as ``<mailbox>/<recipient>.eml`` (the latest one per
recipient), so that a simulated delegate reads its own verification link without searching. The folder is
``PLENARY_BENCH_MAILBOX``. Bench only: the production stack sends through SMTP."""

import os
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def mailbox_path(folder: Path, address: str) -> Path:
    """Where the latest message to ``address`` is kept."""
    return folder / f"{address.strip().lower()}.eml"


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(os.environ["PLENARY_BENCH_MAILBOX"])
        self.folder.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            content = message.message().as_bytes()
            for address in message.recipients():
                target = mailbox_path(self.folder, address)
                partial = target.with_suffix(f".{os.getpid()}.tmp")
                partial.write_bytes(content)
                partial.replace(target)  # atomic: a reader never sees half a message
        return len(email_messages)
