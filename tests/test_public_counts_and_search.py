"""Bounded counts and full-text search as the statements list shows them."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from quotes.models import Statement
from quotes.search import counts, fulltext
from quotes.search.counts import ResultCount, count_results
from tests.factories import LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)


def render_count(count: ResultCount) -> str:
    return Template("{% load verbatim %}{% result_count count %}").render(Context({"count": count}))


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (ResultCount(1), "1 statement"),
        (ResultCount(1234), "1,234 statements"),
        (ResultCount(1_234_567, exact=False), "about 1.2 million statements"),
        (ResultCount(45_312, exact=False), "about 45,000 statements"),
        (ResultCount(10_000, exact=False, at_least=True), "more than 10,000 statements"),
    ],
)
def test_counts_are_written_as_precisely_as_they_are_known(count, shown):
    assert render_count(count) == shown


@pytest.fixture
def many_statements():
    speaker = LeaderFactory()
    start = datetime.date(2020, 1, 1)
    return [
        StatementFactory(speaker=speaker, date_said=start + datetime.timedelta(days=n))
        for n in range(12)
    ]


def test_small_results_are_counted_exactly(many_statements):
    assert count_results(Statement.objects.all()) == ResultCount(12)


def test_large_results_are_not_counted_past_the_limit(many_statements, monkeypatch):
    monkeypatch.setattr(counts, "EXACT_COUNT_LIMIT", 5)
    count = count_results(Statement.objects.all())
    assert not count.exact
    # Without statistics saying otherwise, all that is known is "more than the limit".
    assert count == ResultCount(5, exact=False, at_least=True) or count.value > 5


def test_the_list_says_more_than_when_it_stopped_counting(client, many_statements, monkeypatch):
    monkeypatch.setattr(counts, "EXACT_COUNT_LIMIT", 5)
    html = client.get("/quotes/").content.decode()
    assert "more than 5 statements" in html or "about 12 statements" in html


@needs_postgres
def test_the_planner_estimate_is_used_above_the_limit(many_statements, monkeypatch):
    monkeypatch.setattr(counts, "EXACT_COUNT_LIMIT", 5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quotes_statement")
    count = count_results(Statement.objects.all())
    assert count == ResultCount(12, exact=False)


@needs_postgres
def test_a_count_asked_to_estimate_first_does_not_count_what_the_planner_expects_to_be_huge(
    many_statements, monkeypatch
):
    monkeypatch.setattr(counts, "TRUSTED_ESTIMATE", 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quotes_statement")
    with CaptureQueriesContext(connection) as queries:
        count = count_results(Statement.objects.all(), estimate_first=True)
    assert count == ResultCount(12, exact=False)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@needs_postgres
def test_a_count_asked_to_estimate_first_still_counts_what_may_be_small(many_statements):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quotes_statement")
    count = count_results(
        Statement.objects.filter(pk__lte=many_statements[4].pk), estimate_first=True
    )
    assert count == ResultCount(5)


@needs_postgres
def test_search_results_highlight_the_matching_words_and_say_they_are_ranked(client):
    StatementFactory(text="We will retaliate against <script>any</script> attack.")
    StatementFactory(text="Nothing to see here.")
    response = client.get("/quotes/", {"q": "retaliating"})
    html = response.content.decode()
    assert "<mark>retaliate</mark>" in html
    assert "&lt;script&gt;" in html and "<script>any" not in html
    assert "Most relevant first." in html
    assert response.context["page"].count.value == 1


@needs_postgres
def test_a_search_too_broad_to_rank_says_it_is_newest_first(client, monkeypatch):
    from quotes.search import fulltext

    monkeypatch.setattr(fulltext, "RANK_LIMIT", 2)
    monkeypatch.setattr(fulltext.search_statements_postgres, "__kwdefaults__", {"rank_limit": 2})
    for n in range(3):
        StatementFactory(text=f"The war must end, number {n}.")
    html = client.get("/quotes/", {"q": "war"}).content.decode()
    assert "Too many matches to rank by relevance: newest first." in html


@needs_postgres
def test_a_search_narrowed_by_a_leader_is_ranked_when_that_leader_has_few_matches(
    client, monkeypatch
):
    from quotes.search import fulltext

    monkeypatch.setattr(fulltext.search_statements_postgres, "__kwdefaults__", {"rank_limit": 2})
    leader = LeaderFactory(slug="the-leader")
    StatementFactory(speaker=leader, text="The war must end.")
    StatementFactory(speaker=leader, text="War, war and war again: the war must end now.")
    for n in range(3):
        StatementFactory(text=f"The war must end, number {n}.")
    response = client.get("/quotes/", {"q": "war", "speaker": "the-leader"})
    assert response.context["search_ordering"] == "rank"
    ranks = [statement.rank for statement in response.context["page"]]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[1]


def text_matches(captured) -> list[str]:
    """The queries that looked for the words themselves, leaving out the EXPLAIN."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if "@@" in q["sql"] and not q["sql"].startswith("EXPLAIN")
    ]


@needs_postgres
def test_a_search_with_few_matches_reads_them_once(client):
    """Their ids are also their count, and every page after the first reads neither again."""
    for n in range(3):
        StatementFactory(text=f"The war must end, number {n}.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/quotes/", {"q": "war"})
    assert response.context["page"].count.value == 3
    assert response.context["search_ordering"] == "rank"
    assert not [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    matched = text_matches(captured)
    # One read of the matches' ids; the page itself is read by those ids (its rank and
    # headline name the words, but not as a condition).
    assert len([sql for sql in matched if "WHERE" in sql and "@@" in sql.split("WHERE", 1)[1]]) == 1


@needs_postgres
def test_a_search_with_many_matches_counts_them_once_and_reads_no_ids(client, monkeypatch):
    """Where PostgreSQL expects more matches than are ranked, the bounded count comes first,
    and the ids of thousands of matches are never read for nothing."""
    monkeypatch.setattr(fulltext.search_statements_postgres, "__kwdefaults__", {"rank_limit": 2})
    monkeypatch.setattr(fulltext, "planner_estimate", lambda queryset: 1_000)
    for n in range(5):
        StatementFactory(text=f"The war must end, number {n}.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/quotes/", {"q": "war"})
    assert response.context["page"].count.value == 5
    assert response.context["search_ordering"] == "newest"
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts
    assert not [sql for sql in text_matches(captured) if "LIMIT 3" in sql]


@needs_postgres
def test_a_search_the_planner_misjudges_still_ranks_its_few_matches(client, monkeypatch):
    monkeypatch.setattr(fulltext, "planner_estimate", lambda queryset: 1_000_000)
    for n in range(3):
        StatementFactory(text=f"The war must end, number {n}{' war' * n}.")
    response = client.get("/quotes/", {"q": "war"})
    assert response.context["page"].count.value == 3
    assert response.context["search_ordering"] == "rank"


@needs_postgres
def test_an_explicit_sort_overrides_the_ranking_of_a_search(client):
    old = StatementFactory(text="War war war war.", date_said=datetime.date(2001, 1, 1))
    new = StatementFactory(text="The war.", date_said=datetime.date(2024, 1, 1))
    ranked = client.get("/quotes/", {"q": "war"}).context["page"]
    assert list(ranked) == [old, new]
    oldest = client.get("/quotes/", {"q": "war", "sort": "oldest"}).context["page"]
    assert list(oldest) == [old, new]
    newest = client.get("/quotes/", {"q": "war", "sort": "newest"}).context["page"]
    assert list(newest) == [new, old]
