"""deploy/backup.sh and deploy/restore.sh as a round trip: a site with conferences, registrations, badges, a badge
batch file, a photo and published recommendations is backed up, restored into an empty database and empty
folders, and the restored site shows the same things (the published PDFs byte for byte)."""

import json
import os
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from plenary.jobs.services import job_create, job_finish
from tests.factories import PersonFactory
from tests.plenary.test_settings import ROOT, run_manage
from tests.plenary.test_shared_state import database_url
from tests.programme import PNG

pytestmark = pytest.mark.django_db(transaction=True)

# What a visitor and the secretariat would see, read through the site's own code in another process.
SNAPSHOT = """
import hashlib, json
from django.test import Client
from conference.models import Conference, Person
from plenary.jobs.models import Job
from recommendations.models import Publication
from registration.models import Badge, Registration

def digest(data):
    return hashlib.sha256(data).hexdigest()

client = Client()
served = {}
for publication in Publication.objects.select_related("conference"):
    slug, number = publication.conference.slug, publication.number
    response = client.get(f"/{slug}/recommendations/v{number}.pdf")
    served[f"{slug} v{number}"] = [response.status_code, digest(response.content), publication.sha256]
print(json.dumps({
    "conferences": sorted(Conference.objects.values_list("slug", "status")),
    "registrations": sorted(Registration.objects.values_list("pk", "first_name", "last_name", "email", "status")),
    "badges": sorted(Badge.objects.values_list("token_sha256", "registration_id")),
    "publications": served,
    "job_files": sorted((job.pk, digest(job.result.open("rb").read())) for job in Job.objects.exclude(result="")),
    "photos": sorted((p.pk, digest(p.photo.open("rb").read())) for p in Person.objects.exclude(photo="")),
}, sort_keys=True))
"""


def site_env(*, url: str, private, media) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "PRIVATE_MEDIA_ROOT": str(private),
        "MEDIA_ROOT": str(media),
        "PLENARY_FILE_STORAGE": settings.PLENARY_FILE_STORAGE,
    }


def snapshot(environment: dict[str, str]) -> dict:
    result = run_manage("shell", "-c", SNAPSHOT, DEBUG="1", ALLOWED_HOSTS="testserver", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def script(name: str, folder, environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    env.pop("PLENARY_ENV_FILE", None)
    return subprocess.run(
        [str(ROOT / "deploy" / name), str(folder)], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def empty_database(tmp_path):
    """An empty database of the same kind as the test run's: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"restored_{os.getpid()}"
    server = database_url().rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_site_shows_the_same_site(tmp_path, empty_database, secretariat_user):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    job = job_create(kind="badges", conference=None, by=secretariat_user, total=1)
    job_finish(job, content=b"%PDF-1.7 a badge batch", filename="badges.pdf")
    PersonFactory(photo=SimpleUploadedFile("samira.png", PNG, content_type="image/png"))
    source = site_env(url=database_url(), private=settings.PRIVATE_MEDIA_ROOT, media=settings.MEDIA_ROOT)
    before = snapshot(source)
    assert len(before["conferences"]) >= 2 and before["registrations"] and before["badges"]
    assert before["job_files"] and before["photos"]
    assert before["publications"] and all(code == 200 for code, _, _ in before["publications"].values())

    backup = tmp_path / "backup"
    made = script("backup.sh", backup, source)
    assert made.returncode == 0, made.stderr
    assert script("backup.sh", backup, source).returncode == 2  # never over an earlier backup

    target = site_env(url=empty_database, private=tmp_path / "private", media=tmp_path / "media")
    restored = script("restore.sh", backup, target)
    assert restored.returncode == 0, restored.stderr
    assert snapshot(target) == before
    # Restoring again over the restored site is refused: it only fills an empty one.
    assert script("restore.sh", backup, target).returncode == 2


def test_a_damaged_backup_is_refused(tmp_path, empty_database):
    source = site_env(url=database_url(), private=settings.PRIVATE_MEDIA_ROOT, media=settings.MEDIA_ROOT)
    backup = tmp_path / "backup"
    assert script("backup.sh", backup, source).returncode == 0
    dump = next(path for path in backup.iterdir() if path.name.startswith("database"))
    dump.write_bytes(dump.read_bytes()[:-10])
    target = site_env(url=empty_database, private=tmp_path / "private", media=tmp_path / "media")
    result = script("restore.sh", backup, target)
    assert result.returncode == 1
    assert "damaged" in result.stderr
