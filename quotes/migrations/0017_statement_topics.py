"""Each statement's topic ids on the statement, kept by triggers (see quotes/record/statement_topics.py),
in one GIN index with the publishers, the choice columns and the speaker, which replaces
migration 0016's index of the same columns less the topics.

PostgreSQL only. Filling the column rewrites every statement that has topics (three in four);
a `VACUUM` afterwards lets the table reuse the space of the old rows.
"""

from django.db import migrations

from quotes.record import statement_publishers

from quotes.record import statement_topics


def install(apps, schema_editor):
    statement_topics.install(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    statement_topics.uninstall(schema_editor.connection.alias)


def drop_publishers_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS statement_publishers_choices")


def restore_publishers_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(statement_publishers.INDEX)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0016_statement_publishers")]

    operations = [
        migrations.RunPython(install, uninstall),
        migrations.RunPython(drop_publishers_index, restore_publishers_index),
    ]
