"""The topic filter and the topic page, and on PostgreSQL the topic ids each statement carries
for them, kept by triggers as links change from either side (quotes/record/statement_topics.py)."""

import threading
import time

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from quotes.models import Statement, Topic
from quotes.ops.generate import generate_record
from quotes.record import statement_topics
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("quotes:statement_list")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the topic ids column and its triggers"
)
Link = Statement.topics.through


def listed(client, **filters) -> set[int]:
    response = client.get(LIST_URL, filters)
    assert response.status_code == 200
    return {statement.pk for statement in response.context["page"]}


def on_topic_page(client, topic, **filters) -> set[int]:
    response = client.get(topic.get_absolute_url(), filters)
    assert response.status_code == 200
    return {statement.pk for statement in response.context["page"]}


def from_links() -> dict[int, list[int]]:
    """What each statement's topic ids are, read through its links."""
    found: dict[int, list[int]] = {pk: [] for pk in Statement.objects.values_list("pk", flat=True)}
    for statement_id, topic_id in Link.objects.order_by("topic_id").values_list(
        "statement_id", "topic_id"
    ):
        found[statement_id].append(topic_id)
    return found


def carried() -> dict[int, list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {statement_topics.COLUMN} FROM quotes_statement")
        return {pk: list(ids) for pk, ids in cursor.fetchall()}


@pytest.fixture
def linked():
    war = TopicFactory(name="War", slug="war")
    trade = TopicFactory(name="Trade", slug="trade")
    first = StatementFactory(channel=Statement.Channel.SPEECH)
    second = StatementFactory(channel=Statement.Channel.INTERVIEW)
    third = StatementFactory(channel=Statement.Channel.SPEECH)
    first.topics.add(war)
    second.topics.add(war, trade)
    return {"war": war, "trade": trade, "first": first, "second": second, "third": third}


def test_the_topic_filter_lists_the_topics_statements(client, linked):
    assert listed(client, topic="war") == {linked["first"].pk, linked["second"].pk}
    assert listed(client, topic="trade") == {linked["second"].pk}


def test_the_topic_combines_with_a_channel_and_a_publisher(client, linked):
    CitationFactory(statement=linked["second"], source=SourceFactory(publisher="TASS"))
    assert listed(client, topic="war", channel="speech") == {linked["first"].pk}
    assert listed(client, topic="war", publisher="TASS") == {linked["second"].pk}
    assert listed(client, topic="trade", channel="speech") == set()
    assert on_topic_page(client, linked["war"], channel="speech") == {linked["first"].pk}
    assert on_topic_page(client, linked["war"], publisher="TASS") == {linked["second"].pk}


def test_the_topic_combines_with_a_speaker_a_country_and_a_leaders_page(client, linked):
    finn = LeaderFactory(name="Aino Virtanen", slug="aino-virtanen", country="FI")
    other = LeaderFactory(name="Ilmari Korhonen", slug="ilmari-korhonen", country="FI")
    by_finn = StatementFactory(speaker=finn)
    by_other = StatementFactory(speaker=other)
    by_finn.topics.add(linked["war"])
    by_other.topics.add(linked["war"], linked["trade"])
    assert listed(client, topic="war", speaker="aino-virtanen") == {by_finn.pk}
    both = {by_finn.pk, by_other.pk}
    assert listed(client, topic="war", speaker=["aino-virtanen", "ilmari-korhonen"]) == both
    assert listed(client, topic="war", country="FI") == both
    assert listed(client, topic="trade", country="FI") == {by_other.pk}
    response = client.get(finn.get_absolute_url(), {"topic": "trade"})
    assert [statement.pk for statement in response.context["page"]] == []
    response = client.get(other.get_absolute_url(), {"topic": "trade"})
    assert [statement.pk for statement in response.context["page"]] == [by_other.pk]


def test_a_statement_with_two_topics_is_listed_once(client, linked):
    linked["first"].topics.add(linked["trade"])
    response = client.get(LIST_URL, {"topic": "trade"})
    pks = [statement.pk for statement in response.context["page"]]
    assert sorted(pks) == sorted({linked["first"].pk, linked["second"].pk})
    assert response.context["page"].count.value == 2


def test_topics_added_and_removed_from_the_statement_side_follow(client, linked):
    third = linked["third"]
    third.topics.add(linked["trade"])
    assert listed(client, topic="trade") == {linked["second"].pk, third.pk}
    linked["second"].topics.remove(linked["trade"])
    assert listed(client, topic="trade") == {third.pk}
    third.topics.set([linked["war"]])
    assert listed(client, topic="trade") == set()
    everyone = {linked[name].pk for name in ("first", "second", "third")}
    assert on_topic_page(client, linked["war"]) == everyone
    linked["second"].topics.clear()
    assert on_topic_page(client, linked["war"]) == {linked["first"].pk, third.pk}


def test_statements_added_and_removed_from_the_topic_side_follow(client, linked):
    trade = linked["trade"]
    trade.statements.add(linked["first"], linked["third"])
    everyone = {linked[name].pk for name in ("first", "second", "third")}
    assert listed(client, topic="trade") == everyone
    trade.statements.remove(linked["second"])
    assert listed(client, topic="trade") == {linked["first"].pk, linked["third"].pk}
    trade.statements.set([linked["third"]])
    assert on_topic_page(client, trade) == {linked["third"].pk}
    linked["war"].statements.clear()
    assert listed(client, topic="war") == set()


def unpublished(statement: Statement) -> Statement:
    """The statement taken off the record first, as a published one cannot be deleted."""
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.DRAFT)
    statement.refresh_from_db()
    return statement


