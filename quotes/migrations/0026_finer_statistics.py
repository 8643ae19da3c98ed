"""Finer planner statistics on the columns whose rare values the list's worst plans misjudged
(PostgreSQL only; SQLite has no such setting).

With the default 100 samples per column a rare word was expected to match 2,517 statements
(1,080 did) and a year 6,232 (1,197 did): the planner then ANDed them with a frequent topic's
or channel's 180,000 GIN entries rather than reading the few rows and checking the rest
(docs/PERFORMANCE.md, "Plans for the rarest combinations"). ANALYZE takes about 10 s at a
million statements.
"""

from django.db import migrations

from quotes.record.postgres_sql import on_postgres

COLUMNS = ("date_said", "search_vector", "topic_ids", "publishers")
FINER = 1000  # ANALYZE reads 300 rows per unit: 300,000 here, 30,000 by default (100)


def _set_statistics(target: int) -> str:
    columns = ", ".join(f"ALTER COLUMN {column} SET STATISTICS {target}" for column in COLUMNS)
    return f"ALTER TABLE quotes_statement {columns}"


def finer(apps, schema_editor):
    on_postgres(schema_editor.connection.alias, _set_statistics(FINER), "ANALYZE quotes_statement")


def default(apps, schema_editor):
    on_postgres(schema_editor.connection.alias, _set_statistics(-1))


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0025_monthly_tallies"),
    ]

    operations = [migrations.RunPython(finer, default, elidable=False)]
