"""Who may do each step of the workflow, numbering that never changes, and the version history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from recommendations import services
from recommendations.models import Recommendation, Theme
from tests.recommendations.conftest import adopt, draft

pytestmark = pytest.mark.django_db
State = Recommendation.State


def test_a_rapporteur_drafts_edits_and_submits_for_their_session(conference, session, rapporteur):
    recommendation = draft(conference, session, rapporteur)
    assert recommendation.state == State.DRAFT
    assert recommendation.author == rapporteur
    services.recommendation_update(
        recommendation=recommendation,
        by=rapporteur,
        session=session,
        theme=recommendation.theme,
        texts={"en": "Refer the situation of prisoners to the ICC."},
    )
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    recommendation.refresh_from_db()
    assert recommendation.state == State.SUBMITTED
    assert recommendation.text_en == "Refer the situation of prisoners to the ICC."
    assert recommendation.text_ar.startswith("إحالة")  # untouched languages are kept


@pytest.mark.parametrize("who", ["other_rapporteur", "delegate_user", "door_user"])
def test_others_may_not_draft_for_a_session(request, conference, session, who):
    with pytest.raises(PermissionDenied):
        draft(conference, session, request.getfixturevalue(who))
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("who", ["other_rapporteur", "delegate_user", "door_user"])
def test_others_may_not_edit_or_submit_a_draft(request, conference, session, rapporteur, who):
    recommendation = draft(conference, session, rapporteur)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=recommendation,
            by=user,
            session=session,
            theme=recommendation.theme,
            texts={"en": "Hijacked"},
        )
    with pytest.raises(PermissionDenied):
        services.recommendation_submit(recommendation=recommendation, by=user)
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.text_en) == (State.DRAFT, "Refer the prisoners' issue to the ICC.")


def test_a_rapporteur_may_not_move_a_draft_to_a_session_that_is_not_theirs(
    conference, session, other_session, rapporteur
):
    recommendation = draft(conference, session, rapporteur)
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=recommendation, by=rapporteur, session=other_session, theme=recommendation.theme
        )


def test_the_rapporteur_role_without_an_assignment_is_not_enough(conference, session, rapporteur_user):
    """The Rapporteur group alone gives nothing: the assignment to the session does."""
    with pytest.raises(PermissionDenied):
        draft(conference, session, rapporteur_user)


def test_a_submitted_text_is_frozen_for_the_rapporteur_but_not_for_the_secretariat(
    conference, session, rapporteur, secretariat_user
):
    recommendation = draft(conference, session, rapporteur)
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    with pytest.raises(ValidationError):
        services.recommendation_update(
            recommendation=recommendation,
            by=rapporteur,
            session=session,
            theme=recommendation.theme,
            texts={"en": "Late"},
        )
    services.recommendation_update(
        recommendation=recommendation,
        by=secretariat_user,
        session=session,
        theme=recommendation.theme,
        texts={"fr": "Saisir la Cour pénale internationale."},
    )
    recommendation.refresh_from_db()
    assert recommendation.text_fr == "Saisir la Cour pénale internationale."


def test_a_draft_needs_text_in_one_language(conference, session, rapporteur):
    with pytest.raises(ValidationError):
        draft(conference, session, rapporteur, texts={"en": "  ", "ar": ""})


@pytest.mark.parametrize("decision", Recommendation.DECISIONS)
@pytest.mark.parametrize("who", ["rapporteur", "other_rapporteur", "delegate_user", "door_user"])
def test_only_the_secretariat_records_the_decision(request, client, conference, session, rapporteur, who, decision):
    recommendation = draft(conference, session, rapporteur)
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.recommendations_decide(
            recommendations=[recommendation], decision=decision, decided_on=dt.date(2025, 5, 4), by=user
        )
    client.force_login(user)
    response = client.post(
        reverse("recommendations:decide", args=[conference.slug]),
        {"recommendations": [recommendation.pk], "decision": decision, "decided_on": "2025-05-04"},
    )
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.state == State.SUBMITTED and recommendation.number == ""


def test_the_decision_with_votes_and_a_follow_up_record(conference, session, rapporteur, secretariat_user):
    recommendation = draft(conference, session, rapporteur)
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    [decided] = services.recommendations_decide(
        recommendations=[recommendation], decision=State.ADOPTED, decided_on=dt.date(2025, 5, 4),
        by=secretariat_user, votes_for=212, votes_against=9, votes_abstaining=14,
    )  # fmt: skip
    assert (decided.state, decided.number, decided.decided_at) == (State.ADOPTED, "R9-01", dt.date(2025, 5, 4))
    assert (decided.votes_for, decided.votes_against, decided.votes_abstaining) == (212, 9, 14)
    assert decided.follow_up.status == "not_started"


def test_a_draft_cannot_be_adopted_but_can_be_withdrawn(conference, session, rapporteur, secretariat_user):
    recommendation = draft(conference, session, rapporteur)
    with pytest.raises(ValidationError):
        services.recommendations_decide(
            recommendations=[recommendation], decision=State.ADOPTED, decided_on=dt.date(2025, 5, 4),
            by=secretariat_user,
        )  # fmt: skip
    services.recommendations_decide(
        recommendations=[recommendation], decision=State.WITHDRAWN, decided_on=dt.date(2025, 5, 4),
        by=secretariat_user,
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.state == State.WITHDRAWN and recommendation.number == ""


def test_a_decided_recommendation_cannot_be_decided_again(conference, session, secretariat_user):
    [recommendation] = adopt([draft(conference, session, secretariat_user)], secretariat_user)
    with pytest.raises(ValidationError):
        services.recommendations_decide(
            recommendations=[recommendation], decision=State.REJECTED, decided_on=dt.date(2025, 5, 5),
            by=secretariat_user,
        )  # fmt: skip


def test_numbers_follow_the_theme_order_then_the_order_within_the_theme(conference, session, secretariat_user, themes):
    first_theme, second_theme = themes[0], themes[1]
    services.ordering_set(
        conference=conference, by=secretariat_user, theme_orders={second_theme.pk: 1, first_theme.pk: 2},
        recommendation_orders={},
    )  # fmt: skip
    late = draft(conference, session, secretariat_user, theme=first_theme, texts={"en": "first theme"})
    b = draft(conference, session, secretariat_user, theme=second_theme, texts={"en": "second theme, order 2"})
    a = draft(conference, session, secretariat_user, theme=second_theme, texts={"en": "second theme, order 1"})
    services.ordering_set(
        conference=conference, by=secretariat_user, theme_orders={}, recommendation_orders={a.pk: 1, b.pk: 2}
    )
    adopt([late, b, a], secretariat_user)
    numbers = dict(Recommendation.objects.values_list("text_en", "number"))
    assert numbers == {"second theme, order 1": "R9-01", "second theme, order 2": "R9-02", "first theme": "R9-03"}


def test_numbers_never_change_and_a_later_adoption_gets_the_next_free_number(
    conference, session, secretariat_user, themes
):
    first = adopt(
        [draft(conference, session, secretariat_user, theme=themes[3], texts={"en": "one"})], secretariat_user
    )[0]
    second = adopt(
        [draft(conference, session, secretariat_user, theme=themes[2], texts={"en": "two"})], secretariat_user
    )[0]
    rejected = draft(conference, session, secretariat_user, theme=themes[0], texts={"en": "rejected"})
    adopt([rejected], secretariat_user, decision=State.REJECTED)
    # Reordering after adoption and an adoption in an earlier theme leave given numbers alone.
    services.ordering_set(
        conference=conference, by=secretariat_user, theme_orders={themes[3].pk: 0},
        recommendation_orders={first.pk: 50, second.pk: 1},
    )  # fmt: skip
    third = adopt(
        [draft(conference, session, secretariat_user, theme=themes[0], texts={"en": "three"})], secretariat_user
    )[0]
    services.recommendation_set_adopted_wording(
        recommendation=first, by=secretariat_user, texts={"en": "one, amended", "ar": "", "fr": ""}
    )
    assert dict(Recommendation.objects.values_list("text_en", "number")) == {
        "one": "R9-01", "two": "R9-02", "rejected": "", "three": "R9-03",
    }  # fmt: skip
    assert third.number == "R9-03"


def test_the_secretariat_edits_the_adopted_wording_and_the_draft_is_kept(
    conference, session, secretariat_user, rapporteur
):
    recommendation = draft(conference, session, rapporteur)
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    services.recommendations_decide(
        recommendations=[recommendation], decision=State.ADOPTED_AS_AMENDED, decided_on=dt.date(2025, 5, 4),
        by=secretariat_user,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.recommendation_set_adopted_wording(
            recommendation=recommendation, by=rapporteur, texts={"en": "x", "ar": "", "fr": ""}
        )
    services.recommendation_set_adopted_wording(
        recommendation=recommendation,
        by=secretariat_user,
        texts={"en": "Refer the prisoners' issue to the ICC now.", "ar": recommendation.text_ar, "fr": ""},
    )
    recommendation.refresh_from_db()
    assert recommendation.text_en == "Refer the prisoners' issue to the ICC."
    assert recommendation.final_text("en") == "Refer the prisoners' issue to the ICC now."
    assert recommendation.adopted_text_ar == ""  # unchanged language: the drafted text is the adopted one
    assert recommendation.final_text("ar") == recommendation.text_ar
    assert recommendation.is_amended


def test_the_wording_of_a_recommendation_not_adopted_cannot_be_set(conference, session, secretariat_user):
    recommendation = draft(conference, session, secretariat_user)
    with pytest.raises(ValidationError):
        services.recommendation_set_adopted_wording(
            recommendation=recommendation, by=secretariat_user, texts={"en": "x", "ar": "", "fr": ""}
        )


@pytest.mark.parametrize("who", ["rapporteur", "delegate_user", "door_user"])
def test_only_the_secretariat_orders_adds_themes_and_follows_up(request, conference, session, secretariat_user, who):
    user = request.getfixturevalue(who)
    [recommendation] = adopt([draft(conference, session, secretariat_user)], secretariat_user)
    with pytest.raises(PermissionDenied):
        services.ordering_set(conference=conference, by=user, theme_orders={}, recommendation_orders={})
    with pytest.raises(PermissionDenied):
        services.theme_create(conference=conference, by=user, names={"en": "Universities"})
    with pytest.raises(PermissionDenied):
        services.follow_up_update(recommendation=recommendation, by=user, status="achieved", responsible="")
    with pytest.raises(PermissionDenied):
        services.follow_up_note_add(recommendation=recommendation, by=user, date=dt.date(2025, 9, 1), text="x")
    with pytest.raises(PermissionDenied):
        services.publication_publish(conference=conference, by=user)


def test_the_secretariat_adds_a_theme_for_its_conference_only(conference, secretariat_user):
    theme = services.theme_create(
        conference=conference, by=secretariat_user, names={"en": "Universities", "ar": "الجامعات"}
    )
    assert theme.conference == conference
    assert Theme.objects.filter(conference=None).count() == 7
    assert theme.order > max(Theme.objects.filter(conference=None).values_list("order", flat=True))


def test_a_theme_of_another_conference_is_refused(conference, session, secretariat_user):
    from tests.factories import ConferenceFactory

    elsewhere = services.theme_create(conference=ConferenceFactory(), by=secretariat_user, names={"en": "Elsewhere"})
    with pytest.raises(ValidationError):
        draft(conference, session, secretariat_user, theme=elsewhere)


def test_follow_up_status_and_notes(conference, session, secretariat_user):
    [recommendation] = adopt([draft(conference, session, secretariat_user)], secretariat_user)
    services.follow_up_update(
        recommendation=recommendation, by=secretariat_user, status="in_progress", responsible="Legal committee"
    )
    note = services.follow_up_note_add(
        recommendation=recommendation, by=secretariat_user, date=dt.date(2025, 9, 1), text="Filed.",
        evidence_url="https://example.org/filing",
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.follow_up.status == "in_progress"
    assert list(recommendation.follow_up.notes.all()) == [note]


def test_every_change_is_a_version_with_who_and_what(conference, session, rapporteur, secretariat_user):
    recommendation = draft(conference, session, rapporteur, texts={"en": "Campaign against detention."})
    services.recommendation_update(
        recommendation=recommendation,
        by=rapporteur,
        session=session,
        theme=recommendation.theme,
        texts={"en": "Campaign against administrative detention."},
    )
    services.recommendation_submit(recommendation=recommendation, by=rapporteur)
    services.recommendations_decide(
        recommendations=[recommendation], decision=State.ADOPTED, decided_on=dt.date(2025, 5, 4), by=secretariat_user
    )
    versions = list(recommendation.versions.order_by("pk"))
    assert [(v.action, v.by) for v in versions] == [
        ("created", rapporteur), ("edited", rapporteur), ("submitted", rapporteur), ("adopted", secretariat_user),
    ]  # fmt: skip
    assert versions[0].snapshot["text_en"] == "Campaign against detention."
    assert versions[-1].snapshot["number"] == "R9-01"


def test_the_history_page_shows_what_changed(client, conference, session, rapporteur):
    recommendation = draft(conference, session, rapporteur, texts={"en": "Campaign against detention."})
    services.recommendation_update(
        recommendation=recommendation,
        by=rapporteur,
        session=session,
        theme=recommendation.theme,
        texts={"en": "Campaign against administrative detention."},
    )
    client.force_login(rapporteur)
    response = client.get(reverse("recommendations:history", args=[conference.slug, recommendation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>administrative </ins>" in html or "<ins>administrative</ins>" in html
    assert "rapporteur@example.org" in html
    assert html.count('class="history-entry"') == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_secretaries_adopting_at_once_never_share_a_number(conference, session, secretariat_user):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    batches = [
        [draft(conference, session, secretariat_user, texts={"en": f"{b}-{i}"}) for i in range(5)] for b in range(4)
    ]
    for batch in batches:
        for recommendation in batch:
            services.recommendation_submit(recommendation=recommendation, by=secretariat_user)

    def decide(batch):
        try:
            services.recommendations_decide(
                recommendations=batch, decision=State.ADOPTED, decided_on=dt.date(2025, 5, 4), by=secretariat_user
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(decide, batches))
    numbers = sorted(Recommendation.objects.values_list("number", flat=True))
    assert numbers == [f"R9-{n:02d}" for n in range(1, 21)]
