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
def test_a_search_narrowed_by_a_leader_reads_the_words_matches_then_the_leaders_among_them(
    client, monkeypatch
):
    """With a prolific leader the filters' index gave PostgreSQL the leader's every statement
    to intersect with the word's few matches (147,331 entries read at a million statements):
    the word's matches are read alone, then the leader's published ones among them by id."""
    # As at a million statements: the leader's filter leaves a tenth of the word's matches
    # (a table of a few rows gives the planner nothing to tell them apart by).
    monkeypatch.setattr(
        fulltext,
        "planner_estimate",
        lambda queryset: 100 if "speaker_id" in str(queryset.query).split("WHERE")[1] else 1_000,
    )
    leader = LeaderFactory(slug="the-leader")
    mine = [StatementFactory(speaker=leader, text=f"Rapprochement is near, {n}.") for n in (1, 2)]
    StatementFactory(
        speaker=leader, text="A rapprochement in draft.", status=Statement.Status.DRAFT
    )
    StatementFactory(speaker=leader, text="Nothing about it.")
    StatementFactory(text="Another leader's rapprochement.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/quotes/", {"q": "rapprochement", "speaker": "the-leader"})
    assert {s.pk for s in response.context["page"]} == {s.pk for s in mine}
    assert response.context["page"].count.value == 2
    searched = [sql for sql in text_matches(captured) if "@@" in sql.split("WHERE", 1)[1]]
    assert len(searched) == 1 and "speaker_id" not in searched[0].split("WHERE", 1)[1]
    by_ids = [
        q["sql"] for q in captured.captured_queries if "= ANY(" in q["sql"] and "@@" not in q["sql"]
    ]
    assert by_ids and "speaker_id" in by_ids[0]


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


def ranked_by_postgres(leader, words: str) -> list[int]:
    """The order the page gives a search's few matches, as PostgreSQL ranks them."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    query = SearchQuery(words, search_type="websearch", config=fulltext.SEARCH_CONFIG)
    return list(
        Statement.objects.published()
        .filter(speaker=leader, search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-date_said", "-id")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def war_statements():
    """25 statements of one leader about war, more or less (two pages of matches), and a few
    that do not match."""
    leader = LeaderFactory(slug="the-leader")
    start = datetime.date(2020, 1, 1)
    for n in range(25):
        StatementFactory(
            speaker=leader,
            text=f"On the war{' and the war' * (n % 7)}, number {n}.",
            date_said=start + datetime.timedelta(days=n % 5),
        )
    StatementFactory(speaker=leader, text="Nothing about fighting.")
    return leader


@needs_postgres
def test_a_ranked_search_is_paged_in_its_ranked_order(client, page_cache, war_statements):
    url = f"/leaders/{war_statements.slug}/"
    first = client.get(url, {"q": "war"})
    second = client.get(url, {"q": "war", "page": "2"})
    assert first.context["search_ordering"] == second.context["search_ordering"] == "rank"
    shown = [s.pk for s in first.context["page"]] + [s.pk for s in second.context["page"]]
    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 5
    assert shown == ranked_by_postgres(war_statements, "war")
    assert second.context["page"].count.value == 25
    assert "<mark>war</mark>" in second.content.decode()
    # Past the end: the last page, as every list paged by number.
    beyond = client.get(url, {"q": "war", "page": "9"})
    assert [s.pk for s in beyond.context["page"]] == shown[20:]


@needs_postgres
def test_a_page_of_a_ranked_search_reads_only_its_own_rows(client, page_cache, war_statements):
    """Once ranked (kept until the record changes), a page is read by its own twenty ids: no
    query ranks every match again, none carries the ids of them all, and the planner is not
    asked again what to expect of the words, nor are their matches looked for."""
    url = f"/leaders/{war_statements.slug}/"
    client.get(url, {"q": "war"})
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, {"q": "war", "page": "2"}).context["page"]
    assert len(page) == 5
    queries = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in queries if "ts_rank" in sql and "ORDER BY" in sql], queries
    assert not [sql for sql in queries if "= ANY(" in sql]
    assert not [sql for sql in queries if sql.startswith("EXPLAIN") or " @@ " in sql]
    (rows,) = [sql for sql in queries if "ts_headline" in sql]
    assert all(str(s.pk) in rows.split(" IN (", 1)[1] for s in page)


@needs_postgres
def test_a_ranked_search_is_ranked_again_after_a_change(client, page_cache, war_statements):
    url = f"/leaders/{war_statements.slug}/"
    client.get(url, {"q": "war", "page": "2"})
    loudest = StatementFactory(speaker=war_statements, text="War, war, war, war and war: war " * 3)
    page = client.get(url, {"q": "war"}).context["page"]
    assert page.object_list[0] == loudest
    assert page.count.value == 26


@needs_postgres
def test_the_same_matches_found_by_other_words_are_ranked_by_those_words(client, page_cache):
    leader = LeaderFactory(slug="the-leader")
    peace = StatementFactory(speaker=leader, text="Peace, peace and peace; then war.")
    war = StatementFactory(speaker=leader, text="War, war and war; then peace.")
    url = f"/leaders/{leader.slug}/"
    assert list(client.get(url, {"q": "peace war"}).context["page"])  # both words, both rows
    assert list(client.get(url, {"q": "war"}).context["page"]) == [war, peace]
    assert list(client.get(url, {"q": "peace"}).context["page"]) == [peace, war]


def test_a_list_whose_order_is_known_as_ids_is_paged_by_them(rf, many_statements):
    """`paginate_by_number` on a queryset that gives its ids in order: each page is its share of
    the ids, its rows read by id in that order; numbers past the end show the last page."""
    from quotes.public.pagination import paginate_by_number
    from quotes.search.counts import with_ordered_ids

    order = [s.pk for s in many_statements[::-1]]
    order = order[1::2] + order[::2]  # any order but the rows' own
    rows = Statement.objects.all()
    listed = with_ordered_ids(rows.order_by("id"), lambda: order, rows)
    pages = [paginate_by_number(rf.get("/", {"page": n}), listed, per_page=5) for n in (1, 2, 3)]
    assert [[s.pk for s in page] for page in pages] == [order[:5], order[5:10], order[10:]]
    assert [page.count.value for page in pages] == [12, 12, 12]
    assert pages[0].next_query == "page=2" and pages[2].next_query is None
    last = paginate_by_number(rf.get("/", {"page": "99"}), listed, per_page=5)
    assert [s.pk for s in last] == order[10:]
    with CaptureQueriesContext(connection) as captured:
        paginate_by_number(rf.get("/", {"page": "2"}), listed, per_page=5)
    (query,) = captured.captured_queries
    assert "ORDER BY" not in query["sql"]


@needs_postgres
def test_a_search_its_filters_hardly_narrow_reads_its_matches_once(client, monkeypatch):
    monkeypatch.setattr(fulltext, "planner_estimate", lambda queryset: 1_000)
    leader = LeaderFactory(slug="the-leader")
    StatementFactory(speaker=leader, text="Rapprochement is near.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/quotes/", {"q": "rapprochement", "speaker": "the-leader"})
    assert response.context["page"].count.value == 1
    searched = [sql for sql in text_matches(captured) if "@@" in sql.split("WHERE", 1)[1]]
    assert len(searched) == 1 and "speaker_id" in searched[0].split("WHERE", 1)[1]
