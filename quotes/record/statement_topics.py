"""Each statement's topics, copied onto the statement on PostgreSQL and kept by triggers.

A frequent topic is a join through its links: "ukraine-war" has 197,590 of them, and with any
other common filter (a channel, a large publisher) PostgreSQL hashed every one of them before
it could combine them with the other condition, reading 440,000 to 611,000 rows for a page.
With the topic ids on the statement itself, in the GIN index that already holds the publishers,
the choice columns and the speaker (btree_gin), one index scan intersects the topic with
whichever of those the page also asks for, and reads only the statements that match both.

The links (`quotes_statement_topics`) are the truth: `quotes_statement.topic_ids` follows them
inside the same transaction whether a link is added, removed or moved, from either side
(`statement.topics`, `topic.statements`), by `QuerySet.update()`, a bulk load or raw SQL;
deleting a statement or a topic deletes its links first, which the same triggers follow.
Triggers fire once per SQL statement, from its transition tables, and rewrite a statement only
when its topics change. The column is not a model field (Django has no array type for SQLite);
SQLite keeps the join, which its small records answer at once.
"""

from django.db.models import BooleanField, Expression
from django.db.models.expressions import RawSQL

from quotes.record.postgres_sql import CarriedColumn

COLUMN = "topic_ids"

# The topic ids of the statements whose ids `changed` holds (a query returning one column),
# sorted; a statement without topics has none. The rows are locked before their links are
# read: in READ COMMITTED each statement of the function sees what committed before it began,
# so a transaction that waited here for another one linking the same statement reads that
# link too, instead of overwriting the other's column with what it saw before the wait.
_REFRESH = """
    PERFORM 1 FROM quotes_statement
    WHERE id IN ({changed}) ORDER BY id FOR NO KEY UPDATE;
    WITH fresh AS (
        SELECT statement.id,
               coalesce(array_agg(link.topic_id ORDER BY link.topic_id)
                        FILTER (WHERE link.topic_id IS NOT NULL), '{{}}') AS topic_ids
        FROM quotes_statement AS statement
        LEFT JOIN quotes_statement_topics AS link ON link.statement_id = statement.id
        WHERE statement.id IN ({changed})
        GROUP BY statement.id
    )
    UPDATE quotes_statement AS statement SET topic_ids = fresh.topic_ids
    FROM fresh
    WHERE statement.id = fresh.id AND statement.topic_ids IS DISTINCT FROM fresh.topic_ids;
"""


def _function(name: str, changed: str) -> str:
    return f"""
CREATE FUNCTION {name}() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        {_REFRESH.format(changed=changed)}
        RETURN NULL;
    END
    $$;
"""


INSTALL = f"""
ALTER TABLE quotes_statement ADD COLUMN IF NOT EXISTS {COLUMN} bigint[] NOT NULL DEFAULT '{{}}';

{_function("verbatim_topics_linked", "SELECT statement_id FROM new_rows")}
{_function("verbatim_topics_unlinked", "SELECT statement_id FROM old_rows")}
{
    _function(
        "verbatim_topics_relinked",
        "SELECT statement_id FROM old_rows UNION SELECT statement_id FROM new_rows",
    )
}

CREATE TRIGGER verbatim_topics_linked AFTER INSERT ON quotes_statement_topics
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topics_linked();
CREATE TRIGGER verbatim_topics_unlinked AFTER DELETE ON quotes_statement_topics
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topics_unlinked();
CREATE TRIGGER verbatim_topics_relinked AFTER UPDATE ON quotes_statement_topics
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION verbatim_topics_relinked();
"""

# Every statement's topics at once (the migration's forward step, and a restore's check):
# one pass over the links, writing only the statements that have some.
REFRESH_ALL = f"""
UPDATE quotes_statement AS statement SET {COLUMN} = fresh.topic_ids
FROM (
    SELECT statement_id, array_agg(topic_id ORDER BY topic_id) AS topic_ids
    FROM quotes_statement_topics GROUP BY statement_id
) AS fresh
WHERE statement.id = fresh.statement_id AND statement.{COLUMN} IS DISTINCT FROM fresh.topic_ids;
UPDATE quotes_statement SET {COLUMN} = '{{}}'
WHERE {COLUMN} <> '{{}}'
  AND NOT EXISTS (SELECT 1 FROM quotes_statement_topics WHERE statement_id = quotes_statement.id);
"""

# The topic, the publisher and the choice columns and speaker in one GIN index of the published
# statements (btree_gin for the plain columns), replacing migration 0016's index of the same
# columns less the topics: GIN intersects the entries of every condition a query puts on it, so
# a frequent topic with a channel, a publisher or a speaker reads the statements that match
# them all, not the topic's 197,590. Not the status and not the date, for the reasons given in
# quotes/record/statement_publishers.py.
INDEX_NAME = "statement_carried_filters"
INDEX = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON quotes_statement USING gin
    ({COLUMN}, publishers, kind, channel, verification, speaker_id)
    WHERE status = 'published';
