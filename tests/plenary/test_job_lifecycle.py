"""Jobs follow the reader's current role, and a job whose worker died is failed, cleaned up and retryable.
Written as what goes wrong: a clerk who left the secretariat, a worker killed mid-job."""

import contextlib
import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plenary.jobs.models import Job
from plenary.jobs.services import job_create, job_finish, job_progress, jobs_fail_stale
from plenary.permissions import SECRETARIAT
from plenary.storage import private_storage
from registration.models import Registration
from registration.spreadsheets import tasks as import_tasks
from tests.factories import RegistrationFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = pytest.mark.django_db


def long_ago(job, minutes=60):
    then = timezone.now() - dt.timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=then, created_at=then)


@pytest.mark.parametrize("kind", ["badges", "import", "export"])
def test_a_creator_who_left_the_secretariat_loses_the_jobs_status_and_file(client, secretariat_user, conference, kind):
    job = job_create(kind=kind, conference=conference, by=secretariat_user, total=1)
    job_finish(job, content=b"%PDF-1.7 every delegate's name", filename="badges.pdf")
    client.force_login(secretariat_user)
    assert client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 200

    secretariat_user.groups.remove(Group.objects.get(name=SECRETARIAT))
    client.force_login(secretariat_user)  # a new request: groups are read afresh
    for name in ("jobs:status", "jobs:download"):
        response = client.get(reverse(name, kwargs={"pk": job.pk}))
        assert response.status_code in (403, 404), name
        assert b"every delegate" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_progress_is_a_heartbeat(secretariat_user, conference):
    job = job_create(kind="badges", conference=conference, by=secretariat_user, total=10)
    long_ago(job)
    job_progress(job, done=3)
    assert jobs_fail_stale() == []
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and job.heartbeat_at > timezone.now() - dt.timedelta(minutes=1)


def test_polling_a_job_whose_worker_died_fails_it_with_a_translated_message(client, secretariat_user, conference):
    job = job_create(kind="badges", conference=conference, by=secretariat_user, total=45000)
    client.force_login(secretariat_user)
    url = reverse("jobs:status", kwargs={"pk": job.pk})
    assert client.get(url).json()["state"] == "queued"  # fresh: left alone
    long_ago(job, minutes=16)
    status = client.get(url).json()
    assert status["state"] == "failed"
    assert "worker was interrupted" in status["message"]
    assert Job.objects.get(pk=job.pk).details["stale"]  # the message is translated for each reader


def test_fail_stale_jobs_fails_only_the_silent_ones_and_deletes_their_uploads(settings, secretariat_user, conference):
    upload = private_storage().save(
        "imports/0123456789abcdef0123456789abcdef", ContentFile(b"email\namina@example.org\n")
    )
    dead = job_create(
        kind="import",
        conference=conference,
        by=secretariat_user,
        total=45000,
        details={"upload_files": [upload]},
    )
    long_ago(dead)
    alive = job_create(kind="badges", conference=conference, by=secretariat_user, total=10)
    finished = job_create(kind="badges", conference=conference, by=secretariat_user, total=1)
    job_finish(finished, content=b"%PDF", filename="b.pdf")
    long_ago(finished)

    call_command("fail_stale_jobs")

    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {dead.pk: "failed", alive.pk: "queued", finished.pk: "done"}
    assert not private_storage().exists(upload)
    call_command("fail_stale_jobs")  # idempotent


def test_the_stale_limit_is_a_setting(settings, secretariat_user, conference):
    settings.PLENARY_JOB_STALE_MINUTES = 120
    job = job_create(kind="badges", conference=conference, by=secretariat_user)
    long_ago(job, minutes=60)
    assert jobs_fail_stale() == []
    settings.PLENARY_JOB_STALE_MINUTES = 30
    assert [j.pk for j in jobs_fail_stale()] == [job.pk]


class WorkerKilled(BaseException):
    """What the worker sees of a SIGKILL: nothing runs after it, no ``except Exception`` catches it."""


def test_an_import_whose_worker_died_changes_nothing_and_offers_a_new_upload(
    secretariat_client, conference, monkeypatch, settings, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_tasks, "BACKGROUND_ROWS", 2)
    file = ContentFile(sheets.xlsx([sheets.HEADERS, *sheets.people(5)]), name="delegation.xlsx")
    uploaded = secretariat_client.post(reverse("registration:import", kwargs={"slug": conference.slug}), {"file": file})
    preview = secretariat_client.get(uploaded["Location"])
    calls = []

    def killed_mid_way(done, total):
        calls.append(done)
        raise WorkerKilled

    # The first progress report (SQLite and PostgreSQL report differently: replace the reporter itself).
    monkeypatch.setattr(
        import_tasks, "job_progress_outside_transaction", lambda job: contextlib.nullcontext(killed_mid_way)
    )
    with (
        contextlib.suppress(WorkerKilled),
        django_capture_on_commit_callbacks(execute=True),
    ):  # the immediate backend records it as the task's failure
        secretariat_client.post(
            uploaded["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}
        )
    assert calls  # it died inside the import's transaction
    job = Job.objects.get(kind="import")
    assert job.state in (Job.State.QUEUED, Job.State.RUNNING)
    assert not Registration.objects.exists()  # all or nothing: nothing
    [name] = job.details["upload_files"]
    assert private_storage().exists(name)

    long_ago(job)
    page = secretariat_client.get(reverse("registration:import_job", kwargs={"slug": conference.slug, "pk": job.pk}))
    html = page.content.decode()
    assert "worker was interrupted" in html
    assert reverse("registration:import", kwargs={"slug": conference.slug}) in html  # upload it again
    assert not private_storage().exists(name)
    assert not Registration.objects.exists()


def test_a_badge_batch_whose_worker_died_can_be_printed_again(secretariat_client, secretariat_user, conference):
    from registration.badges.services import badges_issue_for

    registrations = [RegistrationFactory(conference=conference, status="approved") for _ in range(3)]
    badge_ids = [badge.pk for badge in badges_issue_for(registrations=registrations)]
    job = job_create(kind="badges", conference=conference, by=secretariat_user, total=3)
    job.details = {"badge_ids": badge_ids, "layout": "a6"}
    job.save()
    long_ago(job)
    page_url = reverse("registration:badge_job", kwargs={"slug": conference.slug, "pk": job.pk})
    html = secretariat_client.get(page_url).content.decode()
    retry_url = reverse("registration:badge_job_retry", kwargs={"slug": conference.slug, "pk": job.pk})
    assert "worker was interrupted" in html and retry_url in html

    response = secretariat_client.post(retry_url)
    retried = Job.objects.exclude(pk=job.pk).get(kind="badges")
    assert response["Location"] == reverse("registration:badge_job", kwargs={"slug": conference.slug, "pk": retried.pk})
    assert retried.details["badge_ids"] == badge_ids and retried.state == Job.State.DONE  # printed inline
    assert retried.created_by == secretariat_user


def test_only_a_failed_batch_is_printed_again(client, door_user, secretariat_client, secretariat_user, conference):
    job = job_create(kind="badges", conference=conference, by=secretariat_user, total=0)
    job.details = {"badge_ids": [], "layout": "a6"}
    job.save()
    retry_url = reverse("registration:badge_job_retry", kwargs={"slug": conference.slug, "pk": job.pk})
    assert secretariat_client.post(retry_url).status_code == 404  # still queued
    long_ago(job)
    jobs_fail_stale()
    client.force_login(door_user)
    assert client.post(retry_url).status_code == 403
