"""Check-in at the door: every outcome, per-day entries, the scan log, the JSON endpoint and its limits."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from registration.badges.services import badge_issue, badge_reprint
from registration.checkin.selectors import checkin_counts
from registration.checkin.services import badge_token_from_code, checkin_registration, checkin_scan
from registration.models import CheckIn, Registration, Scan, sha256_hex
from tests.factories import DoorFactory, RegistrationFactory

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
MORNING = dt.datetime(2027, 5, 3, 8, 30, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def badge(conference):
    registration = RegistrationFactory(
        conference=conference, status="approved", first_name="Amina", last_name="Haddad", name_ar="أمينة حداد"
    )
    return badge_issue(registration=registration)


def _door(conference, name: str):
    return DoorFactory(conference=conference, name_en=name)


def _scan(conference, code, *, door="North", by=None, now=MORNING):
    return checkin_scan(conference=conference, code=code, door=_door(conference, door), by=by, now=now)


def _scan_url(conference) -> str:
    return reverse("registration_files:checkin_scan", args=[conference.slug])


# --- The service ---


def test_first_scan_checks_in_and_the_second_reports_when_and_where(conference, badge, door_user):
    first = _scan(conference, badge.token, door="North", by=door_user)
    second = _scan(conference, badge.token, door="South", by=door_user, now=MORNING + dt.timedelta(minutes=5))

    assert first.result == "checked_in"
    assert (first.name, first.name_ar, first.category) == ("Amina Haddad", "أمينة حداد", "delegate")
    assert second.result == "already_checked_in"
    assert second.first_checked_in_at == MORNING and second.door == "North"
    assert str(CheckIn.objects.get().door) == "North"


def test_full_url_and_bare_token_are_the_same_badge(conference, badge):
    assert _scan(conference, f"{settings.SITE_URL}/b/{badge.token}").result == "checked_in"
    assert _scan(conference, f"  {badge.token}\n").result == "already_checked_in"
    assert _scan(conference, f"http://old-address.example/b/{badge.token}/").result == "already_checked_in"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("https://plenary.test/b/abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345"),
        ("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345"),
        ("https://plenary.test/x/abcdefghijklmnopqrstuvwxyz012345", ""),
        ("' OR 1=1 --", ""),
        ("short", ""),
        ("", ""),
    ],
)
def test_badge_token_from_code(code, expected):
    assert badge_token_from_code(code) == expected


def test_a_reprinted_badge_is_revoked(conference, badge, secretariat_user):
    new = badge_reprint(registration=badge.registration, by=secretariat_user)

    old_scan = _scan(conference, badge.token)
    new_scan = _scan(conference, new.token)

    assert old_scan.result == "revoked" and old_scan.name == ""  # whoever holds a lost badge learns no name
    assert new_scan.result == "checked_in"


@pytest.mark.parametrize("status", ["pending", "waitlisted", "declined", "cancelled"])
def test_not_approved_registrations_do_not_enter(conference, badge, status):
    Registration.objects.filter(pk=badge.registration_id).update(status=status)

    assert _scan(conference, badge.token).result == "not_approved"
    assert not CheckIn.objects.exists()


def test_unknown_and_other_conference_codes(conference, other_conference):
    elsewhere = badge_issue(registration=RegistrationFactory(conference=other_conference, status="approved"))

    assert _scan(conference, elsewhere.token).result == "unknown"
    assert _scan(conference, "not a badge at all").result == "unknown"
    assert _scan(conference, "x" * 10_000).result == "unknown"


def test_check_in_is_per_conference_day_in_the_conference_time_zone(conference, badge):
    # 23:30 in Brussels on the 3rd is 21:30 UTC; 00:30 on the 4th is 22:30 UTC the 3rd: two conference days.
    late = dt.datetime(2027, 5, 3, 23, 30, tzinfo=BRUSSELS)
    after_midnight = dt.datetime(2027, 5, 4, 0, 30, tzinfo=BRUSSELS)

    assert _scan(conference, badge.token, now=late).result == "checked_in"
    assert _scan(conference, badge.token, now=after_midnight).result == "checked_in"
    assert _scan(conference, badge.token, now=after_midnight + dt.timedelta(hours=9)).result == "already_checked_in"
    assert sorted(CheckIn.objects.values_list("day", flat=True)) == [dt.date(2027, 5, 3), dt.date(2027, 5, 4)]


def test_every_scan_is_logged_and_unknown_codes_only_as_a_short_hash(conference, badge, door_user):
    secret_text = "BEGIN:VCARD Someone Private +32 470 00 00 00"
    _scan(conference, badge.token, by=door_user)
    _scan(conference, badge.token, by=door_user)
    _scan(conference, secret_text, by=door_user)
    _scan(conference, secret_text, by=door_user)

    scans = list(Scan.objects.order_by("pk"))
    assert [s.outcome for s in scans] == ["checked_in", "already_checked_in", "unknown", "unknown"]
    assert all(s.by == door_user and str(s.door) == "North" and s.conference == conference for s in scans)
    assert scans[0].registration == badge.registration and scans[2].registration is None
    assert len(scans[2].code_hash) == 16 and scans[2].code_hash == scans[3].code_hash
    for scan in scans:
        assert "Private" not in str(scan.__dict__) and badge.token not in str(scan.__dict__)


def test_check_in_by_name_for_a_delegate_without_badge(conference, door_user):
    registration = RegistrationFactory(conference=conference, status="approved")

    outcome = checkin_registration(
        conference=conference, registration=registration, door=_door(conference, "Desk"), by=door_user
    )

    assert outcome.result == "checked_in"
    assert Scan.objects.get().registration == registration


def test_live_counts_by_category_and_door(conference):
    for category, door in [("delegate", "North"), ("delegate", "South"), ("journalist", "North")]:
        badge = badge_issue(
            registration=RegistrationFactory(conference=conference, status="approved", category=category)
        )
        _scan(conference, badge.token, door=door)
    RegistrationFactory(conference=conference, status="approved")

    counts = checkin_counts(conference=conference, day=MORNING.date())

    assert counts.total == 3 and counts.approved == 4
    assert dict(counts.by_category) == {"Delegate": 2, "Press": 1}
    assert dict(counts.by_door) == {"North": 2, "South": 1}


# --- The JSON endpoint ---


def test_scan_endpoint_answers_json_for_every_outcome(door_client, conference, badge, secretariat_user):
    url = _scan_url(conference)

    north, south = _door(conference, "North"), _door(conference, "South")
    first = door_client.post(url, {"code": f"{settings.SITE_URL}/b/{badge.token}", "door": north.pk}).json()
    again = door_client.post(url, {"code": badge.token, "door": south.pk}).json()
    new = badge_reprint(registration=badge.registration, by=secretariat_user)
    revoked = door_client.post(url, {"code": badge.token}).json()
    Registration.objects.filter(pk=badge.registration_id).update(status="cancelled")
    cancelled = door_client.post(url, {"code": new.token}).json()

    assert first["result"] == "checked_in"
    assert first["name"] == "Amina Haddad" and first["name_ar"] == "أمينة حداد" and first["category"] == "Delegate"
    assert set(first) >= {"result", "name", "name_ar", "category", "first_checked_in_at", "door"}
    assert again["result"] == "already_checked_in" and again["door"] == "North"
    assert again["first_checked_in_at"] == first["first_checked_in_at"]
    assert revoked["result"] == "revoked"
    assert cancelled["result"] == "not_approved"


def test_unknown_codes_get_identical_answers_whatever_their_shape(door_client, conference, other_conference):
    elsewhere = badge_issue(registration=RegistrationFactory(conference=other_conference, status="approved"))
    codes = [
        "abcdefghijklmnopqrstuvwxyz012345",  # the shape of a token
        f"{settings.SITE_URL}/b/ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",  # the shape of a badge URL
        elsewhere.token,  # a real token of another conference
        "<script>alert(1)</script>",
        "\u202e" + "x" * 10_000,
        "'; DROP TABLE registration_checkin; --",
    ]

    answers = [door_client.post(_scan_url(conference), {"code": code}) for code in codes]

    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.content for answer in answers}) == 1
    assert answers[0].json() == {
        "result": "unknown",
        "name": "",
        "name_ar": "",
        "category": "",
        "category_key": "",
        "photo_consent": None,
        "first_checked_in_at": None,
        "door": "",
    }
    assert Scan.objects.filter(outcome="unknown").count() == len(codes)


def test_scan_by_registration_from_a_name_search(door_client, conference):
    registration = RegistrationFactory(conference=conference, status="approved", last_name="Barghouti")

    found = door_client.get(reverse("registration_files:checkin_search", args=[conference.slug]), {"q": "barg"})
    answer = door_client.post(_scan_url(conference), {"registration": found.json()["results"][0]["id"]})

    assert found.json()["results"][0]["name"] == registration.full_name
    assert answer.json()["result"] == "checked_in"


def test_the_name_search_gives_the_active_badges_hash_so_the_scanner_queues_the_check_in(
    door_client, conference, secretariat_user
):
    """The scanner checks a person found by name in through its queue, like a scan (nothing lost to a cut)."""
    reprinted = RegistrationFactory(
        conference=conference, status="approved", first_name="Reprinted", last_name="Nasser"
    )
    old = badge_issue(registration=reprinted)
    new = badge_reprint(registration=reprinted, by=secretariat_user)
    RegistrationFactory(conference=conference, status="approved", first_name="Nobadge", last_name="Nasser")

    found = {result["name"]: result["h"] for result in _search(door_client, conference, "nasser")["results"]}

    assert found == {"Reprinted Nasser": sha256_hex(new.token), "Nobadge Nasser": ""}
    assert sha256_hex(old.token) not in found.values()


def _search(client, conference, q):
    return client.get(reverse("registration_files:checkin_search", args=[conference.slug]), {"q": q}).json()


def test_the_name_search_shows_when_and_where_someone_already_checked_in_instead_of_the_button(
    door_client, conference, door_user
):
    inside = RegistrationFactory(conference=conference, status="approved", first_name="Inside", last_name="Barghouti")
    RegistrationFactory(conference=conference, status="approved", first_name="Outside", last_name="Barghouti")
    now = dt.datetime.now(tz=conference.tzinfo).replace(hour=9, minute=12, second=0, microsecond=0)
    checkin_registration(
        conference=conference, registration=inside, door=_door(conference, "Main entrance"), by=door_user, now=now
    )

    results = {result["name"]: result for result in _search(door_client, conference, "Barghouti")["results"]}

    assert results["Inside Barghouti"]["can_check_in"] is False
    assert results["Inside Barghouti"]["state"] == "Already checked in at 09:12 at Main entrance"
    assert results["Outside Barghouti"]["can_check_in"] is True and results["Outside Barghouti"]["state"] == ""


def test_the_secretariat_sees_a_declined_person_as_not_approved_without_the_button(secretariat_client, conference):
    RegistrationFactory(conference=conference, status="declined", first_name="Refused", last_name="Barghouti")

    [result] = _search(secretariat_client, conference, "Barghouti")["results"]

    assert result["can_check_in"] is False
    assert result["state"] == "Not approved (Declined)"


def test_the_name_search_says_when_it_shows_only_the_first_20(door_client, conference):
    RegistrationFactory.create_batch(23, conference=conference, status="approved", last_name="Haddad")

    found = _search(door_client, conference, "Haddad")

    assert len(found["results"]) == 20 and found["total"] == 23
    assert found["more"] == "Showing 20 of 23: refine your search."
    assert _search(door_client, conference, "nobody-at-all")["more"] == ""


def test_the_name_search_says_it_in_arabic_too(door_client, conference):
    RegistrationFactory.create_batch(21, conference=conference, status="approved", last_name="Haddad")

    found = door_client.get(
        reverse("registration_files:checkin_search", args=[conference.slug]), {"q": "Haddad", "lang": "ar"}
    ).json()

    assert "21" in found["more"] and "refine" not in found["more"]


def test_a_registration_of_another_conference_cannot_be_checked_in_here(door_client, conference, other_conference):
    elsewhere = RegistrationFactory(conference=other_conference, status="approved")

    assert door_client.post(_scan_url(conference), {"registration": elsewhere.pk}).status_code == 404
    assert not CheckIn.objects.exists()


def test_an_empty_scan_is_refused(door_client, conference):
    assert door_client.post(_scan_url(conference), {"code": "  "}).status_code == 400


def test_scans_are_rate_limited_per_user(door_client, secretariat_client, conference, badge, settings):
    settings.PLENARY_CHECKIN_SCANS_PER_MINUTE = 3
    url = _scan_url(conference)

    statuses = [door_client.post(url, {"code": badge.token}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert door_client.post(url, {"code": badge.token}).json() == {"result": "rate_limited"}
    assert Scan.objects.count() == 3


def test_scans_need_a_post(door_client, conference):
    assert door_client.get(_scan_url(conference)).status_code == 405


def test_the_scanner_page_has_the_autofocused_input_and_no_inline_script(door_client, conference):
    response = door_client.get(reverse("registration:checkin", args=[conference.slug]))

    assert response.status_code == 200
    assert 'name="code" autofocus' in response.text
    assert "<script>" not in response.text and "style=" not in response.text
    assert "js/checkin.js" in response.text


def test_the_badge_page_lets_the_door_check_in(door_client, conference, badge):
    url = reverse("registration_files:badge_landing", args=[badge.token])

    page = door_client.get(url)
    posted = door_client.post(url, {"door": _door(conference, "East").pk})

    assert "Amina Haddad" in page.text and "أمينة حداد" in page.text
    assert posted.status_code == 200 and "outcome-checked_in" in posted.text
    assert str(CheckIn.objects.get().door) == "East"


def test_live_count_page_for_the_secretariat(secretariat_client, conference, badge):
    checkin_scan(conference=conference, code=badge.token, door=_door(conference, "North"), by=None)

    response = secretariat_client.get(reverse("registration:checkin_counts", args=[conference.slug]))

    assert response.status_code == 200
    assert "North" in response.text and "Delegate" in response.text


def test_the_count_page_updates_in_place_without_a_meta_refresh(secretariat_client, conference, badge):
    page = secretariat_client.get(reverse("registration:checkin_counts", args=[conference.slug])).text
    checkin_scan(conference=conference, code=badge.token, door=_door(conference, "North"), by=None)

    live = secretariat_client.get(reverse("registration:checkin_counts_live", args=[conference.slug]))

    assert 'http-equiv="refresh"' not in page
    assert 'aria-live="polite"' in page and "js/checkin-counts.js" in page
    assert reverse("registration:checkin_counts_live", args=[conference.slug]) in page
    assert f'href="{reverse("registration:checkin_counts", args=[conference.slug])}">Refresh<' in page
    assert live.status_code == 200 and "<html" not in live.text
    assert "North" in live.text and "<strong>1</strong>" in live.text


@pytest.mark.parametrize("role", ["anonymous", "delegate", "rapporteur", "door"])
def test_the_live_counts_are_refused_to_everyone_but_the_secretariat(as_role, conference, badge, role):
    checkin_scan(conference=conference, code=badge.token, door=_door(conference, "Secret door"), by=None)

    response = as_role(role).get(reverse("registration:checkin_counts_live", args=[conference.slug]))

    assert response.status_code in (302, 403)
    assert "Secret door" not in response.content.decode()
    if role == "anonymous":
        assert "/accounts/login/" in response.url
