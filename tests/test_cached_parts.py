"""The parts of pages kept until the record changes: statement cards, result counts, the
record's version read, and the Redis backend that holds them in production.

A throwaway `_` parameter makes each request a page the page cache has not seen, as the first
reader of a new address would be, while the parts stay cached.
"""

import os
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import RecordVersion, Statement
from quotes.public import cards
from quotes.record.versions import current_version, record_changed
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
CARD_PARTS = (
    'FROM "quotes_officeheld"',
    'FROM "quotes_citation"',
    'JOIN "quotes_statement_topics"',
)


def fetched_card_parts(captured) -> list[str]:
    return [q["sql"] for q in captured if any(part in q["sql"] for part in CARD_PARTS)]


def counts(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]


def get(client, path, n, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {**params, "_": str(n)})
    assert response.status_code == 200
    return response.content.decode(), queries.captured_queries


@pytest.fixture
def cited():
    """Three published statements, each with an office, a topic and a publisher."""
    topic = TopicFactory(name="Energy", slug="energy")
    statements = []
    for n in range(3):
        citation = CitationFactory(
            statement__text=f"Words number {n}.", source__publisher=f"Publisher {n}"
        )
        OfficeHeldFactory(leader=citation.statement.speaker, title=f"Office {n}")
        citation.statement.topics.add(topic)
        statements.append(citation.statement)
    return statements


def test_cards_are_rendered_once_until_the_record_changes(client, page_cache, cited):
    first, first_queries = get(client, "/quotes/", 1)
    assert fetched_card_parts(first_queries)

    again, again_queries = get(client, "/quotes/", 2)
    assert not fetched_card_parts(again_queries)
    for n in range(3):
        for shown in (f"Words number {n}.", f"Publisher {n}", f"Office {n}", "Energy"):
            assert shown in again

    speaker = cited[0].speaker
    speaker.name = "Renamed Leader"
    speaker.save()
    after, after_queries = get(client, "/quotes/", 3)
    assert fetched_card_parts(after_queries)
    assert "Renamed Leader" in after


def test_each_variant_of_a_card_is_cached_apart(client, page_cache, cited):
    statement = cited[0]
    leader_page, _ = get(client, statement.speaker.get_absolute_url(), 1)
    source_page, _ = get(client, statement.citations.get().source.get_absolute_url(), 1)
    list_page, _ = get(client, "/quotes/", 1)

    assert 'class="speaker"' not in leader_page  # the leader's own page names them once
    assert "Reported by" not in source_page  # the source page is the source
    assert list_page.count('class="speaker"') == 3
    assert list_page.count("Reported by") == 3


@pytest.mark.skipif(not ON_POSTGRES, reason="search headlines need PostgreSQL")
def test_search_cards_are_cached_per_headline(client, page_cache):
    StatementFactory(text="We will retaliate against any attack on our energy.")
    retaliate, _ = get(client, "/quotes/", 1, q="retaliate")
    energy, _ = get(client, "/quotes/", 2, q="energy")
    assert "<mark>retaliate</mark>" in retaliate
    assert "<mark>energy</mark>" in energy
    assert "<mark>retaliate</mark>" not in energy


def test_a_count_is_made_once_until_the_record_changes(client, page_cache, cited):
    first, first_queries = get(client, "/quotes/", 1)
    assert counts(first_queries)
    assert "3 statements" in first

    again, again_queries = get(client, "/quotes/", 2)
    assert not counts(again_queries)
    assert "3 statements" in again

    StatementFactory(text="A fourth.")
    after, after_queries = get(client, "/quotes/", 3)
    assert counts(after_queries)
    assert "4 statements" in after


def test_different_filters_are_counted_apart(client, page_cache, cited):
    StatementFactory(text="Another.", kind=Statement.Kind.PARAPHRASE)
    everything, _ = get(client, "/quotes/", 1)
    paraphrases, _ = get(client, "/quotes/", 2, kind="paraphrase")
    assert "4 statements" in everything
    assert "1 statement" in paraphrases


def test_a_filter_that_selects_nothing_counts_nothing(client, page_cache, cited):
    html, queries = get(client, "/quotes/", 1, date_from="2025-13-45")
    assert not counts(queries)
    assert "0 statements" in html


def test_the_version_read_matches_the_stored_row(cited):
    record_changed()
    stored = RecordVersion.objects.get(pk=1)
    read = current_version()
    assert read.version == stored.version
    assert read.changed_at == stored.changed_at
    assert read.changed_at.tzinfo is not None


