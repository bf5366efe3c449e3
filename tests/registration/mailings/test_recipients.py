"""The recipients are the vetting queue's filters (one selector) plus the hand-picked: each filter selects exactly
the right people."""

import datetime as dt

import pytest

from registration.badges.services import badge_issue, badge_reprint
from registration.mailings.selectors import message_recipients, recipient_summary
from registration.models import Category, CheckIn, ImportBatch, Registration
from tests.factories import RegistrationFactory
from tests.registration.mailings.conftest import ARABIC, verified

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def people(conference, secretariat_user):
    batch = ImportBatch.objects.create(conference=conference, filename="list.xlsx", sha256="0" * 64)
    make = RegistrationFactory
    people = {
        "arabic_approved": make(conference=conference, language=ARABIC, status=Status.APPROVED),
        "arabic_pending": make(conference=conference, language=ARABIC, status=Status.PENDING),
        "lawyer": make(conference=conference, category=Category.LAWYER, status=Status.APPROVED, country="TN"),
        "imported": make(conference=conference, status=Status.APPROVED, import_batch=batch),
        "checked_in": make(conference=conference, status=Status.APPROVED),
        "reprinted": make(conference=conference, status=Status.APPROVED),
    }
    CheckIn.objects.create(registration=people["checked_in"], day=conference.start_date)
    badge_issue(registration=people["checked_in"])
    badge_issue(registration=people["reprinted"])
    badge_reprint(registration=people["reprinted"], by=secretariat_user)
    badge_issue(registration=people["lawyer"]).__class__.objects.filter(registration=people["lawyer"]).update(
        revoked_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    people["anonymised"] = make(conference=conference, status=Status.APPROVED, language=ARABIC)
    Registration.objects.filter(pk=people["anonymised"].pk).update(anonymised_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    people["batch"] = batch
    return people


def names(message, people) -> set[str]:
    ids = set(message_recipients(message=message).values_list("pk", flat=True))
    return {name for name, value in people.items() if isinstance(value, Registration) and value.pk in ids}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"language": ARABIC}, {"arabic_approved", "arabic_pending"}),
        ({"language": ARABIC, "status": Status.APPROVED}, {"arabic_approved"}),
        ({"category": Category.LAWYER}, {"lawyer"}),
        ({"country": "TN"}, {"lawyer"}),
        ({"checked_in": "yes"}, {"checked_in"}),
        ({"has_badge": "yes"}, {"checked_in", "reprinted"}),  # a revoked badge is no badge
        ({"has_badge": "no", "status": Status.APPROVED}, {"arabic_approved", "lawyer", "imported"}),
        ({"checked_in": "no", "status": Status.APPROVED}, {"arabic_approved", "lawyer", "imported", "reprinted"}),
        ({"source": "", "status": Status.PENDING}, {"arabic_pending"}),
        ({}, {"arabic_approved", "arabic_pending", "lawyer", "imported", "checked_in", "reprinted"}),
    ],
)
def test_a_filter_selects_exactly_the_right_people(people, compose, filters, expected):
    assert names(compose(filters=filters), people) == expected


def test_import_batch_filter(people, compose):
    assert names(compose(filters={"import_batch": people["batch"].pk}), people) == {"imported"}


def test_hand_picked_only_when_there_is_no_filter(people, compose):
    picked = [people["lawyer"], people["arabic_pending"]]
    assert names(compose(filters={}, picked=picked), people) == {"lawyer", "arabic_pending"}


def test_hand_picked_are_added_to_the_filtered(people, compose):
    message = compose(filters={"checked_in": "yes"}, picked=[people["lawyer"]])
    assert names(message, people) == {"checked_in", "lawyer"}


def test_another_conference_is_never_a_recipient(people, compose, other_conference):
    stranger = RegistrationFactory(conference=other_conference, language=ARABIC, status=Status.APPROVED)
    message = compose(filters={}, picked=[])
    assert stranger.pk not in set(message_recipients(message=message).values_list("pk", flat=True))


def test_the_summary_counts_and_lists_the_skipped(people, compose, django_assert_max_num_queries):
    verified(people["arabic_approved"])
    message = compose(filters={"language": ARABIC})
    with django_assert_max_num_queries(3):
        summary = recipient_summary(message=message)
    assert (summary.count, summary.to_send, summary.skipped_count) == (2, 1, 1)
    assert [registration.pk for registration, _reason in summary.skipped] == [people["arabic_pending"].pk]
