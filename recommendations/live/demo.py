"""The tenth conference's closing plenary, ready to run in ``make run``: three recommendations submitted and on
the plenary's order, and the approved delegates checked in today (two demo accounts among them, to vote from a
phone). Fictional people; check-ins are seed data written directly, as if the door had scanned them."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from conference.models import Conference
from plenary.permissions import SECRETARIAT
from recommendations import selectors, services
from recommendations.live import services as live_services
from recommendations.models import Recommendation
from registration.checkin.services import conference_day
from registration.demo import DEMO_PASSWORD
from registration.models import Category, CheckIn, Registration

# (theme, English, Arabic, French or "")
ITEMS = [
    (
        "Legal accountability",
        "The conference calls for the release of all administrative detainees. It asks the United Nations to send "
        "observers to military courts. It thanks the lawyers who defend detainees without fees.",
        "يدعو المؤتمر إلى الإفراج عن جميع المعتقلين الإداريين. ويطلب من الأمم المتحدة إرسال مراقبين إلى المحاكم "
        "العسكرية. ويشكر المحامين الذين يدافعون عن المعتقلين دون أتعاب.",
        "La conférence appelle à la libération de tous les détenus administratifs. Elle demande aux Nations unies "
        "d'envoyer des observateurs aux tribunaux militaires. Elle remercie les avocats qui défendent les détenus "
        "gratuitement.",
    ),
    (
        "Parliamentary action",
        "Members of parliament are invited to visit prisons with the Red Cross. Each visit is reported to the "
        "alliance within a month.",
        "يُدعى أعضاء البرلمانات إلى زيارة السجون مع الصليب الأحمر. ويُرفع تقرير عن كل زيارة إلى التحالف خلال شهر.",
        "",
    ),
    (
        "Media and awareness",
        "A common day of action is held every year on 17 April. Partners share one message in three languages.",
        "يُنظَّم يوم عمل مشترك كل عام في 17 نيسان. ويتشارك الشركاء رسالة واحدة بثلاث لغات.",
        "",
    ),
]
# Demo accounts that vote from their phones: (e-mail, first, last, Arabic name, organisation, language)
VOTERS = [
    ("voter@plenary.example", "Rania", "Khoury", "رانيا خوري", "Prisoners' Rights Network", "ar"),
    ("voter2@plenary.example", "Tom", "Berger", "", "Lawyers for Justice", "en"),
]


def _voter(conference: Conference, email, first, last, name_ar, organisation, language) -> None:
    user, created = get_user_model().objects.get_or_create(email=email)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Registration.objects.get_or_create(
        conference=conference,
        email=email,
        defaults={
            "user": user,
            "first_name": first,
            "last_name": last,
            "name_ar": name_ar,
            "organisation": organisation,
            "category": Category.DELEGATE,
            "language": language,
            "status": Registration.Status.APPROVED,
            "privacy_accepted_at": timezone.now(),
        },
    )


def load_next_edition(conference: Conference) -> None:
    if not settings.DEBUG:
        return  # demo accounts (the voters) exist with DEBUG only
    secretariat = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).order_by("pk").first()
    if secretariat is None:
        return
    # Check-ins are for one day: each run checks the approved delegates in today.
    today = conference_day(conference=conference, at=timezone.now())
    for voter in VOTERS:
        _voter(conference, *voter)
    for registration in conference.registrations.filter(status=Registration.Status.APPROVED):
        CheckIn.objects.get_or_create(registration=registration, day=today)
    if Recommendation.objects.filter(conference=conference).exists():
        return  # a second run changes nothing else
    themes = {theme.name_en: theme for theme in selectors.conference_themes(conference=conference)}
    submitted = []
    for order, (theme, text_en, text_ar, text_fr) in enumerate(ITEMS, start=1):
        recommendation = services.recommendation_create(
            conference=conference,
            session=None,
            theme=themes.get(theme) or next(iter(themes.values())),
            by=secretariat,
            order=order,
            texts={"en": text_en, "ar": text_ar, "fr": text_fr},
        )
        submitted.append(services.recommendation_submit(recommendation=recommendation, by=secretariat))
    live_services.agenda_set(conference=conference, by=secretariat, recommendation_ids=[r.pk for r in submitted])
