"""The check-in's and the scan's door become the foreign key filled by 0010; the token's hash is indexed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registration", "0010_doors_from_texts")]

    operations = [
        migrations.RemoveField(model_name="checkin", name="door"),
        migrations.RemoveField(model_name="scan", name="door"),
        migrations.RenameField(model_name="checkin", old_name="door_record", new_name="door"),
        migrations.RenameField(model_name="scan", old_name="door_record", new_name="door"),
        migrations.AlterField(
            model_name="checkin",
            name="door",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="checkins",
                to="registration.door",
            ),
        ),
        migrations.AlterField(
            model_name="scan",
            name="door",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="scans",
                to="registration.door",
            ),
        ),
        migrations.AlterField(
            model_name="badge",
            name="token_sha256",
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
    ]
