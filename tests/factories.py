"""Factories for the whole suite. Names include Arabic, because real data does."""

import datetime as dt
import zoneinfo

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from conference.models import Conference, Participation, Person, Room, Session
from recommendations.models import Recommendation, Theme
from registration.models import Registration, User

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
        if create:
            self.save()

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """allauth's verified address, as after sign-up; ``verified_email=False`` for one still unconfirmed."""
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """``totp=True``: an authenticator app (the shared test secret), as every staff account must have."""
        if create and extracted:
            from allauth.mfa.totp.internal.auth import TOTP

            from tests.conftest import SECRETARIAT_TOTP_SECRET

            TOTP.activate(self, SECRETARIAT_TOTP_SECRET)


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"conf-{n}")
    edition = 9
    title_en = factory.Sequence(lambda n: f"Ninth Annual Conference {n}")
    title_ar = "المؤتمر السنوي التاسع"
    title_fr = "Neuvième conférence annuelle"
    slogan_en = "Strengthening International Solidarity"
    slogan_ar = "تعزيز التضامن الدولي"
    city_en = "Brussels"
    city_ar = "بروكسل"
    city_fr = "Bruxelles"
    venue = "Residence Palace"
    start_date = dt.date(2025, 5, 3)
    end_date = dt.date(2025, 5, 4)
    time_zone = "Europe/Brussels"
    status = Conference.Status.REGISTRATION_OPEN


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 300
    interpretation_languages = ["ar", "fr"]


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    conference = factory.SubFactory(ConferenceFactory)
    room = factory.LazyAttribute(lambda o: RoomFactory(conference=o.conference))
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_ar = factory.Sequence(lambda n: f"الجلسة {n}")
    kind = Session.Kind.PANEL
    starts_at = factory.LazyAttribute(lambda o: dt.datetime(2025, 5, 3, 9, 0, tzinfo=BRUSSELS))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    is_published = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Speaker {n}")
    name_ar = factory.Sequence(lambda n: f"المتحدث {n}")
    organisation = "Alliance for Justice"
    country = "BE"
    biography_en = "Lawyer and campaigner."
    biography_ar = "محامية وناشطة."
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    first_name = factory.Sequence(lambda n: f"Amina{n}")
    last_name = factory.Sequence(lambda n: f"Haddad{n}")
    name_ar = factory.Sequence(lambda n: f"أمينة حداد {n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    organisation = "Addameer"
    country = "PS"
    status = Registration.Status.PENDING


# --- Recommendations ---


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A draft straight in the database (tests of the workflow go through the services)."""

    class Meta:
        model = Recommendation

    conference = factory.SubFactory(ConferenceFactory)
    session = factory.LazyAttribute(lambda o: SessionFactory(conference=o.conference))
    theme = factory.LazyFunction(lambda: Theme.objects.filter(conference=None).order_by("order").first())
    text_en = factory.Sequence(lambda n: f"Refer the prisoners' issue to the International Criminal Court ({n}).")
    text_ar = factory.Sequence(lambda n: f"إحالة قضية الأسرى إلى المحكمة الجنائية الدولية ({n}).")


class DoorFactory(factory.django.DjangoModelFactory):
    """A door named the same in every language (``DoorFactory(conference=c, name_en="North")`` finds it again)."""

    class Meta:
        model = "registration.Door"
        django_get_or_create = ("conference", "name_en")

    conference = factory.SubFactory(ConferenceFactory)
    name_en = factory.Sequence(lambda n: f"Door {n}")
    name_ar = factory.LazyAttribute(lambda door: door.name_en)
    name_fr = factory.LazyAttribute(lambda door: door.name_en)
