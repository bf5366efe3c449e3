"""The live plenary's fixtures: a submitted recommendation on the order, and delegates in the room today."""

import pytest
from django.utils import timezone

from recommendations.live import services
from recommendations.models import Recommendation
from registration.checkin.services import conference_day
from registration.models import CheckIn, Registration
from tests.factories import RecommendationFactory, RegistrationFactory, UserFactory

TEXT_EN = (
    "The conference calls for the release of all prisoners. It asks the United Nations to act. It thanks the hosts."
)
TEXT_AR = "يدعو المؤتمر إلى الإفراج عن جميع الأسرى. ويطلب من الأمم المتحدة أن تتحرك. ويشكر المضيفين."


def in_room(conference, user=None, *, checked_in=True, status=Registration.Status.APPROVED, **fields):
    """An approved registration of ``user`` (a new account by default), checked in today unless told."""
    registration = RegistrationFactory(conference=conference, user=user or UserFactory(), status=status, **fields)
    if checked_in:
        CheckIn.objects.create(registration=registration, day=conference_day(conference=conference, at=timezone.now()))
    return registration


@pytest.fixture
def recommendation(conference):
    return RecommendationFactory(
        conference=conference, state=Recommendation.State.SUBMITTED, text_en=TEXT_EN, text_ar=TEXT_AR, text_fr=""
    )


@pytest.fixture
def taken_up(conference, recommendation, secretariat_user):
    """The recommendation on the plenary's order and before the room, the floor open."""
    services.agenda_set(conference=conference, by=secretariat_user, recommendation_ids=[recommendation.pk])
    services.sitting_take_up(conference=conference, by=secretariat_user, recommendation=recommendation)
    services.floor_set(conference=conference, by=secretariat_user, open_=True)
    return recommendation


@pytest.fixture
def delegate(conference, delegate_user):
    return in_room(conference, delegate_user)


@pytest.fixture
def other_delegate(conference, other_delegate_user):
    return in_room(conference, other_delegate_user, organisation="Al-Haq")


@pytest.fixture(autouse=True)
def empty_rate_limits():
    """The rate limits live in the cache, keyed by registration ids that the next test's database reuses."""
    from django.core.cache import cache

    cache.clear()
