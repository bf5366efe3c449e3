"""The uploaded file between the preview and the apply: kept in private storage (never served) under a random
token, checked against the SHA-256 the preview was made from, deleted once applied or after a day. Each conference's
uploads wait in a folder of their own (``imports/<conference id>/``), which purging the conference empties.
"""

import datetime as dt
import hashlib
import re
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.storage import private_storage
from registration.spreadsheets.columns import ImportRefused

# --- The upload between preview and apply, big imports in the background, invitations ---

UPLOAD_DIRECTORY = "imports"
# An upload previewed but never applied is deleted this long after it was stored.
UPLOAD_MAX_AGE = dt.timedelta(days=1)


def _upload_storage(conference_id: int | None = None):
    """The uploads' folder; each conference's uploads in a folder of their own, so that a purge deletes them."""
    return private_storage(UPLOAD_DIRECTORY if conference_id is None else f"{UPLOAD_DIRECTORY}/{int(conference_id)}")


def import_store_upload(*, conference_id: int, content: bytes) -> str:
    """Keeps the uploaded file (private storage, never served) until it is applied; returns its token."""
    from django.core.files.base import ContentFile

    import_discard_old_uploads()
    token = secrets.token_hex(16)
    _upload_storage(conference_id).save(token, ContentFile(content))
    return token


def import_discard_old_uploads(*, now: dt.datetime | None = None) -> int:
    """Deletes the uploads stored more than ``UPLOAD_MAX_AGE`` ago (previewed, never applied); returns how many.
    Called whenever a new upload is stored, so abandoned files never pile up."""
    storage = _upload_storage()
    cutoff = (now or timezone.now()) - UPLOAD_MAX_AGE
    try:
        directories, names = storage.listdir("")
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in [*names, *(f"{directory}/{name}" for directory in directories for name in _files(storage, directory))]:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:  # applied or discarded meanwhile by another request
            continue
    return deleted


def _files(storage, directory: str) -> list[str]:
    try:
        return storage.listdir(directory)[1]
    except FileNotFoundError:
        return []


def import_discard_conference_uploads(*, conference_id: int, dry_run: bool = False) -> int:
    """Deletes every upload of the conference not applied yet (they hold the people's names); returns how many."""
    storage = _upload_storage(conference_id)
    names = _files(storage, "")
    if not dry_run:
        for name in names:
            storage.delete(name)
    return len(names)


def import_load_upload(*, conference_id: int, token: str, sha256: str) -> bytes:
    """The stored upload, refused unless its SHA-256 is the one the preview was made from."""
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        raise ImportRefused(_("This upload is unknown. Upload the file again."))
    storage = _upload_storage(conference_id)
    if not storage.exists(token):
        raise ImportRefused(_("This upload was already applied or has expired. Upload the file again."))
    with storage.open(token, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ImportRefused(_("The stored file is not the one that was previewed. Upload the file again."))
    return content


def import_upload_name(*, conference_id: int, token: str) -> str:
    """The upload's name in private storage, which a background job deletes if its worker dies."""
    return f"{UPLOAD_DIRECTORY}/{int(conference_id)}/{token}"


def import_discard_upload(*, conference_id: int, token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token):
        _upload_storage(conference_id).delete(token)
