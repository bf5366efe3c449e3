"""The demo alliance's two editions. Fictional people only.

The ninth annual conference (Brussels, 3-4 May 2025) is archived, its recommendations published; the tenth
is dated from the day ``load_demo`` runs (it starts eight weeks later), so its registration is open.

Idempotent: every row is found by its natural key and updated, so a second run creates nothing.
Demo accounts (with a published password) exist only when DEBUG is on.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from conference.models import Conference, Participation, Person, Room, Session
from plenary.permissions import DOOR, RAPPORTEUR, SECRETARIAT

SLUG = "brussels-2025"
NEXT_SLUG = "tenth-conference"
NEXT_STARTS_AFTER = dt.timedelta(weeks=8)
DEMO_PASSWORD = "plenary-demo"  # noqa: S105 (printed by `make run`; the accounts only exist with DEBUG on)
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
PLENARY_HALL = "Plenary Hall"
COMMITTEE_ROOM = "Committee Room"

PUBLIC, NAME_ONLY, ANONYMOUS = (Person.Visibility.PUBLIC, Person.Visibility.NAME_ONLY, Person.Visibility.ANONYMOUS)

# key: (honorific, name, Arabic name, organisation, position, country, visibility, biography EN, biography AR)
PEOPLE = {
    "haddad": (
        "Dr.",
        "Samira Haddad",
        "د. سميرة حداد",
        "European Alliance for Prisoners' Solidarity",
        "President",
        "BE",
        PUBLIC,
        "Physician and human rights advocate; has chaired the alliance since 2019.",
        "طبيبة ومدافعة عن حقوق الإنسان، ترأس التحالف منذ عام 2019.",
    ),
    "verhoeven": (
        "",
        "Julien Verhoeven",
        "جوليان فيرهوفن",
        "European Alliance for Prisoners' Solidarity",
        "Secretary-General",
        "BE",
        PUBLIC,
        "Coordinates the alliance's member organisations in 14 countries.",
        "ينسق عمل المنظمات الأعضاء في التحالف في 14 دولة.",
    ),
    "khalidi": (
        "H.E.",
        "Omar Khalidi",
        "عمر الخالدي",
        "Diplomatic mission",
        "Ambassador",
        "PS",
        PUBLIC,
        "Career diplomat, posted in Brussels since 2021.",
        "دبلوماسي، يعمل في بروكسل منذ عام 2021.",
    ),
    "jaber": (
        "H.E. Dr.",
        "Amal Jaber",
        "د. أمل جابر",
        "Diplomatic mission",
        "Ambassador",
        "ZA",
        PUBLIC,
        "Former law lecturer and ambassador.",
        "محاضرة سابقة في القانون وسفيرة.",
    ),
    "solberg": (
        "MP",
        "Ingrid Solberg",
        "إنغريد سولبرغ",
        "Parliament",
        "Member of Parliament",
        "NO",
        PUBLIC,
        "Sits on her parliament's foreign affairs committee.",
        "عضوة في لجنة الشؤون الخارجية في برلمان بلادها.",
    ),
    "almeida": (
        "MP",
        "Pedro Almeida",
        "بيدرو ألميدا",
        "Parliament",
        "Member of Parliament",
        "PT",
        PUBLIC,
        "Chairs a cross-party friendship group.",
        "يرأس مجموعة صداقة برلمانية من أحزاب مختلفة.",
    ),
    "dubois": (
        "MP",
        "Claire Dubois",
        "كلير دوبوا",
        "Parliament",
        "Member of Parliament",
        "FR",
        PUBLIC,
        "Lawyer by training; works on detention conditions.",
        "محامية، تعمل على ظروف الاحتجاز.",
    ),
    "novak": (
        "MEP",
        "Tomas Novak",
        "توماس نوفاك",
        "European Parliament",
        "Member of the European Parliament",
        "CZ",
        PUBLIC,
        "Member of the human rights subcommittee.",
        "عضو اللجنة الفرعية لحقوق الإنسان.",
    ),
    "mansour": (
        "Dr.",
        "Karim Mansour",
        "د. كريم منصور",
        "Institute for International Justice",
        "Professor of international law",
        "NL",
        PUBLIC,
        "Writes on universal jurisdiction.",
        "يكتب عن الولاية القضائية العالمية.",
    ),
    "martin": (
        "Me",
        "Hélène Martin",
        "هيلين مارتان",
        "Paris Bar",
        "Lawyer",
        "FR",
        PUBLIC,
        "Represents families before international bodies.",
        "تمثل العائلات أمام الهيئات الدولية.",
    ),
    "demir": (
        "Dr.",
        "Yusuf Demir",
        "د. يوسف دمير",
        "Istanbul Jurists' Forum",
        "Jurist",
        "TR",
        PUBLIC,
        "Specialist in international criminal procedure.",
        "متخصص في الإجراءات الجنائية الدولية.",
    ),
    "nasser": (
        "",
        "Layla Nasser",
        "ليلى ناصر",
        "Prisoners' Rights Centre",
        "Researcher",
        "PS",
        PUBLIC,
        "Documents detention cases since 2012.",
        "توثق حالات الاعتقال منذ عام 2012.",
    ),
    "witness_a": ("", "Khaled S.", "خالد س.", "", "", "PS", ANONYMOUS, "Released in 2024.", "أفرج عنه عام 2024."),
    "witness_b": ("", "Rana T.", "رنا ت.", "", "", "PS", ANONYMOUS, "Released in 2023.", "أفرج عنها عام 2023."),
    "witness_c": ("", "Fadi M.", "فادي م.", "", "", "PS", ANONYMOUS, "Released in 2024.", "أفرج عنه عام 2024."),
    "zayed": (
        "",
        "Ahmad Zayed",
        "أحمد زايد",
        "Former Detainees' Association",
        "Spokesperson",
        "PS",
        PUBLIC,
        "Spent eleven years in detention; now speaks publicly about it.",
        "أمضى أحد عشر عامًا في الاعتقال، ويتحدث اليوم علنًا عن تجربته.",
    ),
    "salem": (
        "Dr.",
        "Noor Salem",
        "د. نور سالم",
        "Children's Health Network",
        "Paediatrician",
        "JO",
        PUBLIC,
        "Paediatrician working with children after detention.",
        "طبيبة أطفال تعمل مع الأطفال بعد الاعتقال.",
    ),
    "kowalska": (
        "",
        "Anna Kowalska",
        "آنا كوفالسكا",
        "Child Rights Watch Europe",
        "Director",
        "PL",
        PUBLIC,
        "Leads advocacy on juvenile justice.",
        "تقود المناصرة في مجال قضاء الأحداث.",
    ),
    "odeh": (
        "",
        "Maryam Odeh",
        "مريم عودة",
        "Women's Solidarity Forum",
        "Coordinator",
        "PS",
        PUBLIC,
        "Supports women prisoners and their families.",
        "تدعم الأسيرات وعائلاتهن.",
    ),
    "rossi": (
        "Dr.",
        "Elena Rossi",
        "د. إيلينا روسي",
        "Doctors for Detainees",
        "Physician",
        "IT",
        PUBLIC,
        "Has led medical missions since 2015.",
        "قادت بعثات طبية منذ عام 2015.",
    ),
    "barakat": (
        "Dr.",
        "Hassan Barakat",
        "د. حسن بركات",
        "Doctors for Detainees",
        "Surgeon",
        "DE",
        PUBLIC,
        "Surgeon; reviews medical files of detainees.",
        "جراح، يراجع الملفات الطبية للمعتقلين.",
    ),
    "lindqvist": (
        "",
        "Sofia Lindqvist",
        "صوفيا ليندكفيست",
        "Nordic Press Collective",
        "Journalist",
        "SE",
        PUBLIC,
        "Investigative journalist.",
        "صحفية استقصائية.",
    ),
    "hamdan": (
        "",
        "Bilal Hamdan",
        "بلال حمدان",
        "Campaign Lab",
        "Digital campaigner",
        "GB",
        PUBLIC,
        "Runs online campaigns for civil society.",
        "يدير حملات رقمية لمنظمات المجتمع المدني.",
    ),
    "benali": (
        "",
        "Nadia Benali",
        "نادية بن علي",
        "European Alliance for Prisoners' Solidarity",
        "Communications officer",
        "BE",
        PUBLIC,
        "Handles the alliance's press relations.",
        "مسؤولة العلاقات الإعلامية في التحالف.",
    ),
    "devries": (
        "",
        "Jan de Vries",
        "يان دي فريس",
        "Transport Workers' Union",
        "International secretary",
        "NL",
        PUBLIC,
        "Trade unionist.",
        "نقابي.",
    ),
    "idrissi": (
        "",
        "Fatima Zahra Idrissi",
        "فاطمة الزهراء الإدريسي",
        "Maghreb Human Rights League",
        "Rapporteur-general",
        "MA",
        PUBLIC,
        "Drafts the conference recommendations.",
        "تصوغ توصيات المؤتمر.",
    ),
    "moreau": ("", "Lucas Moreau", "لوكاس مورو", "Lawyers Without Walls", "Rapporteur", "FR", PUBLIC, "", ""),
    "saleh": (
        "",
        "Huda Saleh",
        "هدى صالح",
        "Beirut Legal Clinic",
        "Rapporteur",
        "LB",
        PUBLIC,
        "Lawyer; rapporteur of the legal sessions.",
        "محامية، مقررة الجلسات القانونية.",
    ),
    "weber": ("", "Daniel Weber", "دانيال فيبر", "Vienna Human Rights Institute", "Rapporteur", "AT", PUBLIC, "", ""),
    "khatib": ("", "Rim Khatib", "ريم الخطيب", "", "", "PS", NAME_ONLY, "", ""),
    "qasem": ("", "Ziad Qasem", "زياد قاسم", "", "", "PS", NAME_ONLY, "", ""),
}

D1, D2 = dt.date(2025, 5, 3), dt.date(2025, 5, 4)
C, M, S, R, W = (
    Participation.Role.CHAIR,
    Participation.Role.MODERATOR,
    Participation.Role.SPEAKER,
    Participation.Role.RAPPORTEUR,
    Participation.Role.WITNESS,
)
K = Session.Kind
LEGAL_SESSION = "Legal accountability and the International Criminal Court"

# (day, start, end, room, kind, title EN/AR/FR, description EN/AR/FR, [(role, person key)])
SESSIONS = [
    (
        D1,
        "09:00",
        "09:45",
        PLENARY_HALL,
        K.OPENING,
        (
            "Opening session and a minute of silence",
            "الجلسة الافتتاحية ودقيقة صمت",
            "Séance d'ouverture et minute de silence",
        ),
        (
            "Welcome by the alliance, followed by a minute of silence for those who died in detention.",
            "كلمة ترحيب من التحالف، تليها دقيقة صمت على أرواح من توفوا في الاعتقال.",
            "Accueil par l'alliance, suivi d'une minute de silence pour les personnes mortes en détention.",
        ),
        [(C, "haddad"), (S, "verhoeven"), (R, "idrissi")],
    ),
    (
        D1,
        "09:45",
        "11:00",
        PLENARY_HALL,
        K.PLENARY,
        ("Official speeches", "الكلمات الرسمية", "Discours officiels"),
        (
            "Ambassadors and partners address the conference.",
            "كلمات السفراء والشركاء أمام المؤتمر.",
            "Les ambassadeurs et les partenaires s'adressent à la conférence.",
        ),
        [(M, "verhoeven"), (S, "khalidi"), (S, "jaber"), (S, "devries"), (R, "moreau")],
    ),
    (
        D1,
        "11:30",
        "13:00",
        PLENARY_HALL,
        K.PANEL,
        (
            "Parliamentarians' panel: Europe's responsibility",
            "ندوة البرلمانيين: مسؤولية أوروبا",
            "Table ronde des parlementaires : la responsabilité de l'Europe",
        ),
        (
            "Members of national parliaments and of the European Parliament on what legislators can do.",
            "أعضاء البرلمانات الوطنية والبرلمان الأوروبي حول ما يمكن للمشرعين فعله.",
            "Des membres des parlements nationaux et du Parlement européen sur ce que peuvent faire les législateurs.",
        ),
        [(M, "verhoeven"), (S, "solberg"), (S, "almeida"), (S, "dubois"), (S, "novak"), (R, "idrissi")],
    ),
    (
        D1,
        "14:30",
        "16:00",
        PLENARY_HALL,
        K.PANEL,
        (
            LEGAL_SESSION,
            "المساءلة القانونية والمحكمة الجنائية الدولية",
            "Responsabilité juridique et Cour pénale internationale",
        ),
        (
            "Universal jurisdiction, communications to the Court and documenting cases so that they hold up.",
            "الولاية القضائية العالمية، والبلاغات إلى المحكمة، وتوثيق الحالات توثيقًا متينًا.",
            "Compétence universelle, communications à la Cour et documentation solide des cas.",
        ),
        [(C, "mansour"), (S, "martin"), (S, "demir"), (S, "nasser"), (S, "qasem"), (R, "saleh")],
    ),
    (
        D1,
        "14:30",
        "16:00",
        COMMITTEE_ROOM,
        K.WORKSHOP,
        (
            "Workshop: media campaigns for prisoners",
            "ورشة عمل: الحملات الإعلامية من أجل الأسرى",
            "Atelier : campagnes médiatiques pour les prisonniers",
        ),
        (
            "Telling prisoners' stories safely: consent, anonymity and reaching editors.",
            "رواية قصص الأسرى بأمان: الموافقة وإخفاء الهوية والوصول إلى المحررين.",
            "Raconter l'histoire des prisonniers en sécurité : consentement, anonymat et rédactions.",
        ),
        [(M, "benali"), (S, "lindqvist"), (S, "hamdan"), (R, "weber")],
    ),
    (
        D1,
        "16:30",
        "18:00",
        PLENARY_HALL,
        K.TESTIMONY,
        ("Testimonies of released prisoners", "شهادات الأسرى المحررين", "Témoignages de prisonniers libérés"),
        (
            "Released prisoners speak about their detention. Some witnesses speak anonymously: "
            "no photographs or recordings during this session.",
            "أسرى محررون يتحدثون عن اعتقالهم. بعض الشهود يتحدثون دون الكشف عن هويتهم: "
            "يمنع التصوير والتسجيل خلال هذه الجلسة.",
            "Des prisonniers libérés parlent de leur détention. Certains témoins parlent anonymement : "
            "ni photos ni enregistrements pendant cette séance.",
        ),
        [
            (M, "nasser"),
            (W, "zayed"),
            (W, "witness_a"),
            (W, "witness_b"),
            (W, "witness_c"),
            (S, "khatib"),
            (R, "moreau"),
        ],
    ),
    (
        D2,
        "09:30",
        "11:00",
        PLENARY_HALL,
        K.PANEL,
        ("Children in detention", "الأطفال في الاعتقال", "Les enfants en détention"),
        (
            "Arrests of minors, interrogation without a parent or lawyer, and the long-term effects.",
            "اعتقال القاصرين، والتحقيق دون حضور أحد الوالدين أو محامٍ، والآثار طويلة الأمد.",
            "Arrestations de mineurs, interrogatoires sans parent ni avocat, et effets à long terme.",
        ),
        [(M, "kowalska"), (S, "salem"), (S, "demir"), (R, "idrissi")],
    ),
    (
        D2,
        "09:30",
        "11:00",
        COMMITTEE_ROOM,
        K.PANEL,
        ("Women prisoners", "الأسيرات", "Les femmes prisonnières"),
        (
            "Conditions of detention for women and the support their families need.",
            "ظروف اعتقال النساء والدعم الذي تحتاجه عائلاتهن.",
            "Conditions de détention des femmes et soutien nécessaire à leurs familles.",
        ),
        [(M, "odeh"), (S, "dubois"), (W, "witness_b"), (R, "saleh")],
    ),
    (
        D2,
        "11:30",
        "13:00",
        PLENARY_HALL,
        K.PANEL,
        ("Medical neglect in prisons", "الإهمال الطبي في السجون", "La négligence médicale dans les prisons"),
        (
            "Doctors review cases of delayed or refused treatment.",
            "أطباء يستعرضون حالات تأخير العلاج أو رفضه.",
            "Des médecins examinent des cas de soins retardés ou refusés.",
        ),
        [(C, "rossi"), (S, "barakat"), (S, "salem"), (R, "moreau")],
    ),
    (
        D2,
        "11:30",
        "13:00",
        COMMITTEE_ROOM,
        K.WORKSHOP,
        ("Workshop: administrative detention and legal aid", "ورشة عمل: الاعتقال الإداري والمساعدة القانونية", ""),
        (
            "Detention without charge: how lawyers and families can respond.",
            "الاعتقال دون تهمة: كيف يمكن للمحامين والعائلات التصرف.",
            "",
        ),
        [(M, "martin"), (S, "qasem"), (S, "nasser"), (R, "weber")],
    ),
    (
        D2,
        "14:00",
        "15:30",
        PLENARY_HALL,
        K.PLENARY,
        (
            "Solidarity across Europe: unions, cities and universities",
            "التضامن عبر أوروبا: النقابات والمدن والجامعات",
            "",
        ),
        ("Twinning, motions and campaigns that worked.", "التوأمة والقرارات والحملات التي نجحت.", ""),
        [(M, "benali"), (S, "devries"), (S, "novak"), (S, "lindqvist"), (R, "saleh")],
    ),
    (
        D2,
        "16:00",
        "17:30",
        PLENARY_HALL,
        K.CLOSING,
        (
            "Closing session and adoption of the recommendations",
            "الجلسة الختامية واعتماد التوصيات",
            "Séance de clôture et adoption des recommandations",
        ),
        (
            "The rapporteur-general presents the draft recommendations; the plenary adopts them.",
            "تعرض المقررة العامة مسودة التوصيات ويعتمدها المؤتمر بكامل هيئته.",
            "La rapporteuse générale présente le projet de recommandations ; la plénière les adopte.",
        ),
        [(C, "haddad"), (S, "idrissi"), (S, "verhoeven"), (R, "weber")],
    ),
]

# Demo accounts: (e-mail, group, staff, person key linked to the account). Every demo account of every
# app lives under this reserved domain (RFC 2606), so none of them can be a real person's address.
DEMO_EMAIL_DOMAIN = "@plenary.example"
DEMO_ACCOUNTS = [
    ("secretariat@plenary.example", SECRETARIAT, True, None),
    ("rapporteur@plenary.example", RAPPORTEUR, False, "saleh"),
    ("door@plenary.example", DOOR, False, None),
]


def _at(day: dt.date, hh_mm: str) -> dt.datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), BRUSSELS)


def _conference() -> Conference:
    conference, _ = Conference.objects.update_or_create(
        slug=SLUG,
        defaults={
            "edition": 9,
            "title_en": "Ninth Annual Conference for Palestinian Prisoners",
            "title_ar": "المؤتمر السنوي التاسع لنصرة الأسرى الفلسطينيين",
            "title_fr": "Neuvième conférence annuelle pour les prisonniers palestiniens",
            "slogan_en": "Strengthening International Solidarity",
            "slogan_ar": "تعزيز التضامن الدولي",
            "slogan_fr": "Renforcer la solidarité internationale",
            "organiser_en": "European Alliance for Prisoners' Solidarity",
            "organiser_ar": "التحالف الأوروبي للتضامن مع الأسرى",
            "organiser_fr": "Alliance européenne de solidarité avec les prisonniers",
            "city_en": "Brussels",
            "city_ar": "بروكسل",
            "city_fr": "Bruxelles",
            "venue": "Solidarity Conference Centre",
            "start_date": D1,
            "end_date": D2,
            "time_zone": "Europe/Brussels",
            "status": Conference.Status.ARCHIVED,
        },
    )
    return conference


def _next_conference(today: dt.date) -> Conference:
    start = today + NEXT_STARTS_AFTER
    conference, _ = Conference.objects.update_or_create(
        slug=NEXT_SLUG,
        defaults={
            "edition": 10,
            "title_en": "Tenth Annual Conference for Palestinian Prisoners",
            "title_ar": "المؤتمر السنوي العاشر لنصرة الأسرى الفلسطينيين",
            "title_fr": "Dixième conférence annuelle pour les prisonniers palestiniens",
            "slogan_en": "From recommendations to results",
            "slogan_ar": "من التوصيات إلى النتائج",
            "slogan_fr": "Des recommandations aux résultats",
            "organiser_en": "European Alliance for Prisoners' Solidarity",
            "organiser_ar": "التحالف الأوروبي للتضامن مع الأسرى",
            "organiser_fr": "Alliance européenne de solidarité avec les prisonniers",
            "city_en": "Brussels",
            "city_ar": "بروكسل",
            "city_fr": "Bruxelles",
            "venue": "Solidarity Conference Centre",
            "start_date": start,
            "end_date": start + dt.timedelta(days=1),
            "time_zone": "Europe/Brussels",
            "status": Conference.Status.REGISTRATION_OPEN,
            "capacity": 300,
        },
    )
    return conference


def _rooms(conference: Conference) -> dict[str, Room]:
    specs = {PLENARY_HALL: (450, ["en", "ar", "fr"]), COMMITTEE_ROOM: (80, ["en", "ar"])}
    return {
        name: Room.objects.update_or_create(
            conference=conference, name=name, defaults={"capacity": capacity, "interpretation_languages": languages}
        )[0]
        for name, (capacity, languages) in specs.items()
    }


def _people() -> dict[str, Person]:
    people = {}
    for key, (honorific, name, name_ar, organisation, position, country, visibility, bio_en, bio_ar) in PEOPLE.items():
        people[key], _ = Person.objects.update_or_create(
            name=name,
            defaults={
                "name_ar": name_ar,
                "honorific": honorific,
                "organisation": organisation,
                "position": position,
                "country": country,
                "visibility": visibility,
                "biography_en": bio_en,
                "biography_ar": bio_ar,
                "email": f"{key}@people.plenary.example",
            },
        )
    return people


def _sessions(conference: Conference, rooms: dict[str, Room], people: dict[str, Person], sessions: list) -> None:
    for day, start, end, room, kind, titles, descriptions, cast in sessions:
        session, _ = Session.objects.update_or_create(
            conference=conference,
            title_en=titles[0],
            defaults={
                "title_ar": titles[1],
                "title_fr": titles[2],
                "description_en": descriptions[0],
                "description_ar": descriptions[1],
                "description_fr": descriptions[2],
                "kind": kind,
                "starts_at": _at(day, start),
                "ends_at": _at(day, end),
                "room": rooms[room],
                "floor_language": "en",
                "interpretation_languages": rooms[room].interpretation_languages,
                "is_published": True,
            },
        )
        for order, (role, key) in enumerate(cast):
            Participation.objects.update_or_create(
                session=session, person=people[key], role=role, defaults={"order": order}
            )


def _demo_accounts(people: dict[str, Person]) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    for email, group_name, is_staff, person_key in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(email=email, defaults={"is_staff": is_staff})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        if person_key:
            Person.objects.filter(pk=people[person_key].pk).update(account=user)


def demo_accounts():
    """Accounts made by the demo (they have a published password), whichever app made them."""
    return get_user_model().objects.filter(email__iendswith=DEMO_EMAIL_DOMAIN)


def load_programme() -> Conference:
    conference = _conference()
    rooms = _rooms(conference)
    people = _people()
    _sessions(conference, rooms, people, SESSIONS)
    _mark_attendance(conference, closed=conference.sessions.filter(kind=K.TESTIMONY))
    # A published password must never reach a production database: without DEBUG the demo
    # accounts are not made, and any left from a development run are deleted.
    if settings.DEBUG:
        _demo_accounts(people)
    else:
        demo_accounts().delete()
    return conference


def load_next_edition(*, today: dt.date) -> Conference:
    """The tenth edition, eight weeks after ``today``: a smaller programme with the same alliance's people.
    Run again on a later day, it moves with the date."""
    conference = _next_conference(today)
    sessions = _next_sessions(conference.start_date, conference.end_date)
    _sessions(conference, _rooms(conference), _people(), sessions)
    _mark_attendance(conference, closed=conference.sessions.filter(title_en="Families of prisoners"))
    return conference


def _mark_attendance(conference: Conference, *, closed) -> None:
    """A closed testimony session (entries and exits) and the first workshop (30 seats) check people in at
    their room's door (registration/attendance)."""
    closed.update(attendance_list=True, exit_scans=True)
    workshop = conference.sessions.filter(kind=K.WORKSHOP).order_by("starts_at").first()
    if workshop is not None:
        Session.objects.filter(pk=workshop.pk).update(attendance_list=True, seats=30)


