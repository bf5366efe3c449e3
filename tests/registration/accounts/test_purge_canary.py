"""The attack on erasure: a canary name and e-mail go in through every way in (the registration form, an import,
an admin edit, a badge batch, a check-in, a door device's label and its revocation in the admin, an export with a
search, a recommendation's author, an upload never applied, a message sent to the delegates), then the conference
is purged and the account deleted, and the canary must be found nowhere: not in a dump of the whole database, not
in any raw table, not in any file under MEDIA_ROOT or PRIVATE_MEDIA_ROOT (PDF text and zip members included), not
in the temporary folder."""

import datetime as dt
import io
import json
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from conference.models import Conference
from plenary.file_store import StoredFile
from plenary.i18n import FALLBACK_LANGUAGE
from plenary.jobs.services import job_create
from registration.badges.services import badge_batch_start
from registration.checkin.paper_tasks import render_door_list
from registration.checkin.services import checkin_registration
from registration.doors.devices import device_add
from registration.doors.services import Sender, UploadedScan, scans_upload
from registration.mailings.services import message_create, message_release
from registration.models import DELEGATE_DETAIL_FIELDS, Delivery, Registration, User, VisaLetter
from registration.services import registration_set_status
from tests.factories import ConferenceFactory, DoorFactory, RecommendationFactory, SessionFactory, UserFactory
from tests.registration.self_service.test_register import VALID

pytestmark = pytest.mark.django_db

CANARY_FIRST, CANARY_LAST = "Canarywitness", "Zzyzx"
CANARY_EMAIL = "canary.zzyzx@example.org"
NEEDLES = (CANARY_FIRST.lower(), CANARY_LAST.lower(), CANARY_EMAIL)
IMPORT_HEADERS = "First name,Last name,Email,Organisation,Country,Category,Phone\n"
# The account's own rows: they go only when the account is deleted.
ACCOUNT_MODELS = {"registration.user", "account.emailaddress"}


def _has_canary(text: str) -> bool:
    text = text.lower()
    return any(needle in text for needle in NEEDLES)


# --- Where the canary could hide ---


def database_hits() -> set[str]:
    """Model labels in a dump of every app, and raw tables (whatever no model lists), that hold the canary."""
    buffer = io.StringIO()
    call_command("dumpdata", format="json", stdout=buffer)
    hits = {row["model"] for row in json.loads(buffer.getvalue()) if _has_canary(json.dumps(row, ensure_ascii=False))}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            if any(_has_canary(repr(row)) for row in cursor.fetchall()):
                hits.add(f"table:{table}")
    return hits


def _file_texts(data: bytes) -> list[str]:
    texts = [data.decode("utf-8", "replace"), data.decode("utf-16", "replace")]
    if data.startswith(b"%PDF"):
        # Other tests leave files here too, some of them only pretending to be PDFs: unreadable is no text.
        extracted = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=False)
        texts.append(extracted.stdout.decode("utf-8", "replace"))
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts.extend(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        except (zipfile.BadZipFile, ValueError, RuntimeError):  # a hostile upload another test left behind
            pass
    return texts


def file_hits(*roots: Path) -> set[str]:
    """Files under these folders whose bytes, PDF text or zip members hold the canary (their names too)."""
    return {
        str(path)
        for root in roots
        for path in Path(root).rglob("*")
        if path.is_file()
        and (_has_canary(str(path)) or any(_has_canary(text) for text in _file_texts(path.read_bytes())))
    }


def stored_file_hits() -> set[str]:
    """The same search in the database-backed storage (PLENARY_FILE_STORAGE=database)."""
    return {
        f"stored:/{name}"
        for name, content in StoredFile.objects.values_list("name", "content")
        if _has_canary(name) or any(_has_canary(text) for text in _file_texts(bytes(content)))
    }


def all_hits(temp: Path) -> set[str]:
    files = file_hits(Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT), temp)
    return database_hits() | files | stored_file_hits()


# --- The ways in ---


@pytest.fixture
def temp(tmp_path, monkeypatch):
    """The app's temporary files (the import reader's, a child process's) land here, to be searched too."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def clerk(db):
    """A staff secretariat with an authenticator app (force_login counts as the second factor)."""
    return UserFactory(email="clerk@example.org", groups=["Secretariat"], is_staff=True, totp=True)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_change(client: Client, registration: Registration, **changes: str) -> None:
    """Posts the admin's change form back with its own values, and these changes."""
    url = reverse("admin:registration_registration_change", args=[registration.pk])
    page = client.get(url)
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                data[form.add_prefix(name)] = value
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def secretariat_edit(client: Client, registration: Registration, **changes: str) -> None:
    """Posts the secretariat's edit form (the registration's page) with its own values, and these changes."""
    kwargs = {"slug": registration.conference.slug, "pk": registration.pk}
    data = {name: getattr(registration, name) for name in DELEGATE_DETAIL_FIELDS} | {
        "country": registration.country.code
    }
    response = client.post(reverse("registration:manage_registration_edit", kwargs=kwargs), data | changes)
    assert response.status_code == 302, response.context["edit_form"].errors if response.context else response


