"""One door per distinct (conference, text) of the old free-text door, named so in every language; the hash of
every badge token."""

import hashlib

from django.db import migrations

from plenary.i18n import LANGUAGE_CODES


def doors_from_texts(apps, schema_editor):
    door_model = apps.get_model("registration", "Door")
    doors = {}
    for model_name, conference_path in (("CheckIn", "registration__conference_id"), ("Scan", "conference_id")):
        model = apps.get_model("registration", model_name)
        pairs = model.objects.exclude(door="").values_list(conference_path, "door").distinct()
        for conference_id, text in pairs:
            if (conference_id, text) not in doors:
                names = {f"name_{code}": text for code in LANGUAGE_CODES}
                doors[conference_id, text] = door_model.objects.create(conference_id=conference_id, **names)
            door = doors[conference_id, text]
            model.objects.filter(**{conference_path: conference_id, "door": text}).update(door_record=door)


def badge_hashes(apps, schema_editor):
    badge_model = apps.get_model("registration", "Badge")
    badges = list(badge_model.objects.only("pk", "token"))
    for badge in badges:
        badge.token_sha256 = hashlib.sha256(badge.token.encode()).hexdigest()
    badge_model.objects.bulk_update(badges, ["token_sha256"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("registration", "0009_doors_and_devices")]

    operations = [
        migrations.RunPython(doors_from_texts, migrations.RunPython.noop),
        migrations.RunPython(badge_hashes, migrations.RunPython.noop),
    ]
