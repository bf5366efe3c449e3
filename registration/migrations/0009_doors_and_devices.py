"""Doors and door devices as records; uploaded scans' fields; the badge token's hash (issue 13)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0007_registration_dates"),
        ("registration", "0008_registration_internal_note"),
    ]

    operations = [
        migrations.CreateModel(
            name="Door",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_en", models.CharField(max_length=60, verbose_name="name (English)")),
                ("name_ar", models.CharField(blank=True, max_length=60, verbose_name="name (Arabic)")),
                ("name_fr", models.CharField(blank=True, max_length=60, verbose_name="name (French)")),
            ],
            options={
                "verbose_name": "door",
                "verbose_name_plural": "doors",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="DoorDevice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=80, verbose_name="label")),
                ("secret_sha256", models.CharField(blank=True, editable=False, max_length=64)),
                ("pairing_token_sha256", models.CharField(editable=False, max_length=64, unique=True)),
                ("pairing_expires_at", models.DateTimeField()),
                ("pairing_used", models.BooleanField(default=False)),
                ("paired_at", models.DateTimeField(blank=True, null=True)),
                ("last_contact_at", models.DateTimeField(blank=True, null=True)),
                ("last_queue_length", models.PositiveIntegerField(blank=True, null=True)),
                ("last_list_version", models.BigIntegerField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "door device",
                "verbose_name_plural": "door devices",
                "ordering": ["door", "pk"],
            },
        ),
        migrations.RemoveIndex(
            model_name="checkin",
            name="registratio_day_4760cc_idx",
        ),
        migrations.AddField(
            model_name="badge",
            name="token_sha256",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scan",
            name="checkin",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registration.checkin",
            ),
        ),
        migrations.AddField(
            model_name="scan",
            name="clock_flagged",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="scan",
            name="device_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="scan",
            name="nonce",
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="scan",
            name="offline",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="scan",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("checked_in", "Checked in"),
                    ("already_checked_in", "Already checked in"),
                    ("revoked", "Badge revoked"),
                    ("not_approved", "Registration not approved"),
                    ("unknown", "Unknown code"),
                    ("duplicate", "Admitted offline after someone else"),
                    ("refused", "Refused: device revoked"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="door",
            name="conference",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="doors", to="conference.conference"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="door_record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registration.door",
            ),
        ),
        migrations.AddField(
            model_name="scan",
            name="door_record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registration.door",
            ),
        ),
        migrations.AddField(
            model_name="doordevice",
            name="conference",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="conference.conference"
            ),
        ),
        migrations.AddField(
            model_name="doordevice",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="doordevice",
            name="door",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="devices", to="registration.door"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="device",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registration.doordevice",
            ),
        ),
        migrations.AddField(
            model_name="scan",
            name="device",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="scans",
                to="registration.doordevice",
            ),
        ),
        migrations.AddIndex(
            model_name="scan",
            index=models.Index(fields=["conference", "outcome"], name="registratio_confere_6c96ca_idx"),
        ),
        migrations.AddConstraint(
            model_name="scan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("device__isnull", False), ("nonce__isnull", False)),
                fields=("device", "nonce"),
                name="scan_nonce_once_per_device",
            ),
        ),
        migrations.AddConstraint(
            model_name="scan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("device__isnull", True), ("nonce__isnull", False)),
                fields=("by", "nonce"),
                name="scan_nonce_once_per_account",
            ),
        ),
    ]
