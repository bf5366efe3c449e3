"""The paper fallback: the door list PDF (both orders, what it holds and leaves out), entering its ticks
afterwards (idempotent, bad input), and the lost-badge desk; every page refused to everyone but the secretariat."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import dateformat, translation

from plenary.audit.models import Action, AuditLogEntry
from plenary.i18n import NAME_SCRIPT_LANGUAGE
from plenary.jobs.models import Job
from registration.badges.selectors import badge_reference
from registration.badges.services import badge_issue
from registration.checkin import paper_services
from registration.checkin.paper import render_door_list_html
from registration.checkin.paper_selectors import arabic_sort_key, door_paper_list
from registration.checkin.services import checkin_scan
from registration.models import Badge, CheckIn, Registration, Scan
from tests.conftest import ROLES
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory, SessionFactory
from tests.registration.badges.helpers import pdf_text

pytestmark = pytest.mark.django_db

LOGIN = "login"
SECRETARIAT_ONLY = {"anonymous": LOGIN, "secretariat": 200} | dict.fromkeys(
    ["delegate", "other_delegate", "rapporteur", "door"], 403
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _approved(conference, **fields):
    return RegistrationFactory(conference=conference, status="approved", **fields)


@pytest.fixture
def delegates(conference):
    return {
        "zayd": _approved(conference, first_name="Zayd", last_name="Abbas", name_ar="زيد عباس"),
        "elodie": _approved(conference, first_name="Élodie", last_name="Dubois", name_ar="", phone="+32 470 11 22 33"),
        "omar": _approved(conference, first_name="Omar", last_name="Khatib", name_ar="عمر الخطيب"),
        "iman": _approved(conference, first_name="Iman", last_name="Barghouti", name_ar="إيمان برغوثي"),
        "amal": _approved(conference, first_name="Amal", last_name="Zein", name_ar="أمل زين"),
    }


def _paper_url(conference, name="checkin_paper", *args):
    return reverse(f"registration:{name}", args=[conference.slug, *args])


def _first(conference) -> str:
    return conference.start_date.isoformat()


def _second(conference) -> str:
    return conference.end_date.isoformat()


def _print(client, conference, day=None):
    return client.post(_paper_url(conference, "checkin_paper_print"), {"day": day or _first(conference)})


# --- Sorting ---


def test_arabic_order_folds_letter_forms_and_ignores_the_article():
    names = ["يوسف", "الخطيب", "أحمد", "إبراهيم", "ابتسام", "آمنة", "مى", "مي", "فاطمة"]
    # Hamza and madda forms sort with bare alef; الخطيب sorts under خ; alef maksura with yeh.
    assert sorted(names, key=arabic_sort_key) == [
        "ابتسام",
        "إبراهيم",
        "أحمد",
        "آمنة",
        "الخطيب",
        "فاطمة",
        "مى",
        "مي",
        "يوسف",
    ]
    assert arabic_sort_key("مى")[0] == arabic_sort_key("مي")[0]
    assert arabic_sort_key("فاطمة")[0] == arabic_sort_key("فاطمه")[0]
    assert arabic_sort_key("مُحَمَّد")[0] == arabic_sort_key("محمد")[0]  # harakat and shadda ignored
    assert arabic_sort_key("آل سعود")[0] == "ال سعود"  # "ال" alone is a word (آل, family), not an article


def test_the_list_is_sorted_by_latin_and_by_arabic_name(conference, delegates):
    with translation.override("en"):
        paper = door_paper_list(conference=conference, day=conference.start_date, language="en")
    assert [row.last_name for row in paper.latin] == ["Abbas", "Barghouti", "Dubois", "Khatib", "Zein"]
    # أمل, إيمان, الخطيب (under خ), زيد; Élodie has no Arabic name and is only in the Latin list.
    assert [row.name_ar for row in paper.arabic] == ["أمل زين", "إيمان برغوثي", "زيد عباس", "عمر الخطيب"]


# --- The PDF ---


def test_the_pdf_holds_both_lists_and_nothing_private(secretariat_client, conference, delegates):
    RegistrationFactory(conference=conference, status="declined", last_name="Declinedperson")
    RegistrationFactory(conference=conference, status="pending", last_name="Pendingperson")
    anonymised = _approved(conference, last_name="Anonymisedperson")
    Registration.objects.filter(pk=anonymised.pk).update(anonymised_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    badge = badge_issue(registration=delegates["zayd"])

    response = _print(secretariat_client, conference)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    latin, arabic = text.split("Door list: By name in Arabic script")
    assert "Door list: By name in Latin script" in latin and "Page 1 of" in text
    # Last names in capitals, as on lists; Élodie Dubois, without an Arabic name, only in the Latin list.
    positions = [latin.index(name) for name in ("ABBAS, Zayd", "BARGHOUTI", "DUBOIS, Élodie", "KHATIB", "ZEIN")]
    assert positions == sorted(positions)
    positions = [arabic.index(name) for name in ("أمل زين", "إيمان برغوثي", "زيد عباس", "عمر الخطيب")]
    assert positions == sorted(positions) and "DUBOIS" not in arabic
    assert badge_reference(delegates["zayd"].pk) in latin and badge_reference(delegates["zayd"].pk) in arabic
    assert badge.token not in text
    assert "Ninth Annual Conference" in text and dateformat.format(conference.start_date, "l j F Y") in text
    for absent in ("@example.org", "470 11 22 33", "addameer", "declinedperson", "pendingperson", "anonymisedperson"):
        assert absent not in text.casefold()
    entry = AuditLogEntry.objects.get(action=Action.EXPORT)
    assert entry.details["door_list"] == _first(conference) and "Abbas" not in entry.summary


def test_the_pdf_is_in_the_secretariat_language_right_to_left_in_arabic(
    client, secretariat_user, conference, delegates
):
    client.force_login(secretariat_user)
    with translation.override(NAME_SCRIPT_LANGUAGE):
        url = reverse("registration:checkin_paper_print", args=[conference.slug])
    response = client.post(url, {"day": _second(conference)})
    text = pdf_text(response.content)
    # pdftotext reorders the numbers of a right-to-left line: "الصفحة  1من 2".
    assert re.search(r"الصفحة\s+1\s*من\s*2", text) and "قائمة الباب" in text and "Door list" not in text


def test_the_arabic_list_is_laid_out_right_to_left(conference, delegates):
    paper = door_paper_list(conference=conference, day=conference.start_date, language=NAME_SCRIPT_LANGUAGE)
    html = render_door_list_html(paper)
    assert '<html lang="ar" dir="rtl">' in html and "<bdi" not in html
    assert paper.direction == "rtl" and paper.latin[0].category_label == "مندوب"


def test_a_witness_is_listed_as_a_delegate(secretariat_client, conference):
    _approved(conference, last_name="Witnessperson", category="witness")
    text = pdf_text(_print(secretariat_client, conference).content)
    assert "WITNESSPERSON" in text and "witness" not in text.replace("WITNESSPERSON", "").casefold()


def test_a_large_list_is_printed_on_the_worker(
    secretariat_client, conference, monkeypatch, delegates, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(paper_services, "PAPER_INLINE_LIMIT", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = _print(secretariat_client, conference)
    job = Job.objects.get(kind="door_list")
    assert response.status_code == 302 and response.url.endswith(f"/paper/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.state == Job.State.DONE  # the immediate tasks backend of the tests
    assert "KHATIB" in pdf_text(job.result.open("rb").read())
    assert "Download" in secretariat_client.get(response.url).content.decode()


def test_a_day_outside_the_conference_prints_nothing(secretariat_client, conference, delegates):
    response = _print(secretariat_client, conference, day=(conference.end_date + dt.timedelta(days=30)).isoformat())
    assert response.status_code == 302
    assert "not a day of the conference" in secretariat_client.get(response.url).content.decode()
    assert not AuditLogEntry.objects.filter(action=Action.EXPORT).exists()


# --- Entering the ticks ---


def _enter(client, conference, ids, *, at="08:45"):
    return client.post(_paper_url(conference), {"day": _first(conference), "at": at, "registration": ids}, follow=True)


def test_the_page_lists_who_is_not_checked_in_and_searches_both_scripts(secretariat_client, conference, delegates):
    checkin_scan(
        conference=conference,
        code=badge_issue(registration=delegates["amal"]).token,
        door=DoorFactory(conference=conference, name_en="North"),
        by=None,
        now=dt.datetime.combine(conference.start_date, dt.time(9, 30), tzinfo=conference.tzinfo),
    )
    page = secretariat_client.get(_paper_url(conference), {"day": _first(conference)}).content.decode()
    assert "Abbas" in page and "Zein" not in page and badge_reference(delegates["zayd"].pk) in page
    assert 'value="09:00"' in page  # the day's opening time, without sessions
    found = secretariat_client.get(_paper_url(conference), {"day": _first(conference), "q": "الخطيب"}).content.decode()
    assert "Khatib" in found and "Abbas" not in found
    assert "Zein" in secretariat_client.get(_paper_url(conference), {"day": _second(conference)}).content.decode()


def test_ticks_check_in_at_the_chosen_time_once(secretariat_client, secretariat_user, conference, delegates):
    ids = [delegates["zayd"].pk, delegates["omar"].pk]
    page = _enter(secretariat_client, conference, ids).content.decode()
    assert "2 delegates checked in from the paper list." in page
    checkins = CheckIn.objects.filter(registration_id__in=ids)
    assert {str(c.door) for c in checkins} == {"Paper list"}
    assert {c.at.astimezone(conference.tzinfo).time() for c in checkins} == {dt.time(8, 45)}
    assert Scan.objects.filter(by=secretariat_user, door__name_en="Paper list", outcome="checked_in").count() == 2

    again = _enter(secretariat_client, conference, ids).content.decode()
    assert (
        "was already checked in that day: nothing changed." in again and "checked in from the paper list" not in again
    )
    assert CheckIn.objects.count() == 2 and Scan.objects.count() == 2
    [line] = AuditLogEntry.objects.filter(action=Action.PAPER_CHECKIN)  # the second entry changed nothing
    assert line.actor == secretariat_user and line.details["count"] == 2 and "Zayd" not in line.summary


def test_a_delegate_scanned_at_a_door_meanwhile_keeps_the_door_check_in(secretariat_client, conference, delegates):
    at_door = dt.datetime.combine(conference.start_date, dt.time(10, 5), tzinfo=conference.tzinfo)
    checkin_scan(
        conference=conference,
        code=badge_issue(registration=delegates["iman"]).token,
        door=DoorFactory(conference=conference, name_en="North"),
        by=None,
        now=at_door,
    )
    page = _enter(secretariat_client, conference, [delegates["iman"].pk]).content.decode()
    assert "Iman Barghouti was already checked in that day: nothing changed." in page
    checkin = CheckIn.objects.get(registration=delegates["iman"])
    assert str(checkin.door) == "North" and checkin.at == at_door and Scan.objects.count() == 1


def test_the_opening_time_is_the_first_session_of_the_day(secretariat_client, conference):
    SessionFactory(
        conference=conference,
        starts_at=dt.datetime.combine(conference.end_date, dt.time(8, 15), tzinfo=conference.tzinfo),
        ends_at=dt.datetime.combine(conference.end_date, dt.time(10, 0), tzinfo=conference.tzinfo),
    )
    page = secretariat_client.get(_paper_url(conference), {"day": _second(conference)}).content.decode()
    assert 'name="at" value="08:15"' in page


def test_a_refused_entry_keeps_the_ticks(secretariat_client, conference, delegates):
    ids = [delegates["zayd"].pk, delegates["omar"].pk]
    data = {"day": _first(conference), "at": "late", "registration": ids}
    page = secretariat_client.post(_paper_url(conference), data).content.decode()
    assert "Enter a valid time" in page and page.count(" checked>") == 2
    assert f'value="{delegates["zayd"].pk}" id="paper-{delegates["zayd"].pk}" checked' in page


def test_a_day_outside_the_conference_is_said_on_the_page(secretariat_client, conference, delegates):
    outside = (conference.start_date - dt.timedelta(days=3)).isoformat()
    page = secretariat_client.get(_paper_url(conference), {"day": outside}).content.decode()
    assert "This date is not a day of the conference." in page and "ABBAS" not in page and "Abbas" in page


def test_the_service_refuses_a_day_outside_the_conference(conference, delegates):
    with pytest.raises(ValueError):
        paper_services.paper_checkin(
            conference=conference,
            day=conference.end_date + dt.timedelta(days=1),
            registration_ids=[delegates["zayd"].pk],
            at=dt.time(9),
            by=None,
        )
    assert not CheckIn.objects.exists()


def test_unknown_and_other_conference_ids_are_ignored_and_said(secretariat_client, conference, delegates):
    elsewhere = _approved(ConferenceFactory(), last_name="Elsewhere")
    declined = RegistrationFactory(conference=conference, status="declined")
    page = _enter(secretariat_client, conference, [delegates["zayd"].pk, elsewhere.pk, declined.pk, 999999])
    text = page.content.decode()
    assert "1 delegate checked in from the paper list." in text
    assert "3 ticked lines are not approved delegates of this conference: ignored." in text
    assert not CheckIn.objects.filter(registration__in=[elsewhere, declined]).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # 10,000 ids: Django refuses the request before any form (DATA_UPLOAD_MAX_NUMBER_FIELDS).
        ({"at": "08:45", "registration": [str(n) for n in range(1, 10_001)]}, "Bad request"),
        ({"at": "08:45", "registration": [str(n) for n in range(1, 601)]}, "Too many delegates"),
        ({"day": "outside", "at": "08:45", "registration": ["1"]}, "not a day of the conference"),
        ({"at": "25:99", "registration": ["1"]}, "Enter a valid time"),
        ({"at": "08:45", "registration": ["x"]}, "Invalid selection"),
        ({"at": "08:45"}, "Tick at least one delegate"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(secretariat_client, conference, delegates, data, message):
    day = (conference.end_date + dt.timedelta(days=1)) if data.get("day") == "outside" else conference.start_date
    response = secretariat_client.post(_paper_url(conference), {**data, "day": day.isoformat()})
    assert response.status_code == 400 and message in response.content.decode()
    assert not CheckIn.objects.exists() and not Scan.objects.exists()


# --- The lost-badge desk ---


def test_lost_badge_found_by_name_reprinted_and_downloaded(secretariat_client, conference, delegates):
    old = badge_issue(registration=delegates["omar"])
    found = secretariat_client.get(_paper_url(conference, "checkin_desk"), {"q": "خطيب"}).content.decode()
    page_url = _paper_url(conference, "checkin_desk_badge", delegates["omar"].pk)
    assert page_url in found and "Abbas" not in found

    confirm = secretariat_client.get(page_url).content.decode()
    assert "stop working at the door" in confirm and not Badge.objects.filter(revoked_at__isnull=False).exists()
    response = secretariat_client.post(page_url, {"confirm": "1"}, follow=True)
    assert "The old one is revoked" in response.content.decode()

    old.refresh_from_db()
    new = Badge.objects.get(registration=delegates["omar"], revoked_at__isnull=True)
    assert old.revoked_at is not None and new.printed_at is not None
    assert AuditLogEntry.objects.filter(
        action=Action.BADGE_REPRINT, details__registration=delegates["omar"].pk
    ).exists()
    assert (
        checkin_scan(
            conference=conference, code=old.token, door=DoorFactory(conference=conference, name_en="North"), by=None
        ).result
        == "revoked"
    )
    pdf = secretariat_client.get(_paper_url(conference, "checkin_desk_badge_pdf", delegates["omar"].pk))
    assert pdf["Content-Type"] == "application/pdf" and "Omar Khatib" in pdf_text(pdf.content)


def test_the_desk_needs_the_confirmation_and_an_approved_delegate(secretariat_client, conference, delegates):
    old = badge_issue(registration=delegates["omar"])
    secretariat_client.post(_paper_url(conference, "checkin_desk_badge", delegates["omar"].pk), {})
    old.refresh_from_db()
    assert old.revoked_at is None
    pending = RegistrationFactory(conference=conference, status="pending")
    elsewhere = _approved(ConferenceFactory())
    for registration in (pending, elsewhere):
        url = _paper_url(conference, "checkin_desk_badge", registration.pk)
        assert secretariat_client.post(url, {"confirm": "1"}).status_code == 404
    assert (
        "Nobody found."
        in secretariat_client.get(_paper_url(conference, "checkin_desk"), {"q": pending.last_name}).content.decode()
    )


# --- Attacks ---


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["checkin_paper", "checkin_desk"])
def test_only_the_secretariat_sees_the_paper_pages(as_role, conference, role, name):
    response = as_role(role).get(_paper_url(conference, name))
    expected = SECRETARIAT_ONLY[role]
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", [role for role in ROLES if role != "secretariat"])
def test_nobody_else_prints_enters_ticks_or_reprints(as_role, conference, delegates, role):
    client = as_role(role)
    omar = delegates["omar"]
    old = badge_issue(registration=omar)
    answers = [
        _print(client, conference),
        client.post(_paper_url(conference), {"day": _first(conference), "at": "08:45", "registration": [omar.pk]}),
        client.post(_paper_url(conference, "checkin_desk_badge", omar.pk), {"confirm": "1"}),
        client.get(_paper_url(conference, "checkin_desk_badge_pdf", omar.pk)),
    ]
    assert all(answer.status_code in (302, 403) for answer in answers)
    assert all(answer.status_code == 403 for answer in answers) or role == "anonymous"
    old.refresh_from_db()
    assert old.revoked_at is None and not CheckIn.objects.exists() and not Job.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_a_door_list_job_is_seen_only_through_its_own_conference(client, secretariat_user, door_user, conference):
    elsewhere = ConferenceFactory()
    job = Job.objects.create(kind="door_list", conference=elsewhere, created_by=secretariat_user)
    client.force_login(secretariat_user)
    assert client.get(_paper_url(conference, "checkin_paper_job", job.pk)).status_code == 404
    assert client.get(_paper_url(elsewhere, "checkin_paper_job", job.pk)).status_code == 200
    badges = Job.objects.create(kind="badges", conference=conference, created_by=secretariat_user)
    assert client.get(_paper_url(conference, "checkin_paper_job", badges.pk)).status_code == 404
    client.force_login(door_user)
    assert client.get(_paper_url(elsewhere, "checkin_paper_job", job.pk)).status_code == 403
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 403


def test_a_conference_list_holds_only_its_own_delegates(secretariat_client, conference, delegates):
    _approved(ConferenceFactory(), last_name="Otherconference")
    text = pdf_text(_print(secretariat_client, conference).content)
    assert "otherconference" not in text.casefold() and "KHATIB" in text
