"""agenda.json validates against the c3voc schedule schema (vendored in schemas/, see its README), with formats."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from jsonschema import Draft6Validator, FormatChecker

from conference.demo import load_programme
from plenary.i18n import LANGUAGE_CODES
from tests.factories import ConferenceFactory, ParticipationFactory, PersonFactory, SessionFactory
from tests.programme import PNG

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "c3voc-schedule.schema.json").read_text())
# Every format jsonschema knows (draft 6's own list lacks date and uuid, which the schema uses).
FORMATS = FormatChecker()
VALIDATOR = Draft6Validator(SCHEMA, format_checker=FORMATS)


def schema_errors(document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in sorted(VALIDATOR.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    ]


def persons(document: dict) -> list[dict]:
    days = document["schedule"]["conference"]["days"]
    return [person for day in days for room in day["rooms"].values() for e in room for person in e["persons"]]


def test_the_formats_are_checked_not_skipped():
    # Without rfc3339-validator and rfc3986-validator, jsonschema silently skips date-time and uri.
    assert {"date", "date-time", "uri", "uuid"} <= set(FORMATS.checkers)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_demo_programme_validates_in_every_language(client, lang):
    conference = load_programme()
    document = client.get(f"/{conference.slug}/agenda.json?lang={lang}").json()
    assert persons(document)
    errors = schema_errors(document)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_a_programme_with_every_visibility_validates_in_every_language(client, programme, lang):
    document = client.get(f"/brussels-2025/agenda.json?lang={lang}").json()
    errors = schema_errors(document)
    assert not errors, "\n".join(errors)


def test_every_person_is_readable_by_frab_and_pretalx_readers_and_matches_one_definition(client, programme):
    """The schema's Person is oneOf FrabPerson (id + public_name) and PretalxPerson (name): an object with all
    three matches both and fails. Everyone is pretalx-style with frab's public_name, identified by a guid."""
    document = client.get("/brussels-2025/agenda.json").json()
    for person in persons(document):
        assert person["name"] and person["public_name"] == person["name"]
        assert "id" not in person
        matches = [
            name
            for name in ("FrabPerson", "PretalxPerson")
            if Draft6Validator({**SCHEMA, "$ref": f"#/definitions/{name}"}).is_valid(person)
        ]
        assert matches == ["PretalxPerson"], person


def test_an_anonymous_witness_has_no_guid_and_no_url(client, programme):
    document = client.get("/brussels-2025/agenda.json").json()
    witness = next(person for person in persons(document) if person["name"] == "Witness")
    assert witness == {"name": "Witness", "public_name": "Witness"}


@pytest.mark.parametrize(
    ("slug", "time_zone"),
    [
        ("Geneva-2026-Extra", "Europe/Zurich"),
        ("ab", "Etc/GMT-3"),
        ("x_y", "America/Argentina/Buenos_Aires"),
        ("conf-2026-spring", "UTC"),
    ],
)
def test_any_slug_and_time_zone_give_a_valid_schedule(client, slug, time_zone):
    conference = ConferenceFactory(slug=slug, time_zone=time_zone)
    session = SessionFactory(conference=conference, room=None)
    ParticipationFactory(
        session=session, person=PersonFactory(photo=SimpleUploadedFile("p.png", PNG, content_type="image/png"))
    )
    document = client.get(f"/{slug}/agenda.json").json()
    errors = schema_errors(document)
    assert not errors, "\n".join(errors)
