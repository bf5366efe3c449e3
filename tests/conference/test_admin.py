"""The secretariat's programme editor in the Django admin."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from conference.models import Conference, Participation, Room, Session
from plenary.permissions import RAPPORTEUR
from tests.factories import (
    BRUSSELS,
    ConferenceFactory,
    ParticipationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_secretariat(secretariat_user):
    """The shared secretariat account (with its authenticator app), given access to the admin."""
    secretariat_user.is_staff = True
    secretariat_user.save()
    return secretariat_user


@pytest.fixture
def admin_client(client, staff_secretariat):
    client.force_login(staff_secretariat)
    return client


def at(hour: int, minute: int = 0, day: int = 3) -> dt.datetime:
    return dt.datetime(2025, 5, day, hour, minute, tzinfo=BRUSSELS)


@pytest.fixture
def hall(db):
    return RoomFactory(conference=ConferenceFactory(slug="brussels-2025"), name="Plenary Hall")


def session_post(hall, *, start: str, end: str, people: list = (), title: str = "New panel") -> dict:
    data = {
        "conference": hall.conference.pk,
        "kind": "panel",
        "starts_at_0": "2025-05-03",
        "starts_at_1": start,
        "ends_at_0": "2025-05-03",
        "ends_at_1": end,
        "room": hall.pk,
        "is_published": "on",
        "title_en": title,
        "floor_language": "en",
        "interpretation_languages": ["ar", "fr"],
        "participations-TOTAL_FORMS": str(len(people)),
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
    }
    for index, person in enumerate(people):
        data.update(
            {
                f"participations-{index}-person": person.pk,
                f"participations-{index}-role": "speaker",
                f"participations-{index}-order": index,
            }
        )
    return data


@pytest.mark.parametrize("superuser", [False, True])
def test_admin_pages_load_for_the_secretariat(client, staff_secretariat, programme, superuser):
    staff_secretariat.is_superuser = superuser
    staff_secretariat.save()
    client.force_login(staff_secretariat)
    for model in ("conference", "session", "person", "room"):
        for view, args in (("changelist", []), ("add", [])):
            response = client.get(reverse(f"admin:conference_{model}_{view}", args=args))
            assert response.status_code == 200, (model, view)
    response = client.get(reverse("admin:conference_session_change", args=[programme.testimony.pk]))
    assert response.status_code == 200
    assert programme.anonymous.name in response.content.decode()  # the secretariat knows who testifies


def test_session_changelist_filters_and_search(admin_client, programme):
    changelist = reverse("admin:conference_session_changelist")
    page = admin_client.get(changelist, {"day": "2025-05-04"}).content.decode()
    assert "Testimonies of released prisoners" in page
    assert "Opening and minute of silence" not in page
    page = admin_client.get(changelist, {"q": "Samira"}).content.decode()
    assert "Opening and minute of silence" in page
    page = admin_client.get(changelist, {"is_published__exact": "0"}).content.decode()
    assert "Unannounced closed meeting" in page and "Testimonies" not in page


def test_person_changelist_keeps_private_email_out(admin_client, programme):
    response = admin_client.get(reverse("admin:conference_person_changelist"), {"visibility__exact": "anonymous"})
    page = response.content.decode()
    assert programme.anonymous.name in page
    assert programme.public.name not in page
    assert programme.anonymous.email not in page


def test_person_autocomplete_for_the_participation_inline(admin_client, programme):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Samira", "app_label": "conference", "model_name": "participation", "field_name": "person"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Samira Haddad"]


def test_view_on_site_previews_the_public_page(admin_client, programme):
    response = admin_client.get(reverse("admin:conference_session_change", args=[programme.draft.pk]))
    assert "View on site" in response.content.decode()
    assert programme.draft.get_absolute_url() == f"/en/brussels-2025/sessions/{programme.draft.pk}/"


def test_adding_a_session_with_its_speakers(admin_client, hall):
    person = PersonFactory()
    response = admin_client.post(
        reverse("admin:conference_session_add"), session_post(hall, start="09:00", end="10:00", people=[person])
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    session = Session.objects.get(title_en="New panel")
    assert list(session.participations.values_list("person", flat=True)) == [person.pk]
    assert session.interpretation_languages == ["ar", "fr"]


def test_interpretation_languages_are_ticked_not_typed(admin_client, hall):
    session = SessionFactory(conference=hall.conference, room=hall, interpretation_languages=["ar"])
    page = admin_client.get(reverse("admin:conference_session_change", args=[session.pk])).content.decode()
    assert 'type="checkbox" name="interpretation_languages" value="ar"' in page
    assert re.search(r'value="ar"[^>]*checked', page) and not re.search(r'value="fr"[^>]*checked', page)

    data = session_post(hall, start="09:00", end="10:00")
    data["interpretation_languages"] = ["xx", "<script>"]
    response = admin_client.post(reverse("admin:conference_session_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Session.objects.count() == 1

    room = reverse("admin:conference_room_change", args=[hall.pk])
    response = admin_client.post(
        room, {"conference": hall.conference.pk, "name": hall.name, "interpretation_languages": ["en", "ar"]}
    )
    assert response.status_code == 302
    hall.refresh_from_db()
    assert hall.interpretation_languages == ["en", "ar"]


def test_room_clash_in_the_admin_shows_the_error_and_saves_nothing(admin_client, hall):
    SessionFactory(conference=hall.conference, room=hall, title_en="Opening", starts_at=at(9), ends_at=at(10))
    response = admin_client.post(
        reverse("admin:conference_session_add"),
        session_post(hall, start="09:30", end="10:30", people=[PersonFactory()]),
    )
    assert response.status_code == 200
    assert "Plenary Hall is already taken by “Opening”" in response.content.decode()
    assert Session.objects.count() == 1
    assert Participation.objects.count() == 0


def test_speaker_clash_in_a_new_session_inline_shows_the_error_and_saves_nothing(admin_client, hall):
    committee = RoomFactory(conference=hall.conference, name="Committee Room")
    busy = PersonFactory(name="Karim Mansour")
    ParticipationFactory(
        person=busy,
        session=SessionFactory(
            conference=hall.conference, room=committee, title_en="Workshop", starts_at=at(9), ends_at=at(11)
        ),
    )
    response = admin_client.post(
        reverse("admin:conference_session_add"), session_post(hall, start="10:00", end="12:00", people=[busy])
    )
    assert response.status_code == 200
    assert "Karim Mansour is already in “Workshop” at an overlapping time" in response.content.decode()
    assert not Session.objects.filter(title_en="New panel").exists()


def test_the_same_person_added_to_two_overlapping_sessions_in_one_save(admin_client, hall):
    committee = RoomFactory(conference=hall.conference, name="Committee Room")
    first = SessionFactory(conference=hall.conference, room=hall, title_en="First", starts_at=at(9), ends_at=at(10))
    second = SessionFactory(
        conference=hall.conference, room=committee, title_en="Second", starts_at=at(9, 30), ends_at=at(11)
    )
    person = PersonFactory(name="Hélène Martin")
    data = {
        "honorific": "Me",
        "name": person.name,
        "name_ar": "",
        "visibility": "public",
        "organisation": "",
        "position": "",
        "country": "",
        "biography_en": "",
        "biography_ar": "",
        "biography_fr": "",
        "email": "",
        "account": "",
        "participations-TOTAL_FORMS": "2",
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
        "participations-0-session": first.pk,
        "participations-0-role": "speaker",
        "participations-0-order": "0",
        "participations-1-session": second.pk,
        "participations-1-role": "speaker",
        "participations-1-order": "0",
    }
    response = admin_client.post(reverse("admin:conference_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "Hélène Martin is already in “First” at an overlapping time" in response.content.decode()
    assert Participation.objects.count() == 0


def test_publish_action_calls_the_service(admin_client, programme):
    response = admin_client.post(
        reverse("admin:conference_session_changelist"),
        {"action": "publish", "_selected_action": [programme.draft.pk, programme.opening.pk]},
    )
    assert response.status_code == 302
    programme.draft.refresh_from_db()
    assert programme.draft.is_published


def test_who_is_refused(client, programme):
    add = reverse("admin:conference_session_add")
    assert client.get(add).status_code == 302  # anonymous: to the admin login
    client.force_login(UserFactory(email="delegate@example.org"))
    assert client.get(add).status_code == 302  # not staff: to the admin login
    client.force_login(UserFactory(email="rap@example.org", is_staff=True, groups=[RAPPORTEUR], totp=True))
    assert client.get(add).status_code == 403  # may view sessions, not add them
    assert client.get(reverse("admin:conference_session_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("start_day", "start", "end_day", "end", "message"),
    [
        ("2025-05-03", "10:00", "2025-05-03", "09:00", "A session must end after it starts."),
        ("2025-05-03", "10:00", "2025-05-03", "10:00", "A session must end after it starts."),
        ("2025-05-02", "09:00", "2025-05-02", "10:00", "The session must lie within the conference dates"),
        ("2025-05-04", "23:00", "2025-05-05", "00:30", "The session must lie within the conference dates"),
    ],
)
def test_times_outside_the_rules_are_form_errors_and_save_nothing(
    admin_client, hall, start_day, start, end_day, end, message
):
    data = session_post(hall, start=start, end=end, people=[PersonFactory()])
    data.update({"starts_at_0": start_day, "ends_at_0": end_day})
    response = admin_client.post(reverse("admin:conference_session_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()
    assert not Participation.objects.exists()


def test_moving_a_session_onto_a_speakers_other_session_in_the_admin_is_refused(admin_client, hall):
    committee = RoomFactory(conference=hall.conference, name="Committee Room")
    busy = PersonFactory(name="Karim Mansour")
    workshop = SessionFactory(
        conference=hall.conference, room=committee, title_en="Workshop", starts_at=at(9), ends_at=at(11)
    )
    later = SessionFactory(conference=hall.conference, room=hall, title_en="Later", starts_at=at(14), ends_at=at(15))
    ParticipationFactory(person=busy, session=workshop)
    kept = ParticipationFactory(person=busy, session=later)

    data = session_post(hall, start="10:00", end="11:30", title="Later")
    data.update(
        {
            "participations-TOTAL_FORMS": "1",
            "participations-INITIAL_FORMS": "1",
            "participations-0-id": kept.pk,
            "participations-0-session": later.pk,
            "participations-0-person": busy.pk,
            "participations-0-role": "speaker",
            "participations-0-order": "0",
        }
    )
    response = admin_client.post(reverse("admin:conference_session_change", args=[later.pk]), data)

    assert response.status_code == 200
    assert "Karim Mansour is also in “Workshop”" in response.content.decode()
    later.refresh_from_db()
    assert later.starts_at == at(14)


def test_view_on_site_refuses_people_outside_the_admin(client, programme):
    from django.contrib.contenttypes.models import ContentType

    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Session).pk, programme.draft.pk])
    login = reverse("admin:login")
    response = client.get(shortcut)
    assert response.status_code == 302 and response["Location"].startswith(login)  # anonymous
    for user in (UserFactory(), UserFactory(groups=[RAPPORTEUR])):  # a delegate, a rapporteur without staff status
        client.force_login(user)
        response = client.get(shortcut)
        assert response.status_code == 302 and response["Location"].startswith(login)
        # and the public page itself does not preview the unpublished session for them
        assert client.get(programme.draft.get_absolute_url()).status_code == 404


def test_view_on_site_preview_shows_the_draft_without_naming_the_anonymous_witness(admin_client, programme):
    from django.contrib.contenttypes.models import ContentType

    from tests.programme import SECRETS

    ParticipationFactory(session=programme.draft, person=programme.anonymous, role=Participation.Role.WITNESS)
    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Session).pk, programme.draft.pk])
    response = admin_client.get(shortcut, follow=True)

    assert response.redirect_chain[-1][0].endswith(programme.draft.get_absolute_url())
    page = response.content.decode()
    assert "Unannounced closed meeting" in page and "Not published (preview)" in page
    assert "1 anonymous witness" in page
    for secret in SECRETS:
        assert secret not in page
    agenda = admin_client.get(reverse("conference:agenda", kwargs={"slug": "brussels-2025"})).content.decode()
    assert "Unannounced closed meeting" in agenda
    for secret in SECRETS:
        assert secret not in agenda


def test_a_staff_rapporteur_has_no_preview_of_unpublished_sessions(client, programme):
    client.force_login(UserFactory(is_staff=True, groups=[RAPPORTEUR], totp=True))
    assert client.get(programme.draft.get_absolute_url()).status_code == 404


def test_admin_lists_take_the_same_queries_with_1_and_30_sessions(admin_client, hall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> list[int]:
        result = []
        for model in ("session", "person", "room"):
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.get(reverse(f"admin:conference_{model}_changelist")).status_code == 200
            result.append(len(queries))
        return result

    def add(count: int) -> None:
        for n in range(count):
            session = SessionFactory(
                conference=hall.conference, room=hall, starts_at=at(8) + dt.timedelta(minutes=20 * n)
            )
            session.ends_at = session.starts_at + dt.timedelta(minutes=20)
            session.save()
            ParticipationFactory(session=session)

    add(1)
    with_one = counts()
    Session.objects.all().delete()
    add(30)
    assert Session.objects.count() == 30
    assert counts() == with_one


def test_a_conference_that_ends_before_it_starts_is_refused(admin_client):
    data = {
        "slug": "backwards",
        "edition": "10",
        "status": "draft",
        "start_date": "2026-05-04",
        "end_date": "2026-05-03",
        "time_zone": "Europe/Brussels",
        "title_en": "Tenth Annual Conference",
        "city_en": "Brussels",
        "rooms-TOTAL_FORMS": "1",
        "rooms-INITIAL_FORMS": "0",
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "1000",
        "rooms-0-name": "Plenary Hall",
        "rooms-0-interpretation_languages": ["ar"],
    }
    response = admin_client.post(reverse("admin:conference_conference_add"), data)
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.content.decode()
    assert not Conference.objects.filter(slug="backwards").exists()
    assert not Room.objects.filter(name="Plenary Hall").exists()

    data["end_date"] = "2026-05-05"
    assert admin_client.post(reverse("admin:conference_conference_add"), data).status_code == 302
    assert Room.objects.get(conference__slug="backwards").interpretation_languages == ["ar"]


def test_the_secretariat_marks_a_session_for_attendance_with_its_seats(admin_client, hall):
    data = {
        **session_post(hall, start="09:00", end="10:00"),
        "attendance_list": "on",
        "seats": "25",
        "exit_scans": "on",
    }
    response = admin_client.post(reverse("admin:conference_session_add"), data)
    assert response.status_code == 302
    session = Session.objects.get(title_en="New panel")
    assert (session.attendance_list, session.seats, session.exit_scans, session.seat_limit) == (True, 25, True, 25)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"attendance_list": "on", "seats": "0"}, "at least one seat"),
        ({"attendance_list": "on", "seats": "-3"}, "greater than or equal to 0"),
        ({"attendance_list": "on", "seats": "x" * 500}, "Enter a whole number"),
        ({"exit_scans": "on"}, "Exit scans need an attendance list"),
    ],
)
def test_bad_attendance_settings_are_refused(admin_client, hall, fields, message):
    response = admin_client.post(
        reverse("admin:conference_session_add"), {**session_post(hall, start="09:00", end="10:00"), **fields}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Session.objects.filter(title_en="New panel").exists()


def test_without_seats_the_rooms_capacity_is_the_limit(hall):
    hall.capacity = 80
    assert SessionFactory.build(conference=hall.conference, room=hall).seat_limit == 80
    assert SessionFactory.build(conference=hall.conference, room=None).seat_limit is None
