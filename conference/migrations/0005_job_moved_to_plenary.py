# Job now lives in the plenary app (same table): remove it from this app's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("conference", "0004_job"), ("plenary", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Job")], database_operations=[])
    ]
