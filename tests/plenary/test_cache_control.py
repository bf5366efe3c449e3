"""No cache keeps a signed-in page or file: a shared laptop's browser history, or a proxy, must not hold the
vetting queue, an export, a badge. Each page below is fetched by its rightful reader, and the response must
forbid storing it."""

import pytest
from django.urls import reverse

from plenary.jobs.services import job_create, job_finish
from registration.badges.services import badge_issue
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def assert_not_stored(response, what):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, (what, response.get("Cache-Control"))
    assert "public" not in cache_control, what


def test_the_secretariats_pages_and_files_are_never_stored(secretariat_client, secretariat_user, conference):
    registration = RegistrationFactory(conference=conference, status="approved")
    badge = badge_issue(registration=registration)
    job = job_create(kind="badges", conference=conference, by=secretariat_user, total=1)
    job_finish(job, content=b"%PDF-1.7", filename="badges.pdf")
    slug = conference.slug
    pages = {
        "vetting queue": reverse("registration:manage_registrations", kwargs={"slug": slug}),
        "registration detail": reverse(
            "registration:manage_registration", kwargs={"slug": slug, "pk": registration.pk}
        ),
        "CSV export": reverse("registration:export", kwargs={"slug": slug}) + "?format=csv",
        "XLSX export": reverse("registration:export", kwargs={"slug": slug}) + "?format=xlsx",
        "audit log": reverse("registration:audit_log", kwargs={"slug": slug}),
        "badge queue": reverse("registration:badge_queue", kwargs={"slug": slug}),
        "badge job": reverse("registration:badge_job", kwargs={"slug": slug, "pk": job.pk}),
        "check-in page": reverse("registration:checkin", kwargs={"slug": slug}),
        "check-in counts": reverse("registration:checkin_counts", kwargs={"slug": slug}),
        "badge landing": f"/b/{badge.token}",
        "job status": reverse("jobs:status", kwargs={"pk": job.pk}),
        "job download": reverse("jobs:download", kwargs={"pk": job.pk}),
    }
    for what, url in pages.items():
        response = secretariat_client.get(url)
        assert response.status_code == 200, (what, response.status_code)
        assert_not_stored(response, what)


def test_a_delegates_own_pages_and_badge_are_never_stored(delegate_client, delegate_user, conference):
    RegistrationFactory(conference=conference, status="approved", user=delegate_user, email=delegate_user.email)
    slug = conference.slug
    for what, url in {
        "/my/": reverse("registration:my", kwargs={"slug": slug}),
        "/my/badge/": reverse("registration:my_badge", kwargs={"slug": slug}),
        "/my/badge.pdf": f"/{slug}/my/badge.pdf",
        "my data": reverse("registration:my_data"),
        "privacy page, signed in": reverse("registration:privacy"),
    }.items():
        response = delegate_client.get(url)
        assert response.status_code == 200, (what, response.status_code)
        assert_not_stored(response, what)


def test_a_view_that_asked_for_public_caching_is_overruled_when_signed_in(delegate_client, conference):
    response = delegate_client.get(f"/{conference.slug}/agenda.ics")
    assert_not_stored(response, "agenda.ics signed in")


def test_anonymous_public_pages_keep_their_caching(client, conference):
    response = client.get(f"/en/{conference.slug}/agenda/")
    assert "no-store" not in response.get("Cache-Control", "")
