"""Registration's models, one module per capability inside the one app label ``registration``."""

from registration.models.accounts import User, UserManager
from registration.models.attendance import Attendance
from registration.models.badges import Badge, new_badge_token
from registration.models.checkin import CheckIn, Scan
from registration.models.doors import Door, DoorDevice, sha256_hex
from registration.models.letters import Certificate, Coverage, LetterSettings, VisaLetter
from registration.models.mailings import Delivery, MailOptOut, Message
from registration.models.registrations import (
    ANONYMISED_BLANK_FIELDS,
    DELEGATE_CONSENT_FIELDS,
    DELEGATE_DETAIL_FIELDS,
    SECRETARIAT_EDIT_FIELDS,
    Category,
    Registration,
    StatusChange,
)
from registration.models.spreadsheets import ImportBatch, ImportChange

__all__ = [
    "ANONYMISED_BLANK_FIELDS",
    "DELEGATE_CONSENT_FIELDS",
    "DELEGATE_DETAIL_FIELDS",
    "SECRETARIAT_EDIT_FIELDS",
    "Attendance",
    "Badge",
    "Category",
    "Certificate",
    "CheckIn",
    "Coverage",
    "Delivery",
    "Door",
    "DoorDevice",
    "ImportBatch",
    "ImportChange",
    "LetterSettings",
    "MailOptOut",
    "Message",
    "Registration",
    "Scan",
    "StatusChange",
    "User",
    "UserManager",
    "VisaLetter",
    "new_badge_token",
    "sha256_hex",
]
