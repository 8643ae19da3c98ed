"""The triggers that keep `SourceTally` (each source's citations of published statements) and
`OutletTally` (each outlet's sources with such a citation), for the sources' index.

They follow `quotes.record.browse_tallies`: the citations and the statements are the truth,
the tallies follow them inside the same transaction. A citation counts while its statement is
published: citing or unciting a published statement, or moving a citation to another source or
statement, moves its sources' counts; publishing or withdrawing a statement moves the counts
of the sources it cites. Deleting a statement deletes its citations too, in either order:
citations first (the ORM), counted by the citations' trigger; the statement first (raw SQL,
the citations' foreign key being deferred), counted by the statement's trigger, after which
the citations' trigger no longer finds a published statement to take away.

An outlet's count follows its sources' tallies: a source is counted in when its tally leaves
0 and out when it comes back to 0, and moved when its publisher is renamed. On PostgreSQL
inserts and deletes of citations and statements are counted once per SQL statement from
their transition tables, as are the changes of the sources' tallies; SQLite has row triggers
only, and loses a table's triggers when Django rebuilds it: `ensure_triggers()` runs after
every migrate and puts back (and recounts) what such a rebuild took away.
"""

from quotes.record.tally_triggers import TallyTriggers

PUBLISHED = "published"  # Statement.Status.PUBLISHED, as stored
SOURCES = "quotes_sourcetally"
OUTLETS = "quotes_outlettally"
CITATIONS = "quotes_citation"

