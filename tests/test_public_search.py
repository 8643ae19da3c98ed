"""quotes.search: the one place where readers' words are matched against the record."""

import pytest

from quotes.models import Leader, Statement
from quotes.search import search_leaders, search_statements
from tests.factories import LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    return {
        "words": StatementFactory(text="We will retaliate against the airfield attack."),
        "context": StatementFactory(text="It was a good call.", context="About Retaliation."),
        "original": StatementFactory(
            text="We will answer.", original_text="Мы ответим.", original_language="ru"
        ),
        "other": StatementFactory(text="Tariffs are beautiful."),
    }


def found(query) -> set[str]:
    return set(search_statements(Statement.objects.all(), query).values_list("text", flat=True))


def test_it_finds_words_in_the_statement_ignoring_case(statements):
    assert found("AIRFIELD") == {statements["words"].text}


# Another form of the word: both databases compare stems.
RETALIATION = "retaliation"


def test_it_finds_words_in_the_context(statements):
    assert found(RETALIATION) == {statements["words"].text, statements["context"].text}


def test_it_finds_words_in_the_original_language(statements):
    assert found("ответим") == {statements["original"].text}


def test_spaces_around_and_between_words_do_not_matter(statements):
    assert found("  airfield    attack ") == {statements["words"].text}


def test_an_empty_query_leaves_the_queryset_as_it_was(statements):
    queryset = Statement.objects.filter(pk=statements["other"].pk)
    assert search_statements(queryset, "   ") is queryset
    assert search_statements(queryset, None) is queryset


def test_it_narrows_the_queryset_it_is_given(statements):
    queryset = Statement.objects.exclude(pk=statements["words"].pk)
    assert list(search_statements(queryset, RETALIATION)) == [statements["context"]]


def test_leaders_are_found_by_name_or_another_spelling_ignoring_case(db):
    zelenskyy = LeaderFactory(name="Volodymyr Zelenskyy", aliases=["Zelensky", "Zelenskiy"])
    LeaderFactory(name="Vladimir Putin")
    assert list(search_leaders(Leader.objects.all(), "zelenskiy")) == [zelenskyy]
    assert list(search_leaders(Leader.objects.all(), "VOLODYMYR")) == [zelenskyy]
