"""What happens to each row, applying in one transaction, undo, limits and hostile files."""

import dataclasses

import pytest
from django.db.models import QuerySet

from plenary.audit.models import AuditLogEntry
from registration.models import ImportBatch, Registration, StatusChange
from registration.spreadsheets import apply as spreadsheets_apply
from registration.spreadsheets import reading as spreadsheets_reading
from registration.spreadsheets import tasks as spreadsheets_tasks
from registration.spreadsheets import uploads as spreadsheets_uploads
from registration.spreadsheets.apply import import_apply
from registration.spreadsheets.columns import ImportFileError, ImportRefused
from registration.spreadsheets.preview import import_preview
from registration.spreadsheets.undo import import_undo
from tests.factories import ConferenceFactory, RegistrationFactory
from tests.registration.spreadsheets import files as sheets


def preview(conference, rows, filename="list.xlsx"):
    return import_preview(conference=conference, content=sheets.xlsx(rows), filename=filename)


def apply(conference, rows, **options):
    options.setdefault("by", None)
    return import_apply(conference=conference, content=sheets.xlsx(rows), filename="list.xlsx", **options)


def errors_by_row(result) -> dict[int, list[str]]:
    return {row.number: row.errors for row in result.rows if row.errors}


def test_each_row_error_names_its_row_and_reason(conference):
    rows = [
        ["First name", "Last name", "Email", "Country", "Category", "Organisation"],
        ["Amina", "Haddad", "amina@example.org", "PS", "ngo", "Addameer"],
        ["Omar", "", "not-an-email", "PS", "", ""],
        ["", "", "noname@example.org", "", "", ""],
        ["Lina", "", "lina@example.org", "Atlantis", "", ""],
        ["Sami", "", "sami@example.org", "", "Astronaut", ""],
        ["Nour", "", "nour@example.org", "", "", "x" * 201],
        ["Amina", "Again", "AMINA@example.org", "", "", ""],
        ["Rami", "", "", "", "", ""],
    ]

    result = preview(conference, rows)

    assert errors_by_row(result) == {
        3: ["Invalid e-mail address: not-an-email."],
        4: ["No name: neither a first name nor a last name."],
        5: ["Unknown country: Atlantis."],
        6: ["Unknown category: Astronaut."],
        7: ["Organisation is too long: 201 characters, at most 200."],
        8: ["This e-mail address already appears on row 2."],
        9: ["No e-mail address."],
    }
    assert result.counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 7}
    assert result.summary()["errors"][0] == {"row": 3, "messages": ["Invalid e-mail address: not-an-email."]}


def test_a_10000_character_name_is_an_error_never_cut(conference):
    result = preview(conference, [["Email", "Last name"], ["a@example.org", "x" * 10_000]])
    assert result.rows[0].errors == ["Last name is too long: 10000 characters, at most 100."]


def test_new_rows_are_created_approved_from_the_batch_with_their_history(conference, secretariat_user):
    batch = apply(conference, [sheets.HEADERS, *sheets.people(3)], by=secretariat_user, source_organisation="PLC")

    registrations = Registration.objects.filter(conference=conference)
    assert registrations.count() == 3
    assert set(registrations.values_list("status", "source", "import_batch", "category")) == {
        ("approved", "import", batch.pk, "ngo")
    }
    assert StatusChange.objects.filter(registration__in=registrations, to_status="approved").count() == 3
    assert (batch.created_count, batch.updated_count, batch.source_organisation) == (3, 0, "PLC")
    assert batch.created_by == secretariat_user
    entry = AuditLogEntry.objects.get(action="import")
    assert entry.details["batch"] == batch.pk
    assert "Amina" not in entry.summary


def test_pending_when_the_secretariat_chooses_and_empty_category_is_delegate(conference):
    apply(conference, [["Email", "Last name", "Category"], ["a@example.org", "A", ""]], pending=True)
    assert Registration.objects.get().status == "pending"
    assert Registration.objects.get().category == "delegate"


def test_update_fills_in_what_the_sheet_has_and_an_empty_cell_never_erases(conference):
    existing = RegistrationFactory(
        conference=conference,
        email="Amina@Example.org",
        first_name="Amina",
        last_name="Haddad",
        organisation="Addameer",
        phone="+970 1",
        category="lawyer",
    )
    rows = [["Email", "First name", "Last name", "Organisation", "Phone", "Category"]]
    rows.append(["amina@example.org", "Amina", "Haddad-Khalil", "", "+970 2", ""])

    result = preview(conference, rows)

    assert result.rows[0].outcome == "updated"
    assert result.rows[0].changes == {"last_name": ("Haddad", "Haddad-Khalil"), "phone": ("+970 1", "+970 2")}
    apply(conference, rows)
    existing.refresh_from_db()
    assert (existing.last_name, existing.phone, existing.organisation, existing.category) == (
        "Haddad-Khalil",
        "+970 2",
        "Addameer",
        "lawyer",
    )
    assert existing.email == "Amina@Example.org"


