# The job and audit-log models moved here from the conference and registration apps. Their tables stay
# where they are (db_table), so this only moves them in Django's state: no data is touched.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import plenary.storage


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("conference", "0004_job"),
        ("registration", "0005_import_undo_stamp"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Job",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=40, verbose_name="kind")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("state", models.CharField(choices=[("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=10, verbose_name="state")),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("done", models.PositiveIntegerField(default=0)),
                        ("message", models.CharField(blank=True, max_length=500)),
                        ("result", models.FileField(blank=True, storage=plenary.storage.private_storage, upload_to="jobs/%Y/%m/")),
                        ("result_name", models.CharField(blank=True, max_length=200)),
                        ("details", models.JSONField(blank=True, default=dict)),
                        ("conference", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="jobs", to="conference.conference")),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "background job",
                        "verbose_name_plural": "background jobs",
                        "db_table": "conference_job",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AuditLogEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(choices=[('status_change', 'Status changed'), ('registration_update', 'Registration edited'), ('registration_claim', 'Registration linked to its owner'), ('anonymise', 'Registration anonymised'), ('account_delete', 'Account deleted'), ('export', 'Registrations exported'), ('import', 'Spreadsheet imported'), ('import_undo', 'Import undone'), ('badge.reprint', 'Badge reissued'), ('purge', 'Personal data purged')], max_length=40, verbose_name='action')),
                        ("summary", models.CharField(max_length=500)),
                        ("details", models.JSONField(blank=True, default=dict)),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("conference", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="conference.conference")),
                    ],
                    options={
                        "verbose_name": "audit log entry",
                        "verbose_name_plural": "audit log",
                        "db_table": "registration_auditlogentry",
                        "ordering": ["-at", "-pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
