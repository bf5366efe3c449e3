"""The database-backed private storage (PLENARY_FILE_STORAGE=database): what every machine of a several-machine
site reaches. The whole PostgreSQL pass of `make test` also runs with it; these tests run in both passes."""

import datetime as dt

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.urls import reverse

from plenary.file_store import StoredFile
from plenary.jobs.services import job_create, job_finish
from plenary.storage import DatabaseStorage, private_storage
from registration.spreadsheets.uploads import (
    import_discard_conference_uploads,
    import_discard_old_uploads,
    import_load_upload,
    import_store_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_storage(settings):
    settings.PLENARY_FILE_STORAGE = "database"


def test_a_file_is_saved_read_listed_and_deleted():
    storage = DatabaseStorage("imports/7")
    name = storage.save("list.csv", ContentFile(b"name\nKhaled"))
    assert (name, storage.exists(name), storage.size(name)) == ("list.csv", True, 11)
    with storage.open(name) as handle:
        assert handle.read() == b"name\nKhaled"
    assert StoredFile.objects.get().name == "imports/7/list.csv"
    assert DatabaseStorage("imports").listdir("") == (["7"], [])
    assert DatabaseStorage().listdir("imports/7") == ([], ["list.csv"])
    storage.delete(name)
    assert not storage.exists(name)
    assert not StoredFile.objects.exists()


def test_a_taken_name_gets_another_and_the_first_file_is_kept():
    storage = DatabaseStorage()
    first = storage.save("jobs/badges.pdf", ContentFile(b"one"))
    second = storage.save("jobs/badges.pdf", ContentFile(b"two"))
    assert first != second
    assert storage.open(first).read() == b"one" and storage.open(second).read() == b"two"


def test_missing_files_and_folders_raise_as_the_file_system_does():
    storage = DatabaseStorage()
    for call in (lambda: storage.open("nothing"), lambda: storage.size("nothing"), lambda: storage.listdir("none")):
        with pytest.raises(FileNotFoundError):
            call()
    assert storage.listdir("") == ([], [])


def test_private_files_have_no_address_and_cannot_be_opened_for_writing():
    storage = DatabaseStorage()
    storage.save("a", ContentFile(b"x"))
    with pytest.raises(NotImplementedError):
        storage.url("a")
    with pytest.raises(ValueError, match="reading only"):
        storage.open("a", "wb")


def test_a_hostile_name_is_refused():
    with pytest.raises(SuspiciousFileOperation):
        DatabaseStorage().save("../../etc/passwd", ContentFile(b"x"))


def test_the_setting_chooses_the_storage_at_each_call(settings, tmp_path):
    storage = private_storage("jobs")
    settings.PLENARY_FILE_STORAGE = "filesystem"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    storage.save("on-disk.pdf", ContentFile(b"x"))
    assert (tmp_path / "jobs" / "on-disk.pdf").exists()
    settings.PLENARY_FILE_STORAGE = "database"
    storage.save("in-db.pdf", ContentFile(b"y"))
    assert StoredFile.objects.filter(name="jobs/in-db.pdf").exists()
    assert not (tmp_path / "jobs" / "in-db.pdf").exists()


def test_a_badge_batch_file_is_downloaded_from_the_database(database_storage, secretariat_client, secretariat_user):
    job = job_create(kind="badges", conference=None, by=secretariat_user, total=1)
    job_finish(job, content=b"%PDF-1.7 badges", filename="badges.pdf")
    assert StoredFile.objects.filter(name=job.result.name).exists()
    response = secretariat_client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 badges"


def test_an_upload_waits_in_the_database_until_applied_or_too_old(database_storage, conference):
    import hashlib

    content = b"first_name,last_name,email\nKhaled,Saleh,k@example.org\n"
    token = import_store_upload(conference_id=conference.pk, content=content)
    sha = hashlib.sha256(content).hexdigest()
    assert import_load_upload(conference_id=conference.pk, token=token, sha256=sha) == content
    assert import_discard_old_uploads(now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)) == 0
    assert import_discard_old_uploads(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2)) == 1
    import_store_upload(conference_id=conference.pk, content=content)
    assert import_discard_conference_uploads(conference_id=conference.pk) == 1
    assert not StoredFile.objects.exists()


def test_an_unknown_storage_setting_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.PLENARY_FILE_STORAGE = "s3"
    with pytest.raises(ImproperlyConfigured):
        private_storage().exists("x")
