"""What registration allows today: when it opens and closes, and until when delegates may change or cancel
online. The secretariat's dates when set, else defaults derived from the conference's dates:

- registration opens as soon as the status is "Registration open" (no earlier date);
- it closes at midnight before the first day, in the conference's time zone;
- delegates may change or cancel online until that same moment (badges are printed from then on).

Computed from one conference row, without queries, for every page, form and service that asks.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from django.utils import timezone

from conference.models import Conference


class RegistrationPhase(enum.StrEnum):
    UPCOMING = "upcoming"  # the secretariat has opened it, from a date still ahead
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class RegistrationWindow:
    phase: RegistrationPhase
    opens: dt.datetime | None  # None: open as soon as the status says so
    closes: dt.datetime
    edit_deadline: dt.datetime
    now: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.phase == RegistrationPhase.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.phase == RegistrationPhase.UPCOMING

    @property
    def changes_allowed(self) -> bool:
        """Whether a delegate may still change or cancel their registration online."""
        return self.now < self.edit_deadline


def registration_window(*, conference: Conference, now: dt.datetime | None = None) -> RegistrationWindow:
    now = now or timezone.now()
    opens = conference.registration_opens
    closes = conference.registration_closes or conference.starts_at
    if conference.status != Conference.Status.REGISTRATION_OPEN or now >= closes:
        phase = RegistrationPhase.CLOSED
    elif opens is not None and now < opens:
        phase = RegistrationPhase.UPCOMING
    else:
        phase = RegistrationPhase.OPEN
    return RegistrationWindow(
        phase=phase,
        opens=opens,
        closes=closes,
        edit_deadline=conference.edit_cutoff or conference.starts_at,
        now=now,
    )
