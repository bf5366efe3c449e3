"""Demo recommendations for brussels-2025 (fictional): a dozen adopted, two still in the workflow,
one published version and some follow-up. Called by ``load_demo`` after the programme; idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model

from conference.models import Conference, Session
from plenary.i18n import texts_of
from plenary.permissions import SECRETARIAT
from recommendations import selectors, services
from recommendations.live.demo import load_next_edition  # noqa: F401  (load_demo calls it for the tenth)
from recommendations.models import FollowUp, Recommendation, Theme

LEGAL = "Legal accountability and the International Criminal Court"
PARLIAMENTS = "Parliamentarians' panel: Europe's responsibility"
MEDIA = "Workshop: media campaigns for prisoners"
CHILDREN = "Children in detention"
WOMEN = "Women prisoners"
MEDICAL = "Medical neglect in prisons"
ADMINISTRATIVE = "Workshop: administrative detention and legal aid"
SOLIDARITY = "Solidarity across Europe: unions, cities and universities"

# (session title, theme, English, Arabic, French or "", state, follow-up (status, responsible, note) or None)
ITEMS = [
    (LEGAL, "Legal accountability",
     "Call on the States Parties to the Rome Statute to refer the situation of Palestinian prisoners to the "
     "Prosecutor of the International Criminal Court, and support the documentation of every case.",
     "دعوة الدول الأطراف في نظام روما الأساسي إلى إحالة وضع الأسرى الفلسطينيين إلى المدعي العام للمحكمة "
     "الجنائية الدولية، ودعم توثيق كل حالة.",
     "Appeler les États parties au Statut de Rome à déférer la situation des prisonniers palestiniens au "
     "Procureur de la Cour pénale internationale, et soutenir la documentation de chaque cas.",
     "adopted",
     ("in_progress", "Legal committee of the alliance", "Communication filed with the Office of the Prosecutor.")),
    (LEGAL, "Legal accountability",
     "Build a network of lawyers in European countries to bring cases of torture in detention before national "
     "courts under universal jurisdiction.",
     "إنشاء شبكة من المحامين في الدول الأوروبية لرفع قضايا التعذيب في الاعتقال أمام المحاكم الوطنية وفق مبدأ "
     "الولاية القضائية العالمية.",
     "", "adopted", ("not_started", "Partner bar associations", "")),
    (PARLIAMENTS, "Parliamentary action",
     "Urge European parliaments to pass laws that make trade and cooperation agreements conditional on respect "
     "for the rights of detainees.",
     "حث البرلمانات الأوروبية على سن قوانين تجعل اتفاقيات التجارة والتعاون مشروطة باحترام حقوق المعتقلين.",
     "Exhorter les parlements européens à adopter des lois qui conditionnent les accords de commerce et de "
     "coopération au respect des droits des détenus.",
     "adopted", ("in_progress", "Parliamentary liaison group", "Motion tabled in two national parliaments.")),
    (PARLIAMENTS, "Parliamentary action",
     "Set up a friendship group for prisoners in every national parliament and in the European Parliament, "
     "reporting once a year.",
     "تشكيل مجموعة صداقة من أجل الأسرى في كل برلمان وطني وفي البرلمان الأوروبي، تقدم تقريرًا سنويًا.",
     "", "adopted", ("achieved", "Parliamentary liaison group", "Friendship groups founded in four parliaments.")),
    (ADMINISTRATIVE, "Media and awareness",
     "Launch a Europe-wide campaign against administrative detention without charge or trial, with a common "
     "day of action every year.",
     "إطلاق حملة على مستوى أوروبا ضد الاعتقال الإداري دون تهمة أو محاكمة، مع يوم عمل مشترك كل عام.",
     "Lancer une campagne européenne contre la détention administrative sans inculpation ni procès, avec une "
     "journée d'action commune chaque année.",
     "adopted", ("in_progress", "Campaign working group", "First day of action held in twelve cities.")),
    (MEDIA, "Media and awareness",
     "Train journalists and campaigners to tell prisoners' stories safely, with the informed consent of the "
     "people concerned.",
     "تدريب الصحفيين والناشطين على رواية قصص الأسرى بأمان، بموافقة مستنيرة من الأشخاص المعنيين.",
     "", "adopted", None),
    (CHILDREN, "Children and women",
     "Demand an end to the detention of children and to any interrogation of a minor without a parent or a "
     "lawyer present.",
     "المطالبة بوقف اعتقال الأطفال وبمنع التحقيق مع أي قاصر دون حضور أحد والديه أو محاميه.",
     "Exiger la fin de la détention des enfants et de tout interrogatoire d'un mineur hors de la présence d'un "
     "parent ou d'un avocat.",
     "adopted", ("blocked", "Child Rights Watch Europe", "Request for a hearing refused for now.")),
    (WOMEN, "Children and women",
     "Support women prisoners and their families with legal aid and psychological care.",
     "دعم الأسيرات وعائلاتهن بالمساعدة القانونية والرعاية النفسية.",
     "", "adopted_as_amended", None),
    (MEDICAL, "Health and medical neglect",
     "Call on independent medical bodies to send missions to the prisons where medical neglect is reported.",
     "دعوة الهيئات الطبية المستقلة إلى إرسال بعثات إلى السجون التي يبلغ فيها عن إهمال طبي.",
     "", "adopted", ("in_progress", "Doctors for Detainees", "")),
    (MEDICAL, "Health and medical neglect",
     "Document every death in detention attributed to medical neglect and publish an annual report.",
     "توثيق كل حالة وفاة في الاعتقال تعزى إلى الإهمال الطبي ونشر تقرير سنوي.",
     "", "adopted", None),
    (WOMEN, "Detention conditions",
     "Demand that family visits be restored and guaranteed, including for families who live abroad.",
     "المطالبة بإعادة الزيارات العائلية وضمانها، بما في ذلك للعائلات المقيمة في الخارج.",
     "Exiger le rétablissement et la garantie des visites familiales, y compris pour les familles vivant à "
     "l'étranger.",
     "adopted", None),
    (SOLIDARITY, "Solidarity and coordination",
     "Set up a coordination committee of the member organisations that meets every three months and reports "
     "on the follow-up of these recommendations.",
     "تشكيل لجنة تنسيق من المنظمات الأعضاء تجتمع كل ثلاثة أشهر وتقدم تقريرًا عن متابعة هذه التوصيات.",
     "", "adopted", ("achieved", "Secretariat of the alliance", "The committee met in July and October.")),
    (SOLIDARITY, "Solidarity and coordination",
     "Ask European cities to twin with the home towns of prisoners.",
     "", "", "submitted", None),
    (MEDIA, "Media and awareness",
     "Produce a documentary with released prisoners who agree to speak publicly.",
     "إنتاج فيلم وثائقي مع أسرى محررين يوافقون على الحديث علنًا.",
     "", "draft", None),
]  # fmt: skip

AMENDED = {
    "en": "Support women prisoners and their families with free legal aid, psychological care and help with travel "
    "costs for visits.",
    "ar": "دعم الأسيرات وعائلاتهن بالمساعدة القانونية المجانية والرعاية النفسية والمساعدة في تكاليف السفر للزيارات.",
}


def _session(conference: Conference, title: str) -> Session | None:
    sessions = Session.objects.filter(conference=conference)
    return (
        sessions.filter(title_en=title).first()
        or sessions.filter(kind=Session.Kind.CLOSING).first()
        or sessions.order_by("starts_at").first()
    )


def load(conference: Conference) -> None:
    secretariat = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).order_by("pk").first()
    # Services need a Secretariat actor (demo accounts exist with DEBUG only); a second run changes nothing.
    if secretariat is None or Recommendation.objects.filter(conference=conference).exists():
        return
    rapporteur = get_user_model().objects.filter(email="rapporteur@plenary.example").first()
    themes = {theme.name_en: theme for theme in selectors.conference_themes(conference=conference)}
    to_adopt: dict[str, list[Recommendation]] = {}
    follow_ups = {}
    for order, (title, theme, text_en, text_ar, text_fr, state, follow_up) in enumerate(ITEMS, start=1):
        session = _session(conference, title)
        author = rapporteur if rapporteur and selectors.can_draft_for(user=rapporteur, session=session) else secretariat
        recommendation = services.recommendation_create(
            conference=conference, session=session, theme=themes.get(theme) or Theme.objects.first(), by=author,
            order=order, texts={"en": text_en, "ar": text_ar, "fr": text_fr},
        )  # fmt: skip
        if state != "draft":
            services.recommendation_submit(recommendation=recommendation, by=author)
        if state.startswith("adopted"):
            to_adopt.setdefault(state, []).append(recommendation)
        if follow_up:
            follow_ups[recommendation.pk] = follow_up
    closing_day = conference.end_date
    for state, recommendations in to_adopt.items():
        decided = services.recommendations_decide(
            recommendations=recommendations, decision=state, decided_on=closing_day, by=secretariat,
            votes_for=None if state == "adopted" else 212, votes_against=None if state == "adopted" else 9,
            votes_abstaining=None if state == "adopted" else 14,
        )  # fmt: skip
        for recommendation in decided:
            if state == Recommendation.State.ADOPTED_AS_AMENDED:
                services.recommendation_set_adopted_wording(
                    recommendation=recommendation,
                    by=secretariat,
                    texts={**texts_of(recommendation, "text"), **AMENDED},
                )
    services.publication_publish(conference=conference, by=secretariat)
    for recommendation in Recommendation.objects.filter(pk__in=follow_ups):
        status, responsible, note = follow_ups[recommendation.pk]
        services.follow_up_update(recommendation=recommendation, by=secretariat, status=status, responsible=responsible)
        if note:
            services.follow_up_note_add(
                recommendation=recommendation, by=secretariat, date=closing_day + dt.timedelta(days=90), text=note,
                evidence_url="https://example.org/alliance/follow-up" if status == FollowUp.Status.ACHIEVED else "",
            )  # fmt: skip
