"""The secretariat's vetting queue: filters, search, counts, bulk changes, detail page, audit log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenary.audit.models import AuditLogEntry
from registration import services
from registration.models import Registration, StatusChange
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def queue_url(conference, query=""):
    return f"/en/{conference.slug}/manage/registrations/{query}"


def detail_url(registration):
    return f"/en/{registration.conference.slug}/manage/registrations/{registration.pk}/"


def names(response):
    return {registration.full_name for registration in response.context["page"]}


def test_queue_lists_registrations_with_counts(secretariat_client, conference):
    RegistrationFactory.create_batch(2, conference=conference)
    RegistrationFactory(conference=conference, status=Status.APPROVED)
    response = secretariat_client.get(queue_url(conference))
    assert response.status_code == 200
    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts == {"pending": 2, "approved": 1, "waitlisted": 0, "declined": 0, "cancelled": 0}
    assert len(response.context["page"]) == 3


def test_queue_shows_only_this_conference(secretariat_client, conference, other_conference):
    mine = RegistrationFactory(conference=conference)
    RegistrationFactory(conference=other_conference)
    response = secretariat_client.get(queue_url(conference))
    assert names(response) == {mine.full_name}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=approved", {"Claire Dubois"}),
        ("?category=lawyer", {"Youssef Khalil"}),
        ("?country=TN", {"Youssef Khalil"}),
        ("?source=import", {"Claire Dubois"}),
        ("?q=addameer", {"Amina Haddad"}),
        ("?q=KHALIL", {"Youssef Khalil"}),
        ("?q=claire%40parl", {"Claire Dubois"}),
        ("?q=%D8%A3%D9%85%D9%8A%D9%86%D8%A9", {"Amina Haddad"}),  # أمينة
        ("?q=amina+addameer", {"Amina Haddad"}),
        ("?status=bogus", {"Amina Haddad", "Youssef Khalil", "Claire Dubois"}),
    ],
)
def test_filters_and_search(secretariat_client, conference, query, expected):
    RegistrationFactory(
        conference=conference, first_name="Amina", last_name="Haddad", name_ar="أمينة حداد", organisation="Addameer"
    )
    RegistrationFactory(
        conference=conference,
        first_name="Youssef",
        last_name="Khalil",
        name_ar="",
        organisation="Bar Association",
        country="TN",
        category="lawyer",
    )
    RegistrationFactory(
        conference=conference,
        first_name="Claire",
        last_name="Dubois",
        name_ar="",
        email="claire@parlement.example",
        organisation="Parlement",
        country="BE",
        status=Status.APPROVED,
        source=Registration.Source.IMPORT,
    )
    assert names(secretariat_client.get(queue_url(conference, query))) == expected


def test_pagination(secretariat_client, conference):
    RegistrationFactory.create_batch(51, conference=conference)
    first = secretariat_client.get(queue_url(conference, "?status=pending"))
    assert len(first.context["page"]) == 50
    assert "status=pending&amp;page=2" in first.content.decode()
    second = secretariat_client.get(queue_url(conference, "?status=pending&page=2"))
    assert len(second.context["page"]) == 1


def test_bulk_approve_with_message(secretariat_client, secretariat_user, conference, mailoutbox):
    chosen = RegistrationFactory.create_batch(2, conference=conference)
    untouched = RegistrationFactory(conference=conference)
    response = secretariat_client.post(
        queue_url(conference, "?status=pending"),
        {"registrations": [r.pk for r in chosen], "to_status": "approved", "message": "Welcome to Brussels."},
    )
    assert response.status_code == 302
    assert response.url == queue_url(conference, "?status=pending")
    for registration in chosen:
        registration.refresh_from_db()
        assert registration.status == Status.APPROVED
        change = registration.status_changes.get(to_status=Status.APPROVED)
        assert change.by == secretariat_user
        assert change.message == "Welcome to Brussels."
    untouched.refresh_from_db()
    assert untouched.status == Status.PENDING
    assert len(mailoutbox) == 2
    assert "Welcome to Brussels." in mailoutbox[0].body
    assert AuditLogEntry.objects.filter(action="status_change", actor=secretariat_user).count() == 2
    followed = secretariat_client.get(response.url)
    assert "Approved: 2" in followed.content.decode()


@pytest.mark.parametrize("to_status", ["waitlisted", "declined"])
def test_bulk_waitlist_and_decline(secretariat_client, conference, to_status):
    registration = RegistrationFactory(conference=conference)
    data = {"registrations": [registration.pk], "to_status": to_status, "confirmed": "1"}
    secretariat_client.post(queue_url(conference), data)
    registration.refresh_from_db()
    assert registration.status == to_status


def test_bulk_refuses_ids_of_another_conference(secretariat_client, conference, other_conference):
    mine = RegistrationFactory(conference=conference)
    foreign = RegistrationFactory(conference=other_conference)
    response = secretariat_client.post(
        queue_url(conference), {"registrations": [mine.pk, foreign.pk], "to_status": "approved"}, follow=True
    )
    assert "Select a valid choice" in response.content.decode()
    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert mine.status == foreign.status == Status.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": "approved"},
        {"registrations": ["x"], "to_status": "approved"},
        {"registrations": ["1"], "to_status": "cancelled"},
        {"registrations": ["1"], "to_status": "approved", "message": "x" * 2001},
    ],
)
def test_bulk_refuses_wrong_input(secretariat_client, conference, data):
    RegistrationFactory(conference=conference)
    response = secretariat_client.post(queue_url(conference), data, follow=True)
    assert response.status_code == 200
    assert not StatusChange.objects.filter(to_status__in=["approved", "cancelled"]).exists()
    assert list(response.context["messages"])


def test_detail_page_shows_history(secretariat_client, secretariat_user, conference):
    registration = RegistrationFactory(conference=conference, phone="+32 2 555 01 01")
    services.registration_set_status(
        registration=registration, to_status="waitlisted", by=secretariat_user, message="Checking the delegation."
    )
    response = secretariat_client.get(detail_url(registration))
    page = response.content.decode()
    assert response.status_code == 200
    assert "+32 2 555 01 01" in page
    assert "Checking the delegation." in page
    assert "secretariat@example.org" in page


def test_detail_page_changes_status(secretariat_client, conference, mailoutbox):
    registration = RegistrationFactory(conference=conference)
    response = secretariat_client.post(detail_url(registration), {"to_status": "declined", "message": "Sorry."})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.DECLINED
    assert mailoutbox[-1].to == [registration.email]


def test_detail_of_another_conference_is_404(secretariat_client, conference, other_conference):
    foreign = RegistrationFactory(conference=other_conference)
    url = f"/en/{conference.slug}/manage/registrations/{foreign.pk}/"
    assert secretariat_client.get(url).status_code == 404
    assert secretariat_client.post(url, {"to_status": "approved"}).status_code == 404


def test_audit_log_page(secretariat_client, secretariat_user, conference, other_conference):
    registration = RegistrationFactory(conference=conference)
    services.registration_set_status(registration=registration, to_status="approved", by=secretariat_user)
    foreign = RegistrationFactory(conference=other_conference)
    services.registration_set_status(registration=foreign, to_status="declined", by=secretariat_user)
    response = secretariat_client.get(f"/en/{conference.slug}/manage/audit-log/")
    page = response.content.decode()
    assert f"Registration #{registration.pk}: pending → approved" in page
    assert f"Registration #{foreign.pk}" not in page


def test_audit_log_shows_status_changes_and_exports_with_who_and_when(secretariat_client, conference):
    registration = RegistrationFactory(conference=conference, first_name="Amina")
    secretariat_client.post(detail_url(registration), {"to_status": "approved"})
    secretariat_client.get(f"/en/{conference.slug}/manage/registrations/export/?format=csv&status=approved")
    response = secretariat_client.get(f"/en/{conference.slug}/manage/audit-log/")
    rows = [str(entry) for entry in response.context["page"]]
    assert [entry.action for entry in response.context["page"]] == ["export", "status_change"]
    assert {entry.actor.email for entry in response.context["page"]} == {"secretariat@example.org"}
    page = response.content.decode()
    assert page.count("<bdi>secretariat@example.org</bdi>") == 2
    assert page.count("<time datetime=") == 2
    assert "Amina" not in page and "Amina" not in " ".join(rows)  # ids, never names


def _queue_queries(client, conference, count):
    Registration.objects.filter(conference=conference).delete()
    for number in range(count):
        RegistrationFactory(
            conference=conference,
            status=[Status.PENDING, Status.APPROVED, Status.WAITLISTED][number % 3],
            source=[Registration.Source.SELF, Registration.Source.IMPORT][number % 2],
        )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(queue_url(conference))
    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 50)
    return len(captured)


def test_queue_query_count_does_not_grow(secretariat_client, conference, django_assert_num_queries):
    one = _queue_queries(secretariat_client, conference, 1)
    fifty = _queue_queries(secretariat_client, conference, 50)
    assert one == fifty
    with django_assert_num_queries(one):
        secretariat_client.get(queue_url(conference))


def test_queue_shows_category_source_and_status_in_the_readers_language(secretariat_client, conference):
    RegistrationFactory(conference=conference, category="journalist", source=Registration.Source.IMPORT)

    english = secretariat_client.get(queue_url(conference)).content.decode()
    french = secretariat_client.get(f"/fr/{conference.slug}/manage/registrations/").content.decode()

    for label in ("<td>Press</td>", "<td>Imported</td>", ">Pending</span>"):
        assert label in english
    for label in ("<td>Presse</td>", "<td>Importée</td>", ">En attente</span>"):
        assert label in french