def _next_sessions(first: dt.date, second: dt.date) -> list:
    """The tenth's programme, in the same form as SESSIONS, on its two days."""
    return [
        (
            first,
            "09:30",
            "10:30",
            PLENARY_HALL,
            K.OPENING,
            ("Opening session", "الجلسة الافتتاحية", "Séance d'ouverture"),
            (
                "Welcome by the alliance and the year since the ninth conference.",
                "كلمة ترحيب من التحالف وحصيلة العام منذ المؤتمر التاسع.",
                "Accueil par l'alliance et bilan de l'année écoulée depuis la neuvième conférence.",
            ),
            [(C, "haddad"), (S, "verhoeven"), (R, "idrissi")],
        ),
        (
            first,
            "11:00",
            "12:30",
            PLENARY_HALL,
            K.PANEL,
            (
                "What became of the ninth conference's recommendations",
                "ماذا حلّ بتوصيات المؤتمر التاسع",
                "Ce que sont devenues les recommandations de la neuvième conférence",
            ),
            (
                "Those responsible for each recommendation report on its follow-up.",
                "المسؤولون عن كل توصية يعرضون ما تحقق منها.",
                "Les responsables de chaque recommandation rendent compte de son suivi.",
            ),
            [(M, "verhoeven"), (S, "solberg"), (S, "martin"), (S, "benali"), (R, "moreau")],
        ),
        (
            first,
            "14:00",
            "15:30",
            COMMITTEE_ROOM,
            K.WORKSHOP,
            (
                "Workshop: documenting cases for the courts",
                "ورشة عمل: توثيق الحالات أمام المحاكم",
                "Atelier : documenter les cas pour les tribunaux",
            ),
            (
                "Evidence that holds up: statements, medical records and chains of custody.",
                "أدلة متينة: الإفادات والسجلات الطبية وسلسلة حفظ الأدلة.",
                "Des preuves solides : déclarations, dossiers médicaux et chaîne de conservation.",
            ),
            [(M, "mansour"), (S, "demir"), (S, "qasem"), (R, "saleh")],
        ),
        (
            second,
            "10:00",
            "11:30",
            PLENARY_HALL,
            K.PANEL,
            ("Families of prisoners", "عائلات الأسرى", "Les familles des prisonniers"),
            (
                "Visits refused, news withheld: what families live through and what helps.",
                "زيارات ممنوعة وأخبار محجوبة: ما تعيشه العائلات وما يساعدها.",
                "Visites refusées, nouvelles retenues : ce que vivent les familles et ce qui les aide.",
            ),
            [(M, "odeh"), (S, "salem"), (S, "kowalska"), (R, "weber")],
        ),
        (
            second,
            "15:00",
            "16:30",
            PLENARY_HALL,
            K.CLOSING,
            (
                "Closing session and adoption of the recommendations",
                "الجلسة الختامية واعتماد التوصيات",
                "Séance de clôture et adoption des recommandations",
            ),
            (
                "The rapporteur-general presents the draft recommendations; the plenary adopts them.",
                "تعرض المقررة العامة مسودة التوصيات ويعتمدها المؤتمر بكامل هيئته.",
                "La rapporteuse générale présente le projet de recommandations ; la plénière les adopte.",
            ),
            [(C, "haddad"), (S, "idrissi"), (R, "weber")],
        ),
    ]
