"""purge_personal_data: anonymise an archived conference after the retention period, keep the counts."""

import datetime as dt
import hashlib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from conference.models import Conference
from plenary.audit.models import AuditLogEntry
from plenary.audit.services import audit_record
from registration.models import ImportBatch, Registration
from registration.spreadsheets.columns import ImportRefused
from registration.spreadsheets.uploads import import_load_upload, import_store_upload
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_conference(settings):
    settings.PLENARY_RETENTION_DAYS = 30
    conference = ConferenceFactory(
        slug="brussels-2023",
        status=Conference.Status.ARCHIVED,
        start_date=dt.date(2023, 5, 3),
        end_date=dt.date(2023, 5, 4),
    )
    conference.archived_at = timezone.now() - dt.timedelta(days=31)
    conference.save()
    RegistrationFactory(conference=conference, category="lawyer", country="TN", phone="+216 555", status="approved")
    RegistrationFactory(conference=conference, category="lawyer", country="BE", status="declined")
    RegistrationFactory(conference=conference, category="ngo", country="TN")
    return conference


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def counts(conference):
    rows = conference.registrations.values_list("category", "country", "status")
    return sorted((category, str(country), status) for category, country, status in rows)


def test_purge_anonymises_and_keeps_counts(old_conference):
    before = counts(old_conference)
    output = run("--conference", old_conference.slug)
    assert "3 registration(s) of brussels-2023 anonymised" in output
    assert "lawyer 2" in output
    assert counts(old_conference) == before
    for registration in old_conference.registrations.all():
        assert registration.anonymised_at is not None
        assert registration.first_name == registration.last_name == registration.phone == ""
        assert registration.email.endswith("@anonymised.invalid")
    entry = AuditLogEntry.objects.get(action="purge")
    assert entry.conference == old_conference
    assert entry.details["anonymised"] == 3


@pytest.fixture
def badge_file(old_conference):
    from django.core.files.base import ContentFile

    from plenary.jobs.services import job_create

    job = job_create(kind="badges", conference=old_conference, by=None)
    job.result.save("badges.pdf", ContentFile(b"%PDF-1.7 Amina Haddad"))
    return job


def test_dry_run_changes_nothing(old_conference, badge_file):
    before = list(old_conference.registrations.values_list("first_name", "email", "phone"))
    output = run("--conference", old_conference.slug, "--dry-run")
    assert "3 registration(s) of brussels-2023 would be anonymised (dry run, nothing changed)" in output
    assert "1 file(s) made by background jobs (badge PDFs, reports) would be deleted" in output
    assert "lawyer 2" in output
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
    assert list(old_conference.registrations.values_list("first_name", "email", "phone")) == before
    assert not AuditLogEntry.objects.filter(action="purge").exists()
    assert badge_file.result.storage.exists(badge_file.result.name)


def test_purge_deletes_the_conferences_job_files(old_conference, badge_file):
    name = badge_file.result.name
    assert "1 file(s) made by background jobs (badge PDFs, reports) deleted" in run("--conference", old_conference.slug)
    badge_file.refresh_from_db()
    assert not badge_file.result
    assert not badge_file.result.storage.exists(name)
    assert AuditLogEntry.objects.get(action="purge").details["files"] == 1


def test_purge_erases_the_values_an_import_kept_for_its_undo(old_conference):
    from registration.models import ImportChange

    registration = old_conference.registrations.first()
    batch = ImportBatch.objects.create(conference=old_conference, filename="list.xlsx", sha256="0" * 64)
    ImportChange.objects.create(
        batch=batch,
        registration=registration,
        previous={"first_name": "Amina", "email": "amina@example.org"},
        applied_digest="f" * 64,
    )
    run("--conference", old_conference.slug)
    change = ImportChange.objects.get()
    assert (change.previous, change.applied_digest) == ({}, "")


def test_purge_is_readable_in_the_audit_log(old_conference, secretariat_client):
    run("--conference", old_conference.slug)
    page = secretariat_client.get(f"/en/{old_conference.slug}/manage/audit-log/").content.decode()
    assert "Personal data of brussels-2023 purged: 3 registration(s) anonymised" in page
    assert "<td>Personal data purged</td>" in page  # the action by its label, not its code


def test_purge_twice_is_harmless(old_conference):
    run("--conference", old_conference.slug)
    assert "0 registration(s)" in run("--conference", old_conference.slug)


def test_refuses_a_conference_that_is_not_archived(conference):
    RegistrationFactory(conference=conference)
    with pytest.raises(CommandError, match="is not archived") as refusal:
        run("--conference", conference.slug)
    assert refusal.value.returncode == 1
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()


def test_refuses_a_conference_archived_too_recently(old_conference):
    old_conference.archived_at = timezone.now() - dt.timedelta(days=5)
    old_conference.save()
    with pytest.raises(CommandError, match="less than 30 days ago"):
        run("--conference", old_conference.slug)
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()


def test_without_archive_date_the_last_day_counts(old_conference):
    # A conference archived before archived_at existed (update() skips any save hook).
    recently = timezone.localdate() - dt.timedelta(days=3)
    Conference.objects.filter(pk=old_conference.pk).update(archived_at=None, start_date=recently, end_date=recently)
    with pytest.raises(CommandError, match="less than"):
        run("--conference", old_conference.slug)
    long_ago = timezone.localdate() - dt.timedelta(days=60)
    Conference.objects.filter(pk=old_conference.pk).update(start_date=long_ago, end_date=long_ago)
    assert "3 registration(s)" in run("--conference", old_conference.slug)


def test_unknown_conference():
    with pytest.raises(CommandError, match="No conference"):
        run("--conference", "nowhere")


def test_purge_deletes_only_that_conferences_uploads_and_a_dry_run_keeps_them(old_conference):
    other = ConferenceFactory(slug="brussels-2025")
    mine = import_store_upload(conference_id=old_conference.pk, content=b"email\namina@example.org\n")
    theirs = import_store_upload(conference_id=other.pk, content=b"email\nother@example.org\n")

    dry_run = run("--conference", old_conference.slug, "--dry-run")
    assert "1 upload(s) previewed but never applied would be deleted" in dry_run
    assert "1 upload(s) previewed but never applied deleted" in run("--conference", old_conference.slug)

    with pytest.raises(ImportRefused):
        import_load_upload(conference_id=old_conference.pk, token=mine, sha256="")
    assert import_load_upload(conference_id=other.pk, token=theirs, sha256=_sha256(b"email\nother@example.org\n"))


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_purge_renames_import_batches_and_forgets_export_searches(old_conference):
    name = "partner-list-gaza-witnesses.csv"
    batch = ImportBatch.objects.create(conference=old_conference, filename=name, sha256="0")
    registration = old_conference.registrations.first()
    entry = LogEntry.objects.create(
        user=UserFactory(),
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
        object_repr="Amina Haddad",
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Position"]}}]',
    )
    audit_record(
        action="export", summary="Export", conference=old_conference, details={"filters": {"search": "Haddad"}}
    )

    run("--conference", old_conference.slug)

    batch.refresh_from_db()
    entry.refresh_from_db()
    assert batch.filename == f"import #{batch.pk}"
    assert (entry.object_repr, entry.change_message) == (f"Registration #{registration.pk}", "")
    assert AuditLogEntry.objects.get(action="export").details == {"filters": {}}
