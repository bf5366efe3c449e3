"""A small published programme with one person of each visibility: the `programme` fixture, used by every folder."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conference.models import Conference, Participation, Person, Session
from tests.factories import (
    BRUSSELS,
    ConferenceFactory,
    ParticipationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
)

# A 1x1 PNG: enough for an ImageField.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f00050001ff56c72f0d0000000049454e44ae426082"
)

# Everything that must never leave the database for the anonymous witness.
SECRETS = ("Zaynab Hiddenname", "زينب المخفية", "hidden-witness-photo", "SECRET-BIOGRAPHY", "Secret Org of Witness")


@dataclass
class Programme:
    conference: Conference
    opening: Session
    testimony: Session
    draft: Session
    public: Person
    name_only: Person
    anonymous: Person
    unlisted: Person


@pytest.fixture
def programme(db) -> Programme:
    conference = ConferenceFactory(slug="brussels-2025")
    hall = RoomFactory(conference=conference, name="Plenary Hall")
    opening = SessionFactory(
        conference=conference,
        room=hall,
        kind=Session.Kind.OPENING,
        title_en="Opening and minute of silence",
        title_ar="الجلسة الافتتاحية ودقيقة صمت",
        title_fr="",
        description_en="Welcome and a minute of silence.",
        starts_at=dt.datetime(2025, 5, 3, 9, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 5, 3, 10, 0, tzinfo=BRUSSELS),
    )
    testimony = SessionFactory(
        conference=conference,
        room=hall,
        kind=Session.Kind.TESTIMONY,
        title_en="Testimonies of released prisoners",
        title_ar="شهادات الأسرى المحررين",
        starts_at=dt.datetime(2025, 5, 4, 14, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 5, 4, 15, 30, tzinfo=BRUSSELS),
    )
    draft = SessionFactory(
        conference=conference,
        room=hall,
        title_en="Unannounced closed meeting",
        starts_at=dt.datetime(2025, 5, 4, 16, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2025, 5, 4, 17, 0, tzinfo=BRUSSELS),
        is_published=False,
    )
    public = PersonFactory(
        name="Samira Haddad",
        name_ar="سميرة حداد",
        honorific="Dr.",
        organisation="Alliance for Justice",
        position="President",
        biography_en="Physician and advocate.",
        biography_ar="طبيبة ومدافعة.",
        photo=SimpleUploadedFile("samira.png", PNG, content_type="image/png"),
    )
    name_only = PersonFactory(
        name="Rim Khatib",
        name_ar="ريم الخطيب",
        organisation="Family Committee",
        biography_en="NAME-ONLY-BIOGRAPHY",
        visibility=Person.Visibility.NAME_ONLY,
    )
    anonymous = PersonFactory(
        name=SECRETS[0],
        name_ar=SECRETS[1],
        photo=SimpleUploadedFile(f"{SECRETS[2]}.png", PNG, content_type="image/png"),
        biography_en=SECRETS[3],
        biography_ar=SECRETS[3],
        organisation=SECRETS[4],
        position=SECRETS[4],
        visibility=Person.Visibility.ANONYMOUS,
    )
    unlisted = PersonFactory(name="Only In Draft Session")
    ParticipationFactory(session=opening, person=public, role=Participation.Role.CHAIR)
    ParticipationFactory(session=testimony, person=public, role=Participation.Role.MODERATOR, order=0)
    ParticipationFactory(session=testimony, person=anonymous, role=Participation.Role.WITNESS, order=1)
    ParticipationFactory(session=testimony, person=name_only, role=Participation.Role.SPEAKER, order=2)
    ParticipationFactory(session=draft, person=unlisted)
    return Programme(conference, opening, testimony, draft, public, name_only, anonymous, unlisted)
