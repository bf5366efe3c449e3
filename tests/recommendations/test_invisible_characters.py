"""Recommendations as the attack: a right-to-left override never reaches the database, the pages or the PDF;
what Arabic needs (ZWNJ, RLM, ALM) is kept (plenary.text, in the services)."""

import datetime as dt

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Recommendation, Theme
from tests.recommendations.conftest import adopt, draft, pdf_text

pytestmark = pytest.mark.django_db

RLO, PDF = "\u202e", "\u202c"
ARABIC_WITH_ZWNJ = "نمی\u200cخواهیم أن يبقى الأسرى \u200fICC\u200f"


def test_the_service_drops_direction_overrides_and_keeps_arabic_marks(conference, session, secretariat_user):
    recommendation = draft(
        conference,
        session,
        secretariat_user,
        texts={"en": f"Free them {RLO}all now{PDF}.", "ar": ARABIC_WITH_ZWNJ},
        rationales={"en": "Because\u2066 \u2067the law\u2069 says so\u200b."},
    )

    recommendation.refresh_from_db()
    assert recommendation.text_en == "Free them all now."
    assert recommendation.text_ar == ARABIC_WITH_ZWNJ
    assert recommendation.rationale_en == "Because the law says so."


def test_an_edit_and_the_adopted_wording_drop_them_too(conference, session, secretariat_user):
    recommendation = draft(conference, session, secretariat_user)
    services.recommendation_update(
        recommendation=recommendation,
        by=secretariat_user,
        session=session,
        theme=recommendation.theme,
        texts={"en": f"{RLO}Refer the case to the ICC."},
    )
    recommendation.refresh_from_db()
    assert recommendation.text_en == "Refer the case to the ICC."

    [recommendation] = adopt([recommendation], secretariat_user)
    services.recommendation_set_adopted_wording(
        recommendation=recommendation, by=secretariat_user, texts={"en": f"Refer {RLO}it now."}
    )
    recommendation.refresh_from_db()
    assert recommendation.adopted_text_en == "Refer it now."


def test_a_text_made_only_of_overrides_is_empty(conference, session, secretariat_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least one language"):
        draft(conference, session, secretariat_user, texts={"en": f"{RLO}{PDF}\u2066"})


def test_follow_up_and_theme_texts_are_cleaned(conference, session, secretariat_user):
    [recommendation] = adopt([draft(conference, session, secretariat_user)], secretariat_user)
    follow_up = services.follow_up_update(
        recommendation=recommendation, by=secretariat_user, status="in_progress", responsible=f"{RLO}Parliament"
    )
    note = services.follow_up_note_add(
        recommendation=recommendation, by=secretariat_user, date=dt.date(2025, 6, 1), text=f"Debated{RLO} today"
    )
    theme = services.theme_create(conference=conference, by=secretariat_user, names={"en": f"Detention{RLO}\u2028"})

    assert (follow_up.responsible, note.text, theme.name_en) == ("Parliament", "Debated today", "Detention ")


def test_the_editor_stores_the_text_without_the_override(client, conference, session, rapporteur):
    client.force_login(rapporteur)
    theme = Theme.objects.filter(conference=None).first()

    client.post(
        reverse("recommendations:create", args=[conference.slug]),
        {"session": session.pk, "theme": theme.pk, "text_en": f"Free them {RLO}all", "text_ar": ARABIC_WITH_ZWNJ},
    )

    recommendation = Recommendation.objects.get()
    assert (recommendation.text_en, recommendation.text_ar) == ("Free them all", ARABIC_WITH_ZWNJ)


def test_a_recommendation_typed_with_an_override_prints_as_typed_in_the_pdf(
    conference, session, secretariat_user, tmp_path
):
    adopt(
        [draft(conference, session, secretariat_user, texts={"en": f"Release {RLO}every prisoner now{PDF} please."})],
        secretariat_user,
    )

    publication, _created = services.publication_publish(conference=conference, by=secretariat_user)

    text = pdf_text(bytes(publication.pdf), tmp_path)
    assert "Release every prisoner now please." in text
    assert "won renosirp yreve" not in text
