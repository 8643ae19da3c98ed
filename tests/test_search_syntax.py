"""One search syntax on both databases: PostgreSQL's full-text search and, on the embedded
SQLite database, FTS5 read the same way (every word required, "phrases" together, -exclusion,
`or`), by stem and without accents. The last tests are SQLite's own: its index follows every
write, and comes back after a table rebuild."""

import pytest
from django.db import connection

from quotes.models import Statement
from quotes.search import search_statements, sqlite_fts
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index (PostgreSQL has its own)"
)


@pytest.fixture
def record():
    texts = {
        "peace": "We want instant peace in the region.",
        "reversed": "Peace is never instant.",
        "talks": "The peace talks will resume on Monday.",
        "ceasefire": "A ceasefire must come before any talks.",
        "accents": "The president visited the café in Zürich.",
        "context": "It was a good call.",
    }
    made = {name: StatementFactory(text=text) for name, text in texts.items()}
    made["context"].context = "About the sanctions."
    made["context"].save()
    return made


def found(query) -> set[str]:
    matches = search_statements(Statement.objects.all(), query, for_display=False)
    return set(matches.values_list("text", flat=True))


def texts(record, *names) -> set[str]:
    return {record[name].text for name in names}


def test_a_phrase_must_appear_as_written(record):
    assert found('"instant peace"') == texts(record, "peace")


def test_every_word_is_required_in_any_order(record):
    assert found("instant peace") == texts(record, "peace", "reversed")


def test_a_minus_excludes_a_word(record):
    assert found("peace -talks") == texts(record, "peace", "reversed")


def test_or_accepts_either_word(record):
    assert found("ceasefire or monday") == texts(record, "ceasefire", "talks")


def test_words_are_found_by_their_stem(record):
    assert found("talk") == texts(record, "talks", "ceasefire")


def test_accents_and_case_do_not_matter(record):
    assert found("CAFE zurich") == texts(record, "accents")


def test_the_context_is_searched_too(record):
    assert found("sanctions") == texts(record, "context")


def test_an_exclusion_alone_keeps_everything_else(record):
    assert found("-peace") == texts(record, "ceasefire", "accents", "context")


def test_curly_quotes_make_a_phrase(record):
    assert found("“peace talks”") == texts(record, "talks")


@pytest.mark.parametrize(
    "hostile",
    ["NEAR(peace talks)", "peace*", "text:peace", '"unclosed peace', "peace AND", "(", "^peace"],
)
def test_the_index_syntax_of_the_database_is_only_words(record, hostile):
    # Never an error, and no operator of the index's own language takes effect.
    result = found(hostile)
    assert result <= texts(record, "peace", "reversed", "talks")


def test_punctuation_alone_finds_nothing(record):
    assert found("!!! ---") == set()


@sqlite_only
def test_the_index_follows_edits_and_deletions(record):
    statement = record["ceasefire"]
    statement.text = "An armistice must come first."
    statement.status = Statement.Status.DRAFT  # only drafts are ever deleted
    statement.save()
    assert found("ceasefire") == set()
    assert found("armistice") == {statement.text}
    statement.delete()
    assert found("armistice") == set()


@sqlite_only
def test_the_index_comes_back_after_a_table_rebuild_dropped_its_triggers(record):
    with connection.cursor() as cursor:
        for name in sqlite_fts.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    StatementFactory(text="Words written while the triggers were gone.")
    assert found("gone") == set()
    sqlite_fts.ensure_index()
    assert found("gone") == {"Words written while the triggers were gone."}
    StatementFactory(text="And words written after.")
    assert found("after") == {"And words written after."}


@sqlite_only
def test_the_query_is_read_into_quoted_strings():
    assert sqlite_fts.match_expression('"peace talks" -ceasefire russia or ukraine') == (
        '"peace talks" AND ("russia" OR "ukraine")',
        '"ceasefire"',
    )
    assert sqlite_fts.match_expression('say "hi""there') == ('"say" AND "hi" AND "there"', None)
