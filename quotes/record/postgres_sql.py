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


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


class CarriedColumn:
    """A column PostgreSQL carries on `quotes_statement` (not a model field), kept by triggers:
    `install` adds it, fills it, then its triggers and index; `uninstall` takes them away.
    SQLite keeps the plain joins instead, so it carries nothing."""

    def __init__(self, *installing: str, uninstalling: str):
        self.installing = installing
        self.uninstalling = uninstalling

    def install(self, using: str = "default") -> None:
        on_postgres(using, *self.installing)

    def uninstall(self, using: str = "default") -> None:
        on_postgres(using, self.uninstalling)

    def is_kept(self, using: str = "default") -> bool:
        """Whether this database carries the column, and its index answers the filter."""
        return is_postgres(using)
