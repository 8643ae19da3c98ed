"""The Reviewers group, and PostgreSQL's guard that a published statement cites a source.

Editors write drafts and submit them; Reviewers also publish, unpublish, set the verification
status and handle readers' reports (`quotes.editorial.workflow`). On PostgreSQL, deferred
constraint triggers check, when a transaction commits, that every statement it published or
whose citation it removed still cites at least one source: the last line behind the model
and service rules, for raw SQL and `QuerySet.update()` alike.
"""

from django.db import migrations

RECORD_MODELS = ["leader", "officeheld", "source", "statement", "citation", "topic"]
ACTIONS = ["add", "change", "delete", "view"]
REVIEWER_EXTRA = [
    "publish_statement",
    "add_correction",
    "view_correction",
    "view_errorreport",
    "change_errorreport",
]

GUARD_SQL = """
CREATE FUNCTION quotes_published_statement_cites_a_source() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    checked_id bigint;
BEGIN
    IF TG_TABLE_NAME = 'quotes_statement' THEN
        checked_id := NEW.id;
    ELSE
        checked_id := OLD.statement_id;
    END IF;
    IF EXISTS (SELECT 1 FROM quotes_statement WHERE id = checked_id AND status = 'published')
       AND NOT EXISTS (SELECT 1 FROM quotes_citation WHERE statement_id = checked_id) THEN
        RAISE EXCEPTION 'A published statement must cite at least one source (statement %)',
            checked_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER statement_published_cites_a_source
    AFTER INSERT OR UPDATE OF status ON quotes_statement
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION quotes_published_statement_cites_a_source();

CREATE CONSTRAINT TRIGGER citation_removal_keeps_statement_sourced
    AFTER DELETE OR UPDATE OF statement_id ON quotes_citation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    EXECUTE FUNCTION quotes_published_statement_cites_a_source();
"""

DROP_GUARD_SQL = """
DROP TRIGGER IF EXISTS citation_removal_keeps_statement_sourced ON quotes_citation;
DROP TRIGGER IF EXISTS statement_published_cites_a_source ON quotes_statement;
DROP FUNCTION IF EXISTS quotes_published_statement_cites_a_source();
"""


def create_reviewers_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    record = Permission.objects.filter(
        content_type__app_label="quotes",
        codename__in=[f"{action}_{model}" for model in RECORD_MODELS for action in ACTIONS],
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*record)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(
        *record,
        *Permission.objects.filter(
            content_type__app_label="quotes", codename__in=REVIEWER_EXTRA
        ),
    )


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_SQL, params=None)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GUARD_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0010_editorial_trust"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_reviewers_group, remove_reviewers_group),
        migrations.RunPython(create_guard, drop_guard),
    ]
