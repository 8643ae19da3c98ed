"""Each statement's publishers on the statement, kept by triggers (see quotes/record/statement_publishers.py),
and the admin's choice filters over statements of every status.

PostgreSQL only. Filling the column rewrites every statement once: two and a half to four and a half minutes
at a million statements; a `VACUUM` afterwards lets the table reuse the space of the old rows.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

from quotes.record import statement_publishers


def install(apps, schema_editor):
    statement_publishers.install(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    statement_publishers.uninstall(schema_editor.connection.alias)


# The admin's statement list filters drafts and submitted statements by kind, channel and
# verification too, which the published-only indexes of migration 0013 cannot serve: a GIN
# index (btree_gin) intersects the chosen values (`?kind=paraphrase&channel=other` counted
# in 250 ms by walking the date index, 22 ms this way).
CHOICES_OF_EVERY_STATUS = (
    "CREATE INDEX IF NOT EXISTS statement_choices_any_status ON quotes_statement"
    " USING gin (kind, channel, verification)"
)


def add_choices_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHOICES_OF_EVERY_STATUS)


def drop_choices_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS statement_choices_any_status")


class Migration(migrations.Migration):
    dependencies = [("quotes", "0015_cache_scopes")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(install, uninstall),
        migrations.RunPython(add_choices_index, drop_choices_index),
    ]
