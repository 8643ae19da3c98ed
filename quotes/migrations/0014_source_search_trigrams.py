"""Trigram indexes for the admin's search of sources (and of citations by their source).

The admin searches with `icontains`, which PostgreSQL runs as `UPPER(column::text) LIKE
UPPER('%term%')`: without an index, a scan of every source (1.2 s at half a million). A GIN
trigram index on that very expression answers it from the index. PostgreSQL only (pg_trgm,
already used for the leaders' names); SQLite scans its few sources.
"""

from django.db import migrations

COLUMNS = ("title", "url", "publisher")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS source_{column}_trgm ON quotes_source "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS source_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("quotes", "0013_published_choice_indexes")]

    operations = [migrations.RunPython(create, drop)]
