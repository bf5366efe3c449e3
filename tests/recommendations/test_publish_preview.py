"""Publishing shows what changed since the last version (added, removed, reworded word by word) and publishes
only on confirmation; nobody but the Secretariat sees the preview or publishes, here or elsewhere."""

import re

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Publication, Recommendation
from tests.factories import ConferenceFactory, SessionFactory
from tests.recommendations.conftest import adopt, draft, make_rapporteur

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1(conference, session, secretariat_user):
    kept, dropped = adopt(
        [
            draft(conference, session, secretariat_user, texts={"en": "Refer the prisoners' issue to the ICC."}),
            draft(conference, session, secretariat_user, texts={"en": "Launch a postcard campaign."}),
        ],
        secretariat_user,
    )
    services.publication_publish(conference=conference, by=secretariat_user)
    return kept, dropped


def _url(conference) -> str:
    return reverse("recommendations:publish", args=[conference.slug])


def _sha256(page: str) -> str:
    return re.search(r'name="sha256" value="([0-9a-f]{64})"', page).group(1)


def test_the_preview_shows_added_removed_and_reworded_recommendations(
    client, conference, session, secretariat_user, v1
):
    kept, dropped = v1
    services.recommendation_set_adopted_wording(
        recommendation=kept, by=secretariat_user, texts={"en": "Refer the prisoners' issue to the ICC without delay."}
    )
    Recommendation.objects.filter(pk=dropped.pk).update(state=Recommendation.State.WITHDRAWN)
    [added] = adopt([draft(conference, session, secretariat_user, texts={"en": "Restore family visits."})],
                    secretariat_user)  # fmt: skip
    client.force_login(secretariat_user)

    page = client.get(_url(conference)).content.decode()

    assert "Version 2 would publish these changes since version 1:" in page
    added_section = page[page.index("<h2>Added</h2>") : page.index("<h2>Reworded or moved</h2>")]
    assert added.number in added_section and "Restore family visits." in added_section
    reworded = page[page.index("<h2>Reworded or moved</h2>") : page.index("<h2>Removed</h2>")]
    assert kept.number in reworded and "<del>ICC.</del><ins>ICC without delay.</ins>" in reworded
    removed = page[page.index("<h2>Removed</h2>") :]
    assert dropped.number in removed and "Launch a postcard campaign." in removed
    assert Publication.objects.count() == 1  # looking publishes nothing


def test_publishing_needs_the_confirmation_and_publishes_what_was_previewed(
    client, conference, session, secretariat_user, v1
):
    adopt([draft(conference, session, secretariat_user, texts={"en": "Restore family visits."})], secretariat_user)
    client.force_login(secretariat_user)
    sha256 = _sha256(client.get(_url(conference)).content.decode())

    unconfirmed = client.post(_url(conference), {"sha256": sha256})

    assert unconfirmed.status_code == 200 and "Version 2 would publish" in unconfirmed.content.decode()
    assert Publication.objects.count() == 1

    confirmed = client.post(_url(conference), {"confirm": "1", "sha256": sha256})

    assert confirmed["Location"] == reverse("recommendations:public_version", args=[conference.slug, 2])
    assert Publication.objects.count() == 2


def test_a_change_after_the_preview_is_not_published_unseen(client, conference, session, secretariat_user, v1):
    client.force_login(secretariat_user)
    adopt([draft(conference, session, secretariat_user, texts={"en": "Seen."})], secretariat_user)
    sha256 = _sha256(client.get(_url(conference)).content.decode())
    adopt([draft(conference, session, secretariat_user, texts={"en": "Never previewed."})], secretariat_user)

    response = client.post(_url(conference), {"confirm": "1", "sha256": sha256}, follow=True)

    assert "changed after the preview: check the changes again" in response.content.decode()
    assert "Never previewed." in response.content.decode()  # back on the preview, which now shows it
    assert Publication.objects.count() == 1


def test_nothing_to_publish_offers_no_button(client, conference, secretariat_user, v1):
    client.force_login(secretariat_user)

    page = client.get(_url(conference)).content.decode()

    assert "Nothing changed since version 1: there is nothing new to publish." in page
    assert 'name="confirm"' not in page


def test_the_first_version_lists_everything_as_added(client, conference, session, secretariat_user):
    [first] = adopt([draft(conference, session, secretariat_user, texts={"en": "The first one."})], secretariat_user)
    client.force_login(secretariat_user)

    page = client.get(_url(conference)).content.decode()

    assert "Version 1 would be the first published version" in page and "The first one." in page
    assert first.number in page


@pytest.mark.parametrize("who", ["rapporteur", "delegate", "door", "rapporteur elsewhere"])
def test_only_the_secretariat_sees_the_preview_or_publishes(
    client, conference, session, secretariat_user, delegate_user, door_user, v1, who
):
    adopt([draft(conference, session, secretariat_user, texts={"en": "Secret new wording."})], secretariat_user)
    users = {
        "rapporteur": lambda: make_rapporteur(session),
        "delegate": lambda: delegate_user,
        "door": lambda: door_user,
        "rapporteur elsewhere": lambda: make_rapporteur(SessionFactory(conference=ConferenceFactory())),
    }
    client.force_login(users[who]())
    secretariat = client.__class__()
    secretariat.force_login(secretariat_user)
    sha256 = _sha256(secretariat.get(_url(conference)).content.decode())

    preview = client.get(_url(conference))
    publish = client.post(_url(conference), {"confirm": "1", "sha256": sha256})

    assert preview.status_code == 403 and "Secret new wording." not in preview.content.decode()
    assert publish.status_code == 403
    assert Publication.objects.count() == 1
