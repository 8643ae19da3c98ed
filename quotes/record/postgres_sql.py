"""Running a module's own SQL (triggers, columns, indexes) on PostgreSQL, and nowhere else."""

from django.db import connections


def on_postgres(using: str, *statements: str) -> None:
    """Run `statements` in order on the `using` database if it is PostgreSQL; SQLite keeps the
    plain joins and needs none of them."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
