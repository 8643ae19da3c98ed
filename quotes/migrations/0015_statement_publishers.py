"""Each statement's publishers on the statement, kept by triggers (see quotes/statement_publishers.py).

PostgreSQL only. Filling the column rewrites every statement once: about two and a half minutes
at a million statements; a `VACUUM` afterwards lets the table reuse the space of the old rows.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

from quotes import statement_publishers


def install(apps, schema_editor):
    statement_publishers.install(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    statement_publishers.uninstall(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0014_source_search_trigrams")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(install, uninstall),
    ]
