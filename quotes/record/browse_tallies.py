"""The triggers that keep `DateTally` and `TopicTally`: published statements counted by date
(at each precision) and by topic, for the pages that browse the record by date and by topic.

They follow `quotes.record.tally` (each leader's count): the statements table and its topic
links are the truth, the tallies follow them inside the same transaction. On PostgreSQL inserts
and deletes are counted once per SQL statement from its transition table (a bulk load makes one
grouped upsert), updates once per row and only when what is counted changes. SQLite has row
triggers only, and loses a table's triggers when Django rebuilds the table; `ensure_triggers()`
runs after every migrate and puts back (and recounts) what such a rebuild took away.

A statement's topics are counted while the statement is published and linked to them: linking
or unlinking a published statement moves its topics' counts, publishing or withdrawing one
moves the counts of the topics it is linked to. Deleting a statement deletes its links too, in
either order: links first (the ORM), counted by the links' trigger; the statement first (raw
SQL, the links' foreign key being deferred), counted by the statement's trigger, after which
the links' trigger no longer finds a published statement to take away.
"""

from quotes.record.tally_triggers import TallyTriggers

PUBLISHED = "published"  # Statement.Status.PUBLISHED, as stored
DATES = "quotes_datetally"
TOPICS = "quotes_topictally"
LINKS = "quotes_statement_topics"

POSTGRES_TRIGGERS = f"""
CREATE FUNCTION verbatim_dates_add_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {DATES} AS tally (date_said, date_precision, statements)
            SELECT date_said, date_precision, count(*) FROM new_rows
            WHERE status = '{PUBLISHED}'
            GROUP BY date_said, date_precision ORDER BY date_said, date_precision
        ON CONFLICT (date_said, date_precision)
        DO UPDATE SET statements = tally.statements + EXCLUDED.statements;
        INSERT INTO {TOPICS} AS tally (topic_id, statements)
            SELECT link.topic_id, count(*) FROM new_rows
            JOIN {LINKS} AS link ON link.statement_id = new_rows.id
            WHERE new_rows.status = '{PUBLISHED}'
            GROUP BY link.topic_id ORDER BY link.topic_id
        ON CONFLICT (topic_id) DO UPDATE SET statements = tally.statements + EXCLUDED.statements;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_dates_remove_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {DATES} AS tally SET statements = tally.statements - removed.n
        FROM (SELECT date_said, date_precision, count(*) AS n FROM old_rows
              WHERE status = '{PUBLISHED}' GROUP BY date_said, date_precision) AS removed
        WHERE tally.date_said = removed.date_said
          AND tally.date_precision = removed.date_precision;
        UPDATE {TOPICS} AS tally SET statements = tally.statements - removed.n
        FROM (SELECT link.topic_id, count(*) AS n FROM old_rows
              JOIN {LINKS} AS link ON link.statement_id = old_rows.id
              WHERE old_rows.status = '{PUBLISHED}' GROUP BY link.topic_id) AS removed
        WHERE tally.topic_id = removed.topic_id;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_dates_move_row() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF OLD.status = '{PUBLISHED}' THEN
            UPDATE {DATES} SET statements = statements - 1
            WHERE date_said = OLD.date_said AND date_precision = OLD.date_precision;
        END IF;
        IF NEW.status = '{PUBLISHED}' THEN
            INSERT INTO {DATES} AS tally (date_said, date_precision, statements)
            VALUES (NEW.date_said, NEW.date_precision, 1)
            ON CONFLICT (date_said, date_precision)
            DO UPDATE SET statements = tally.statements + 1;
        END IF;
        IF OLD.status = '{PUBLISHED}' AND NEW.status <> '{PUBLISHED}' THEN
            UPDATE {TOPICS} SET statements = statements - 1
            WHERE topic_id IN (SELECT topic_id FROM {LINKS} WHERE statement_id = OLD.id);
        ELSIF NEW.status = '{PUBLISHED}' AND OLD.status <> '{PUBLISHED}' THEN
            INSERT INTO {TOPICS} AS tally (topic_id, statements)
                SELECT topic_id, 1 FROM {LINKS} WHERE statement_id = NEW.id ORDER BY topic_id
            ON CONFLICT (topic_id) DO UPDATE SET statements = tally.statements + 1;
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_topic_tally_linked() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO {TOPICS} AS tally (topic_id, statements)
            SELECT link.topic_id, count(*) FROM new_rows AS link
            JOIN quotes_statement AS statement ON statement.id = link.statement_id
            WHERE statement.status = '{PUBLISHED}'
            GROUP BY link.topic_id ORDER BY link.topic_id
        ON CONFLICT (topic_id) DO UPDATE SET statements = tally.statements + EXCLUDED.statements;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_topic_tally_unlinked() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {TOPICS} AS tally SET statements = tally.statements - removed.n
        FROM (SELECT link.topic_id, count(*) AS n FROM old_rows AS link
              JOIN quotes_statement AS statement ON statement.id = link.statement_id
              WHERE statement.status = '{PUBLISHED}' GROUP BY link.topic_id) AS removed
        WHERE tally.topic_id = removed.topic_id;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION verbatim_topic_tally_relinked() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE {TOPICS} AS tally SET statements = tally.statements - removed.n
        FROM (SELECT link.topic_id, count(*) AS n FROM old_rows AS link
              JOIN quotes_statement AS statement ON statement.id = link.statement_id
              WHERE statement.status = '{PUBLISHED}' GROUP BY link.topic_id) AS removed
        WHERE tally.topic_id = removed.topic_id;
        INSERT INTO {TOPICS} AS tally (topic_id, statements)
            SELECT link.topic_id, count(*) FROM new_rows AS link
            JOIN quotes_statement AS statement ON statement.id = link.statement_id
            WHERE statement.status = '{PUBLISHED}'
            GROUP BY link.topic_id ORDER BY link.topic_id
        ON CONFLICT (topic_id) DO UPDATE SET statements = tally.statements + EXCLUDED.statements;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER verbatim_dates_inserted AFTER INSERT ON quotes_statement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_dates_add_rows();

CREATE TRIGGER verbatim_dates_deleted AFTER DELETE ON quotes_statement
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_dates_remove_rows();

CREATE TRIGGER verbatim_dates_updated
    AFTER UPDATE OF status, date_said, date_precision ON quotes_statement
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.date_said IS DISTINCT FROM NEW.date_said
          OR OLD.date_precision IS DISTINCT FROM NEW.date_precision)
    EXECUTE FUNCTION verbatim_dates_move_row();

CREATE TRIGGER verbatim_topic_tally_linked AFTER INSERT ON {LINKS}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topic_tally_linked();
CREATE TRIGGER verbatim_topic_tally_unlinked AFTER DELETE ON {LINKS}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topic_tally_unlinked();
CREATE TRIGGER verbatim_topic_tally_relinked AFTER UPDATE ON {LINKS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topic_tally_relinked();
"""

POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS verbatim_topic_tally_relinked ON {LINKS};
DROP TRIGGER IF EXISTS verbatim_topic_tally_unlinked ON {LINKS};
DROP TRIGGER IF EXISTS verbatim_topic_tally_linked ON {LINKS};
DROP TRIGGER IF EXISTS verbatim_dates_updated ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_dates_deleted ON quotes_statement;
DROP TRIGGER IF EXISTS verbatim_dates_inserted ON quotes_statement;
DROP FUNCTION IF EXISTS verbatim_topic_tally_relinked();
DROP FUNCTION IF EXISTS verbatim_topic_tally_unlinked();
DROP FUNCTION IF EXISTS verbatim_topic_tally_linked();
DROP FUNCTION IF EXISTS verbatim_dates_move_row();
DROP FUNCTION IF EXISTS verbatim_dates_remove_rows();
DROP FUNCTION IF EXISTS verbatim_dates_add_rows();
"""

_IS_PUBLISHED = (
    "EXISTS (SELECT 1 FROM quotes_statement WHERE id = {row}.statement_id AND status = '{p}')"
)
_ADD_TOPIC = f"""
    INSERT INTO {TOPICS} (topic_id, statements) SELECT NEW.topic_id, 1
    WHERE {_IS_PUBLISHED.format(row="NEW", p=PUBLISHED)}
    ON CONFLICT (topic_id) DO UPDATE SET statements = statements + 1;"""
_TAKE_TOPIC = f"""
    UPDATE {TOPICS} SET statements = statements - 1
    WHERE topic_id = OLD.topic_id AND {_IS_PUBLISHED.format(row="OLD", p=PUBLISHED)};"""

# Each table's triggers by name; `ensure_triggers` puts back those a rebuild of the table took.
SQLITE_TRIGGERS = {
    "quotes_statement": {
        "verbatim_dates_inserted": f"""
            CREATE TRIGGER verbatim_dates_inserted AFTER INSERT ON quotes_statement
            WHEN NEW.status = '{PUBLISHED}'
            BEGIN
                INSERT INTO {DATES} (date_said, date_precision, statements)
                VALUES (NEW.date_said, NEW.date_precision, 1)
                ON CONFLICT (date_said, date_precision) DO UPDATE SET statements = statements + 1;
                INSERT INTO {TOPICS} (topic_id, statements)
                SELECT topic_id, 1 FROM {LINKS} WHERE statement_id = NEW.id
                ON CONFLICT (topic_id) DO UPDATE SET statements = statements + 1;
            END""",
        "verbatim_dates_deleted": f"""
            CREATE TRIGGER verbatim_dates_deleted AFTER DELETE ON quotes_statement
            WHEN OLD.status = '{PUBLISHED}'
            BEGIN
                UPDATE {DATES} SET statements = statements - 1
                WHERE date_said = OLD.date_said AND date_precision = OLD.date_precision;
                UPDATE {TOPICS} SET statements = statements - 1
                WHERE topic_id IN (SELECT topic_id FROM {LINKS} WHERE statement_id = OLD.id);
            END""",
        "verbatim_dates_updated": f"""
            CREATE TRIGGER verbatim_dates_updated
            AFTER UPDATE OF status, date_said, date_precision ON quotes_statement
            WHEN OLD.status IS NOT NEW.status OR OLD.date_said IS NOT NEW.date_said
                 OR OLD.date_precision IS NOT NEW.date_precision
            BEGIN
                UPDATE {DATES} SET statements = statements - 1
                WHERE OLD.status = '{PUBLISHED}'
                  AND date_said = OLD.date_said AND date_precision = OLD.date_precision;
                INSERT INTO {DATES} (date_said, date_precision, statements)
                SELECT NEW.date_said, NEW.date_precision, 1 WHERE NEW.status = '{PUBLISHED}'
                ON CONFLICT (date_said, date_precision) DO UPDATE SET statements = statements + 1;
                UPDATE {TOPICS} SET statements = statements - 1
                WHERE OLD.status = '{PUBLISHED}' AND NEW.status <> '{PUBLISHED}'
                  AND topic_id IN (SELECT topic_id FROM {LINKS} WHERE statement_id = OLD.id);
                INSERT INTO {TOPICS} (topic_id, statements)
                SELECT topic_id, 1 FROM {LINKS}
                WHERE statement_id = NEW.id
                  AND NEW.status = '{PUBLISHED}' AND OLD.status <> '{PUBLISHED}'
                ON CONFLICT (topic_id) DO UPDATE SET statements = statements + 1;
            END""",
    },
    LINKS: {
        "verbatim_topic_tally_linked": f"""
            CREATE TRIGGER verbatim_topic_tally_linked AFTER INSERT ON {LINKS}
            BEGIN {_ADD_TOPIC}
            END""",
        "verbatim_topic_tally_unlinked": f"""
            CREATE TRIGGER verbatim_topic_tally_unlinked AFTER DELETE ON {LINKS}
            BEGIN {_TAKE_TOPIC}
            END""",
        "verbatim_topic_tally_relinked": f"""
            CREATE TRIGGER verbatim_topic_tally_relinked AFTER UPDATE ON {LINKS}
            BEGIN {_TAKE_TOPIC} {_ADD_TOPIC}
            END""",
    },
}

RECOUNT = (
    f"DELETE FROM {DATES}",
    f"INSERT INTO {DATES} (date_said, date_precision, statements)"
    " SELECT date_said, date_precision, count(*) FROM quotes_statement"
    f" WHERE status = '{PUBLISHED}' GROUP BY date_said, date_precision",
    f"DELETE FROM {TOPICS}",
    f"INSERT INTO {TOPICS} (topic_id, statements)"
    f" SELECT link.topic_id, count(*) FROM {LINKS} AS link"
    " JOIN quotes_statement AS statement ON statement.id = link.statement_id"
    f" WHERE statement.status = '{PUBLISHED}' GROUP BY link.topic_id",
)

TRIGGERS = TallyTriggers(
    tally_table=DATES,
    postgres=POSTGRES_TRIGGERS,
    postgres_drop=POSTGRES_DROP,
    sqlite=SQLITE_TRIGGERS,
    recount=RECOUNT,
)
install, uninstall = TRIGGERS.install, TRIGGERS.uninstall
recount, ensure_triggers = TRIGGERS.recount, TRIGGERS.ensure_triggers
