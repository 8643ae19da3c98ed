"""A list that only its page's own condition narrows shows a large estimate without counting;
a filtered list always counts first (an estimate of a combination can be far off), but where the
estimate is large only far enough to confirm it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.search import counts
from tests.factories import StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    topic = TopicFactory(name="Trade", slug="trade")
    for n in range(3):
        StatementFactory(text=f"Words {n}.", kind="direct").topics.add(topic)
    return topic


def counts_in(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]


def test_a_large_estimate_of_an_unfiltered_list_is_shown_without_a_count(
    client, topic, monkeypatch
):
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 123_456)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/topics/trade/").content.decode()
    assert "about 120,000 statements" in html  # two significant figures
    assert not counts_in(captured.captured_queries)


def test_a_filtered_list_counts_whatever_the_estimate(client, topic, monkeypatch):
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 123_456)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/topics/trade/", {"kind": "direct"}).content.decode()
    assert counts_in(captured.captured_queries)
    assert "3 statements" in html
    assert "123,456" not in html


def test_a_large_estimate_of_a_filtered_list_is_shown_once_a_thousand_are_found(
    client, monkeypatch
):
    topic = TopicFactory(name="Trade", slug="trade")
    for n in range(5):
        StatementFactory(text=f"Words {n}.", kind="direct").topics.add(topic)
    monkeypatch.setattr(counts, "CONFIRMED_ESTIMATE", 3)
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 123_456)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/topics/trade/", {"kind": "direct"}).content.decode()
    (count,) = counts_in(captured.captured_queries)
    assert "LIMIT 4" in count  # not the 10,001 of an ordinary bounded count
    assert "about 120,000 statements" in html


@pytest.mark.parametrize("estimate", [counts.DENSE_ESTIMATE, 90_739])
def test_a_dense_estimate_below_the_trusted_one_is_confirmed_with_a_thousand(
    client, topic, monkeypatch, estimate
):
    """Counted to 10,001, such a list gathered every match in a bitmap (91,447 entries for
    `?verification=verified&publisher=…` at a million statements)."""
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: estimate)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/topics/trade/", {"kind": "direct"}).content.decode()
    (count,) = counts_in(captured.captured_queries)
    assert f"LIMIT {counts.CONFIRMED_ESTIMATE + 1}" in count
    assert "3 statements" in html  # fewer than confirmed: the exact count


def test_an_estimate_just_below_dense_counts_to_the_exact_limit(client, topic, monkeypatch):
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: counts.DENSE_ESTIMATE - 1)
    with CaptureQueriesContext(connection) as captured:
        client.get("/topics/trade/", {"kind": "direct"})
    (count,) = counts_in(captured.captured_queries)
    assert f"LIMIT {counts.EXACT_COUNT_LIMIT + 1}" in count


def test_a_filtered_list_expected_large_but_found_small_shows_the_exact_count(
    client, topic, monkeypatch
):
    monkeypatch.setattr(counts, "CONFIRMED_ESTIMATE", 3)
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 123_456)
    html = client.get("/topics/trade/", {"kind": "direct"}).content.decode()
    assert "3 statements" in html
    assert "120,000" not in html


def test_a_filtered_list_with_an_ordinary_estimate_counts_to_the_exact_limit(
    client, topic, monkeypatch
):
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 5_000)
    with CaptureQueriesContext(connection) as captured:
        client.get("/topics/trade/", {"kind": "direct"})
    (count,) = counts_in(captured.captured_queries)
    assert f"LIMIT {counts.EXACT_COUNT_LIMIT + 1}" in count


def test_a_small_estimate_is_confirmed_by_a_count(client, topic, monkeypatch):
    monkeypatch.setattr(counts, "planner_estimate", lambda queryset: 40)
    html = client.get("/topics/trade/").content.decode()
    assert "3 statements" in html
