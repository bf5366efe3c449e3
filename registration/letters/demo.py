"""The ninth demo conference's letters and certificates (called by ``registration.demo.load``; DEBUG only):
the letter settings, the demo delegate's issued visa letter, and check-ins so that certificates have days."""

import datetime as dt

from django.utils import timezone

from conference.models import Conference
from registration.certificates.services import certificates_issue_for
from registration.letters.services import serials_take
from registration.models import CheckIn, Coverage, LetterSettings, Registration, StatusChange, User, VisaLetter
from registration.models.letters import new_reference

LETTERHEAD = "\n".join(
    (
        "European Alliance for Prisoners' Solidarity",
        "Rue de la Loi 155, 1040 Brussels, Belgium",
        "info@alliance.example",
    )
)
# Last names of the demo delegates who came, and on which days (0: the first day).
ATTENDANCE = {"Khalil": (0, 1), "Haddad": (0, 1), "Dubois": (0,), "Saleh": (1,)}


def load(conference: Conference, *, secretariat: User, delegate: User) -> None:
    LetterSettings.objects.get_or_create(
        conference=conference,
        defaults={
            "letterhead": LETTERHEAD,
            "signatory_name": "Dr. Nadia Rahman",
            "signatory_title": "Secretary General",
            "covered_by_default": Coverage.ACCOMMODATION,
        },
    )
    own = conference.registrations.filter(user=delegate).first()
    if own is None:
        return
    if own.status != Registration.Status.APPROVED:
        # In the ninth the demo delegate came (in the tenth their registration still waits for the secretariat).
        StatusChange.objects.create(
            registration=own, from_status=own.status, to_status=Registration.Status.APPROVED, by=secretariat
        )
        Registration.objects.filter(pk=own.pk).update(status=Registration.Status.APPROVED)
    if not VisaLetter.objects.filter(registration=own).exists():
        VisaLetter.objects.create(  # its PDF is rendered at the first download
            registration=own,
            passport_name="YOUSSEF KHALIL",
            nationality="TN",
            passport_number="Y7741902",
            passport_expiry=conference.end_date + dt.timedelta(days=4 * 365),
            date_of_birth=dt.date(1979, 6, 21),
            consulate="Embassy of Belgium in Tunis",
            coverage=Coverage.BOTH,
            status=VisaLetter.Status.ISSUED,
            serial=serials_take(conference=conference, prefix="L")[0],
            reference=new_reference(),
            decided_at=timezone.now(),
            decided_by=secretariat,
        )
    days = [conference.start_date + dt.timedelta(days=offset) for offset in range(2)]
    attendees = []
    for registration in conference.registrations.filter(status=Registration.Status.APPROVED).order_by("pk"):
        for offset in ATTENDANCE.get(registration.last_name, ()):
            at = dt.datetime.combine(days[offset], dt.time(8, 40), tzinfo=conference.tzinfo)
            CheckIn.objects.get_or_create(registration=registration, day=days[offset], defaults={"at": at})
        if registration.last_name in ATTENDANCE:
            attendees.append(registration)
    certificates_issue_for(conference=conference, registrations=attendees)
