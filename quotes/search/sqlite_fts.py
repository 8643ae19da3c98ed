"""Full-text search on the embedded SQLite database: SQLite's FTS5, with the site's syntax.

PostgreSQL searches with its own full-text search (`fulltext.py`). On SQLite an FTS5 index of
the words, the context and the original words of every statement (`quotes_statement_fts`, an
external-content table: it holds the index, the words stay in the statements table) is kept
by triggers, and a reader's query is read as PostgreSQL's `websearch_to_tsquery` reads it:
every word is required, "quoted words" must appear together, `-word` must not appear, `or`
between two words accepts either. Words are compared without case or accents and by their
stem (Porter's, as PostgreSQL's English configuration does: "talks" finds "talk").

A query never reaches FTS5's own syntax: every word and phrase is passed as a quoted string,
so a reader's `NEAR(`, `*` or `col:` is only a word.

On SQLite, Django alters a table by building a new one and dropping the old, which drops its
triggers; `ensure_index()` runs after every migrate and puts back (and rebuilds) what such a
rebuild took away.
"""

import re

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

TABLE = "quotes_statement_fts"
COLUMNS = "text, context, original_text"

TRIGGERS = {
    "quotes_statement_fts_insert": f"""
        CREATE TRIGGER quotes_statement_fts_insert AFTER INSERT ON quotes_statement BEGIN
            INSERT INTO {TABLE} (rowid, {COLUMNS})
            VALUES (new.id, new.text, new.context, new.original_text);
        END""",
    "quotes_statement_fts_delete": f"""
        CREATE TRIGGER quotes_statement_fts_delete AFTER DELETE ON quotes_statement BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.text, old.context, old.original_text);
        END""",
    "quotes_statement_fts_update": f"""
        CREATE TRIGGER quotes_statement_fts_update
        AFTER UPDATE OF text, context, original_text ON quotes_statement BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.text, old.context, old.original_text);
            INSERT INTO {TABLE} (rowid, {COLUMNS})
            VALUES (new.id, new.text, new.context, new.original_text);
        END""",
}
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, "
    "content='quotes_statement', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
REBUILD = f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')"


def _is_sqlite(using: str) -> bool:
    return connections[using].vendor == "sqlite"


def install(using: str = "default") -> None:
    """Creates the index and its triggers and indexes what is there (the migration's step)."""
    if not _is_sqlite(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(REBUILD)


def uninstall(using: str = "default") -> None:
    if not _is_sqlite(using):
        return
    with connections[using].cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def ensure_index(using: str = "default", **kwargs) -> None:
    """On SQLite, puts back the triggers a table rebuild dropped, and rebuilds the index if it
    had to (what changed in between was not indexed)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return  # migrated backwards past the index
        cursor.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'quotes_statement'"
        )
        present = {name for (name,) in cursor.fetchall()}
        missing = [sql for name, sql in TRIGGERS.items() if name not in present]
        for sql in missing:
            cursor.execute(sql)
        if missing:
            cursor.execute(REBUILD)


# A phrase in double quotes (straight or curly), or a run of anything else but spaces.
_TERM = re.compile(r'(-?)(?:["“”]([^"“”]*)["“”]?|(\S+))')
_WORD_CHARACTERS = re.compile(r"\w")


def _quoted(words: str) -> str | None:
    """`words` as one FTS5 string (a phrase when several), or None if it holds no word."""
    words = " ".join(words.split())
    if not _WORD_CHARACTERS.search(words):
        return None
    return '"' + words.replace('"', '""') + '"'


def match_expression(query: str) -> tuple[str | None, str | None]:
    """The FTS5 expressions of the statements that must match, and of those that must not.

    `"peace talks" -ceasefire russia or ukraine` → ('"peace talks" AND ("russia" OR
    "ukraine")', '"ceasefire"'). Either may be None: nothing required, or nothing excluded.
    """
    groups: list[list[str]] = []  # AND of ORs
    excluded: list[str] = []
    join_next = False
    for negated, phrase, word in _TERM.findall(query):
        if not negated and phrase == "" and word.lower() == "or":
            join_next = bool(groups)
            continue
        quoted = _quoted(phrase if phrase else word)
        if quoted is None:
            continue
        if negated:
            excluded.append(quoted)
            join_next = False
        elif join_next:
            groups[-1].append(quoted)
            join_next = False
        else:
            groups.append([quoted])
    required = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    return (required or None), (" OR ".join(excluded) or None)


def _matching_ids(expression: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])


def search_statements_sqlite(queryset: QuerySet, query: str) -> QuerySet:
    """The statements of `queryset` that match `query`, read with the site's search syntax."""
    required, excluded = match_expression(query)
    if required is None and excluded is None:
        return queryset.none()  # only punctuation: nothing to look for
    if required is not None:
        queryset = queryset.filter(pk__in=_matching_ids(required))
    if excluded is not None:
        queryset = queryset.exclude(pk__in=_matching_ids(excluded))
    return queryset
