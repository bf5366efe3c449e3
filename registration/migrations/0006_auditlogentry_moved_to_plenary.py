# AuditLogEntry now lives in the plenary app (same table): remove it from this app's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registration", "0005_import_undo_stamp"), ("plenary", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditLogEntry")], database_operations=[]
        )
    ]
