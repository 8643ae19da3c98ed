"""Each statement's publishers, copied onto the statement on PostgreSQL and kept by triggers.

The list's "source publisher" filter asks for statements cited by a source of one publisher.
Through the citations that is a semi-join, and for a publisher as common as a large news agency
(an eighth of all citations) PostgreSQL gathered every citation of it before it could combine
the result with any other filter: 1.7 to 2.4 million rows read and 300 to 600 ms for a page such
as "this publisher's paraphrases". With the publishers on the statement itself, in a GIN index
beside the choice columns and the speaker (btree_gin), one index scan intersects the publisher
with whichever of those filters the page has, and reads only the statements that match both;
with a date range or a topic, the publisher is checked on each statement the other filter
finds.

The citations and the sources are the truth: `quotes_statement.publishers` follows them inside
the same transaction, whether a citation is added, removed or moved, or a source's publisher is
renamed, by a model's save(), a `QuerySet.update()`, a bulk load or raw SQL. Triggers fire once
per SQL statement, from its transition tables, and rewrite a statement only when its publishers
change; they lock what they read first, so two transactions citing one statement at once, or
citing a source while it is renamed, keep every publisher (migration 0018). The column is not a
model field (Django has no array type for SQLite); SQLite keeps the semi-join through the
citations, which its small records answer at once.
"""

from django.db.models import BooleanField, Expression

from quotes.record.postgres_sql import CarriedColumn

COLUMN = "publishers"

# The publishers of the statements whose ids `changed` holds (a query returning one column),
# sorted and without repeats; a statement without citations has none.
_REFRESH = """
    WITH changed AS ({changed}),
    fresh AS (
        SELECT statement.id,
               coalesce(array_agg(DISTINCT source.publisher::text ORDER BY source.publisher::text)
                        FILTER (WHERE source.publisher IS NOT NULL), '{{}}') AS publishers
        FROM quotes_statement AS statement
        LEFT JOIN quotes_citation AS citation ON citation.statement_id = statement.id
        LEFT JOIN quotes_source AS source ON source.id = citation.source_id
        WHERE statement.id IN (SELECT id FROM changed)
        GROUP BY statement.id
    )
    UPDATE quotes_statement AS statement SET publishers = fresh.publishers
    FROM fresh
    WHERE statement.id = fresh.id AND statement.publishers IS DISTINCT FROM fresh.publishers;
"""


# Taken before the refresh by the functions of migration 0018. Each statement of a PL/pgSQL
# function sees what committed before it began (READ COMMITTED). The statements are locked
# first, so a transaction that waited here for another one citing the same statement reads that
# citation too, instead of overwriting the other's column with what it saw before the wait. The
# sources of new citations are locked before them, FOR SHARE: a rename holds its source until it
# commits and cannot see a citation not yet committed, so a citation of that source waits for the
# new name, and a rename that comes second waits for the citation and then finds it. Sources
# first, then statements, as a rename takes them, so the two never wait for each other.
_LOCK_SOURCES = """
    PERFORM 1 FROM quotes_source WHERE id IN ({sources}) ORDER BY id FOR SHARE;
"""
_LOCK_STATEMENTS = """
    PERFORM 1 FROM quotes_statement WHERE id IN ({changed}) ORDER BY id FOR NO KEY UPDATE;
"""


def _function(name: str, body: str, create: str = "CREATE FUNCTION") -> str:
    return f"""
{create} {name}() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        {body}
        RETURN NULL;
    END
    $$;
"""


_MOVED = (
    " FROM old_rows JOIN new_rows USING (id)"
    " WHERE (old_rows.statement_id, old_rows.source_id)"
    " IS DISTINCT FROM (new_rows.statement_id, new_rows.source_id)"
)

# Each trigger function: its name, the statements whose publishers it refreshes, and the sources
# whose publishers it copies onto a statement for a new or moved citation (None: no such copy).
_FUNCTIONS = (
    (
        "verbatim_publishers_cited",
        "SELECT statement_id AS id FROM new_rows",
        "SELECT source_id FROM new_rows",
    ),
    ("verbatim_publishers_uncited", "SELECT statement_id AS id FROM old_rows", None),
    (
        "verbatim_publishers_recited",
        f"SELECT old_rows.statement_id AS id{_MOVED} UNION SELECT new_rows.statement_id{_MOVED}",
        f"SELECT new_rows.source_id{_MOVED}",
    ),
    (
        "verbatim_publishers_renamed",
        "SELECT citation.statement_id AS id FROM quotes_citation AS citation"
        " JOIN new_rows ON new_rows.id = citation.source_id"
        " JOIN old_rows ON old_rows.id = new_rows.id"
        " WHERE old_rows.publisher IS DISTINCT FROM new_rows.publisher",
        None,
    ),
)