def test_an_empty_record_has_version_zero(db):
    RecordVersion.objects.all().delete()
    assert current_version().version == 0


@pytest.fixture
def redis_cache():
    """The production Redis backend on a key prefix of its own, when Redis is running."""
    import redis

    from quotes.reliability.cache import SharedClientRedisCache

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {url} (set REDIS_URL)")
    backend = SharedClientRedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["card", "other", "missing"])


def test_the_redis_backend_shares_one_client_and_round_trips(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool

    redis_cache.set_many({"card": "<article>…</article>", "other": 3}, 60)
    assert redis_cache.get_many(["card", "other", "missing"]) == {
        "card": "<article>…</article>",
        "other": 3,
    }
    redis_cache.delete("card")
    assert redis_cache.get("card") is None


def test_the_home_pages_ranking_is_counted_once_until_the_record_changes(client, page_cache):
    from django.utils import timezone

    today = timezone.localdate()
    first_leader = StatementFactory(date_said=today).speaker
    ranking_sql = 'COUNT("quotes_statement"."id") AS "recent_count"'

    html, queries = get(client, "/", 1)
    assert any(ranking_sql in q["sql"] for q in queries)
    again, queries = get(client, "/", 2)
    assert not any(ranking_sql in q["sql"] for q in queries)
    assert first_leader.name in again

    newcomer = StatementFactory(date_said=today, speaker__name="Newly Quoted").speaker
    StatementFactory(date_said=today, speaker=newcomer)
    after, _ = get(client, "/", 3)
    assert "Newly Quoted" in after


def statement_words_read(captured) -> list[str]:
    """The queries that read statements' words: whole rows, not only what a card's key needs."""
    return [q["sql"] for q in captured if '"quotes_statement"."text"' in q["sql"]]


def test_a_list_reads_whole_statements_only_for_the_cards_not_cached(client, page_cache, cited):
    first, first_queries = get(client, "/quotes/", 1)
    assert len(statement_words_read(first_queries)) == 1  # the three cards' rows, in one query

    again, again_queries = get(client, "/quotes/", 2)
    assert not statement_words_read(again_queries)
    assert again == first.replace("_=1", "_=2")

    edited = cited[1]
    edited.text = "Words written again."
    edited.save()
    after, after_queries = get(client, "/quotes/", 3)
    assert "Words written again." in after
    assert "Words number 0." in after
    # Only the edited statement's card is rendered again, from its whole row.
    (whole,) = statement_words_read(after_queries)
    assert f'"quotes_statement"."id" IN ({edited.pk})' in whole


def test_source_rows_are_cached_and_show_an_edited_source_at_once(client, page_cache, cited):
    source = cited[0].citations.get().source
    first, _ = get(client, "/sources/", 1)
    assert source.title in first and "Publisher 0" in first

    def rows_rendered(n) -> tuple[str, int]:
        real = cards.get_template
        rendered = []

        def spy(name):
            rendered.append(name)
            return real(name)

        with mock.patch.object(cards, "get_template", spy):
            html, _ = get(client, "/sources/", n)
        return html, rendered.count(cards.SOURCE_ROW_TEMPLATE)

    again, rendered = rows_rendered(2)
    assert rendered == 0
    assert again == first.replace("_=1", "_=2")

    source.title = "A title corrected"
    source.save()
    after, rendered = rows_rendered(3)
    assert rendered == 1
    assert "A title corrected" in after
    assert after.count('class="row-detail"') == 3


def countries_read(captured) -> list[str]:
    return [q["sql"] for q in captured if 'DISTINCT "quotes_leader"."country"' in q["sql"]]


def test_the_countries_offered_are_read_once_and_follow_a_new_leader_at_once(
    client, page_cache, cited
):
    first, first_queries = get(client, "/quotes/", 1, country="FR")
    assert len(countries_read(first_queries)) == 1
    assert '<option value="FR" selected>France</option>' in first
    again, again_queries = get(client, "/quotes/", 2, country="FR")
    assert not countries_read(again_queries)
    assert '<option value="NZ">' not in again

    LeaderFactory(name="Leader From Afar", country="NZ")
    after, after_queries = get(client, "/quotes/", 3, country="NZ")
    assert len(countries_read(after_queries)) == 1
    assert '<option value="NZ" selected>New Zealand</option>' in after
    assert "No leader in the record comes from" not in after
