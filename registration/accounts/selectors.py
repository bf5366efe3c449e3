"""Reads for a delegate's account: everything Plenary holds about them, as the "download my data" file."""

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Prefetch

from plenary.i18n import FALLBACK_LANGUAGE
from plenary.mfa import mfa_enabled
from registration.mailings.render import message_subject
from registration.models import Delivery, Registration, User


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything Plenary holds about one account, for its owner (GDPR article 15/20)."""
    registrations = user.registrations.select_related("conference", "import_batch", "mail_opt_out").prefetch_related(
        "status_changes",
        "badges",
        "checkins__door",
        "attendances__session",
        Prefetch("deliveries", Delivery.objects.select_related("message")),
        "visa_letter",
        "certificate",
    )
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_authentication": mfa_enabled(user),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "registrations": [_registration_data(registration, user) for registration in registrations.order_by("pk")],
    }


def _registration_data(registration: Registration, user: User) -> dict[str, Any]:
    return {
        "conference": registration.conference.slug,
        "conference_title": registration.conference.title,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "name_ar": registration.name_ar,
        "email": registration.email,
        "organisation": registration.organisation,
        "position": registration.position,
        "phone": registration.phone,
        "country": registration.country.code or "",
        "category": registration.category,
        "language": registration.language,
        "interpretation_needs": registration.interpretation_needs,
        "accessibility_needs": registration.accessibility_needs,
        "dietary_requirements": registration.dietary_requirements,
        "photo_consent": registration.photo_consent,
        "list_consent": registration.list_consent,
        "privacy_policy_version": registration.privacy_policy_version,
        "privacy_accepted_at": _iso(registration.privacy_accepted_at),
        "source": registration.source,
        # Which partner's list it came from; the file itself stays with the secretariat.
        "imported_from": registration.import_batch.source_organisation if registration.import_batch else "",
        "status": registration.status,
        # The secretariat's note is kept from the delegate's pages, but it is data about them (GDPR article 15).
        "internal_note": registration.internal_note,
        "waitlisted_at": _iso(registration.waitlisted_at),
        "created_at": registration.created_at.isoformat(),
        "updated_at": registration.updated_at.isoformat(),
        # The badge's token is left out: it is the key printed on the badge, not a fact about the person.
        "badges": [
            {
                "issued_at": _iso(badge.issued_at),
                "printed_at": _iso(badge.printed_at),
                "revoked_at": _iso(badge.revoked_at),
            }
            for badge in registration.badges.all()
        ],
        "check_ins": [
            {"day": checkin.day.isoformat(), "at": _iso(checkin.at), "door": str(checkin.door or "")}
            for checkin in registration.checkins.all()
        ],
        "attendance": [
            {"session": str(attendance.session), "direction": attendance.direction, "at": _iso(attendance.at)}
            for attendance in registration.attendances.all()
        ],
        "visa_letter": _letter_data(registration),
        "certificate_of_attendance": _certificate_data(registration),
        # Who in the secretariat made a change is theirs, not the delegate's: only "you" or "secretariat".
        "history": [
            {
                "at": change.at.isoformat(),
                "from": change.from_status,
                "to": change.to_status,
                "by": "you" if change.by_id == user.pk else "secretariat",
                "message": change.message,
            }
            for change in registration.status_changes.all()
        ],
        # The secretariat's messages to them, as they received them (the subject in their language).
        "emails": [
            {
                "subject": message_subject(
                    message=delivery.message, registration=registration, conference=registration.conference
                ),
                "to": delivery.to_email,
                "state": delivery.state,
                "sent_at": _iso(delivery.sent_at),
            }
            for delivery in registration.deliveries.all()
        ],
        "unsubscribed_from_news": hasattr(registration, "mail_opt_out"),
    }


def _letter_data(registration: Registration) -> dict[str, Any] | None:
    """The passport data the delegate gave for their invitation letter: theirs to download (GDPR article 15)."""
    letter = getattr(registration, "visa_letter", None)
    if letter is None:
        return None
    return {
        "passport_name": letter.passport_name,
        "nationality": letter.nationality.code or "",
        "passport_number": letter.passport_number,
        "passport_expiry": letter.passport_expiry.isoformat(),
        "date_of_birth": letter.date_of_birth.isoformat(),
        "consulate": letter.consulate,
        "coverage": letter.coverage,
        "language": letter.language,
        "status": letter.status,
        "serial": letter.serial,
        "requested_at": _iso(letter.requested_at),
        "decided_at": _iso(letter.decided_at),
        "revoked_at": _iso(letter.revoked_at),
        "message": letter.decline_message,
    }


def _certificate_data(registration: Registration) -> dict[str, Any] | None:
    certificate = getattr(registration, "certificate", None)
    if certificate is None:
        return None
    return {"serial": certificate.serial, "issued_at": _iso(certificate.issued_at)}


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def account_language(*, email: str) -> str:
    """The language the owner of ``email`` chose at their latest registration, else the fallback."""
    language = (
        Registration.objects.filter(user__email__iexact=email)
        .order_by("-created_at", "-pk")
        .values_list("language", flat=True)
        .first()
    )
    return language or FALLBACK_LANGUAGE
