"""Reads for certificates of attendance: who attended (a check-in on at least one day), and the plain data of
their certificates in a constant number of queries, whatever the batch size."""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import dateformat, translation

from conference.models import Conference, Participation, Person
from conference.selectors import conference_dates
from plenary.i18n import NAME_SCRIPT_LANGUAGE, WORKING_LANGUAGES, language_direction
from plenary.jobs.models import Job
from registration.certificates.pdf import CertificateDocument, CertificateHalf
from registration.models import Certificate, CheckIn, Registration
from registration.verification.selectors import verify_url

# Who "spoke at" a session; a rapporteur writes, a witness who chose anonymity is never named (see below).
SPEAKING_ROLES = (
    Participation.Role.SPEAKER,
    Participation.Role.CHAIR,
    Participation.Role.MODERATOR,
    Participation.Role.WITNESS,
)


def attendees(*, conference: Conference) -> QuerySet[Registration]:
    """Registrations with a check-in on at least one day, by last name: only they get a certificate."""
    checked_in = CheckIn.objects.filter(registration=OuterRef("pk"))
    return conference.registrations.filter(Exists(checked_in), anonymised_at__isnull=True).order_by(
        Lower("last_name"), Lower("first_name"), "pk"
    )


def registration_attended(*, registration: Registration) -> bool:
    return registration.checkins.exists()


def _days(registration_ids: list[int]) -> dict[int, list]:
    days: dict[int, list] = defaultdict(list)
    for registration_id, day in (
        CheckIn.objects.filter(registration_id__in=registration_ids)
        .order_by("day")
        .values_list("registration_id", "day")
    ):
        days[registration_id].append(day)
    return days


def _sessions(conference: Conference, user_ids: list[int]) -> dict[int, list]:
    """The published sessions each account's linked Person spoke at. A Person marked anonymous appears on no
    PDF by name: their certificate lists the days, not the sessions (it may be forwarded)."""
    sessions: dict[int, list] = defaultdict(list)
    participations = (
        Participation.objects.filter(
            person__account_id__in=user_ids,
            role__in=SPEAKING_ROLES,
            session__conference=conference,
            session__is_published=True,
        )
        .exclude(person__visibility=Person.Visibility.ANONYMOUS)
        .select_related("session", "person")
        .order_by("session__starts_at", "session__pk")
    )
    for participation in participations:
        if participation.session not in sessions[participation.person.account_id]:
            sessions[participation.person.account_id].append(participation.session)
    return sessions


def certificate_documents(*, conference: Conference, certificates: Sequence[Certificate]) -> list[CertificateDocument]:
    """One document per certificate (with its registration), in the given order: three queries in all."""
    registrations = [certificate.registration for certificate in certificates]
    days = _days([registration.pk for registration in registrations])
    sessions = _sessions(conference, [registration.user_id for registration in registrations if registration.user_id])
    headers = {}
    for language in WORKING_LANGUAGES:
        with translation.override(language):
            # Plain strings (not TranslatedText): the documents go to the worker processes, pickled.
            headers[language] = (
                str(conference.title),
                str(conference.organiser),
                conference_dates(conference),
                str(conference.city),
            )
    documents = []
    for certificate in certificates:
        registration = certificate.registration
        halves = []
        for language in WORKING_LANGUAGES:
            title, organiser, dates, city = headers[language]
            with translation.override(language):
                name = registration.name_ar if language == NAME_SCRIPT_LANGUAGE and registration.name_ar else ""
                halves.append(
                    CertificateHalf(
                        language=language,
                        direction=language_direction(language),
                        name=name or registration.full_name,
                        conference_title=title,
                        organiser=organiser,
                        dates=dates,
                        city=city,
                        days=tuple(dateformat.format(day, "l j F Y") for day in days[registration.pk]),
                        sessions=tuple(str(session.title) for session in sessions.get(registration.user_id, ())),
                    )
                )
        documents.append(
            CertificateDocument(
                serial=certificate.serial, verify_url=verify_url(certificate.reference), halves=tuple(halves)
            )
        )
    return documents


def certificate_job_get(*, conference: Conference, pk: int) -> Job:
    job = Job.objects.filter(conference=conference, kind="certificates", pk=pk).first()
    if job is None:
        raise Http404
    return job