def test_a_deleted_statement_or_topic_leaves_the_others_listed(client, linked):
    unpublished(linked["first"]).delete()
    assert listed(client, topic="war") == {linked["second"].pk}
    linked["trade"].delete()
    assert listed(client, topic="war") == {linked["second"].pk}
    assert listed(client, channel="interview") == {linked["second"].pk}


def test_drafts_stay_out_of_a_topic_list(client, linked):
    StatementFactory(status=Statement.Status.DRAFT).topics.add(linked["trade"])
    assert listed(client, topic="trade") == {linked["second"].pk}
    assert on_topic_page(client, linked["trade"]) == {linked["second"].pk}


@postgres_only
def test_each_statement_carries_its_topics_through_every_kind_of_change(linked):
    war, trade = linked["war"], linked["trade"]
    peace = TopicFactory(name="Peace", slug="peace")
    linked["third"].topics.set([trade, peace, war])
    assert carried()[linked["third"].pk] == sorted([war.pk, trade.pk, peace.pk])
    peace.statements.set([linked["first"]])
    trade.statements.clear()
    Link.objects.filter(statement=linked["second"], topic=war).update(topic=peace)
    Link.objects.filter(statement=linked["third"]).update(statement=linked["second"])
    assert carried() == from_links()
    assert carried()[linked["third"].pk] == []
    assert carried()[linked["second"].pk] == sorted([war.pk, peace.pk])
    unpublished(linked["first"]).delete()
    peace.delete()
    assert carried() == from_links()
    assert carried()[linked["second"].pk] == [war.pk]
    assert not Topic.objects.filter(pk=peace.pk).exists()


def waits_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_transactions_linking_one_statement_at_once_keep_both_topics():
    statement, war, trade = StatementFactory(), TopicFactory(), TopicFactory()
    link = "INSERT INTO quotes_statement_topics (statement_id, topic_id) VALUES (%s, %s)"
    first = psycopg2.connect(**connection.get_connection_params())
    second = psycopg2.connect(**connection.get_connection_params())
    try:
        with first.cursor() as cursor:
            cursor.execute(link, [statement.pk, war.pk])  # not committed yet

        def link_trade():
            with second.cursor() as cursor:
                cursor.execute(link, [statement.pk, trade.pk])
            second.commit()

        other = threading.Thread(target=link_trade)
        other.start()
        deadline = time.monotonic() + 10
        while not waits_for_a_lock(second.get_backend_pid()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert waits_for_a_lock(second.get_backend_pid())
        first.commit()
        other.join(10)
        assert not other.is_alive()
    finally:
        first.close()
        second.close()
    assert carried()[statement.pk] == sorted([war.pk, trade.pk])


@postgres_only
def test_the_column_its_triggers_and_the_index_are_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'verbatim_topics_%%'"
            " AND NOT tgisinternal"
        )
        triggers = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE indexname IN ('statement_carried_filters', 'statement_publishers_choices')"
        )
        indexes = dict(cursor.fetchall())
    assert triggers == {
        "verbatim_topics_linked",
        "verbatim_topics_unlinked",
        "verbatim_topics_relinked",
    }
    # The index of migration 0016 is replaced by one that holds the topics too.
    assert list(indexes) == ["statement_carried_filters"]
    index = indexes["statement_carried_filters"]
    assert "USING gin (topic_ids, publishers, kind, channel, verification, speaker_id)" in index
    assert "WHERE ((status)::text = 'published'::text)" in index


@postgres_only
def test_the_topic_filter_is_the_carried_column_on_postgresql(linked):
    sql = str(Statement.objects.published().about(linked["war"]).query)
    assert f"{statement_topics.COLUMN} @> ARRAY[{linked['war'].pk}]::bigint[]" in sql
    assert "quotes_statement_topics" not in sql


@postgres_only
def test_the_speakers_are_compared_as_bigints_which_the_gin_index_answers(linked):
    one_sql, one_params = Statement.objects.spoken_by([7]).query.sql_with_params()
    several_sql, several_params = Statement.objects.spoken_by([7, 9]).query.sql_with_params()
    assert '"quotes_statement".speaker_id = %s::bigint' in one_sql and one_params == (7,)
    assert '"quotes_statement".speaker_id = ANY(%s::bigint[])' in several_sql
    assert several_params == ([7, 9],)
    first, second = linked["first"], linked["second"]
    both = Statement.objects.spoken_by([first.speaker_id, second.speaker_id])
    assert set(both) == {first, second}


@postgres_only
def test_generated_statements_carry_their_topics_and_the_trigger_is_back_on():
    generate_record(statements=300, leaders=5, seed=3, progress=lambda message: None)
    assert carried() == from_links()
    assert any(carried().values())
    statement = Statement.objects.order_by("pk").first()
    topic = TopicFactory()
    statement.topics.add(topic)
    assert topic.pk in carried()[statement.pk]
