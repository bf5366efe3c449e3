"""Recommendations fixtures: sessions with their rapporteurs, and adopting through the real services."""

import datetime as dt
import re
import subprocess

import pytest

from conference.models import Participation
from plenary.permissions import RAPPORTEUR
from recommendations import services
from recommendations.models import Recommendation, Theme
from tests.factories import ParticipationFactory, PersonFactory, SessionFactory, UserFactory

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def make_rapporteur(session, user=None):
    user = user or UserFactory(groups=[RAPPORTEUR])
    ParticipationFactory(session=session, person=PersonFactory(account=user), role=Participation.Role.RAPPORTEUR)
    return user


@pytest.fixture
def session(conference):
    return SessionFactory(conference=conference, title_en="Legal avenues")


@pytest.fixture
def other_session(conference):
    return SessionFactory(conference=conference, title_en="Parliaments")


@pytest.fixture
def rapporteur(rapporteur_user, session):
    """The rapporteur of ``session`` (and of no other)."""
    return make_rapporteur(session, rapporteur_user)


@pytest.fixture
def other_rapporteur(other_session):
    return make_rapporteur(other_session)


@pytest.fixture
def themes():
    return list(Theme.objects.filter(conference=None).order_by("order"))


def draft(conference, session, by, theme=None, texts=None, rationales=None) -> Recommendation:
    """A draft through the service; ``texts``/``rationales``: ``{language code: wording}``."""
    if texts is None:
        texts = {"en": "Refer the prisoners' issue to the ICC.", "ar": "إحالة قضية الأسرى إلى المحكمة."}
    theme = theme or Theme.objects.filter(conference=None).order_by("order").first()
    return services.recommendation_create(
        conference=conference, session=session, theme=theme, by=by, texts=texts, rationales=rationales
    )


def adopt(recommendations, by, decision=Recommendation.State.ADOPTED) -> list[Recommendation]:
    for recommendation in recommendations:
        services.recommendation_submit(recommendation=recommendation, by=by)
    return services.recommendations_decide(
        recommendations=recommendations, decision=decision, decided_on=dt.date(2025, 5, 4), by=by
    )


def pdf_text(pdf: bytes, tmp_path, *args: str) -> str:
    """pdftotext output without bidi marks and with whitespace collapsed (lines wrap anywhere)."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(BIDI_MARKS.sub("", out).split())


def normalise(text: str) -> str:
    return " ".join(BIDI_MARKS.sub("", text).split())
