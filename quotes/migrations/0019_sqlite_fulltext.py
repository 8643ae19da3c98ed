"""Full-text search on SQLite: an FTS5 index of the statements kept by triggers (see
quotes/search/sqlite_fts.py). Nothing on PostgreSQL, which has its own (0003)."""

from django.db import migrations

from quotes.search import sqlite_fts


def install_index(apps, schema_editor):
    sqlite_fts.install(schema_editor.connection.alias)


def remove_index(apps, schema_editor):
    sqlite_fts.uninstall(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("quotes", "0018_statement_publishers_lock_first"),
    ]

    operations = [
        migrations.RunPython(install_index, remove_index),
    ]
