# A job's last sign of life, so that a job whose worker died is noticed (plenary.jobs.services).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plenary", "0002_alter_auditlogentry_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
    ]
