"""The secretariat's import pages through the client: upload, preview, apply, batches, undo, template, refusals."""

import datetime as dt
import io
import os
import time

import openpyxl
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plenary.file_store import StoredFile
from plenary.jobs.models import Job
from plenary.storage import private_storage
from registration.models import ImportBatch, Registration
from registration.spreadsheets import tasks as spreadsheets_tasks
from registration.spreadsheets import uploads as imports
from tests.conftest import SECRETARIAT_TOTP_SECRET
from tests.factories import RegistrationFactory, UserFactory
from tests.registration.spreadsheets import files as sheets


def url(name, conference, **kwargs):
    return reverse(f"registration:{name}", kwargs={"slug": conference.slug, **kwargs})


def upload(client, conference, rows, **data):
    file = SimpleUploadedFile("delegation.xlsx", sheets.xlsx(rows))
    return client.post(url("import", conference), {"file": file, **data})


def test_upload_preview_apply(secretariat_client, conference):
    RegistrationFactory(conference=conference, email="amina1@example.org", last_name="Old")
    rows = [sheets.HEADERS, *sheets.people(3), ["<b>Bad</b>", "", "bad-email", "", "", "", ""]]

    response = upload(secretariat_client, conference, rows, source_organisation="PLC")
    assert response.status_code == 302
    preview = secretariat_client.get(response["Location"])

    html = preview.content.decode()
    assert preview.status_code == 200
    assert [(r.number, r.outcome) for r in preview.context["preview"].rows] == [
        (2, "new"),
        (3, "updated"),
        (4, "new"),
        (5, "error"),
    ]
    assert "Old" in html and "Haddad1" in html
    assert "Invalid e-mail address: bad-email." in html
    assert "&lt;b&gt;Bad&lt;/b&gt;" in html and "<b>Bad</b>" not in html
    assert "Skip the rows with errors" in html

    apply_url = response["Location"] + "apply/"
    fingerprint = preview.context["form"].initial["fingerprint"]
    refused = secretariat_client.post(apply_url, {"fingerprint": fingerprint}, follow=True)
    assert "1 row has errors" in refused.content.decode()
    assert Registration.objects.count() == 1

    applied = secretariat_client.post(apply_url, {"fingerprint": fingerprint, "skip_invalid": "on"}, follow=True)

    batch = ImportBatch.objects.get()
    assert applied.redirect_chain[-1][0] == url("import_batch", conference, pk=batch.pk)
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (2, 1, 1)
    assert batch.source_organisation == "PLC"
    assert Registration.objects.get(email="amina1@example.org").last_name == "Haddad1"
    # The upload is applied once: it is gone afterwards.
    assert secretariat_client.post(apply_url, {"fingerprint": fingerprint}).status_code == 404


def test_an_unreadable_file_is_refused_on_the_form(secretariat_client, conference):
    response = upload(secretariat_client, conference, [["Organisation", "Pays"], ["x", "y"]])
    assert response.status_code == 200
    assert "Headers found: Organisation, Pays." in response.content.decode()


def test_an_oversized_upload_is_refused(secretariat_client, conference, settings):
    settings.PLENARY_IMPORT_MAX_BYTES = 1000
    file = SimpleUploadedFile("big.csv", b"Email,Name\n" + b"a" * 2000)
    response = secretariat_client.post(url("import", conference), {"file": file})
    assert "the limit is 0.0 MB" in response.content.decode()


def test_apply_with_a_changed_database_shows_the_new_preview(secretariat_client, conference):
    response = upload(secretariat_client, conference, [["Email", "Last name"], ["a@example.org", "A"]])
    preview = secretariat_client.get(response["Location"])
    RegistrationFactory(conference=conference, email="a@example.org", last_name="B")

    applied = secretariat_client.post(
        response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}, follow=True
    )

    assert "changed since the preview" in applied.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_users_upload_is_not_found(secretariat_client, client, conference, secretariat_user):
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(1)])
    token_url = response["Location"]
    other = UserFactory(groups=["Secretariat"])
    TOTP.activate(other, SECRETARIAT_TOTP_SECRET)
    client.force_login(other)
    assert client.get(token_url).status_code == 404


def test_big_imports_run_as_a_background_job(
    secretariat_client, conference, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(spreadsheets_tasks, "BACKGROUND_ROWS", 2)
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(3)], invite="on")
    preview = secretariat_client.get(response["Location"])

    with django_capture_on_commit_callbacks(execute=True):
        started = secretariat_client.post(
            response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}
        )

    job = Job.objects.get(kind="import")
    assert started["Location"] == url("import_job", conference, pk=job.pk)
    assert job.state == Job.State.DONE  # the immediate backend ran it inline
    assert secretariat_client.get(started["Location"])["Location"] == url(
        "import_batch", conference, pk=job.details["batch"]
    )
    assert Registration.objects.count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [f"amina{n}@example.org" for n in range(3)]
    assert "/accounts/signup/" in mail.outbox[0].body


def test_batches_list_and_undo(secretariat_client, conference):
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(2)])
    preview = secretariat_client.get(response["Location"])
    secretariat_client.post(
        response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}
    )
    batch = ImportBatch.objects.get()

    listing = secretariat_client.get(url("import_batches", conference)).content.decode()
    assert "delegation.xlsx" in listing and "secretariat@example.org" in listing and batch.sha256[:10] in listing

    undone = secretariat_client.post(url("import_undo", conference, pk=batch.pk), follow=True)

    assert "The import was undone." in undone.content.decode()
    assert not Registration.objects.exists()


