"""Devices uploading the same people at the same moment: one check-in each (the earliest), the rest duplicates,
on PostgreSQL and on SQLite; and one batch sent twice at once is recorded once."""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from registration.badges.services import badges_issue_for
from registration.doors import devices
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.models import CheckIn, Scan
from tests.factories import ConferenceFactory, DoorFactory, RegistrationFactory


def _at_once(jobs) -> None:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def _race() -> None:
    today = timezone.localdate()
    conference = ConferenceFactory(slug="upload-race", start_date=today - dt.timedelta(days=1), end_date=today)
    people = [RegistrationFactory(conference=conference, status="approved") for _ in range(20)]
    hashes = [badge.token_sha256 for badge in badges_issue_for(registrations=people)]
    now = timezone.now()
    senders, batches = [], []
    for n in range(4):
        door = DoorFactory(conference=conference, name_en=f"Door {n}")
        device = devices.device_add(door=door, label=f"Phone {n}", by=None).device
        senders.append(Sender(conference=conference, door=door, device=device))
        # Every device admitted everyone; device n did it n minutes later than device 0.
        batches.append(
            [UploadedScan(nonce=uuid.uuid4(), h=h, at=now - dt.timedelta(minutes=10 - n), offline=True) for h in hashes]
        )
    jobs = [lambda s=s, b=b: scans_upload(sender=s, scans=b, now=now) for s, b in zip(senders, batches, strict=True)]
    jobs.append(lambda: scans_upload(sender=senders[0], scans=batches[0], now=now))  # device 0's batch, sent twice

    _at_once(jobs)

    assert CheckIn.objects.count() == 20
    assert set(CheckIn.objects.values_list("door__name_en", flat=True)) == {"Door 0"}
    assert Scan.objects.count() == 80 and Scan.objects.filter(outcome="duplicate").count() == 60


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_settle_to_the_earliest_admission_on_postgresql():
    _race()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_settle_to_the_earliest_admission_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race")
    _race()
