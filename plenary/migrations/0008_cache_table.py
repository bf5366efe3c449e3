"""The database cache's table (settings.CACHES: rate limits shared by every web process), made by migrate so that
no way of setting up a database (make run, make serve, a deployment, a benchmark) can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent: skips a table that exists; does nothing when the configured cache is not the database's.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("plenary", "0007_worker_heartbeat")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
