"""The triggers that keep each leader's and each topic's published statements by month and kind
(`LeaderMonthlyTally`, `TopicMonthlyTally`), for the timelines of their pages.

Grouping the most quoted leader's 146,097 statements by month took 600 ms at a million
statements, and the largest topic has 197,590: too slow for the first reader after each
publication. The statements table is the truth; the tallies follow it inside the same
transaction, whatever wrote it (a model's save(), `QuerySet.update()`, a bulk load, raw SQL).
Each trigger fires once per SQL statement and reads its transition tables: it takes away what
the old rows counted and adds what the new rows count, grouped, so a change that moves nothing
(an edit of the words, or of a draft) writes nothing, and a bulk load of 10,000 rows makes one
grouped upsert. A statement's topics are its `topic_ids` (quotes/record/statement_topics.py),
which the links' triggers rewrite with an UPDATE that these triggers then follow.

A count that goes down only ever updates an existing row, never inserts one: deleting a topic
deletes its tallies before its links, and a row inserted then would outlive the topic.

PostgreSQL only: SQLite counts the statements when asked, which its small records answer at
once (`quotes.public.timelines`).
"""

from quotes.record.postgres_sql import on_postgres

PUBLISHED = "published"  # Statement.Status.PUBLISHED, as stored
YEAR = "year"  # Statement.DatePrecision.YEAR

# Each tally: its table, its subject column, and what the subject is in a statement row `s`
# (with the FROM clause that gives it).
TALLIES = {
    "leader": ("quotes_leadermonthlytally", "leader_id", "{rows} AS s", "s.speaker_id"),
    "topic": (
        "quotes_topicmonthlytally",
        "topic_id",
        "{rows} AS s CROSS JOIN LATERAL unnest(s.topic_ids) AS topic(id)",
        "topic.id",
    ),
}


def _counted(tally: str, rows: str, sign: int) -> str:
    """What the published rows of `rows` count, per subject, month, kind and year_only."""
    _table, _column, source, subject = TALLIES[tally]
    return f"""
        SELECT {subject} AS subject, date_trunc('month', s.date_said)::date AS month, s.kind,
               s.date_precision = '{YEAR}' AS year_only, {sign} * count(*) AS n
        FROM {source.format(rows=rows)}
        WHERE s.status = '{PUBLISHED}'
        GROUP BY 1, 2, 3, 4"""


def _apply(tally: str, old_rows: str | None, new_rows: str | None) -> str:
    """Adds what `new_rows` count and takes away what `old_rows` counted, in one net change per
    row of the tally, each row locked in key order."""
    table, column, _source, _subject = TALLIES[tally]
    parts = []
    if old_rows:
        parts.append(_counted(tally, old_rows, -1))
    if new_rows:
        parts.append(_counted(tally, new_rows, 1))
    change = f"""
        SELECT subject, month, kind, year_only, sum(n) AS n
        FROM ({" UNION ALL ".join(parts)}) AS counted
        GROUP BY 1, 2, 3, 4"""
    add = f"""
        INSERT INTO {table} AS tally ({column}, month, kind, year_only, statements)
            SELECT subject, month, kind, year_only, n FROM ({change}) AS change
            WHERE n > 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT ({column}, month, kind, year_only)
            DO UPDATE SET statements = tally.statements + EXCLUDED.statements;"""
    take_away = f"""
        UPDATE {table} AS tally SET statements = tally.statements + change.n
        FROM ({change}) AS change
        WHERE change.n < 0 AND tally.{column} = change.subject AND tally.month = change.month
          AND tally.kind = change.kind AND tally.year_only = change.year_only;"""
    # The rows a change takes from, locked first and in key order: two transactions each moving
    # a statement from one month to the other's would otherwise lock the two rows crosswise.
    lock = f"""
        PERFORM 1 FROM {table} AS tally
        WHERE ({column}, month, kind, year_only) IN (
            SELECT subject, month, kind, year_only FROM ({change}) AS change WHERE n < 0)
        ORDER BY {column}, month, kind, year_only
        FOR NO KEY UPDATE;"""
    if not old_rows:
        return add
    if not new_rows:
        return lock + take_away
    return lock + add + take_away


def _function(name: str, old_rows: str | None, new_rows: str | None) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        {_apply("leader", old_rows, new_rows)}
        {_apply("topic", old_rows, new_rows)}
        RETURN NULL;
    END
    $$;
"""


TRIGGERS = f"""
{_function("verbatim_months_added", None, "new_rows")}
{_function("verbatim_months_removed", "old_rows", None)}
{_function("verbatim_months_changed", "old_rows", "new_rows")}

CREATE TRIGGER verbatim_months_added AFTER INSERT ON quotes_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_months_added();
CREATE TRIGGER verbatim_months_removed AFTER DELETE ON quotes_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_months_removed();
CREATE TRIGGER verbatim_months_changed AFTER UPDATE ON quotes_statement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_months_changed();
"""

RECOUNT = f"""
DELETE FROM quotes_leadermonthlytally;
DELETE FROM quotes_topicmonthlytally;
{_apply("leader", None, "quotes_statement")}
{_apply("topic", None, "quotes_statement")}
"""

DROP = """
DROP TRIGGER IF EXISTS verbatim_months_changed ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_months_removed ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_months_added ON quotes_statement;
DROP FUNCTION IF EXISTS verbatim_months_changed();
DROP FUNCTION IF EXISTS verbatim_months_removed();
DROP FUNCTION IF EXISTS verbatim_months_added();
"""


def install(using: str = "default") -> None:
    """Creates the triggers and counts what is already there (the migration's forward step)."""
    on_postgres(using, TRIGGERS, RECOUNT)


def uninstall(using: str = "default") -> None:
    on_postgres(using, DROP)


def recount(using: str = "default") -> None:
    """Counts every month afresh (after a restore of some tables)."""
    on_postgres(using, RECOUNT)
