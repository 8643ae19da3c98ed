"""The function behind the leaders' trigram index names the schema of what it calls.

pg_restore builds indexes with an empty search path, so a function in an index expression
must find the functions it calls without one. `verbatim_leader_search_names` called
`verbatim_unaccent` and `verbatim_leader_names` by bare name: a restored dump stopped at
`leader_search_names_trgm` ("function verbatim_leader_names(text, jsonb) does not exist").
Same result, now with the schema named (docs/BACKUP.md). PostgreSQL only.
"""

from django.db import migrations

DEFINITION = """
CREATE OR REPLACE FUNCTION verbatim_leader_search_names(name text, aliases jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower({prefix}verbatim_unaccent({prefix}verbatim_leader_names(name, aliases))) $$;
"""


def _schema_of_search_functions(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT namespace.nspname FROM pg_proc AS function"
            " JOIN pg_namespace AS namespace ON namespace.oid = function.pronamespace"
            " WHERE function.proname = 'verbatim_leader_names'"
        )
        return cursor.fetchone()[0]


def name_the_schema(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema = _schema_of_search_functions(schema_editor.connection)
        prefix = schema_editor.quote_name(schema) + "."
        schema_editor.execute(DEFINITION.format(prefix=prefix), None)


def use_the_search_path(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DEFINITION.format(prefix=""), None)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0011_reviewers_and_sourced_publication")]

    operations = [migrations.RunPython(name_the_schema, use_the_search_path)]
