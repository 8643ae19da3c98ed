"""What every trigger-kept tally shares: installing its triggers, taking them away, counting
afresh, and putting back on SQLite the triggers a table rebuild dropped.

Each tally module (`tally`, `browse_tallies`, `source_tallies`) writes its own SQL and hands it
to a `TallyTriggers`; the module's `install`, `uninstall`, `recount` and `ensure_triggers` are
this object's methods.
"""

from django.db import connections


class TallyTriggers:
    """The triggers that keep the tables of one tally, for PostgreSQL and SQLite.

    `postgres` creates the functions and triggers in one script, `postgres_drop` removes them;
    `sqlite` gives each table's triggers by name, so that a rebuilt table gets back only what it
    lost; `recount` counts the tallies afresh from the record. `recount_first` counts before the
    triggers exist, for a tally whose triggers would otherwise count the recount again.
    """

    def __init__(
        self,
        *,
        tally_table: str,
        postgres: str,
        postgres_drop: str,
        sqlite: dict[str, dict[str, str]],
        recount: tuple[str, ...],
        recount_first: bool = False,
    ):
        self.tally_table = tally_table
        self.sqlite = sqlite
        self.recount_sql = recount
        sqlite_all = {name: sql for triggers in sqlite.values() for name, sql in triggers.items()}
        if recount_first:
            installing = {
                "postgresql": (*recount, postgres),
                "sqlite": (*recount, *sqlite_all.values()),
            }
        else:
            installing = {
                "postgresql": (postgres, *recount),
                "sqlite": (*sqlite_all.values(), *recount),
            }
        self.installing = installing
        self.uninstalling = {
            "postgresql": (postgres_drop,),
            "sqlite": tuple(f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_all),
        }

    def _run(self, using: str, steps: dict[str, tuple[str, ...]]) -> None:
        connection = connections[using]
        if connection.vendor not in steps:
            raise NotImplementedError(f"No tally triggers for {connection.vendor}.")
        with connection.cursor() as cursor:
            for sql in steps[connection.vendor]:
                cursor.execute(sql)

    def install(self, using: str = "default") -> None:
        """Creates the triggers and counts what is already there (a migration's forward step)."""
        self._run(using, self.installing)

    def uninstall(self, using: str = "default") -> None:
        self._run(using, self.uninstalling)

    def recount(self, using: str = "default") -> None:
        """Counts the tallies afresh (after a restore of some tables)."""
        with connections[using].cursor() as cursor:
            for sql in self.recount_sql:
                cursor.execute(sql)

    def ensure_triggers(self, using: str = "default", **kwargs) -> None:
        """On SQLite, puts back the triggers a table rebuild dropped, and recounts if it had to.
        Connected to `post_migrate`, whose arguments it takes and ignores."""
        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            if self.tally_table not in connection.introspection.table_names(cursor):
                return  # migrated backwards past the tally
            missing = []
            for table, triggers in self.sqlite.items():
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                present = {name for (name,) in cursor.fetchall()}
                missing += [sql for name, sql in triggers.items() if name not in present]
            for sql in missing:
                cursor.execute(sql)
            if missing:
                for sql in self.recount_sql:
                    cursor.execute(sql)
