"""Background job progress and downloads: only the person who started the job and the secretariat."""

import pytest
from django.urls import reverse

from plenary.jobs.models import Job
from plenary.jobs.services import job_create, job_fail, job_finish, job_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(secretariat_user, conference):
    return job_create(kind="badges", conference=conference, by=secretariat_user, total=10)


def test_progress_and_finish_are_reported(secretariat_client, job):
    job_progress(job, done=4)
    status = secretariat_client.get(reverse("jobs:status", kwargs={"pk": job.pk})).json()
    assert (status["state"], status["percent"], status["download_url"]) == ("running", 40, None)

    job_finish(job, content=b"%PDF-1.7 test", filename="badges.pdf")
    status = secretariat_client.get(reverse("jobs:status", kwargs={"pk": job.pk})).json()
    assert status["state"] == "done" and status["percent"] == 100
    response = secretariat_client.get(status["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert 'filename="badges.pdf"' in response.headers["Content-Disposition"]


def test_a_failed_job_says_why_and_offers_no_download(secretariat_client, job):
    job_fail(job, message="Font missing")
    status = secretariat_client.get(reverse("jobs:status", kwargs={"pk": job.pk})).json()
    assert status["state"] == Job.State.FAILED and status["message"] == "Font missing"
    assert secretariat_client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 404


@pytest.mark.parametrize("name", ["jobs:status", "jobs:download"])
def test_strangers_are_refused(client, delegate_user, door_user, job, name):
    url = reverse(name, kwargs={"pk": job.pk})
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (delegate_user, door_user):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_unknown_job_is_404(secretariat_client):
    assert secretariat_client.get(reverse("jobs:status", kwargs={"pk": 999999})).status_code == 404
