"""PostgreSQL full-text and trigram search.

On PostgreSQL this adds, besides the `search_vector` column:

- the unaccent and pg_trgm extensions;
- `verbatim_unaccent(text)`, an IMMUTABLE wrapper of unaccent() with its dictionary fixed, so
  that it may appear in index expressions;
- the text search configuration `verbatim`: English with unaccent before the English stemmer,
  so "Erdogan" finds "Erdoğan" and "retaliating" finds "retaliate";
- `verbatim_leader_names(name, aliases)`: a leader's name and aliases as one text;
  `verbatim_leader_search_names(name, aliases)`: the same, lower case and unaccented, the
  expression that fuzzy leader lookup matches trigrams against;
- `verbatim_statement_vector(words, context, names)`: words and names at weight A, context at
  weight B;
- triggers that keep `search_vector` current: on quotes_statement before a row is inserted or
  its words, context, speaker or vector are written (a bulk `QuerySet.update()` of the words
  included), and on quotes_leader after a name or alias change, refreshing that leader's
  statements;
- indexes: GIN on the vector, trigram GIN on the words (near-duplicate lookup), trigram GIN on
  the leaders' names (fuzzy leader lookup).

On SQLite only the (unused) column is added. Reversing drops everything above except the two
extensions, which other objects may use.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
"""

# Run after FORWARD, with {unaccent_schema} set to the schema the unaccent extension lives in:
# unaccent() is only STABLE because it finds its dictionary through the search path; naming
# the schema makes the wrapper safe to declare IMMUTABLE and to use in index expressions.
OBJECTS = """
CREATE FUNCTION verbatim_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT {unaccent_schema}.unaccent('{unaccent_schema}.unaccent'::regdictionary, $1) $$;

CREATE TEXT SEARCH CONFIGURATION verbatim (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION verbatim
    ALTER MAPPING FOR hword, hword_part, word WITH {unaccent_schema}.unaccent, english_stem;

CREATE FUNCTION verbatim_leader_names(name text, aliases jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT concat_ws(' ', name, CASE WHEN jsonb_typeof(aliases) = 'array' THEN
        (SELECT string_agg(alias, ' ') FROM jsonb_array_elements_text(aliases) AS alias) END)
    $$;

CREATE FUNCTION verbatim_leader_search_names(name text, aliases jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(verbatim_unaccent(verbatim_leader_names(name, aliases))) $$;

CREATE FUNCTION verbatim_statement_vector(words text, context text, names text)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT setweight(to_tsvector('verbatim'::regconfig, coalesce(words, '')), 'A')
        || setweight(to_tsvector('verbatim'::regconfig, coalesce(context, '')), 'B')
        || setweight(to_tsvector('verbatim'::regconfig, coalesce(names, '')), 'A')
    $$;

CREATE FUNCTION verbatim_statement_search_vector() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        NEW.search_vector := verbatim_statement_vector(
            NEW.text,
            NEW.context,
            (SELECT verbatim_leader_names(leader.name, leader.aliases)
               FROM quotes_leader AS leader WHERE leader.id = NEW.speaker_id)
        );
        RETURN NEW;
    END
    $$;

CREATE TRIGGER verbatim_statement_search_vector
    BEFORE INSERT OR UPDATE OF text, context, speaker_id, search_vector ON quotes_statement
    FOR EACH ROW EXECUTE FUNCTION verbatim_statement_search_vector();

-- Writing the column makes the statement trigger above compute it with the new names.
CREATE FUNCTION verbatim_leader_names_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        UPDATE quotes_statement SET search_vector = NULL WHERE speaker_id = NEW.id;
        RETURN NULL;
    END
    $$;

CREATE TRIGGER verbatim_leader_names_changed
    AFTER UPDATE OF name, aliases ON quotes_leader
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.aliases IS DISTINCT FROM NEW.aliases)
    EXECUTE FUNCTION verbatim_leader_names_changed();

-- Backfill, before the index exists (the trigger computes each row).
UPDATE quotes_statement SET search_vector = NULL;

CREATE INDEX statement_search_vector ON quotes_statement USING gin (search_vector);
CREATE INDEX statement_text_trgm ON quotes_statement USING gin (text gin_trgm_ops);
CREATE INDEX leader_search_names_trgm ON quotes_leader
    USING gin (verbatim_leader_search_names(name, aliases) gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS leader_search_names_trgm;
DROP INDEX IF EXISTS statement_text_trgm;
DROP INDEX IF EXISTS statement_search_vector;
DROP TRIGGER IF EXISTS verbatim_leader_names_changed ON quotes_leader;
DROP TRIGGER IF EXISTS verbatim_statement_search_vector ON quotes_statement;
DROP FUNCTION IF EXISTS verbatim_leader_names_changed();
DROP FUNCTION IF EXISTS verbatim_statement_search_vector();
DROP FUNCTION IF EXISTS verbatim_statement_vector(text, text, text);
DROP FUNCTION IF EXISTS verbatim_leader_search_names(text, jsonb);
DROP FUNCTION IF EXISTS verbatim_leader_names(text, jsonb);
DROP TEXT SEARCH CONFIGURATION IF EXISTS verbatim;
DROP FUNCTION IF EXISTS verbatim_unaccent(text);
"""


def create_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD, None)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(nspname) FROM pg_extension JOIN pg_namespace"
            " ON pg_namespace.oid = extnamespace WHERE extname = 'unaccent'"
        )
        (unaccent_schema,) = cursor.fetchone()
    schema_editor.execute(OBJECTS.format(unaccent_schema=unaccent_schema), None)


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKWARD, None)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0002_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_objects, drop_search_objects),
    ]