def import_csv(client: Client, conference: Conference, name: str, *, apply: bool) -> None:
    row = f"{CANARY_FIRST},{CANARY_LAST},{CANARY_EMAIL},Zzyzx Witness Circle,Palestine,NGO,+970 59 1234567\n"
    file = SimpleUploadedFile(name, (IMPORT_HEADERS + row).encode())
    upload_url = reverse("registration:import", kwargs={"slug": conference.slug})
    response = client.post(upload_url, {"file": file, "source_organisation": "Partner"})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    if apply:
        fingerprint = preview.context["form"].initial["fingerprint"]
        applied = client.post(response["Location"] + "apply/", {"fingerprint": fingerprint})
        assert applied.status_code == 302


def plant_canary(conference: Conference, clerk: User, *, unapplied_upload: bool, device_label: bool = False) -> User:
    """The canary goes in through every door; returns their account. ``device_label``: a door phone labelled
    with the name too (no account owns it: only the conference's purge rewrites it)."""
    canary = UserFactory(email=CANARY_EMAIL)
    delegate = client_for(canary)
    form = {**VALID, "first_name": CANARY_FIRST, "last_name": CANARY_LAST, "organisation": f"{CANARY_LAST} Fund"}
    assert delegate.post(f"/en/{conference.slug}/register/", form).status_code == 302
    registration = Registration.objects.get(conference=conference, email=CANARY_EMAIL)

    secretariat = client_for(clerk)
    import_csv(secretariat, conference, f"partner-list-{CANARY_FIRST.lower()}-witnesses.csv", apply=True)
    if unapplied_upload:
        import_csv(secretariat, conference, "late-list.csv", apply=False)
    admin_change(secretariat, registration, position=f"Aide to {CANARY_FIRST} {CANARY_LAST}")
    registration.refresh_from_db()
    secretariat_edit(secretariat, registration, internal_note=f"Spoke to {CANARY_FIRST} {CANARY_LAST} by phone")

    registration.refresh_from_db()
    registration_set_status(registration=registration, to_status=Registration.Status.APPROVED, by=clerk)
    job = badge_batch_start(conference=conference, registrations=[registration], layout="a6", by=clerk)
    job.refresh_from_db()
    assert job.result, job.message
    registration.refresh_from_db()  # approved now: the check-in is recorded
    main_door = DoorFactory(conference=conference, name_en="Main door")
    checkin_registration(conference=conference, registration=registration, door=main_door, by=clerk)
    if device_label:
        # A phone labelled with the name, revoked from the admin (its change log names it too).
        phone = device_add(door=main_door, label=f"{CANARY_FIRST}'s phone", by=clerk).device
        changelist = reverse("admin:registration_doordevice_changelist")
        revoked = secretariat.post(changelist, {"action": "revoke", "_selected_action": [phone.pk]})
        assert revoked.status_code == 302
        assert LogEntry.objects.filter(object_id=str(phone.pk), object_repr__contains=CANARY_FIRST).exists()
    # A session's attendance list at its room's door (registration/attendance).
    workshop = SessionFactory(conference=conference, attendance_list=True, exit_scans=True)
    scans_upload(
        sender=Sender(conference=conference, door=None, user=clerk),
        scans=[
            UploadedScan(nonce=uuid.uuid4(), h=badge.token_sha256, at=timezone.now(), offline=True, session=workshop.pk)
            for badge in registration.badges.all()
        ],
    )
    assert registration.attendances.exists()
    # The door's paper list, as the worker prints a long one: everyone's name in one file.
    door_list = job_create(kind="door_list", conference=conference, by=clerk)
    render_door_list.call(door_list.pk, conference.start_date.isoformat(), FALLBACK_LANGUAGE)
    door_list.refresh_from_db()
    assert door_list.result, door_list.message
    plant_letter_and_certificates(conference, delegate, secretariat)
    export_url = reverse("registration:export", kwargs={"slug": conference.slug})
    export = secretariat.get(export_url, {"format": "csv", "q": CANARY_FIRST})
    assert export.status_code == 200 and _has_canary(export.content.decode())
    RecommendationFactory(conference=conference, author=canary)
    # A message to the delegates: its delivery keeps the address it went to (and a server's answer would too).
    message = message_create(
        conference=conference,
        by=clerk,
        fields={"subject_en": "News for {first_name}", "body_en": "Dear {full_name}"},
        filters={},
        picked=[registration],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_release(message=message, by=clerk)
    assert Delivery.objects.get(message=message).state == Delivery.State.SENT
    return canary


def plant_letter_and_certificates(conference: Conference, delegate: Client, secretariat: Client) -> None:
    """A visa letter (passport data and its PDF), the explicit passport export, the certificate downloaded and
    the secretariat's batch of certificates (a job file)."""
    letter_form = {
        "passport_name": f"{CANARY_FIRST} {CANARY_LAST}".upper(),
        "nationality": "PS",
        "passport_number": f"{CANARY_LAST}4711".upper(),
        "passport_expiry": (conference.end_date + dt.timedelta(days=800)).isoformat(),
        "date_of_birth": "1979-03-02",
        "consulate": f"Consulate near {CANARY_LAST} Street",
        "language": FALLBACK_LANGUAGE,
    }
    assert delegate.post(reverse("registration:my_letter", args=[conference.slug]), letter_form).status_code == 302
    letter = VisaLetter.objects.get(registration__email=CANARY_EMAIL)
    assert secretariat.post(reverse("registration:letter_issue", args=[conference.slug, letter.pk])).status_code == 302
    assert delegate.get(reverse("registration_files:my_letter_pdf", args=[conference.slug])).status_code == 200
    exported = secretariat.post(
        reverse("registration:letters_export", args=[conference.slug]), {"include_passport_data": "yes"}
    )
    assert _has_canary(exported.content.decode())
    assert delegate.get(reverse("registration_files:my_certificate_pdf", args=[conference.slug])).status_code == 200
    assert secretariat.post(reverse("registration:certificates", args=[conference.slug])).status_code == 302


def delete_account(canary: User) -> None:
    response = client_for(canary).post("/en/me/delete/", {"password": "correct horse battery", "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email=CANARY_EMAIL).exists()


def assert_the_detectors_see_the_canary(hits: set[str], *, unapplied_upload: bool, device_label: bool = False) -> None:
    """Before erasure the search must find the canary where it was planted, or finding nothing proves nothing."""
    labels = (
        "registration.registration",
        "registration.importbatch",
        "admin.logentry",
        "registration.user",
        "registration.delivery",
        "registration.visaletter",
    )
    for label in (*labels, "registration.doordevice") if device_label else labels:
        assert label in hits
    files = [hit for hit in hits if not hit.startswith("table:") and "." not in hit.split("/")[0]]
    assert any(hit.endswith(".pdf") for hit in files), hits  # the badge PDF, read as text
    assert any("/letters/" in hit for hit in files), hits  # the visa letter's PDF
    if unapplied_upload:
        assert any("/imports/" in hit for hit in files), hits


# --- The attack ---


def open_conference(slug: str) -> Conference:
    """A conference still ahead, so that registration is open today."""
    start = timezone.localdate() + dt.timedelta(days=60)
    return ConferenceFactory(slug=slug, start_date=start, end_date=start + dt.timedelta(days=1))


def test_purge_then_account_deletion_leave_the_canary_nowhere(settings, temp, clerk):
    settings.PLENARY_RETENTION_DAYS = 30
    conference = open_conference("brussels-2024")
    canary = plant_canary(conference, clerk, unapplied_upload=True, device_label=True)
    assert_the_detectors_see_the_canary(all_hits(temp), unapplied_upload=True, device_label=True)

    conference.status = Conference.Status.ARCHIVED
    conference.archived_at = timezone.now() - dt.timedelta(days=31)
    conference.save()
    call_command("purge_personal_data", "--conference", conference.slug, stdout=io.StringIO())

    # The account itself outlives the purge of one conference: only its own rows still hold the e-mail.
    left = all_hits(temp)
    tables = {f"table:{User._meta.db_table}", "table:account_emailaddress"}
    assert left <= ACCOUNT_MODELS | tables, left

    delete_account(canary)
    assert all_hits(temp) == set()


def test_account_deletion_alone_leaves_the_canary_nowhere(temp, clerk):
    conference = open_conference("brussels-2025")
    canary = plant_canary(conference, clerk, unapplied_upload=False)
    assert_the_detectors_see_the_canary(all_hits(temp), unapplied_upload=False)

    delete_account(canary)

    assert all_hits(temp) == set()