POSTGRES_TRIGGERS = f"""
CREATE FUNCTION verbatim_source_tally_cited() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {SOURCES} AS tally (source_id, citations)
            SELECT citation.source_id, count(*) FROM new_rows AS citation
            JOIN quotes_statement AS statement ON statement.id = citation.statement_id
            WHERE statement.status = '{PUBLISHED}'
            GROUP BY citation.source_id ORDER BY citation.source_id
        ON CONFLICT (source_id) DO UPDATE SET citations = tally.citations + EXCLUDED.citations;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_source_tally_uncited() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {SOURCES} AS tally SET citations = tally.citations - removed.n
        FROM (SELECT citation.source_id, count(*) AS n FROM old_rows AS citation
              JOIN quotes_statement AS statement ON statement.id = citation.statement_id
              WHERE statement.status = '{PUBLISHED}' GROUP BY citation.source_id) AS removed
        WHERE tally.source_id = removed.source_id;
        RETURN NULL;
    END
    $$;

-- Row by row, and only when a citation moves: most updates of a citation edit its locator.
CREATE FUNCTION verbatim_source_tally_recited() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {SOURCES} SET citations = citations - 1
        WHERE source_id = OLD.source_id AND EXISTS (
            SELECT 1 FROM quotes_statement WHERE id = OLD.statement_id AND status = '{PUBLISHED}'
        );
        INSERT INTO {SOURCES} AS tally (source_id, citations)
            SELECT NEW.source_id, 1 FROM quotes_statement
            WHERE id = NEW.statement_id AND status = '{PUBLISHED}'
        ON CONFLICT (source_id) DO UPDATE SET citations = tally.citations + 1;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_source_tally_statements_added() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {SOURCES} AS tally (source_id, citations)
            SELECT citation.source_id, count(*) FROM new_rows
            JOIN {CITATIONS} AS citation ON citation.statement_id = new_rows.id
            WHERE new_rows.status = '{PUBLISHED}'
            GROUP BY citation.source_id ORDER BY citation.source_id
        ON CONFLICT (source_id) DO UPDATE SET citations = tally.citations + EXCLUDED.citations;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_source_tally_statements_removed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {SOURCES} AS tally SET citations = tally.citations - removed.n
        FROM (SELECT citation.source_id, count(*) AS n FROM old_rows
              JOIN {CITATIONS} AS citation ON citation.statement_id = old_rows.id
              WHERE old_rows.status = '{PUBLISHED}' GROUP BY citation.source_id) AS removed
        WHERE tally.source_id = removed.source_id;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_source_tally_statement_moved() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF OLD.status = '{PUBLISHED}' THEN
            UPDATE {SOURCES} SET citations = citations - 1
            WHERE source_id IN (SELECT source_id FROM {CITATIONS} WHERE statement_id = OLD.id);
        ELSE
            INSERT INTO {SOURCES} AS tally (source_id, citations)
                SELECT source_id, 1 FROM {CITATIONS} WHERE statement_id = NEW.id
                ORDER BY source_id
            ON CONFLICT (source_id) DO UPDATE SET citations = tally.citations + 1;
        END IF;
        RETURN NULL;
    END
    $$;

-- The outlets follow the sources' tallies: +1 when a source's tally leaves 0, -1 when it
-- comes back to 0.
CREATE FUNCTION verbatim_outlet_tally_sources_counted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {OUTLETS} AS tally (publisher, sources)
            SELECT source.publisher, sum(change.step) FROM (
                SELECT new_rows.source_id,
                       (new_rows.citations > 0)::int - (coalesce(old_rows.citations, 0) > 0)::int
                       AS step
                FROM new_rows LEFT JOIN old_rows ON old_rows.source_id = new_rows.source_id
            ) AS change
            JOIN quotes_source AS source ON source.id = change.source_id
            WHERE change.step <> 0
            GROUP BY source.publisher ORDER BY source.publisher
        ON CONFLICT (publisher) DO UPDATE SET sources = tally.sources + EXCLUDED.sources;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_outlet_tally_sources_new() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {OUTLETS} AS tally (publisher, sources)
            SELECT source.publisher, count(*) FROM new_rows
            JOIN quotes_source AS source ON source.id = new_rows.source_id
            WHERE new_rows.citations > 0
            GROUP BY source.publisher ORDER BY source.publisher
        ON CONFLICT (publisher) DO UPDATE SET sources = tally.sources + EXCLUDED.sources;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_outlet_tally_sources_gone() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {OUTLETS} AS tally SET sources = tally.sources - removed.n
        FROM (SELECT source.publisher, count(*) AS n FROM old_rows
              JOIN quotes_source AS source ON source.id = old_rows.source_id
              WHERE old_rows.citations > 0 GROUP BY source.publisher) AS removed
        WHERE tally.publisher = removed.publisher;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_outlet_tally_renamed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM {SOURCES} WHERE source_id = NEW.id AND citations > 0) THEN
            UPDATE {OUTLETS} SET sources = sources - 1 WHERE publisher = OLD.publisher;
            INSERT INTO {OUTLETS} AS tally (publisher, sources) VALUES (NEW.publisher, 1)
            ON CONFLICT (publisher) DO UPDATE SET sources = tally.sources + 1;
        END IF;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER verbatim_source_tally_cited AFTER INSERT ON {CITATIONS}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_source_tally_cited();
CREATE TRIGGER verbatim_source_tally_uncited AFTER DELETE ON {CITATIONS}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_source_tally_uncited();
CREATE TRIGGER verbatim_source_tally_recited
    AFTER UPDATE OF source_id, statement_id ON {CITATIONS}
    FOR EACH ROW
    WHEN (OLD.source_id IS DISTINCT FROM NEW.source_id
          OR OLD.statement_id IS DISTINCT FROM NEW.statement_id)
    EXECUTE FUNCTION verbatim_source_tally_recited();

CREATE TRIGGER verbatim_source_tally_statements_added AFTER INSERT ON quotes_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_source_tally_statements_added();
CREATE TRIGGER verbatim_source_tally_statements_removed AFTER DELETE ON quotes_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_source_tally_statements_removed();
CREATE TRIGGER verbatim_source_tally_statement_moved AFTER UPDATE OF status ON quotes_statement
    FOR EACH ROW
    WHEN ((OLD.status = '{PUBLISHED}') IS DISTINCT FROM (NEW.status = '{PUBLISHED}'))
    EXECUTE FUNCTION verbatim_source_tally_statement_moved();

CREATE TRIGGER verbatim_outlet_tally_sources_new AFTER INSERT ON {SOURCES}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_outlet_tally_sources_new();
CREATE TRIGGER verbatim_outlet_tally_sources_counted AFTER UPDATE ON {SOURCES}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_outlet_tally_sources_counted();
CREATE TRIGGER verbatim_outlet_tally_sources_gone AFTER DELETE ON {SOURCES}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_outlet_tally_sources_gone();
CREATE TRIGGER verbatim_outlet_tally_renamed AFTER UPDATE OF publisher ON quotes_source
    FOR EACH ROW WHEN (OLD.publisher IS DISTINCT FROM NEW.publisher)
    EXECUTE FUNCTION verbatim_outlet_tally_renamed();
"""

