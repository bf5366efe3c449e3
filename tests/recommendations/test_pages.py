"""Public and management pages: languages, query counts that do not grow, and who is refused."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.models import Conference
from recommendations import services
from recommendations.models import FollowUp, Recommendation, Theme
from recommendations.selectors import conference_themes
from tests.factories import ConferenceFactory, RecommendationFactory, SessionFactory
from tests.recommendations.conftest import adopt, draft, make_rapporteur

pytestmark = pytest.mark.django_db


def publish_many(conference, session, secretariat_user, count: int):
    recommendations = [
        draft(conference, session, secretariat_user, texts={"en": f"Recommendation {i}.", "ar": f"التوصية {i}."})
        for i in range(count)
    ]
    for recommendation in adopt(recommendations, secretariat_user)[::2]:
        services.follow_up_note_add(
            recommendation=recommendation, by=secretariat_user, date=dt.date(2025, 9, 1), text="Progress."
        )
    return services.publication_publish(conference=conference, by=secretariat_user)[0]


def test_public_page_in_english_and_arabic(client, conference, session, secretariat_user):
    publish_many(conference, session, secretariat_user, 2)
    english = client.get(reverse("recommendations:public", args=[conference.slug]))
    assert english.status_code == 200
    assert "Recommendation 0." in english.content.decode()
    with_lang = client.get(f"/ar/{conference.slug}/recommendations/")
    html = with_lang.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "التوصية 0." in html and 'lang="ar" dir="rtl"' in html
    assert "المساءلة القانونية" in html  # the theme in Arabic
    assert f"/{conference.slug}/recommendations/v1.pdf" in html


def test_arabic_page_falls_back_to_english_marked_as_english(client, conference, session, secretariat_user):
    adopt([draft(conference, session, secretariat_user, texts={"en": "Only in English.", "ar": ""})], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)
    html = client.get(f"/ar/{conference.slug}/recommendations/").content.decode()
    assert '<span lang="en" dir="ltr">Only in English.</span>' in html


def test_nothing_published_yet(client, conference):
    response = client.get(reverse("recommendations:public", args=[conference.slug]))
    assert response.status_code == 200
    assert "have not been published yet" in response.content.decode()
    assert client.get(reverse("recommendations:public_version", args=[conference.slug, 1])).status_code == 404
    assert client.get(reverse("recommendations_files:latest_pdf", args=[conference.slug])).status_code == 404
    assert client.get(reverse("recommendations_files:version_pdf", args=[conference.slug, 1])).status_code == 404


def test_a_draft_conference_has_no_public_pages(client, secretariat_user):
    hidden = ConferenceFactory(status=Conference.Status.DRAFT)
    for name in ("recommendations:public", "recommendations:follow_up"):
        assert client.get(reverse(name, args=[hidden.slug])).status_code == 404


def test_earlier_versions_are_linked_from_the_latest(client, conference, session, secretariat_user):
    publish_many(conference, session, secretariat_user, 1)
    adopt([draft(conference, session, secretariat_user, texts={"en": "Added later."})], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)
    html = client.get(reverse("recommendations:public", args=[conference.slug])).content.decode()
    assert reverse("recommendations:public_version", args=[conference.slug, 1]) in html
    assert "Added: R9-02" in html
    v1 = client.get(reverse("recommendations:public_version", args=[conference.slug, 1])).content.decode()
    assert "A newer version exists." in v1 and "Added later." not in v1


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["recommendations:public", "recommendations:follow_up"])
def test_public_query_counts_do_not_grow_with_the_recommendations(
    client, django_assert_num_queries, secretariat_user, name
):
    small, large = ConferenceFactory(), ConferenceFactory()
    publish_many(small, SessionFactory(conference=small), secretariat_user, 1)
    publish_many(large, SessionFactory(conference=large), secretariat_user, 30)
    expected = query_count(client, reverse(name, args=[small.slug]))
    with django_assert_num_queries(expected):
        client.get(reverse(name, args=[large.slug]))


def test_manage_query_count_does_not_grow(client, django_assert_num_queries, secretariat_user):
    client.force_login(secretariat_user)
    small, large = ConferenceFactory(), ConferenceFactory()
    for conference, size in ((small, 1), (large, 30)):
        session = SessionFactory(conference=conference)
        for i in range(size):
            RecommendationFactory(conference=conference, session=session, text_fr="" if i % 2 else "Texte.")
    expected = query_count(client, reverse("recommendations:manage", args=[small.slug]))
    with django_assert_num_queries(expected):
        client.get(reverse("recommendations:manage", args=[large.slug]))


def test_the_previous_edition_follow_up_tag(client, conference, session, secretariat_user):
    conference.organiser_en = "European Alliance"
    conference.save()
    publish_many(conference, session, secretariat_user, 2)
    FollowUp.objects.filter(recommendation__number="R9-01").update(status="achieved")
    tenth = ConferenceFactory(edition=10, organiser_en="European Alliance", start_date=dt.date(2026, 5, 2),
                              end_date=dt.date(2026, 5, 3))  # fmt: skip
    template = Template("{% load recommendations_tags %}{% previous_edition_follow_up conference %}")
    html = template.render(Context({"conference": tenth}))
    assert f"What became of the recommendations of the <bdi>{conference.title}</bdi>" in html
    assert "R9-01" in html and "Achieved" in html and "Recommendation 1." in html
    assert reverse("recommendations:follow_up", args=[conference.slug]) in html
    # The first edition has no previous one: the section is not shown at all.
    assert template.render(Context({"conference": conference})).strip() == ""


# --- Management pages: who gets in, who is refused ---------------------------------------------


@pytest.fixture
def items(conference, session, other_session, rapporteur, other_rapporteur, secretariat_user):
    mine = draft(conference, session, rapporteur, texts={"en": "Mine."})
    theirs = draft(conference, other_session, other_rapporteur, texts={"en": "Theirs."})
    [adopted] = adopt([draft(conference, other_session, secretariat_user, texts={"en": "Adopted."})], secretariat_user)
    return {"mine": mine, "theirs": theirs, "adopted": adopted}


def manage_urls(conference, items) -> dict[str, str]:
    slug = conference.slug
    return {
        "manage": reverse("recommendations:manage", args=[slug]),
        "create": reverse("recommendations:create", args=[slug]),
        "edit": reverse("recommendations:edit", args=[slug, items["mine"].pk]),
        "history": reverse("recommendations:history", args=[slug, items["mine"].pk]),
        "decide": reverse("recommendations:decide", args=[slug]),
        "ordering": reverse("recommendations:ordering", args=[slug]),
        "wording": reverse("recommendations:wording", args=[slug, items["adopted"].pk]),
        "follow_up_edit": reverse("recommendations:follow_up_edit", args=[slug, items["adopted"].pk]),
        "publish": reverse("recommendations:publish", args=[slug]),
    }


SECRETARIAT_ONLY = {"decide", "ordering", "wording", "follow_up_edit", "publish"}


def test_anonymous_visitors_are_sent_to_the_login_page(client, conference, items):
    for name, url in manage_urls(conference, items).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]
    response = client.post(reverse("recommendations:publish", args=[conference.slug]))
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["delegate_user", "door_user"])
def test_delegates_and_door_volunteers_are_refused_everywhere(request, client, conference, items, who):
    client.force_login(request.getfixturevalue(who))
    for name, url in manage_urls(conference, items).items():
        assert client.get(url).status_code == 403, name
    assert client.post(reverse("recommendations:publish", args=[conference.slug])).status_code == 403
    assert client.post(reverse("recommendations:submit", args=[conference.slug, items["mine"].pk])).status_code == 403


def test_a_rapporteur_sees_their_sessions_only(client, conference, items, rapporteur):
    client.force_login(rapporteur)
    urls = manage_urls(conference, items)
    listing = client.get(urls["manage"]).content.decode()
    assert "Mine." in listing and "Theirs." not in listing and "Adopted." not in listing
    for name in SECRETARIAT_ONLY:
        assert client.get(urls[name]).status_code == 403, name
    slug = conference.slug
    for pk in (items["theirs"].pk, items["adopted"].pk):
        assert client.get(reverse("recommendations:edit", args=[slug, pk])).status_code == 404
        assert client.get(reverse("recommendations:history", args=[slug, pk])).status_code == 404
        assert client.post(reverse("recommendations:submit", args=[slug, pk])).status_code == 404
    assert client.post(reverse("recommendations:publish", args=[slug])).status_code == 403
    items["theirs"].refresh_from_db()
    assert items["theirs"].state == Recommendation.State.DRAFT


def test_a_rapporteur_of_another_conference_is_refused(client, conference, items):
    elsewhere = SessionFactory(conference=ConferenceFactory())
    client.force_login(make_rapporteur(elsewhere))
    assert client.get(reverse("recommendations:manage", args=[conference.slug])).status_code == 403


def test_the_secretariat_sees_everything(client, conference, items, secretariat_user):
    client.force_login(secretariat_user)
    for name, url in manage_urls(conference, items).items():
        assert client.get(url).status_code == 200, name
    listing = client.get(manage_urls(conference, items)["manage"]).content.decode()
    assert "Mine." in listing and "Theirs." in listing and "Adopted." in listing


def test_filters_and_missing_translations(client, conference, items, secretariat_user, other_session):
    client.force_login(secretariat_user)
    url = reverse("recommendations:manage", args=[conference.slug])
    by_session = client.get(url, {"session": other_session.pk}).content.decode()
    assert "Theirs." in by_session and "Mine." not in by_session
    by_state = client.get(url, {"state": "adopted"}).content.decode()
    assert "Adopted." in by_state and "Mine." not in by_state
    missing_french = client.get(url, {"missing": "fr"}).content.decode()
    assert "Mine." in missing_french and 'class="badge-label missing">FR<' in missing_french
    theme = Theme.objects.order_by("order")[1]
    assert "Mine." not in client.get(url, {"theme": theme.pk}).content.decode()
    assert client.get(url, {"session": "nonsense"}).status_code == 200


def test_the_side_by_side_editor(client, conference, items, rapporteur):
    client.force_login(rapporteur)
    html = client.get(reverse("recommendations:edit", args=[conference.slug, items["mine"].pk])).content.decode()
    assert 'name="text_ar"' in html
    assert html.count('lang="ar" dir="rtl"') >= 2  # the Arabic text and rationale
    assert 'name="text_en" cols="40" rows="6" lang="en" dir="ltr"' in html or 'lang="en" dir="ltr"' in html
    assert 'class="language-columns"' in html


def test_drafting_and_deciding_through_the_pages(client, conference, session, rapporteur, secretariat_user):
    theme = Theme.objects.order_by("order").first()
    client.force_login(rapporteur)
    response = client.post(
        reverse("recommendations:create", args=[conference.slug]),
        {"session": session.pk, "theme": theme.pk, "text_en": "Restore family visits.", "text_ar": "إعادة الزيارات."},
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302
    client.post(reverse("recommendations:submit", args=[conference.slug, recommendation.pk]))
    client.force_login(secretariat_user)
    response = client.post(
        reverse("recommendations:decide", args=[conference.slug]),
        {"recommendations": [recommendation.pk], "decision": "adopted", "decided_on": "2025-05-04", "votes_for": "200"},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.number, recommendation.votes_for) == ("adopted", "R9-01", 200)
    publish = reverse("recommendations:publish", args=[conference.slug])
    preview = client.get(publish).content.decode()
    assert "Restore family visits." in preview
    sha256 = re.search(r'name="sha256" value="([0-9a-f]{64})"', preview).group(1)
    response = client.post(publish, {"confirm": "1", "sha256": sha256})
    assert response["Location"] == reverse("recommendations:public_version", args=[conference.slug, 1])
    assert "Nothing changed since version 1" in client.get(publish).content.decode()


def test_ordering_and_adding_a_theme_through_the_page(client, conference, items, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("recommendations:ordering", args=[conference.slug])
    client.post(url, {"name_en": "Universities", "name_ar": "الجامعات"})
    theme = Theme.objects.get(conference=conference)
    themes = Theme.objects.filter(conference=None)
    data = {f"theme_{t.pk}": t.order for t in themes} | {f"theme_{theme.pk}": 0}
    data |= {f"rec_{r.pk}": 5 for r in Recommendation.objects.all()}
    assert client.post(url, data).status_code == 302

    assert conference_themes(conference=conference)[0] == theme
    assert set(Recommendation.objects.values_list("order", flat=True)) == {5}


def test_wording_and_follow_up_through_the_pages(client, conference, items, secretariat_user):
    client.force_login(secretariat_user)
    adopted = items["adopted"]
    client.post(
        reverse("recommendations:wording", args=[conference.slug, adopted.pk]),
        {"text_en": "Adopted, amended.", "text_ar": adopted.text_ar, "text_fr": ""},
    )
    adopted.refresh_from_db()
    assert adopted.final_text("en") == "Adopted, amended." and adopted.text_en == "Adopted."
    url = reverse("recommendations:follow_up_edit", args=[conference.slug, adopted.pk])
    client.post(url, {"status": "in_progress", "responsible": "Legal committee"})
    client.post(url, {"date": "2025-09-01", "text": "Filed a communication.", "evidence_url": "https://example.org/x"})
    public = client.get(reverse("recommendations:follow_up", args=[conference.slug])).content.decode()
    assert "In progress" in public and "Legal committee" in public and "Filed a communication." in public
    assert 'href="https://example.org/x"' in public


def test_a_text_written_in_arabic_only_shows_in_the_english_pages(client, conference, session, secretariat_user):
    arabic = "توصية مكتوبة بالعربية فقط."
    recommendation = draft(conference, session, secretariat_user, texts={"en": "", "ar": arabic})
    client.force_login(secretariat_user)
    listing = client.get(reverse("recommendations:manage", args=[conference.slug])).content.decode()
    assert f'lang="ar" dir="rtl">{arabic}</a>' in listing and "(empty)" not in listing
    adopt([recommendation], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)
    for name in ("recommendations:public", "recommendations:follow_up"):
        html = client.get(reverse(name, args=[conference.slug])).content.decode()
        assert f'lang="ar" dir="rtl">{arabic}' in html, name


def test_the_detail_page_shows_the_adopted_wording_and_the_drafted_text(client, conference, items, secretariat_user):
    adopted = items["adopted"]
    services.recommendation_set_adopted_wording(
        recommendation=adopted, by=secretariat_user, texts={"en": "Adopted, amended.", "ar": "", "fr": ""}
    )
    client.force_login(secretariat_user)
    html = client.get(reverse("recommendations:edit", args=[conference.slug, adopted.pk])).content.decode()
    assert "Adopted wording" in html and "As drafted" in html
    assert "Adopted, amended." in html and "Adopted." in html
    history = client.get(reverse("recommendations:history", args=[conference.slug, adopted.pk])).content.decode()
    assert "Adopted wording edited" in history and "<ins>Adopted, amended.</ins>" in history


def test_the_history_names_the_states_rather_than_their_codes(client, conference, items, secretariat_user):
    client.force_login(secretariat_user)
    adopted = items["adopted"]
    html = client.get(reverse("recommendations:history", args=[conference.slug, adopted.pk])).content.decode()
    assert "<ins>Submitted to the plenary</ins>" in html and "<del>Submitted to the plenary</del>" in html
    assert "<ins>Adopted</ins>" in html and "<ins>R9-01</ins>" in html
    assert "<ins>submitted</ins>" not in html and "<ins>draft</ins>" not in html


def test_the_previous_edition_section_costs_the_same_queries_for_1_or_many(secretariat_user):
    template = Template("{% load recommendations_tags %}{% previous_edition_follow_up conference %}")
    counts = []
    for edition, size in ((20, 1), (30, 8)):
        previous = ConferenceFactory(edition=edition, organiser_en=f"Alliance {edition}")
        publish_many(previous, SessionFactory(conference=previous), secretariat_user, size)
        following = ConferenceFactory(
            edition=edition + 1, organiser_en=f"Alliance {edition}", start_date=dt.date(2026, 5, 2),
            end_date=dt.date(2026, 5, 3),
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"conference": following}))
        assert html.count('<li><span dir="ltr">R') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["public", "follow_up"])
def test_the_main_navigation_names_recommendations_once(client, conference, name):
    page = client.get(reverse(f"recommendations:{name}", args=[conference.slug])).content.decode()
    nav = page[page.index('<nav class="site-nav"') : page.index("</nav>")]
    assert nav.count(">Recommendations</a>") == 1
    assert nav.count(">Follow-up</a>") == 1


def test_a_recommendation_adopted_later_comes_after_the_earlier_numbers(client, conference, session, secretariat_user):
    [first] = adopt([draft(conference, session, secretariat_user, texts={"en": "First adopted."})], secretariat_user)
    later = draft(conference, session, secretariat_user, texts={"en": "Adopted later."})
    later.order, first.order = 0, 10  # the drafting order puts the later one first in the theme
    later.save()
    first.save()
    adopt([later], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)
    page = client.get(reverse("recommendations:public", args=[conference.slug])).content.decode()
    assert page.index("First adopted.") < page.index("Adopted later.")


@pytest.mark.parametrize(
    ("lang", "title", "empty_label"),
    [("ar", "السبل القانونية", "اختر جلسة"), ("fr", "Voies juridiques", "Choisissez une session")],
)
def test_the_rapporteur_form_speaks_the_page_language(
    client, conference, session, rapporteur, lang, title, empty_label
):
    session.title_ar, session.title_fr = "السبل القانونية", "Voies juridiques"
    session.save()
    client.force_login(rapporteur)

    html = client.get(f"/{lang}/{conference.slug}/manage/recommendations/new/").content.decode()

    assert f">{title}</option>" in html and ">Legal avenues</option>" not in html
    assert f">{empty_label}</option>" in html and "---------" not in html


def test_the_pdf_link_names_exactly_the_languages_inside(client, conference, session, secretariat_user):
    adopt([draft(conference, session, secretariat_user, texts={"en": "English.", "ar": "عربي."})], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)
    url = reverse("recommendations:public", args=[conference.slug])
    assert ">PDF (English, Arabic)</a>" in client.get(url).content.decode()

    adopt([draft(conference, session, secretariat_user, texts={"en": "Two.", "fr": "Deux."})], secretariat_user)
    services.publication_publish(conference=conference, by=secretariat_user)

    assert ">PDF (English, Arabic, French)</a>" in client.get(url).content.decode()
    assert (
        ">PDF (الإنجليزية، العربية، الفرنسية)</a>"
        in client.get(f"/ar/{conference.slug}/recommendations/").content.decode()
    )
