"""Reads for doors and devices: the door's local list (docs/door-protocol.md), the secretariat's lists."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conference.models import Conference
from registration.attendance.selectors import sessions_for_door
from registration.checkin.services import conference_day
from registration.models import Badge, Category, CheckIn, Door, DoorDevice, Registration, Scan

# A device whose list is older than this gets the whole list again rather than the changes.
FULL_LIST_AFTER = dt.timedelta(hours=6)
# Changes are sent since a little before the device's version: a row committed while the last list was read
# is sent twice rather than never.
VERSION_OVERLAP = dt.timedelta(seconds=5)


def badge_reference(badge_id: int) -> str:
    return f"B-{badge_id:06d}"


def version_of(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _moment(version: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(version / 1000, tz=dt.UTC)


@dataclass(frozen=True)
class LocalList:
    version: int
    full: bool
    door: Door | None
    wipe_after: dt.datetime
    entries: list[dict]
    revoked: list[str]
    removed: list[str]
    sessions: list[dict]

    def as_json(self) -> dict:
        return {
            "version": self.version,
            "full": self.full,
            "wipe": False,
            "door": {"id": self.door.pk, "name": str(self.door.name)} if self.door else None,
            "wipe_after": self.wipe_after.isoformat(),
            "entries": self.entries,
            "revoked": self.revoked,
            "removed": self.removed,
            "sessions": self.sessions,
        }


def local_list(*, conference: Conference, door: Door | None, since: int | None, now: dt.datetime) -> LocalList:
    """What a door needs of this conference's approved delegates with an active badge: the hash of the badge's
    token, a reference, the names, the category, the photo consent, whether checked in today. Nothing else."""
    version = version_of(now)
    full = since is None or since > version or version - since > FULL_LIST_AFTER.total_seconds() * 1000
    # A new conference day starts everyone afresh: yesterday's "checked in today" must not stay on the device.
    full = full or conference_day(conference=conference, at=_moment(since)) != conference_day(
        conference=conference, at=now
    )
    changed_after = None if full else _moment(since) - VERSION_OVERLAP
    badges = Badge.objects.filter(registration__conference=conference)
    active = badges.filter(revoked_at__isnull=True)
    valid = active.filter(registration__status=Registration.Status.APPROVED)
    revoked = badges.filter(revoked_at__isnull=False)
    removed = []
    if changed_after is not None:
        # Any check-in the server recorded since, whenever it happened and wherever: another device's upload, the
        # desk, the paper list, an earlier offline admission taking one over.
        checked_in = CheckIn.objects.filter(registration=OuterRef("registration"), recorded_at__gt=changed_after)
        valid = valid.filter(
            Q(issued_at__gt=changed_after) | Q(registration__updated_at__gt=changed_after) | Exists(checked_in)
        )
        revoked = revoked.filter(revoked_at__gt=changed_after)
        removed = [
            badge_reference(pk)
            for pk in active.exclude(registration__status=Registration.Status.APPROVED)
            .filter(registration__updated_at__gt=changed_after)
            .values_list("pk", flat=True)
        ]
    today = CheckIn.objects.filter(
        registration=OuterRef("registration"), day=conference_day(conference=conference, at=now)
    )
    rows = valid.annotate(checked_in_today=Exists(today)).values(
        "pk",
        "token_sha256",
        "checked_in_today",
        "registration__first_name",
        "registration__last_name",
        "registration__name_ar",
        "registration__category",
        "registration__photo_consent",
    )
    labels = dict(Category.choices)
    entries = [
        {
            "h": row["token_sha256"],
            "ref": badge_reference(row["pk"]),
            "name": f"{row['registration__first_name']} {row['registration__last_name']}".strip(),
            "name_ar": row["registration__name_ar"],
            "category": str(labels.get(row["registration__category"], row["registration__category"])),
            "photo_consent": row["registration__photo_consent"],
            "checked_in_today": row["checked_in_today"],
        }
        for row in rows.order_by("pk")
    ]
    return LocalList(
        version=version,
        full=full,
        door=door,
        wipe_after=timezone.localtime(conference.ends_at, conference.tzinfo),
        entries=entries,
        revoked=list(revoked.values_list("token_sha256", flat=True)),
        removed=removed,
        sessions=sessions_for_door(conference=conference, day=conference_day(conference=conference, at=now)),
    )


def doors_of(*, conference: Conference) -> list[Door]:
    return list(Door.objects.filter(conference=conference))


def door_get(*, conference: Conference, pk: int) -> Door:
    """A door of this conference, or 404."""
    return get_object_or_404(Door, conference=conference, pk=pk)


def device_get(*, conference: Conference, pk: int) -> DoorDevice:
    """A device of this conference, or 404."""
    return get_object_or_404(DoorDevice.objects.select_related("door"), conference=conference, pk=pk)


def door_of_conference(*, conference: Conference, pk: int | None) -> Door | None:
    """The door a volunteer named, if it is one of this conference's."""
    return Door.objects.filter(conference=conference, pk=pk).first() if pk else None


@dataclass(frozen=True)
class DeviceRow:
    device: DoorDevice
    door: str
    list_age_minutes: int | None
    refused_uploads: int


def devices_of(*, conference: Conference, now: dt.datetime) -> list[DeviceRow]:
    """Every device of the conference, with the age of its list and how many of its uploads were refused."""
    devices = (
        DoorDevice.objects.filter(conference=conference)
        .select_related("door")
        .annotate(refused=Count("scans", filter=Q(scans__outcome=Scan.Outcome.REFUSED)))
    )
    rows = []
    for device in devices:
        listed = device.last_list_version
        rows.append(
            DeviceRow(
                device=device,
                door=str(device.door.name),
                list_age_minutes=int((version_of(now) - listed) // 60_000) if listed else None,
                refused_uploads=device.refused,
            )
        )
    return rows
