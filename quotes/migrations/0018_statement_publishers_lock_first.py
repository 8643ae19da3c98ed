"""The publishers' trigger functions lock the statements, and the sources of new citations,
before they read them (see quotes/record/statement_publishers.py): two transactions citing one statement
at once each rewrote the column from what it saw, and the second lost the first's publisher; a
citation added while its source was renamed kept the old name.

PostgreSQL only. Replaces four functions; no row is rewritten.
"""

from django.db import migrations

from quotes.record import statement_publishers


def lock_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(statement_publishers.LOCK_FIRST)


def read_without_locks(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(statement_publishers.READ_WITHOUT_LOCKS)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0017_statement_topics")]

    operations = [migrations.RunPython(lock_first, read_without_locks)]
