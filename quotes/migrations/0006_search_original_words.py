"""The original-language words join the searched words (PostgreSQL only)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION verbatim_statement_search_vector() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        NEW.search_vector := verbatim_statement_vector(
            concat_ws(' ', NEW.text, NULLIF(NEW.original_text, '')),
            NEW.context,
            (SELECT verbatim_leader_names(leader.name, leader.aliases)
               FROM quotes_leader AS leader WHERE leader.id = NEW.speaker_id)
        );
        RETURN NEW;
    END
    $$;

DROP TRIGGER verbatim_statement_search_vector ON quotes_statement;
CREATE TRIGGER verbatim_statement_search_vector
    BEFORE INSERT OR UPDATE OF text, original_text, context, speaker_id, search_vector
    ON quotes_statement
    FOR EACH ROW EXECUTE FUNCTION verbatim_statement_search_vector();

UPDATE quotes_statement SET search_vector = NULL WHERE original_text <> '';
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION verbatim_statement_search_vector() RETURNS trigger
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

DROP TRIGGER verbatim_statement_search_vector ON quotes_statement;
CREATE TRIGGER verbatim_statement_search_vector
    BEFORE INSERT OR UPDATE OF text, context, speaker_id, search_vector ON quotes_statement
    FOR EACH ROW EXECUTE FUNCTION verbatim_statement_search_vector();

UPDATE quotes_statement SET search_vector = NULL WHERE original_text <> '';
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, None)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0005_record_version")]

    operations = [migrations.RunPython(forward, backward)]