_POSTGRES_NAMES = [
    ("verbatim_outlet_tally_renamed", "quotes_source"),
    ("verbatim_outlet_tally_sources_gone", SOURCES),
    ("verbatim_outlet_tally_sources_counted", SOURCES),
    ("verbatim_outlet_tally_sources_new", SOURCES),
    ("verbatim_source_tally_statement_moved", "quotes_statement"),
    ("verbatim_source_tally_statements_removed", "quotes_statement"),
    ("verbatim_source_tally_statements_added", "quotes_statement"),
    ("verbatim_source_tally_recited", CITATIONS),
    ("verbatim_source_tally_uncited", CITATIONS),
    ("verbatim_source_tally_cited", CITATIONS),
]
POSTGRES_DROP = "\n".join(
    [f"DROP TRIGGER IF EXISTS {name} ON {table};" for name, table in _POSTGRES_NAMES]
    + [f"DROP FUNCTION IF EXISTS {name}();" for name, _ in _POSTGRES_NAMES]
)

_IS_PUBLISHED = (
    "EXISTS (SELECT 1 FROM quotes_statement WHERE id = {row}.statement_id AND status = '{p}')"
)
_CITE = f"""
    INSERT INTO {SOURCES} (source_id, citations) SELECT NEW.source_id, 1
    WHERE {_IS_PUBLISHED.format(row="NEW", p=PUBLISHED)}
    ON CONFLICT (source_id) DO UPDATE SET citations = citations + 1;"""
_UNCITE = f"""
    UPDATE {SOURCES} SET citations = citations - 1
    WHERE source_id = OLD.source_id AND {_IS_PUBLISHED.format(row="OLD", p=PUBLISHED)};"""
_PUBLISHER_OF = "(SELECT publisher FROM quotes_source WHERE id = {row}.source_id)"
_COUNT_IN = f"""
    INSERT INTO {OUTLETS} (publisher, sources) SELECT {_PUBLISHER_OF.format(row="NEW")}, 1
    WHERE true ON CONFLICT (publisher) DO UPDATE SET sources = sources + 1;"""
_COUNT_OUT = f"""
    UPDATE {OUTLETS} SET sources = sources - 1
    WHERE publisher = {_PUBLISHER_OF.format(row="OLD")};"""

