"""The programme's scheduling rules, shared by forms, the admin and services.

Each function returns ``{field: [messages]}`` (empty when all is well) so callers can
attach the messages to the right form fields.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from conference.models import Participation, Session


def _time_range(session: Session) -> str:
    tz = session.conference.tzinfo
    start = timezone.localtime(session.starts_at, tz)
    end = timezone.localtime(session.ends_at, tz)
    return f"{formats.date_format(start, 'D j M')} {start:%H:%M}–{end:%H:%M}"


def overlapping_sessions(session: Session):
    """Other sessions whose time overlaps ``session`` (touching end to start is allowed)."""
    return Session.objects.filter(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at).exclude(pk=session.pk)


def session_problems(session: Session) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (session.starts_at and session.ends_at and session.conference_id):
        return errors
    if session.ends_at <= session.starts_at:
        errors.setdefault("ends_at", []).append(_("A session must end after it starts."))
        return errors
    conference = session.conference
    tz = conference.tzinfo
    first_day = timezone.localtime(session.starts_at, tz).date()
    last_day = timezone.localtime(session.ends_at, tz).date()
    if first_day < conference.start_date or last_day > conference.end_date:
        errors.setdefault("starts_at", []).append(
            _("The session must lie within the conference dates (%(start)s to %(end)s).")
            % {
                "start": formats.date_format(conference.start_date),
                "end": formats.date_format(conference.end_date),
            }
        )
    if session.room_id:
        if session.room.conference_id != session.conference_id:
            errors.setdefault("room", []).append(_("This room belongs to another conference."))
        clash = overlapping_sessions(session).filter(room_id=session.room_id).first()
        if clash:
            errors.setdefault("room", []).append(
                _("%(room)s is already taken by “%(title)s” (%(when)s).")
                % {"room": session.room.name, "title": clash.title_en, "when": _time_range(clash)}
            )
    if session.pk:
        clashes = (
            Participation.objects.filter(
                session__in=overlapping_sessions(session),
                person__in=Participation.objects.filter(session=session).values("person"),
            )
            .select_related("person", "session__conference")
            .order_by("session__starts_at")
        )
        for clash in clashes:
            errors.setdefault("starts_at", []).append(
                _("%(person)s is also in “%(title)s” (%(when)s).")
                % {"person": clash.person.name, "title": clash.session.title_en, "when": _time_range(clash.session)}
            )
    return errors


def participation_problems(participation: Participation) -> dict[str, list[str]]:
    if not (participation.person_id and participation.session_id):
        return {}
    clash = (
        Participation.objects.filter(
            person_id=participation.person_id, session__in=overlapping_sessions(participation.session)
        )
        .select_related("session__conference")
        .first()
    )
    if clash is None:
        return {}
    return {
        "person": [
            _("%(person)s is already in “%(title)s” at an overlapping time (%(when)s).")
            % {"person": participation.person.name, "title": clash.session.title_en, "when": _time_range(clash.session)}
        ]
    }
