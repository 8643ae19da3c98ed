"""Drop the trigram index on the statements' words.

Near-duplicate lookup finds its candidates through the full-text index instead
(quotes.search.fulltext.near_duplicates_postgres): measured on a million statements, a lookup through
the trigram index took seconds for prolific speakers and long texts, spent reading the posting
lists of common trigrams, and the index took a fifth of a large load's time to build.
"""

from django.db import migrations


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS statement_text_trgm", None)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS statement_text_trgm"
            " ON quotes_statement USING gin (text gin_trgm_ops)",
            None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0003_statement_search_vector"),
    ]

    operations = [migrations.RunPython(drop_index, create_index)]
