"""Who may open each registration page, and above all who is refused."""

import pytest
from django.urls import reverse

from registration.models import Registration
from tests.conftest import ROLES
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"


@pytest.fixture
def urls(conference, delegate_registration):
    slug = conference.slug
    pk = delegate_registration.pk
    return {
        "register": f"/en/{slug}/register/",
        "my": f"/en/{slug}/my/",
        "my_edit": f"/en/{slug}/my/edit/",
        "my_cancel": f"/en/{slug}/my/cancel/",
        "my_data": "/en/me/data.json",
        "delete_account": "/en/me/delete/",
        "participants": f"/en/{slug}/participants/",
        "manage_registrations": f"/en/{slug}/manage/registrations/",
        "manage_registration": f"/en/{slug}/manage/registrations/{pk}/",
        "audit_log": f"/en/{slug}/manage/audit-log/",
        "export_csv": f"/en/{slug}/manage/registrations/export/?format=csv",
        "export_xlsx": f"/en/{slug}/manage/registrations/export/?format=xlsx",
        "privacy": "/en/privacy/",
    }


# Expected answer to a GET, per URL and role. The delegate owns ``delegate_registration``; the other
# delegate has no registration; a registered delegate asking to register is sent to their own page.
SECRETARIAT_ONLY = {"anonymous": LOGIN, "secretariat": 200} | dict.fromkeys(
    ["delegate", "other_delegate", "rapporteur", "door"], 403
)
OWNER_ONLY = {"anonymous": LOGIN, "delegate": 200} | dict.fromkeys(
    ["other_delegate", "rapporteur", "door", "secretariat"], 404
)
SIGNED_IN = {"anonymous": LOGIN} | dict.fromkeys(
    ["delegate", "other_delegate", "rapporteur", "door", "secretariat"], 200
)
MATRIX = {
    "register": SIGNED_IN | {"delegate": 302},
    "my": SIGNED_IN,
    "my_edit": OWNER_ONLY,
    "my_cancel": OWNER_ONLY,
    "my_data": SIGNED_IN,
    "delete_account": SIGNED_IN,
    "participants": dict.fromkeys(ROLES, 404),  # not public by default
    "manage_registrations": SECRETARIAT_ONLY,
    "manage_registration": SECRETARIAT_ONLY,
    "audit_log": SECRETARIAT_ONLY,
    "export_csv": SECRETARIAT_ONLY,
    "export_xlsx": SECRETARIAT_ONLY,
    "privacy": dict.fromkeys(ROLES, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))
def test_get_matrix(as_role, urls, name, role):
    response = as_role(role).get(urls[name])
    expected = MATRIX[name][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def test_refused_exports_are_not_recorded_and_leak_nothing(as_role, urls, delegate_registration):
    from plenary.audit.models import AuditLogEntry

    for role in ("anonymous", "delegate", "other_delegate", "rapporteur", "door"):
        for name in ("export_csv", "export_xlsx"):
            response = as_role(role).get(urls[name])
            # The page itself (the menu of the 403 page shows the signed-in delegate their own address).
            assert delegate_registration.email.encode() not in response.content.split(b"<main", 1)[-1]
    assert not AuditLogEntry.objects.filter(action="export").exists()


def test_anonymous_posts_go_to_login_and_change_nothing(client, urls, delegate_user, delegate_registration):
    for name in ("register", "my_edit", "my_cancel", "delete_account"):
        response = client.post(urls[name], {"first_name": "Hacked", "password": "x", "confirm": "on"})
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_login")), name
    delegate_registration.refresh_from_db()
    assert delegate_registration.first_name != "Hacked"
    assert delegate_registration.status == Registration.Status.PENDING
    delegate_user.refresh_from_db()
    assert delegate_user.is_active


@pytest.mark.parametrize("role", ROLES)
def test_public_participants_list_is_open_to_all(as_role, conference, role):
    conference.participants_list_public = True
    conference.save()
    assert as_role(role).get(f"/en/{conference.slug}/participants/").status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "delegate", "other_delegate", "rapporteur", "door"])
def test_non_secretariat_cannot_change_statuses(as_role, urls, conference, delegate_registration, role):
    client = as_role(role)
    client.post(urls["manage_registration"], {"to_status": "approved"})
    client.post(urls["manage_registrations"], {"registrations": [delegate_registration.pk], "to_status": "approved"})
    delegate_registration.refresh_from_db()
    assert delegate_registration.status == Registration.Status.PENDING
    assert delegate_registration.status_changes.count() == 0


def test_another_delegate_can_never_reach_my_registration(
    client, other_delegate_user, conference, delegate_registration, other_registration
):
    client.force_login(other_delegate_user)
    edit = {"first_name": "Hacked", "last_name": "X", "organisation": "X", "country": "FR", "language": "en"}
    client.post(f"/en/{conference.slug}/my/edit/", {**edit, "category": "delegate", "pk": delegate_registration.pk})
    client.post(f"/en/{conference.slug}/my/cancel/", {"pk": delegate_registration.pk})
    # Ids in the URL go to the secretariat's pages, which refuse delegates.
    for pk in (delegate_registration.pk, other_registration.pk):
        assert client.get(f"/en/{conference.slug}/manage/registrations/{pk}/").status_code == 403
    delegate_registration.refresh_from_db()
    assert delegate_registration.first_name != "Hacked"
    assert delegate_registration.status == Registration.Status.PENDING
    other_registration.refresh_from_db()
    assert other_registration.first_name == "Hacked"  # they only ever change their own
    assert other_registration.status == Registration.Status.CANCELLED
    page = client.get(f"/en/{conference.slug}/my/").content.decode()
    assert delegate_registration.email not in page
    assert delegate_registration.email not in client.get("/en/me/data.json").content.decode()


def test_my_data_is_only_ever_mine(client, other_delegate_user, conference, delegate_registration):
    RegistrationFactory(conference=conference, user=None, email="someone@example.org")
    client.force_login(other_delegate_user)
    data = client.get("/en/me/data.json").json()
    assert data["registrations"] == []


# Every page of a conference goes through plenary.permissions.conference_view: the role is checked first
# (so outsiders learn nothing about which conferences exist), then an unknown slug is a 404.
UNKNOWN_SLUG_PAGES = {
    "/en/no-such-conference/manage/registrations/": SECRETARIAT_ONLY | {"secretariat": 404},
    "/en/no-such-conference/manage/badges/": SECRETARIAT_ONLY | {"secretariat": 404},
    "/en/no-such-conference/checkin/": SECRETARIAT_ONLY | {"door": 404, "secretariat": 404},
    "/en/no-such-conference/my/": SIGNED_IN | dict.fromkeys(SIGNED_IN.keys() - {"anonymous"}, 404),
    "/en/no-such-conference/participants/": dict.fromkeys(ROLES, 404),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(UNKNOWN_SLUG_PAGES))
def test_unknown_conference_after_the_role_check(as_role, url, role):
    response = as_role(role).get(url)
    expected = UNKNOWN_SLUG_PAGES[url][role]
    if expected == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected
