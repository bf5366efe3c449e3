"""The admin: the registrations list, actions through the services, read-only history and audit log."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from plenary.audit.models import AuditLogEntry
from registration.models import Registration
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registration/registration/"


@pytest.fixture
def admin_secretariat(client):
    clerk = UserFactory(email="clerk@example.org", groups=["Secretariat"], is_staff=True)
    TOTP.activate(clerk, SECRETARIAT_TOTP_SECRET)
    client.force_login(clerk)
    return client


def test_changelist_search_and_filters(admin_secretariat, conference):
    RegistrationFactory(conference=conference, first_name="Amina", last_name="Haddad", country="PS")
    RegistrationFactory(conference=conference, first_name="Claire", last_name="Dubois", country="BE")
    page = admin_secretariat.get(CHANGELIST + "?q=haddad").content.decode()
    assert "Amina Haddad" in page
    assert "Claire Dubois" not in page
    assert admin_secretariat.get(CHANGELIST + "?country=BE&status__exact=pending").status_code == 200


def test_admin_action_uses_the_capacity_rule(admin_secretariat, conference, mailoutbox):
    conference.capacity = 1
    conference.save()
    first, second = RegistrationFactory.create_batch(2, conference=conference)
    response = admin_secretariat.post(
        CHANGELIST, {"action": "set_approved", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert response.status_code == 200
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["approved", "waitlisted"]
    assert len(mailoutbox) == 2
    assert AuditLogEntry.objects.filter(action="status_change").count() == 2


def test_an_admin_bulk_decline_leaves_a_delegates_own_cancellation_and_says_so(
    admin_secretariat, conference, mailoutbox
):
    cancelled = RegistrationFactory(conference=conference, status=Registration.Status.CANCELLED)
    pending = RegistrationFactory(conference=conference)
    response = admin_secretariat.post(
        CHANGELIST, {"action": "set_declined", "_selected_action": [cancelled.pk, pending.pk]}, follow=True
    )
    assert "1 registration was skipped: its delegate cancelled it" in response.content.decode()
    cancelled.refresh_from_db()
    assert cancelled.status == Registration.Status.CANCELLED
    assert [email.to for email in mailoutbox] == [[pending.email]]


def test_change_form_shows_history_and_keeps_status_read_only(admin_secretariat, conference):
    registration = RegistrationFactory(conference=conference)
    url = f"{CHANGELIST}{registration.pk}/change/"
    page = admin_secretariat.get(url).content.decode()
    assert 'name="status"' not in page
    assert admin_secretariat.get(CHANGELIST + "add/").status_code == 403


def test_admin_export_is_audited(rf, conference):
    from django.contrib.admin.sites import site
    from import_export.formats.base_formats import CSV

    clerk = UserFactory(groups=["Secretariat"], is_staff=True)
    RegistrationFactory(conference=conference, first_name="Amina")
    request = rf.get(CHANGELIST)
    request.user = clerk
    data = site._registry[Registration].get_export_data(CSV(), request, Registration.objects.all())
    assert "Amina" in data
    entry = AuditLogEntry.objects.get(action="export")
    assert (entry.actor, entry.conference) == (clerk, conference)


def test_audit_log_is_read_only_in_the_admin(admin_secretariat):
    assert admin_secretariat.get("/admin/plenary/auditlogentry/add/").status_code == 403


def test_badges_check_ins_and_scans_are_readable_never_editable_and_hide_tokens(admin_secretariat, conference):
    from registration.badges.services import badge_issue
    from registration.checkin.services import checkin_scan

    registration = RegistrationFactory(conference=conference, status=Registration.Status.APPROVED)
    badge = badge_issue(registration=registration)
    checkin_scan(conference=conference, code=badge.token, door=None, by=None)
    for model in ("badge", "checkin", "scan", "attendance"):
        changelist = admin_secretariat.get(f"/admin/registration/{model}/")
        assert changelist.status_code == 200
        assert badge.token not in changelist.content.decode()
        assert admin_secretariat.get(f"/admin/registration/{model}/add/").status_code == 403
    detail = admin_secretariat.get(f"/admin/registration/badge/{badge.pk}/change/").content.decode()
    assert badge.token not in detail
