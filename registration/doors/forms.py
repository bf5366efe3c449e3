"""The secretariat's door and device forms, and the check of an uploaded batch of scans."""

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenary.i18n import translated_field_names
from registration.doors.services import MAX_SCANS_PER_UPLOAD, UploadedScan
from registration.models import Attendance, Door

# 500 scans of about 150 bytes each, with room to spare; anything larger is refused before it is parsed.
UPLOAD_MAX_BYTES = 256 * 1024
_HASH = re.compile(r"[0-9a-f]{64}")
# A nonce is echoed back in a rejection only when it is short enough to be one (a UUID is 36 characters).
_NONCE_MAX_LENGTH = 64


class DoorForm(forms.ModelForm):
    class Meta:
        model = Door
        fields = translated_field_names("name")


class DeviceForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"), max_length=80, help_text=gettext_lazy("For example: the blue phone, or Amina's.")
    )


class UploadError(ValueError):
    """What is wrong with an upload, said to the device (nothing of it was recorded)."""


@dataclass(frozen=True)
class RejectedScan:
    """A malformed scan of an upload, answered with its place in the batch, its nonce when it had a readable
    one, and the reason; the device sets it aside and the rest of the batch is settled."""

    index: int
    nonce: str | None
    reason: str

    def as_json(self) -> dict:
        return {"index": self.index, "nonce": self.nonce, "reason": self.reason}


@dataclass(frozen=True)
class ParsedUpload:
    scans: list[UploadedScan]
    rejected: list[RejectedScan]
    sent_at: dt.datetime | None
    door_id: int | None
    queue_length: int | None


def _moment(value: object, what: str) -> dt.datetime:
    moment = parse_datetime(value) if isinstance(value, str) and len(value) <= 40 else None
    if moment is None or moment.tzinfo is None:
        raise UploadError(_("%(what)s is not a time with its offset.") % {"what": what})
    return moment


def _count(value: object, what: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10**9:
        raise UploadError(_("%(what)s is not a number.") % {"what": what})
    return value


def check_upload_length(content_length: str | None) -> None:
    """Refuses a body announced as too large before it is read."""
    if content_length and (not content_length.isdigit() or int(content_length) > UPLOAD_MAX_BYTES):
        raise UploadError(_("The upload is too large."))


def _scan(item: object, what: str) -> UploadedScan:
    if not isinstance(item, dict):
        raise UploadError(_("%(what)s is not an object.") % {"what": what})
    try:
        nonce = uuid.UUID(item.get("nonce")) if isinstance(item.get("nonce"), str) else None
    except ValueError:
        nonce = None
    if nonce is None:
        raise UploadError(_("%(what)s has no valid nonce.") % {"what": what})
    if not isinstance(item.get("h"), str) or not _HASH.fullmatch(item["h"]):
        raise UploadError(_("%(what)s has no valid hash.") % {"what": what})
    offline = item.get("offline", False)
    if not isinstance(offline, bool):
        raise UploadError(_("%(what)s: offline is not true or false.") % {"what": what})
    session = _count(item.get("session"), what)
    direction = item.get("direction", Attendance.Direction.ENTRY)
    if direction not in Attendance.Direction.values:
        raise UploadError(_("%(what)s: direction is neither entry nor exit.") % {"what": what})
    return UploadedScan(
        nonce=nonce,
        h=item["h"],
        at=_moment(item.get("at"), what),
        offline=offline,
        session=session,
        direction=direction,
    )


def parse_upload(body: bytes) -> ParsedUpload:
    """The batch a device sent (docs/door-protocol.md), or UploadError saying what is wrong with the whole of
    it; a malformed scan is rejected alone (``rejected``), the others are kept."""
    check_upload_length(str(len(body)))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise UploadError(_("The upload is not JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("scans"), list):
        raise UploadError(_("The upload has no list of scans."))
    if len(data["scans"]) > MAX_SCANS_PER_UPLOAD:
        raise UploadError(_("At most %(count)d scans per upload.") % {"count": MAX_SCANS_PER_UPLOAD})
    scans, rejected = [], []
    for index, item in enumerate(data["scans"]):
        try:
            scans.append(_scan(item, _("Scan %(number)d") % {"number": index + 1}))
        except UploadError as error:
            nonce = item.get("nonce") if isinstance(item, dict) else None
            readable = nonce if isinstance(nonce, str) and len(nonce) <= _NONCE_MAX_LENGTH else None
            rejected.append(RejectedScan(index=index, nonce=readable, reason=str(error)))
    return ParsedUpload(
        scans=scans,
        rejected=rejected,
        sent_at=_moment(data["sent_at"], "sent_at") if data.get("sent_at") is not None else None,
        door_id=_count(data.get("door"), "door"),
        queue_length=_count(data.get("queue"), "queue"),
    )
