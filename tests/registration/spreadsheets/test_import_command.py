"""import_attendees and export_attendees on the command line: JSON output and exit status."""

import json

import pytest
from django.core.management import CommandError, call_command

from plenary.audit.models import AuditLogEntry
from registration.models import ImportBatch, Registration
from tests.factories import RegistrationFactory
from tests.registration.spreadsheets import files as sheets


def run(capsys, *args) -> tuple[int, dict]:
    try:
        call_command("import_attendees", *args, "--format", "json")
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, json.loads(capsys.readouterr().out)


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "delegation.xlsx"
    path.write_bytes(sheets.xlsx([sheets.HEADERS, *sheets.people(3)]))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "delegation.csv"
    path.write_bytes(sheets.text([sheets.HEADERS, *sheets.people(2), ["X", "", "nope", "", "", "", ""]]))
    return path


def test_dry_run_says_what_would_happen_and_changes_nothing(capsys, conference, good_file):
    status, output = run(capsys, str(good_file), "--conference", conference.slug, "--dry-run")

    assert status == 0
    assert output == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "errors": [],
        "approved": 3,
        "waitlisted": 0,
        "pending": 0,
        "places_left": None,
    }
    assert not Registration.objects.exists()


def test_the_json_says_which_new_rows_go_over_the_capacity(capsys, conference, good_file):
    conference.capacity = 1
    conference.save()

    status, dry = run(capsys, str(good_file), "--conference", conference.slug, "--dry-run")
    assert status == 0
    assert (dry["approved"], dry["waitlisted"], dry["places_left"]) == (1, 2, 1)
    assert not Registration.objects.exists()

    status, applied = run(capsys, str(good_file), "--conference", conference.slug)
    assert status == 0
    assert (applied["approved"], applied["waitlisted"]) == (1, 2)
    statuses = list(Registration.objects.order_by("pk").values_list("email", "status"))
    assert statuses == [
        ("amina0@example.org", "approved"),
        ("amina1@example.org", "waitlisted"),
        ("amina2@example.org", "waitlisted"),
    ]

    status, pending = run(capsys, str(good_file), "--conference", conference.slug, "--dry-run", "--pending")
    assert (pending["created"], pending["waitlisted"]) == (0, 0)  # all three are registered now


def test_apply_then_again_changes_nothing(capsys, conference, good_file):
    status, output = run(capsys, str(good_file), "--conference", conference.slug, "--source", "PLC", "--pending")

    assert status == 0
    assert output["created"] == 3
    batch = ImportBatch.objects.get(pk=output["batch"])
    assert batch.source_organisation == "PLC"
    assert set(Registration.objects.values_list("status", flat=True)) == {"pending"}

    status, output = run(capsys, str(good_file), "--conference", conference.slug)
    assert (status, output["created"], output["unchanged"]) == (0, 0, 3)


def test_row_errors_exit_1_and_apply_nothing_unless_skipped(capsys, conference, bad_file):
    status, output = run(capsys, str(bad_file), "--conference", conference.slug)

    assert status == 1
    assert output["errors"] == [{"row": 4, "messages": ["Invalid e-mail address: nope."]}]
    assert output["skipped"] == 1
    assert not Registration.objects.exists()

    status, output = run(capsys, str(bad_file), "--conference", conference.slug, "--skip-invalid")
    assert status == 1
    assert Registration.objects.count() == 2


def test_unreadable_file_exits_2(capsys, conference, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 garbage")

    status, output = run(capsys, str(path), "--conference", conference.slug)

    assert status == 2
    assert "damaged" in output["error"]
    status, output = run(capsys, str(tmp_path / "missing.csv"), "--conference", conference.slug)
    assert status == 2


def test_dry_run_with_row_errors_exits_1_and_an_oversized_file_exits_2(capsys, conference, bad_file, settings):
    status, output = run(capsys, str(bad_file), "--conference", conference.slug, "--dry-run", "--skip-invalid")
    assert (status, output["created"], output["skipped"]) == (1, 2, 1)
    assert not Registration.objects.exists()

    settings.PLENARY_IMPORT_MAX_BYTES = 100
    status, output = run(capsys, str(bad_file), "--conference", conference.slug)
    assert status == 2
    assert "the limit is" in output["error"]


def test_unknown_conference(conference, good_file):
    with pytest.raises(CommandError, match="No conference"):
        call_command("import_attendees", str(good_file), "--conference", "nope")


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_command_writes_a_file_that_imports_back_unchanged(capsys, conference, tmp_path, extension):
    RegistrationFactory(conference=conference, phone="+32 2 555 12 34", first_name="=cmd", category="diplomat")
    RegistrationFactory(conference=conference, country="BE", language="ar")
    output = tmp_path / f"export.{extension}"

    call_command("export_attendees", "--conference", conference.slug, "--output", str(output))

    assert AuditLogEntry.objects.get(action="export").actor is None
    capsys.readouterr()
    status, summary = run(capsys, str(output), "--conference", conference.slug, "--dry-run")
    assert (status, summary["unchanged"], summary["created"], summary["updated"]) == (0, 2, 0, 0)


def test_export_command_refuses_other_extensions(conference, tmp_path):
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("export_attendees", "--conference", conference.slug, "--output", str(tmp_path / "x.pdf"))
