"""Who may print badges, scan them and see them, and above all who is refused."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plenary.jobs.models import Job
from registration.badges.services import badge_issue
from registration.models import Badge, CheckIn, Registration, Scan
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

LOGIN = "login"
SECRETARIAT_ONLY = {"anonymous": LOGIN, "secretariat": 200} | dict.fromkeys(
    ["delegate", "other_delegate", "rapporteur", "door"], 403
)
DOOR_AND_SECRETARIAT = {"anonymous": LOGIN, "door": 200, "secretariat": 200} | dict.fromkeys(
    ["delegate", "other_delegate", "rapporteur"], 403
)
# The delegate owns an approved registration; the other delegate has none at this conference.
OWNER = {"anonymous": LOGIN, "delegate": 200} | dict.fromkeys(
    ["other_delegate", "rapporteur", "door", "secretariat"], 404
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def approved(delegate_registration):
    Registration.objects.filter(pk=delegate_registration.pk).update(status="approved")
    delegate_registration.refresh_from_db()
    return delegate_registration


@pytest.fixture
def job(conference, secretariat_user):
    return Job.objects.create(kind="badges", conference=conference, created_by=secretariat_user, details={})


def _assert_answer(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("badge_queue", SECRETARIAT_ONLY),
        ("checkin_counts", SECRETARIAT_ONLY),
        ("checkin", DOOR_AND_SECRETARIAT),
        ("my_badge", OWNER),
    ],
)
def test_pages(as_role, conference, approved, role, name, expected):
    response = as_role(role).get(reverse(f"registration:{name}", args=[conference.slug]))

    _assert_answer(response, expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_badge_job_page(as_role, conference, approved, job, role):
    response = as_role(role).get(reverse("registration:badge_job", args=[conference.slug, job.pk]))

    _assert_answer(response, SECRETARIAT_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_own_badge_pdf(as_role, conference, approved, role):
    response = as_role(role).get(reverse("registration_files:my_badge_pdf", args=[conference.slug]))

    _assert_answer(response, OWNER[role])


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur", "door"])
def test_secretariat_actions_are_refused(as_role, conference, approved, job, role):
    client = as_role(role)
    badge = badge_issue(registration=approved)
    expected = SECRETARIAT_ONLY[role]

    _assert_answer(client.post(reverse("registration:badge_queue", args=[conference.slug]), {"layout": "a6"}), expected)
    _assert_answer(
        client.post(reverse("registration:badge_mark_printed", args=[conference.slug]), {"job": job.pk}), expected
    )
    reprint = reverse("registration:badge_reprint", args=[conference.slug, approved.pk])
    _assert_answer(client.get(reprint), expected)
    _assert_answer(client.post(reprint, {"confirm": "1"}), expected)

    badge.refresh_from_db()
    assert badge.printed_at is None and badge.revoked_at is None
    assert Job.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur"])
def test_only_the_door_team_scans_and_searches(as_role, conference, approved, role):
    client = as_role(role)
    badge = badge_issue(registration=approved)

    scan = client.post(reverse("registration_files:checkin_scan", args=[conference.slug]), {"code": badge.token})
    search = client.get(reverse("registration_files:checkin_search", args=[conference.slug]), {"q": "Haddad"})

    _assert_answer(scan, DOOR_AND_SECRETARIAT[role])
    _assert_answer(search, DOOR_AND_SECRETARIAT[role])
    assert not CheckIn.objects.exists() and not Scan.objects.exists()


def test_a_delegate_sees_only_their_own_badge(delegate_client, conference, approved, other_registration):
    Registration.objects.filter(pk=other_registration.pk).update(status="approved", last_name="Otherperson")
    others = badge_issue(registration=other_registration)

    page = delegate_client.get(reverse("registration:my_badge", args=[conference.slug]))
    pdf = delegate_client.get(reverse("registration_files:my_badge_pdf", args=[conference.slug]))

    own = Badge.objects.get(registration=approved)
    assert "Otherperson" not in page.text
    assert others.token.encode() not in pdf.content and own.registration.last_name in page.text


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur"])
def test_the_badge_address_shows_nothing_to_a_stranger(as_role, approved, role):
    client = as_role(role)
    badge = badge_issue(registration=approved)
    url = reverse("registration_files:badge_landing", args=[badge.token])

    real = client.get(url)
    fake = client.get(reverse("registration_files:badge_landing", args=["A" * 32]))
    posted = client.post(url, {"door": "North"})

    assert real.status_code == fake.status_code == 200
    assert "This is a Plenary badge" in real.text
    for text in (real.text, posted.text):
        assert approved.last_name not in text and approved.name_ar not in text and approved.organisation not in text
    # A valid token and a made-up one look the same: the page is no oracle.
    assert real.content.replace(badge.token.encode(), b"") == fake.content.replace(b"A" * 32, b"")
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("role", ["door", "secretariat"])
def test_the_badge_address_shows_the_delegate_to_the_door_team(as_role, approved, role):
    badge = badge_issue(registration=approved)

    response = as_role(role).get(reverse("registration_files:badge_landing", args=[badge.token]))

    assert approved.last_name in response.text and "Check in" in response.text
