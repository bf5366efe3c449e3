"""The demo conference: idempotent, complete, and demo accounts only with DEBUG on."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from conference import demo
from conference.lifecycle import registration_window
from conference.models import Conference, Participation, Person, Room, Session
from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT

pytestmark = pytest.mark.django_db
DEMO_EMAILS = {"secretariat@plenary.example", "rapporteur@plenary.example", "door@plenary.example"}


def counts() -> tuple[int, ...]:
    models = (Conference, Room, Session, Person, Participation, get_user_model(), EmailAddress)
    return tuple(model.objects.count() for model in models)


def test_programme_is_complete(settings):
    settings.DEBUG = False
    conference = demo.load_programme()

    assert conference.slug == "brussels-2025"
    assert (conference.start_date.isoformat(), conference.end_date.isoformat()) == ("2025-05-03", "2025-05-04")
    assert conference.slogan_ar == "تعزيز التضامن الدولي"
    assert conference.slogan_fr and conference.title_ar and conference.title_fr
    assert conference.status == Conference.Status.ARCHIVED
    assert conference.rooms.count() == 2
    sessions = conference.sessions.all()
    assert sessions.count() == 12
    assert all(s.title_ar and s.description_ar for s in sessions)
    assert sum(bool(s.title_fr) for s in sessions) >= 9
    assert Person.objects.count() == 31
    assert Person.objects.filter(visibility=Person.Visibility.ANONYMOUS).count() == 3
    assert Person.objects.filter(visibility=Person.Visibility.NAME_ONLY).count() == 2
    assert not Person.objects.filter(name_ar="").exists()
    for session in sessions:
        assert session.participations.filter(role=Participation.Role.RAPPORTEUR).count() == 1, session
    testimony = sessions.get(kind=Session.Kind.TESTIMONY)
    assert testimony.participations.filter(person__visibility=Person.Visibility.ANONYMOUS).count() == 3


def test_the_tenth_is_eight_weeks_ahead_and_open_for_registration(settings):
    settings.DEBUG = False
    today = timezone.localdate()
    demo.load_programme()
    tenth = demo.load_next_edition(today=today)

    assert tenth.slug == "tenth-conference" and tenth.edition == 10
    assert tenth.start_date == today + dt.timedelta(weeks=8)
    assert registration_window(conference=tenth).is_open
    assert tenth.sessions.count() == 5 and tenth.rooms.count() == 2
    assert all(s.title_ar and s.title_fr and s.description_ar for s in tenth.sessions.all())
    assert Person.objects.count() == 31  # the same alliance's people


def test_run_on_a_later_day_the_tenth_moves_with_the_date(settings):
    settings.DEBUG = False
    demo.load_programme()
    today = timezone.localdate()
    demo.load_next_edition(today=today)
    first = counts()
    tenth = demo.load_next_edition(today=today + dt.timedelta(days=30))
    assert counts() == first
    assert tenth.start_date == today + dt.timedelta(days=30, weeks=8)
    assert {s.starts_at.astimezone(tenth.tzinfo).date() for s in tenth.sessions.all()} == {
        tenth.start_date,
        tenth.end_date,
    }


def test_the_tenth_home_page_shows_what_became_of_the_ninths_recommendations(settings, client):
    settings.DEBUG = True  # the recommendations demo needs the demo secretariat
    call_command("load_demo")

    page = client.get("/en/tenth-conference/").content.decode()
    assert (
        "What became of the recommendations of the <bdi>Ninth Annual Conference for Palestinian Prisoners</bdi>" in page
    )
    assert "R9-01" in page and "In progress" in page
    assert "/en/brussels-2025/recommendations/follow-up/" in page
    assert 'href="/en/brussels-2025/recommendations/"' in page
    assert "/en/tenth-conference/register/" in page and "Open until" in page

    arabic = client.get("/ar/tenth-conference/").content.decode()
    assert "ما آلت إليه توصيات <bdi>المؤتمر السنوي التاسع لنصرة الأسرى الفلسطينيين</bdi>" in arabic

    ninth = client.get("/en/brussels-2025/").content.decode()
    assert "/en/brussels-2025/register/" not in ninth and "Archived" in ninth


def test_demo_data_obeys_the_scheduling_rules(settings):
    settings.DEBUG = False
    conference = demo.load_programme()
    tenth = demo.load_next_edition(today=timezone.localdate())
    for session in [*conference.sessions.all(), *tenth.sessions.all()]:
        session.full_clean()
    for participation in Participation.objects.select_related("session__conference", "person"):
        participation.full_clean()


def test_second_run_creates_nothing(settings):
    settings.DEBUG = True
    demo.load_programme()
    first = counts()
    demo.load_programme()
    assert counts() == first


def test_load_demo_command_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert Session.objects.filter(conference__slug="brussels-2025").count() == 12
    assert Session.objects.filter(conference__slug="tenth-conference").count() == 5


def test_demo_accounts_with_debug(settings):
    settings.DEBUG = True
    demo.load_programme()

    User = get_user_model()
    secretariat = User.objects.get(email="secretariat@plenary.example")
    assert secretariat.is_staff and not secretariat.is_superuser
    assert secretariat.check_password("plenary-demo")
    assert list(secretariat.groups.values_list("name", flat=True)) == [SECRETARIAT]
    assert EmailAddress.objects.filter(user=secretariat, primary=True, verified=True).exists()

    rapporteur = User.objects.get(email="rapporteur@plenary.example")
    assert list(rapporteur.groups.values_list("name", flat=True)) == [RAPPORTEUR]
    person = rapporteur.person
    assert person.participations.filter(
        session__title_en=demo.LEGAL_SESSION, role=Participation.Role.RAPPORTEUR
    ).exists()

    door = User.objects.get(email="door@plenary.example")
    assert list(door.groups.values_list("name", flat=True)) == [DOOR]
    assert not door.is_staff


def test_no_demo_accounts_without_debug(settings):
    settings.DEBUG = False
    demo.load_programme()
    call_command("load_demo")
    assert not get_user_model().objects.filter(email__in=DEMO_EMAILS).exists()
    assert not EmailAddress.objects.filter(email__in=DEMO_EMAILS).exists()


def test_demo_agenda_is_served_in_english_and_arabic(client, settings):
    settings.DEBUG = False
    demo.load_programme()
    english = client.get("/en/brussels-2025/agenda/").content.decode()
    arabic = client.get("/ar/brussels-2025/agenda/").content.decode()
    assert "Legal accountability and the International Criminal Court" in english
    assert "المساءلة القانونية والمحكمة الجنائية الدولية" in arabic
    for secret in ("Khaled S.", "Rana T.", "Fadi M.", "خالد س."):
        assert secret not in english and secret not in arabic


def test_demo_accounts_left_from_a_development_run_are_deleted_without_debug(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert get_user_model().objects.filter(email__in=DEMO_EMAILS).count() == 3
    assert get_user_model().objects.filter(email="delegate@plenary.example").exists()  # registration's demo

    settings.DEBUG = False
    call_command("load_demo")

    assert not get_user_model().objects.filter(email__endswith="@plenary.example").exists()
    assert not EmailAddress.objects.filter(email__endswith="@plenary.example").exists()
    assert Session.objects.filter(conference__slug="brussels-2025").count() == 12  # the programme stays


def test_production_checks_refuse_a_database_with_demo_accounts(settings):
    from django.core.management.base import SystemCheckError

    from conference.checks import no_demo_accounts_in_production

    settings.DEBUG = True
    demo.load_programme()
    assert no_demo_accounts_in_production(databases=["default"]) == []  # development: expected

    settings.DEBUG = False
    (error,) = no_demo_accounts_in_production(databases=["default"])
    assert error.id == "plenary.E001"
    assert "secretariat@plenary.example" in error.msg
    with pytest.raises(SystemCheckError, match=r"plenary\.E001"):
        call_command("check", "--database", "default")

    demo.load_programme()
    assert no_demo_accounts_in_production(databases=["default"]) == []


def test_a_real_account_is_not_taken_for_a_demo_one(settings):
    from tests.factories import UserFactory

    settings.DEBUG = False
    real = UserFactory(email="secretariat@people.plenary.example.org")
    demo.load_programme()
    assert get_user_model().objects.filter(pk=real.pk).exists()


def test_the_demo_marks_sessions_for_attendance_and_the_ninth_has_some(settings):
    from registration.models import Attendance

    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)
    tenth = Session.objects.filter(conference__slug="tenth-conference", attendance_list=True)
    assert sorted(tenth.values_list("exit_scans", "seats")) == [(False, 30), (True, None)]
    ninth = Attendance.objects.filter(session__conference__slug="brussels-2025")
    assert ninth.filter(direction="entry").count() >= 4 and ninth.filter(direction="exit").count() >= 1