"""

UNINSTALL = f"""
DROP INDEX IF EXISTS {INDEX_NAME};
DROP TRIGGER IF EXISTS verbatim_topics_relinked ON quotes_statement_topics;
DROP TRIGGER IF EXISTS verbatim_topics_unlinked ON quotes_statement_topics;
DROP TRIGGER IF EXISTS verbatim_topics_linked ON quotes_statement_topics;
DROP FUNCTION IF EXISTS verbatim_topics_relinked();
DROP FUNCTION IF EXISTS verbatim_topics_unlinked();
DROP FUNCTION IF EXISTS verbatim_topics_linked();
ALTER TABLE quotes_statement DROP COLUMN IF EXISTS {COLUMN};
"""

# Switched off by a bulk load that writes the column itself (quotes/ops/generate.py).
LINK_INSERT_TRIGGER = "verbatim_topics_linked"


# `install()` adds the column and fills it before its triggers and index (PostgreSQL only);
# `is_kept()` says whether a database carries the topics on its statements.
CARRIED = CarriedColumn(INSTALL, REFRESH_ALL, INDEX, uninstalling=UNINSTALL)
install, uninstall, is_kept = CARRIED.install, CARRIED.uninstall, CARRIED.is_kept


def as_array_literal(topic_ids) -> str:
    """The column's value for these topic ids, as COPY reads an array: `{3,7}`."""
    return "{" + ",".join(str(topic_id) for topic_id in sorted(set(topic_ids))) + "}"


class AboutTopic(Expression):
    """True for a statement linked to the topic `topic_id`: `topic_ids @> ARRAY[...]`, the
    form the GIN index answers. PostgreSQL only."""

    output_field = BooleanField()

    def __init__(self, topic_id: int):
        super().__init__()
        self.topic_id = topic_id

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{COLUMN} @> ARRAY[%s]::bigint[]", [self.topic_id]


class SpokenBy(Expression):
    """True for a statement by one of the leaders `speaker_ids`, with the ids typed as the
    column is (bigint). btree_gin's operators compare a bigint with a bigint only: written as
    Django writes it (`speaker_id IN (1)`, an integer), the condition could not be put to the GIN
    index, and a frequent topic with the most quoted leader ANDed the topic's 181,638 entries with
    the leader's 158,984 from another index, where one scan of the GIN index reads the 28,857
    statements that have both. PostgreSQL only; B-tree indexes answer either form alike."""

    output_field = BooleanField()

    def __init__(self, speaker_ids):
        super().__init__()
        self.speaker_ids = list(speaker_ids)

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        if len(self.speaker_ids) == 1:
            return f"{alias}.speaker_id = %s::bigint", self.speaker_ids
        return f"{alias}.speaker_id = ANY(%s::bigint[])", [self.speaker_ids]


class SpokenByEachSpeaker(Expression):
    """True for a statement by the leader of the current row of `each_speaker`, the list of
    speakers `first_ids_of_each_speaker` walks one by one. PostgreSQL only."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.speaker_id = each_speaker.id", []


def chosen_speakers(queryset) -> list[int] | None:
    """The leaders' ids of the `SpokenBy` condition among the conditions all rows of
    `queryset` meet, or None when it has none (or more than one)."""
    found = [
        child.lhs.speaker_ids
        for child in queryset.query.where.children
        if isinstance(getattr(child, "lhs", None), SpokenBy)
    ]
    return found[0] if len(found) == 1 else None


def first_ids_of_each_speaker(queryset, limit: int) -> RawSQL | None:
    """The ids of the first `limit` rows of `queryset`, a list of several speakers' statements
    in order of date said and id, found one speaker at a time; None where that does not apply
    (no `SpokenBy` condition, another order, no rows possible).

    One scan of the GIN index gathers every statement of a frequent topic by six leaders
    (1,212, and their 1,202 heap blocks: 15 ms) before the newest twenty-one can be picked;
    walked one speaker at a time (a LATERAL join) the index by speaker and date reads each
    leader's newest statements until it has twenty-one of them (126 in all, 2 ms). PostgreSQL
    still chooses each speaker's plan: a rare topic is read from the GIN index, speaker by
    speaker."""
    speakers = chosen_speakers(queryset)
    order = tuple(queryset.query.order_by)
    if not speakers or order not in (("-date_said", "-id"), ("date_said", "id")):
        return None
    if queryset.query.is_empty():
        return None
    direction = "DESC" if order[0].startswith("-") else "ASC"
    each = queryset.filter(SpokenByEachSpeaker()).values_list("id", "date_said")[:limit]
    sql, params = each.query.sql_with_params()
    return RawSQL(
        "SELECT page.id FROM unnest(%s::bigint[]) AS each_speaker(id) "
        f"CROSS JOIN LATERAL ({sql}) AS page "
        f"ORDER BY page.date_said {direction}, page.id {direction} LIMIT %s",
        (speakers, *params, limit),
    )