def test_registrations_of_another_conference_are_not_matched(conference):
    RegistrationFactory(conference=ConferenceFactory(), email="a@example.org")
    assert preview(conference, [["Email", "Last name"], ["a@example.org", "A"]]).rows[0].outcome == "new"


def test_importing_the_same_file_twice_changes_nothing(conference):
    rows = [sheets.HEADERS, *sheets.people(5)]
    apply(conference, rows)
    before = list(Registration.objects.order_by("pk").values())

    second = preview(conference, rows)
    batch = apply(conference, rows)

    assert second.counts == {"new": 0, "updated": 0, "unchanged": 5, "error": 0}
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, 5)
    assert list(Registration.objects.order_by("pk").values()) == before


def test_errors_refuse_the_apply_unless_invalid_rows_are_skipped(conference):
    rows = [sheets.HEADERS, *sheets.people(2), ["X", "", "broken", "", "", "", ""]]
    with pytest.raises(ImportRefused, match="1 row has errors"):
        apply(conference, rows)
    assert not Registration.objects.exists()
    assert not ImportBatch.objects.exists()

    batch = apply(conference, rows, skip_invalid=True)

    assert (batch.created_count, batch.skipped_count) == (2, 1)


def test_apply_refuses_when_the_registrations_changed_since_the_preview(conference):
    rows = [["Email", "Last name"], ["a@example.org", "A"]]
    seen = preview(conference, rows)
    RegistrationFactory(conference=conference, email="a@example.org", last_name="B")

    with pytest.raises(ImportRefused, match="changed since the preview"):
        apply(conference, rows, expected_fingerprint=seen.fingerprint)


def test_a_failure_in_the_middle_leaves_nothing(conference, monkeypatch):
    imports_before = ImportBatch.objects.count()
    calls = {"n": 0}
    original = QuerySet.bulk_create

    def failing_bulk_create(self, objs, *args, **kwargs):
        if self.model is Registration:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        apply(conference, [sheets.HEADERS, *sheets.people(spreadsheets_apply.WRITE_BATCH_SIZE + 10)])

    assert calls["n"] == 2  # the first batch of 500 had been written
    assert not Registration.objects.exists()
    assert not StatusChange.objects.exists()
    assert ImportBatch.objects.count() == imports_before


def test_undo_removes_new_registrations_and_restores_updated_ones(conference, secretariat_user):
    existing = RegistrationFactory(conference=conference, email="old@example.org", last_name="Before", phone="")
    rows = [sheets.HEADERS, *sheets.people(3), ["", "After", "old@example.org", "", "", "", "+32 1"]]
    batch = apply(conference, rows)
    existing.refresh_from_db()
    assert (existing.last_name, existing.phone) == ("After", "+32 1")

    import_undo(batch=batch, by=secretariat_user)

    existing.refresh_from_db()
    assert (existing.last_name, existing.phone) == ("Before", "")
    assert list(Registration.objects.values_list("email", flat=True)) == ["old@example.org"]
    batch.refresh_from_db()
    assert batch.state == "undone"
    assert AuditLogEntry.objects.filter(action="import_undo", actor=secretariat_user).exists()
    with pytest.raises(ImportRefused, match="already undone"):
        import_undo(batch=batch, by=secretariat_user)


def test_undo_is_refused_when_a_registration_changed_since(conference):
    batch = apply(conference, [sheets.HEADERS, *sheets.people(2)])
    changed = Registration.objects.first()
    changed.status = Registration.Status.DECLINED
    changed.save()

    with pytest.raises(ImportRefused, match=r"1 row was changed since the import .*: Amina\d Haddad\d \(row \d\)"):
        import_undo(batch=batch, by=None)

    assert Registration.objects.count() == 2


def test_row_limit(conference, settings):
    settings.PLENARY_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="The file has 4 rows; at most 3 can be imported at once"):
        preview(conference, [sheets.HEADERS, *sheets.people(4)])
    assert preview(conference, [sheets.HEADERS, *sheets.people(3)]).counts["new"] == 3