def _unlocked(changed: str, sources: str | None) -> str:
    return _REFRESH.format(changed=changed)


def _lock_first(changed: str, sources: str | None) -> str:
    locks = _LOCK_SOURCES.format(sources=sources) if sources else ""
    return locks + _LOCK_STATEMENTS.format(changed=changed) + _REFRESH.format(changed=changed)


def _functions(body, create: str = "CREATE FUNCTION") -> str:
    return "".join(
        _function(name, body(changed, sources), create) for name, changed, sources in _FUNCTIONS
    )


# Migration 0016's functions, which read without locking; migration 0018 replaces them.
INSTALL = f"""
ALTER TABLE quotes_statement ADD COLUMN IF NOT EXISTS {COLUMN} text[] NOT NULL DEFAULT '{{}}';

{_functions(_unlocked)}

CREATE TRIGGER verbatim_publishers_cited AFTER INSERT ON quotes_citation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_publishers_cited();
CREATE TRIGGER verbatim_publishers_uncited AFTER DELETE ON quotes_citation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_publishers_uncited();
CREATE TRIGGER verbatim_publishers_recited AFTER UPDATE ON quotes_citation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_publishers_recited();
CREATE TRIGGER verbatim_publishers_renamed AFTER UPDATE ON quotes_source
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_publishers_renamed();
"""

# Migration 0018: the same functions, each taking its locks before it reads (_LOCK_SOURCES).
LOCK_FIRST = _functions(_lock_first, "CREATE OR REPLACE FUNCTION")
# Its reversal: the functions as migration 0016 made them.
READ_WITHOUT_LOCKS = _functions(_unlocked, "CREATE OR REPLACE FUNCTION")

# Every statement's publishers at once (the migration's forward step, and a restore's check).
REFRESH_ALL = _REFRESH.format(changed="SELECT id FROM quotes_statement")

# The publisher filter with any of the others the statement itself carries, in one index
# scan: GIN (btree_gin for the plain columns) intersects the entries of each condition, so a
# common publisher with a rarer kind, channel, verification or speaker reads the statements
# that match both, not every statement of the publisher. Published statements only, like the
# lists it serves: with the status as one more column, every search went through its 920,000
# published entries. Not the date: GIN answers each bound of a range on its own, so one year
# read every date after it and every date before (77 ms, where the date index and a check of
# each of that year's 1,144 statements take 5). Migration 0017 replaces it with the same index
# plus each statement's topics (`statement_carried_filters`, quotes/record/statement_topics.py);
# this
# definition stays for migration 0016 and its reversal.
INDEX = f"""
CREATE INDEX IF NOT EXISTS statement_publishers_choices ON quotes_statement USING gin
    ({COLUMN}, kind, channel, verification, speaker_id)
    WHERE status = 'published';
"""

UNINSTALL = f"""
DROP INDEX IF EXISTS statement_publishers_choices;
DROP TRIGGER IF EXISTS verbatim_publishers_renamed ON quotes_source;
DROP TRIGGER IF EXISTS verbatim_publishers_recited ON quotes_citation;
DROP TRIGGER IF EXISTS verbatim_publishers_uncited ON quotes_citation;
DROP TRIGGER IF EXISTS verbatim_publishers_cited ON quotes_citation;
DROP FUNCTION IF EXISTS verbatim_publishers_renamed();
DROP FUNCTION IF EXISTS verbatim_publishers_recited();
DROP FUNCTION IF EXISTS verbatim_publishers_uncited();
DROP FUNCTION IF EXISTS verbatim_publishers_cited();
ALTER TABLE quotes_statement DROP COLUMN IF EXISTS {COLUMN};
"""

# Switched off by a bulk load that writes the column itself (quotes/ops/generate.py).
CITATION_INSERT_TRIGGER = "verbatim_publishers_cited"


# `install()` adds the column and fills it before its triggers and index (PostgreSQL only);
# `is_kept()` says whether a database carries the publishers on its statements.
CARRIED = CarriedColumn(INSTALL, REFRESH_ALL, INDEX, uninstalling=UNINSTALL)
install, uninstall, is_kept = CARRIED.install, CARRIED.uninstall, CARRIED.is_kept


class CitedByPublisher(Expression):
    """True for a statement that a source of `publisher` cites: `publishers @> ARRAY[...]`,
    the form the GIN index answers. PostgreSQL only."""

    output_field = BooleanField()

    def __init__(self, publisher: str):
        super().__init__()
        self.publisher = publisher

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{COLUMN} @> ARRAY[%s]::text[]", [self.publisher]
