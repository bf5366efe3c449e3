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
                % {"room": session.room.name, "title": clash.title, "when": _time_range(clash)}
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
                % {"person": clash.person.name, "title": clash.session.title, "when": _time_range(clash.session)}
            )
    return errors


def _session_of(participation: Participation) -> Session | None:
    """The participation's session, also when it is not saved yet (an inline on the admin's add page)."""
    if participation.session_id or Participation._meta.get_field("session").is_cached(participation):
        return participation.session
    return None


def _clash_message(person_name: str, clash: Session) -> str:
    return _("%(person)s is already in “%(title)s” at an overlapping time (%(when)s).") % {
        "person": person_name,
        "title": clash.title,
        "when": _time_range(clash),
    }


def participation_problems(participation: Participation) -> dict[str, list[str]]:
    session = _session_of(participation)
    if not (participation.person_id and session and session.starts_at and session.ends_at):
        return {}
    clash = (
        Participation.objects.filter(person_id=participation.person_id, session__in=overlapping_sessions(session))
        .select_related("session__conference")
        .first()
    )
    if clash is None:
        return {}
    return {"person": [_clash_message(participation.person.name, clash.session)]}


def participations_problems(participations: list[Participation]) -> list[list[str]]:
    """Clashes among participations saved together (one admin save), which the database cannot see yet:
    the same person in two overlapping sessions of the set. One list of messages per participation."""
    problems: list[list[str]] = [[] for _ in participations]
    for index, participation in enumerate(participations):
        session = _session_of(participation)
        if not (participation.person_id and session and session.starts_at and session.ends_at):
            continue
        for earlier in participations[:index]:
            other = _session_of(earlier)
            if (
                earlier.person_id == participation.person_id
                and other is not None
                and other is not session
                and (other.pk is None or other.pk != session.pk)
                and other.starts_at
                and other.ends_at
                and other.starts_at < session.ends_at
                and session.starts_at < other.ends_at
            ):
                problems[index].append(_clash_message(participation.person.name, other))
    return problems