def test_row_limit_counts_sheet_height_before_reading_everything(conference, settings):
    settings.PLENARY_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="The file has 20 rows; at most 3"):
        preview(conference, [sheets.HEADERS, *sheets.people(19)])


def test_size_limit(conference, settings):
    settings.PLENARY_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError, match=r"The file is 0.0 MB; the limit is 0.0 MB"):
        import_preview(conference=conference, content=b"x" * 1001, filename="big.csv")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"PK\x03\x04 this is not really a zip", "list.xlsx", "damaged or is not a real xlsx file"),
        (b"\x00\x01\x02 random bytes", "list.ods", "damaged or is not a real ods file"),
        (b"<html>not a spreadsheet</html>", "list.xls", "damaged or is not a real xls file"),
        (
            spreadsheets_reading.OLE_MAGIC + b"\x00" * 1024 + spreadsheets_reading.ENCRYPTED_PACKAGE + b"\x00" * 1024,
            "protected.xlsx",
            "protected by a password",
        ),
        (spreadsheets_reading.OLE_MAGIC + b"\x00" * 4096, "list.xlsx", "damaged or is not a real xlsx file"),
        (b"", "list.csv", "The file is empty"),
        (b"Email,Name\n", "list.pdf", "Plenary reads .xlsx"),
    ],
    ids=["corrupt-xlsx", "corrupt-ods", "corrupt-xls", "encrypted-xlsx", "corrupt-ole", "empty", "wrong-extension"],
)
def test_unreadable_files_are_refused_with_a_message(conference, content, filename, message):
    with pytest.raises(ImportFileError, match=message):
        import_preview(conference=conference, content=content, filename=filename)


def test_a_truncated_xlsx_is_refused(conference):
    content = sheets.xlsx([sheets.HEADERS, *sheets.people(50)])
    with pytest.raises(ImportFileError, match="damaged"):
        import_preview(conference=conference, content=content[: len(content) // 2], filename="cut.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_expanded(conference):
    with pytest.raises(ImportFileError, match="expands to far more data"):
        import_preview(conference=conference, content=sheets.zip_bomb(), filename="bomb.xlsx")


def test_a_sheet_with_two_cells_far_apart_is_refused_without_exhausting_memory(conference):
    # calamine allocates the rectangle between A1 and XFD1048576 (hundreds of gigabytes) and aborts:
    # the capped child process dies instead of the server.
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Email"
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(ImportFileError):
        import_preview(conference=conference, content=buffer.getvalue(), filename="sparse.xlsx")


HOSTILE_NAMES = [
    '<script>alert("x")</script>',
    "<b>Amina</b> &amp;",
    # A right-to-left override in a name is an error row (tests/registration/spreadsheets/test_import_text.py).
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2)",
    "@cmd",
]


@pytest.mark.parametrize("filename", ["list.csv", "list.xlsx"])
def test_hostile_names_are_stored_as_the_text_they_are(conference, filename):
    rows = [["Email", "Last name"]] + [[f"p{n}@example.org", name] for n, name in enumerate(HOSTILE_NAMES)]
    content = sheets.text(rows) if filename.endswith(".csv") else sheets.xlsx(rows)
    if filename.endswith(".xlsx"):
        # openpyxl writes '=...' as a formula; a partner's file holds them as text cells.
        import io

        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(content))
        for row in workbook.active.iter_rows(min_row=2):
            row[1].data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()

    import_apply(conference=conference, content=content, filename=filename, by=None)

    assert list(Registration.objects.order_by("email").values_list("last_name", flat=True)) == HOSTILE_NAMES


def test_undo_is_refused_when_an_updated_registration_changed_since(conference):
    existing = RegistrationFactory(conference=conference, email="old@example.org", last_name="Before")
    batch = apply(conference, [["Email", "Last name"], ["old@example.org", "After"]])
    existing.refresh_from_db()
    existing.last_name = "Edited by hand"
    existing.save()

    with pytest.raises(
        ImportRefused, match=r"1 row was changed since the import .*: Amina\d+ Edited by hand \(row 2\)"
    ):
        import_undo(batch=batch, by=None)

    existing.refresh_from_db()
    assert existing.last_name == "Edited by hand"


def test_undo_restores_what_the_import_changed_and_keeps_an_edit_of_another_field(conference):
    existing = RegistrationFactory(conference=conference, email="old@example.org", last_name="Before")
    batch = apply(conference, [["Email", "Last name"], ["old@example.org", "After"]])
    existing.refresh_from_db()
    existing.organisation = "Edited by hand"
    existing.save()

    import_undo(batch=batch, by=None)

    existing.refresh_from_db()
    assert (existing.last_name, existing.organisation) == ("Before", "Edited by hand")


