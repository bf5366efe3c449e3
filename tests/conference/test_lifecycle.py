"""When registration opens and closes and until when delegates may change it: the secretariat's dates or
defaults from the conference's dates, validated in the model and said as it is today on the home page."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from conference.lifecycle import RegistrationPhase, registration_window
from conference.models import Conference
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
MIDNIGHT_BEFORE_FIRST_DAY = dt.datetime(2025, 5, 3, 0, 0, tzinfo=BRUSSELS)


def at(day: int, month: int = 5, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, 0, tzinfo=BRUSSELS)


def test_by_default_registration_is_open_until_midnight_before_the_first_day():
    conference = ConferenceFactory.build()
    window = registration_window(conference=conference, now=at(2, hour=23))
    assert window.phase == RegistrationPhase.OPEN
    assert window.closes == MIDNIGHT_BEFORE_FIRST_DAY
    assert window.edit_deadline == MIDNIGHT_BEFORE_FIRST_DAY
    assert window.changes_allowed
    later = registration_window(conference=conference, now=MIDNIGHT_BEFORE_FIRST_DAY)
    assert later.phase == RegistrationPhase.CLOSED
    assert not later.changes_allowed


def test_the_secretariats_dates_decide():
    conference = ConferenceFactory.build(
        registration_opens=at(1, 3), registration_closes=at(20, 4), edit_cutoff=at(25, 4)
    )
    assert registration_window(conference=conference, now=at(28, 2)).phase == RegistrationPhase.UPCOMING
    assert registration_window(conference=conference, now=at(1, 3)).phase == RegistrationPhase.OPEN
    after = registration_window(conference=conference, now=at(21, 4))
    assert after.phase == RegistrationPhase.CLOSED
    assert after.changes_allowed  # until the edit cut-off, later than the closing date
    assert not registration_window(conference=conference, now=at(26, 4)).changes_allowed


@pytest.mark.parametrize("status", [Conference.Status.DRAFT, Conference.Status.REGISTRATION_CLOSED, "archived"])
def test_only_the_open_status_opens_registration(status):
    conference = ConferenceFactory.build(status=status)
    assert registration_window(conference=conference, now=at(1, 3)).phase == RegistrationPhase.CLOSED


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ({"registration_opens": at(1, 4), "registration_closes": at(1, 4)}, "registration_closes", "close after"),
        ({"registration_closes": at(5)}, "registration_closes", "after the last day"),
        ({"edit_cutoff": at(5)}, "edit_cutoff", "after the last day"),
        ({"registration_opens": at(1, 4), "edit_cutoff": at(1, 3)}, "edit_cutoff", "after it opens"),
    ],
)
def test_dates_out_of_order_are_refused(dates, field, message):
    conference = ConferenceFactory.build(slug="checked", **dates)
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_sane_dates_pass_and_the_last_day_may_be_the_end():
    ConferenceFactory.build(
        slug="checked", registration_opens=at(1, 3), registration_closes=at(4, 5, 23), edit_cutoff=at(30, 4)
    ).full_clean()


def home(client, conference) -> str:
    response = client.get(f"/en/{conference.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_past_conference_left_open_says_registration_is_closed_and_offers_no_register(client):
    conference = ConferenceFactory(slug="brussels-2025")  # May 2025, status still "Registration open"
    page = home(client, conference)
    assert "Registration open" not in page
    assert "Closed" in page
    assert f"/en/{conference.slug}/register/" not in page


def test_the_home_page_says_until_when_registration_is_open(client):
    start = timezone.localdate() + dt.timedelta(days=56)
    conference = ConferenceFactory(slug="tenth", start_date=start, end_date=start + dt.timedelta(days=1))
    page = home(client, conference)
    # Closing at midnight before the first day reads as "until" the day before.
    assert f"Open until {date_format(start - dt.timedelta(days=1), 'l j F Y')}" in page
    assert f"/en/{conference.slug}/register/" in page


def test_the_home_page_says_when_registration_opens(client):
    start = timezone.localdate() + dt.timedelta(days=56)
    conference = ConferenceFactory(
        slug="tenth",
        start_date=start,
        end_date=start,
        registration_opens=timezone.now() + dt.timedelta(days=7),
    )
    page = home(client, conference)
    assert "Opens on" in page
    assert f"/en/{conference.slug}/register/" not in page


def test_the_admin_edits_the_dates(client, secretariat_user):
    secretariat_user.is_staff = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    page = client.get("/admin/conference/conference/add/").content.decode()
    for name in ("registration_opens", "registration_closes", "edit_cutoff"):
        assert f'name="{name}_0"' in page, name


def test_the_conference_list_says_what_is_true_today(client):
    ConferenceFactory(slug="brussels-2025", title_en="Past edition")  # May 2025, status still "Registration open"
    start = timezone.localdate() + dt.timedelta(days=56)
    ConferenceFactory(slug="tenth", title_en="Next edition", start_date=start, end_date=start)
    ConferenceFactory(slug="archived", status=Conference.Status.ARCHIVED)
    page = client.get("/en/").content.decode()
    assert "Registration open" not in page
    assert page.count("Open until") == 1
    assert "Closed" in page and "Archived" in page
