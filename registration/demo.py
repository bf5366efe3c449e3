"""Demo registrations and the demo secretariat's two-factor authenticator (DEBUG only; fictional people).

The demo secretariat ``secretariat@plenary.example`` gets a TOTP authenticator with the fixed secret
below, so that anyone trying Plenary can add it to an authenticator app (see docs/demo.md). Never in
production: ``load`` does nothing unless settings.DEBUG is on.
"""

import datetime as dt
import sys

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from conference.models import Conference
from plenary.permissions import SECRETARIAT
from registration.badges.services import badges_issue_for
from registration.letters import demo as letters_demo
from registration.mailings import demo as mailings_demo
from registration.models import Attendance, Category, Door, Registration, StatusChange, User

DEMO_SECRETARIAT_EMAIL = "secretariat@plenary.example"
DEMO_DELEGATE_EMAIL = "delegate@plenary.example"
DEMO_PASSWORD = "plenary-demo"  # noqa: S105 (a documented demo password, DEBUG only)
DEMO_TOTP_SECRET = "PLENARYDEMOSECRETPLENARYDEMO2345"  # noqa: S105 (base32; documented in docs/demo.md)

Status = Registration.Status
# first, last, Arabic name, organisation, country, category, language, status
DEMO_REGISTRATIONS = [
    ("Amina", "Haddad", "أمينة حداد", "Prisoners' Rights Network", "PS", Category.NGO, "ar", Status.APPROVED),
    ("Youssef", "Khalil", "يوسف خليل", "Bar Association of Tunis", "TN", Category.LAWYER, "ar", Status.PENDING),
    ("Claire", "Dubois", "", "Parlement de Wallonie", "BE", Category.PARLIAMENTARIAN, "fr", Status.APPROVED),
    ("Sami", "Nasser", "سامي ناصر", "", "JO", Category.WITNESS, "ar", Status.PENDING),
    ("Ingrid", "Larsen", "", "Nordic Press Agency", "NO", Category.JOURNALIST, "en", Status.WAITLISTED),
    ("Leila", "Mansour", "ليلى منصور", "Justice Now", "LB", Category.DELEGATE, "ar", Status.DECLINED),
    ("Marco", "Bianchi", "", "Avvocati per i Diritti", "IT", Category.LAWYER, "en", Status.CANCELLED),
    ("Hana", "Saleh", "هناء صالح", "Embassy of a friendly state", "MA", Category.DIPLOMAT, "en", Status.APPROVED),
]

DEMO_DOORS = [
    ("Main entrance", "المدخل الرئيسي", "Entrée principale"),
    ("Press desk", "مكتب الصحافة", "Accueil presse"),
]


def _demo_user(email: str) -> User:
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _ensure_totp(user: User) -> None:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing and decrypt(existing.data["secret"]) == DEMO_TOTP_SECRET:
        return
    if existing:
        existing.delete()
    TOTP.activate(user, DEMO_TOTP_SECRET)


def load(conference: Conference) -> None:
    """The ninth: the demo accounts, and delegates who registered for it."""
    if not settings.DEBUG:
        return
    secretariat = _demo_user(DEMO_SECRETARIAT_EMAIL)
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT))
    _ensure_totp(secretariat)
    delegate = _demo_user(DEMO_DELEGATE_EMAIL)
    _registrations(conference, secretariat=secretariat, delegate=delegate)
    _attendance(conference)
    mailings_demo.load(conference, secretariat=secretariat, delegate=delegate)
    letters_demo.load(conference, secretariat=secretariat, delegate=delegate)
    _print_accounts(secretariat)


def load_next_edition(conference: Conference) -> None:
    """The tenth, open for registration: the same delegates, so that its queue, badges and door have people."""
    if not settings.DEBUG:
        return
    secretariat = _demo_user(DEMO_SECRETARIAT_EMAIL)
    _registrations(conference, secretariat=secretariat, delegate=_demo_user(DEMO_DELEGATE_EMAIL))


def _registrations(conference: Conference, *, secretariat: User, delegate: User) -> None:
    # Seed data, written directly: going through the services would e-mail the fictional people.
    now = timezone.now()
    for number, (first, last, name_ar, organisation, country, category, language, status) in enumerate(
        DEMO_REGISTRATIONS
    ):
        email = DEMO_DELEGATE_EMAIL if number == 1 else f"{first}.{last}@example.org".lower()
        registration, created = Registration.objects.get_or_create(
            conference=conference,
            email=email,
            defaults={
                "user": delegate if number == 1 else None,
                "first_name": first,
                "last_name": last,
                "name_ar": name_ar,
                "organisation": organisation,
                "country": country,
                "category": category,
                "language": language,
                "status": status,
                "list_consent": status == Status.APPROVED,
                "photo_consent": True,
                "privacy_policy_version": settings.PLENARY_PRIVACY_POLICY_VERSION,
                "privacy_accepted_at": now,
                "waitlisted_at": now if status == Status.WAITLISTED else None,
            },
        )
        if created:
            StatusChange.objects.create(registration=registration, to_status=Status.PENDING, by=registration.user)
            if status != Status.PENDING:
                StatusChange.objects.create(
                    registration=registration, from_status=Status.PENDING, to_status=status, by=secretariat
                )
    # Badges for the approved, so the scanner page has something to check in (idempotent).
    badges_issue_for(registrations=list(conference.registrations.filter(status=Status.APPROVED)))
    # Doors, so that a volunteer has one to pick and the secretariat can pair a phone to it.
    for en, ar, fr in DEMO_DOORS:
        Door.objects.get_or_create(conference=conference, name_en=en, defaults={"name_ar": ar, "name_fr": fr})


def _attendance(conference: Conference) -> None:
    """A few approved delegates came to the ninth's marked sessions; one of them left the testimonies early."""
    door = Door.objects.filter(conference=conference).first()
    approved = list(conference.registrations.filter(status=Status.APPROVED).order_by("pk")[:4])
    for session in conference.sessions.filter(attendance_list=True):
        for minutes, registration in enumerate(approved):
            Attendance.objects.get_or_create(
                registration=registration,
                session=session,
                direction=Attendance.Direction.ENTRY,
                defaults={"at": session.starts_at + dt.timedelta(minutes=minutes), "door": door},
            )
        if session.exit_scans and approved:
            Attendance.objects.get_or_create(
                registration=approved[0],
                session=session,
                direction=Attendance.Direction.EXIT,
                defaults={"at": session.ends_at - dt.timedelta(minutes=20), "door": door},
            )


def _print_accounts(secretariat: User) -> None:
    url = get_adapter().build_totp_url(secretariat, DEMO_TOTP_SECRET)
    sys.stdout.write(
        f"Demo secretariat {DEMO_SECRETARIAT_EMAIL} / {DEMO_PASSWORD}: two-factor secret {DEMO_TOTP_SECRET}\n"
        f"  (add it to an authenticator app, or open {url})\n"
        f"Demo delegate {DEMO_DELEGATE_EMAIL} / {DEMO_PASSWORD}\n"
    )