def test_undo_is_refused_when_a_registration_of_the_import_was_deleted_since(conference):
    existing = RegistrationFactory(conference=conference, email="old@example.org", last_name="Before")
    batch = apply(conference, [sheets.HEADERS, *sheets.people(2), ["", "After", "old@example.org", "", "", "", ""]])
    existing.delete()

    with pytest.raises(ImportRefused, match=r"or deleted, .*: a deleted registration \(row 4\)"):
        import_undo(batch=batch, by=None)

    assert Registration.objects.count() == 2


@pytest.mark.parametrize("what", ["badge", "check-in"])
def test_undo_is_refused_when_a_new_registration_got_a_badge_or_checked_in(conference, what):
    from registration.badges.services import badge_issue
    from registration.checkin.services import checkin_registration

    batch = apply(conference, [sheets.HEADERS, *sheets.people(2)])
    registration = Registration.objects.get(email="amina0@example.org")
    if what == "badge":
        badge_issue(registration=registration)
    else:
        checkin_registration(conference=conference, registration=registration, door=None, by=None)

    with pytest.raises(ImportRefused, match=r"or has a badge or a check-in\): Amina0 Haddad0 \(row 2\)"):
        import_undo(batch=batch, by=None)

    assert Registration.objects.count() == 2
    batch.refresh_from_db()
    assert batch.state == "applied"


def test_apply_reports_progress_in_write_batches(conference):
    reported = []
    count = spreadsheets_apply.WRITE_BATCH_SIZE + 10

    apply(
        conference, [sheets.HEADERS, *sheets.people(count)], progress=lambda done, total: reported.append((done, total))
    )

    assert reported == [(spreadsheets_apply.WRITE_BATCH_SIZE, count), (count, count)]


def test_a_duplicate_below_title_rows_names_the_earlier_row_as_the_spreadsheet_shows_it(conference):
    rows = [["Delegation list"], [], sheets.HEADERS, *sheets.people(2), [], sheets.people(1)[0]]

    result = preview(conference, rows)

    assert errors_by_row(result) == {7: ["This e-mail address already appears on row 4."]}


@pytest.mark.parametrize("filename", ["bomb.ods", "bomb.xls"])
def test_a_zip_bomb_is_refused_whatever_its_name(conference, filename):
    with pytest.raises(ImportFileError, match="expands to far more data"):
        import_preview(conference=conference, content=sheets.zip_bomb(), filename=filename)


def test_an_old_xls_saved_with_the_xlsx_extension_is_read(conference):
    content = sheets.xls([sheets.HEADERS, *sheets.people(2)])
    assert import_preview(conference=conference, content=content, filename="list.xlsx").counts["new"] == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_background_import_s_progress_is_visible_while_its_transaction_runs(conference):
    # The page polls the Job row from another connection: it must see the progress before the commit.
    from django.db import DEFAULT_DB_ALIAS, connections

    from plenary.jobs.models import Job

    count = spreadsheets_apply.WRITE_BATCH_SIZE + 10
    content = sheets.xlsx([sheets.HEADERS, *sheets.people(count)])
    seen = import_preview(conference=conference, content=content, filename="big.xlsx")
    options = spreadsheets_tasks.ApplyOptions(
        conference_id=conference.pk,
        user_id=None,
        token=spreadsheets_uploads.import_store_upload(conference_id=conference.pk, content=content),
        filename="big.xlsx",
        sha256=seen.sha256,
        fingerprint=seen.fingerprint,
    )
    job = Job.objects.create(kind="import", conference=conference, total=count)
    observer = connections.create_connection(DEFAULT_DB_ALIAS)
    observed = []
    original = QuerySet.bulk_create

    def observing_bulk_create(self, objs, *args, **kwargs):
        if self.model is Registration:
            with observer.cursor() as cursor:
                cursor.execute("SELECT done, state FROM conference_job WHERE id = %s", [job.pk])
                observed.append(cursor.fetchone())
        return original(self, objs, *args, **kwargs)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(QuerySet, "bulk_create", observing_bulk_create)
            spreadsheets_tasks.import_apply_job.call(job.pk, dataclasses.asdict(options))
    finally:
        observer.close()

    assert observed == [(0, "queued"), (spreadsheets_apply.WRITE_BATCH_SIZE, "running")]
    job.refresh_from_db()
    assert (job.state, job.done) == ("done", count)
    assert Registration.objects.count() == count