def test_undo_refused_with_a_clear_message(secretariat_client, conference):
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(1)])
    preview = secretariat_client.get(response["Location"])
    secretariat_client.post(
        response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}
    )
    registration = Registration.objects.get()
    registration.organisation = "Al-Haq"
    registration.save()

    undone = secretariat_client.post(url("import_undo", conference, pk=ImportBatch.objects.get().pk), follow=True)

    assert "was changed since the import" in undone.content.decode()
    assert Registration.objects.count() == 1


def test_template_download(secretariat_client, conference):
    response = secretariat_client.get(url("import_template", conference))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Attendees"]
    assert [cell.value for cell in sheet[1]][:3] == ["first_name", "last_name", "email"]
    assert sheet["B2"].value == "Haddad"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["F2:F5000"].startswith("Lists!$A$1")
    assert validations["E2:E5000"].startswith("Lists!$B$1")


def test_preview_query_count_is_the_same_for_1_and_50_rows(secretariat_client, conference, django_assert_num_queries):
    def preview_url(count, start):
        for n in range(start, start + count, 2):
            RegistrationFactory(conference=conference, email=f"amina{n}@example.org")
        return upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(count, start=start)])["Location"]

    small, big = preview_url(1, 1000), preview_url(50, 2000)
    secretariat_client.get(small)
    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(small)
    with django_assert_num_queries(len(one.captured_queries)):
        assert secretariat_client.get(big).context["preview"].counts == {
            "new": 25,
            "updated": 25,
            "unchanged": 0,
            "error": 0,
        }


PAGES = [
    ("get", "import", {}),
    ("get", "import_batches", {}),
    ("get", "import_template", {}),
    ("get", "import_preview", {"token": "0" * 32}),
    ("post", "import_apply", {"token": "0" * 32}),
    ("get", "import_batch", {"pk": 1}),
    ("post", "import_undo", {"pk": 1}),
    ("get", "import_job", {"pk": 1}),
    ("get", "export", {}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_anonymous_visitors_go_to_login(client, conference, method, name, kwargs):
    response = getattr(client, method)(url(name, conference, **kwargs))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["delegate_client", "door_client", "rapporteur_client"])
@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES)
def test_other_roles_are_refused(request, conference, who, method, name, kwargs):
    client = request.getfixturevalue(who)
    assert getattr(client, method)(url(name, conference, **kwargs)).status_code == 403


def test_a_stored_upload_changed_after_the_preview_is_refused(secretariat_client, conference, settings):
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(2)])
    preview = secretariat_client.get(response["Location"])
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    storage = private_storage(f"{imports.UPLOAD_DIRECTORY}/{conference.pk}")
    storage.delete(token)
    storage.save(token, ContentFile(sheets.xlsx([sheets.HEADERS, *sheets.people(5)])))

    applied = secretariat_client.post(
        response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}, follow=True
    )

    assert "The stored file is not the one that was previewed." in applied.content.decode()
    assert not Registration.objects.exists()
    assert not ImportBatch.objects.exists()


def test_uploads_previewed_but_never_applied_are_deleted_after_a_day(secretariat_client, conference, settings):
    storage = private_storage(f"{imports.UPLOAD_DIRECTORY}/{conference.pk}")
    abandoned = storage.save("a" * 32, ContentFile(b"old upload"))
    recent = storage.save("b" * 32, ContentFile(b"recent upload"))
    two_days_ago = time.time() - 2 * 24 * 3600
    if settings.PLENARY_FILE_STORAGE == "database":
        StoredFile.objects.filter(name__endswith=abandoned).update(
            modified_at=dt.datetime.fromtimestamp(two_days_ago, tz=dt.UTC)
        )
    else:
        os.utime(storage.path(abandoned), (two_days_ago, two_days_ago))

    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(1)])

    assert response.status_code == 302
    assert not storage.exists(abandoned)
    assert storage.exists(recent)
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert storage.exists(token)


def test_the_preview_of_an_expired_upload_says_so(secretariat_client, conference, settings):
    response = upload(secretariat_client, conference, [sheets.HEADERS, *sheets.people(1)])
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    private_storage(f"{imports.UPLOAD_DIRECTORY}/{conference.pk}").delete(token)

    page = secretariat_client.get(response["Location"], follow=True)

    assert page.redirect_chain[-1][0] == url("import", conference)
    assert "This upload was already applied or has expired." in page.content.decode()


def test_invitations_only_when_chosen_in_each_delegate_s_language(secretariat_client, conference):
    def apply_list(people, **data):
        rows = [[*sheets.HEADERS, "Language"]] + [[*person, language] for person, language in people]
        response = upload(secretariat_client, conference, rows, **data)
        preview = secretariat_client.get(response["Location"])
        secretariat_client.post(
            response["Location"] + "apply/", {"fingerprint": preview.context["form"].initial["fingerprint"]}
        )

    apply_list([(sheets.people(1)[0], "en")])
    assert mail.outbox == []

    apply_list([(sheets.people(1, start=1)[0], "Français"), (sheets.people(1, start=2)[0], "en")], invite="on")

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["amina1@example.org", "amina2@example.org"]
    assert "Vous êtes inscrit" in by_address["amina1@example.org"].subject
    assert "You are registered for" in by_address["amina2@example.org"].subject
    assert "/accounts/signup/" in by_address["amina2@example.org"].body


def test_the_job_page_shows_a_progress_bar_while_a_big_import_runs(secretariat_client, conference, secretariat_user):
    job = Job.objects.create(kind="import", conference=conference, created_by=secretariat_user, total=4000, done=1000)
    job.state = Job.State.RUNNING
    job.save()

    html = secretariat_client.get(url("import_job", conference, pk=job.pk)).content.decode()

    assert '<progress class="progress" max="100" value="25">' in html
    assert "1000 / 4000" in html
    assert "js/job-progress.js" in html
