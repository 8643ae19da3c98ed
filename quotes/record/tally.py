"""The triggers that keep `PublishedTally`, each leader's count of published statements.

The statements table is the truth; the tally follows it inside the same transaction, so no
reader sees one without the other. On PostgreSQL inserts and deletes are counted once per SQL
statement from its transition table (a bulk load of 10,000 rows makes one grouped upsert, not
10,000), and updates once per row, only when the status or the speaker changes. SQLite has
row triggers only.

On SQLite, Django alters a table by building a new one and dropping the old, which drops its
triggers; `ensure_triggers()` runs after every migrate and puts back (and recounts) what such
a rebuild took away.
"""

from quotes.record.tally_triggers import TallyTriggers

PUBLISHED = "published"  # Statement.Status.PUBLISHED, as stored

POSTGRES_TRIGGERS = f"""
CREATE FUNCTION verbatim_tally_add_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO quotes_publishedtally AS tally (leader_id, statements)
            SELECT speaker_id, count(*) FROM new_rows WHERE status = '{PUBLISHED}'
            GROUP BY speaker_id ORDER BY speaker_id
        ON CONFLICT (leader_id) DO UPDATE SET statements = tally.statements + EXCLUDED.statements;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_tally_remove_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE quotes_publishedtally AS tally SET statements = tally.statements - removed.n
        FROM (SELECT speaker_id, count(*) AS n FROM old_rows WHERE status = '{PUBLISHED}'
              GROUP BY speaker_id) AS removed
        WHERE tally.leader_id = removed.speaker_id;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_tally_move_row() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF OLD.status = '{PUBLISHED}' THEN
            UPDATE quotes_publishedtally SET statements = statements - 1
            WHERE leader_id = OLD.speaker_id;
        END IF;
        IF NEW.status = '{PUBLISHED}' THEN
            INSERT INTO quotes_publishedtally AS tally (leader_id, statements)
            VALUES (NEW.speaker_id, 1)
            ON CONFLICT (leader_id) DO UPDATE SET statements = tally.statements + 1;
        END IF;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER verbatim_tally_inserted AFTER INSERT ON quotes_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_tally_add_rows();

CREATE TRIGGER verbatim_tally_deleted AFTER DELETE ON quotes_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_tally_remove_rows();

CREATE TRIGGER verbatim_tally_updated AFTER UPDATE OF status, speaker_id ON quotes_statement
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id)
    EXECUTE FUNCTION verbatim_tally_move_row();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS verbatim_tally_updated ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_tally_deleted ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_tally_inserted ON quotes_statement;
DROP FUNCTION IF EXISTS verbatim_tally_move_row();
DROP FUNCTION IF EXISTS verbatim_tally_remove_rows();
DROP FUNCTION IF EXISTS verbatim_tally_add_rows();
"""

SQLITE_TRIGGERS = {
    "verbatim_tally_inserted": f"""
        CREATE TRIGGER verbatim_tally_inserted AFTER INSERT ON quotes_statement
        WHEN NEW.status = '{PUBLISHED}'
        BEGIN
            INSERT INTO quotes_publishedtally (leader_id, statements) VALUES (NEW.speaker_id, 1)
            ON CONFLICT (leader_id) DO UPDATE SET statements = statements + 1;
        END""",
    "verbatim_tally_deleted": f"""
        CREATE TRIGGER verbatim_tally_deleted AFTER DELETE ON quotes_statement
        WHEN OLD.status = '{PUBLISHED}'
        BEGIN
            UPDATE quotes_publishedtally SET statements = statements - 1
            WHERE leader_id = OLD.speaker_id;
        END""",
    "verbatim_tally_updated": f"""
        CREATE TRIGGER verbatim_tally_updated AFTER UPDATE OF status, speaker_id ON quotes_statement
        WHEN OLD.status IS NOT NEW.status OR OLD.speaker_id IS NOT NEW.speaker_id
        BEGIN
            UPDATE quotes_publishedtally SET statements = statements - 1
            WHERE OLD.status = '{PUBLISHED}' AND leader_id = OLD.speaker_id;
            INSERT INTO quotes_publishedtally (leader_id, statements)
            SELECT NEW.speaker_id, 1 WHERE NEW.status = '{PUBLISHED}'
            ON CONFLICT (leader_id) DO UPDATE SET statements = statements + 1;
        END""",
}

RECOUNT = (
    "DELETE FROM quotes_publishedtally",
    "INSERT INTO quotes_publishedtally (leader_id, statements)"
    f" SELECT speaker_id, count(*) FROM quotes_statement WHERE status = '{PUBLISHED}'"
    " GROUP BY speaker_id",
)


TRIGGERS = TallyTriggers(
    tally_table="quotes_publishedtally",
    postgres=POSTGRES_TRIGGERS,
    postgres_drop=POSTGRES_DROP,
    sqlite={"quotes_statement": SQLITE_TRIGGERS},
    recount=RECOUNT,
)
install, uninstall = TRIGGERS.install, TRIGGERS.uninstall
recount, ensure_triggers = TRIGGERS.recount, TRIGGERS.ensure_triggers