# Each table's triggers by name; `ensure_triggers` puts back those a rebuild of the table took.
SQLITE_TRIGGERS = {
    CITATIONS: {
        "verbatim_source_tally_cited": f"""
            CREATE TRIGGER verbatim_source_tally_cited AFTER INSERT ON {CITATIONS}
            BEGIN {_CITE}
            END""",
        "verbatim_source_tally_uncited": f"""
            CREATE TRIGGER verbatim_source_tally_uncited AFTER DELETE ON {CITATIONS}
            BEGIN {_UNCITE}
            END""",
        "verbatim_source_tally_recited": f"""
            CREATE TRIGGER verbatim_source_tally_recited
            AFTER UPDATE OF source_id, statement_id ON {CITATIONS}
            WHEN OLD.source_id IS NOT NEW.source_id OR OLD.statement_id IS NOT NEW.statement_id
            BEGIN {_UNCITE} {_CITE}
            END""",
    },
    "quotes_statement": {
        "verbatim_source_tally_statement_added": f"""
            CREATE TRIGGER verbatim_source_tally_statement_added AFTER INSERT ON quotes_statement
            WHEN NEW.status = '{PUBLISHED}'
            BEGIN
                INSERT INTO {SOURCES} (source_id, citations)
                SELECT source_id, 1 FROM {CITATIONS} WHERE statement_id = NEW.id
                ON CONFLICT (source_id) DO UPDATE SET citations = citations + 1;
            END""",
        "verbatim_source_tally_statement_removed": f"""
            CREATE TRIGGER verbatim_source_tally_statement_removed AFTER DELETE ON quotes_statement
            WHEN OLD.status = '{PUBLISHED}'
            BEGIN
                UPDATE {SOURCES} SET citations = citations - 1
                WHERE source_id IN (SELECT source_id FROM {CITATIONS} WHERE statement_id = OLD.id);
            END""",
        "verbatim_source_tally_statement_moved": f"""
            CREATE TRIGGER verbatim_source_tally_statement_moved
            AFTER UPDATE OF status ON quotes_statement
            WHEN (OLD.status = '{PUBLISHED}') <> (NEW.status = '{PUBLISHED}')
            BEGIN
                UPDATE {SOURCES} SET citations = citations - 1
                WHERE OLD.status = '{PUBLISHED}'
                  AND source_id IN (SELECT source_id FROM {CITATIONS} WHERE statement_id = OLD.id);
                INSERT INTO {SOURCES} (source_id, citations)
                SELECT source_id, 1 FROM {CITATIONS}
                WHERE statement_id = NEW.id AND NEW.status = '{PUBLISHED}'
                ON CONFLICT (source_id) DO UPDATE SET citations = citations + 1;
            END""",
    },
    SOURCES: {
        "verbatim_outlet_tally_source_new": f"""
            CREATE TRIGGER verbatim_outlet_tally_source_new AFTER INSERT ON {SOURCES}
            WHEN NEW.citations > 0
            BEGIN {_COUNT_IN}
            END""",
        "verbatim_outlet_tally_source_counted": f"""
            CREATE TRIGGER verbatim_outlet_tally_source_counted
            AFTER UPDATE OF citations ON {SOURCES}
            WHEN (OLD.citations > 0) <> (NEW.citations > 0)
            BEGIN
                UPDATE {OUTLETS} SET sources = sources - 1
                WHERE OLD.citations > 0 AND publisher = {_PUBLISHER_OF.format(row="OLD")};
                INSERT INTO {OUTLETS} (publisher, sources)
                SELECT {_PUBLISHER_OF.format(row="NEW")}, 1 WHERE NEW.citations > 0
                ON CONFLICT (publisher) DO UPDATE SET sources = sources + 1;
            END""",
        "verbatim_outlet_tally_source_gone": f"""
            CREATE TRIGGER verbatim_outlet_tally_source_gone AFTER DELETE ON {SOURCES}
            WHEN OLD.citations > 0
            BEGIN {_COUNT_OUT}
            END""",
    },
    "quotes_source": {
        "verbatim_outlet_tally_renamed": f"""
            CREATE TRIGGER verbatim_outlet_tally_renamed AFTER UPDATE OF publisher ON quotes_source
            WHEN OLD.publisher IS NOT NEW.publisher
              AND EXISTS (SELECT 1 FROM {SOURCES} WHERE source_id = NEW.id AND citations > 0)
            BEGIN
                UPDATE {OUTLETS} SET sources = sources - 1 WHERE publisher = OLD.publisher;
                INSERT INTO {OUTLETS} (publisher, sources) VALUES (NEW.publisher, 1)
                ON CONFLICT (publisher) DO UPDATE SET sources = sources + 1;
            END""",
    },
}

# The sources first, then the outlets from them: whatever the sources' triggers did to the
# outlets on the way is replaced.
RECOUNT = (
    f"DELETE FROM {SOURCES}",
    f"INSERT INTO {SOURCES} (source_id, citations)"
    f" SELECT citation.source_id, count(*) FROM {CITATIONS} AS citation"
    " JOIN quotes_statement AS statement ON statement.id = citation.statement_id"
    f" WHERE statement.status = '{PUBLISHED}' GROUP BY citation.source_id",
    f"DELETE FROM {OUTLETS}",
    f"INSERT INTO {OUTLETS} (publisher, sources)"
    f" SELECT source.publisher, count(*) FROM {SOURCES} AS tally"
    " JOIN quotes_source AS source ON source.id = tally.source_id"
    " WHERE tally.citations > 0 GROUP BY source.publisher",
)

TRIGGERS = TallyTriggers(
    tally_table=SOURCES,
    postgres=POSTGRES_TRIGGERS,
    postgres_drop=POSTGRES_DROP,
    sqlite=SQLITE_TRIGGERS,
    recount=RECOUNT,
    recount_first=True,  # a million citations counted once, not again by the outlets
)
install, uninstall = TRIGGERS.install, TRIGGERS.uninstall
recount, ensure_triggers = TRIGGERS.recount, TRIGGERS.ensure_triggers
