"""A topic's page, /topics/<slug>/: its published statements, with the list's filters."""

import datetime

import pytest
from django.db import connection

from quotes.models import Statement
from tests.factories import CitationFactory, LeaderFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

# On PostgreSQL a filtered count first asks the planner's estimate (quotes/search/counts.py).
ESTIMATE = 1 if connection.vendor == "postgresql" else 0


def shown(response) -> list[str]:
    return [statement.text for statement in response.context["page"].object_list]


@pytest.fixture
def topic():
    topic = TopicFactory(name="Diplomacy", slug="diplomacy")
    trump = LeaderFactory(name="Donald Trump", slug="donald-trump")
    for text, day, speaker in [
        ("Talks went well.", datetime.date(2025, 6, 4), trump),
        ("We are ready to meet.", datetime.date(2025, 5, 1), None),
    ]:
        statement = StatementFactory(
            text=text, date_said=day, **({"speaker": speaker} if speaker else {})
        )
        statement.topics.add(topic)
    StatementFactory(text="Off topic.")
    StatementFactory(text="A draft.", status=Statement.Status.DRAFT).topics.add(topic)
    return topic


def test_it_lists_the_topics_published_statements_newest_first(client, topic):
    response = client.get(topic.get_absolute_url())
    assert shown(response) == ["Talks went well.", "We are ready to meet."]
    html = response.content.decode()
    assert "Diplomacy</h1>" in html
    assert "<title>Diplomacy · Verbatim</title>" in html
    assert "Off topic." not in html and "A draft." not in html


def test_its_statements_take_the_list_filters(client, topic):
    assert shown(client.get(topic.get_absolute_url(), {"speaker": "donald-trump"})) == [
        "Talks went well."
    ]
    assert shown(client.get(topic.get_absolute_url(), {"date_to": "2025-05-31"})) == [
        "We are ready to meet."
    ]


def test_the_topic_filter_is_left_out_since_the_page_fixes_it(client, topic):
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'name="topic"' not in html
    assert 'name="speaker"' in html


def test_an_unknown_topic_is_not_found(client, db):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_it_costs_the_same_few_queries_for_3_statements_as_for_30(
    client, django_assert_max_num_queries
):
    topic = TopicFactory()

    def add(count):
        for statement in StatementFactory.create_batch(count):
            statement.topics.add(topic)
            CitationFactory(statement=statement)

    add(3)
    # Without a cache (as here) the filters' choices are read for each page: topics,
    # publishers, events and languages; one counts the topic's statements by month (the
    # timeline). No card is cached either: the statements are read whole, after the list's ids
    # and dates, in one more query.
    # (The page reads of its statements what their cards' keys need: the test reads their words
    # after counting.)
    with django_assert_max_num_queries(15 + ESTIMATE) as few:
        response = client.get(topic.get_absolute_url())
    assert len(shown(response)) == 3
    add(27)
    with django_assert_max_num_queries(15 + ESTIMATE) as many:
        response = client.get(topic.get_absolute_url())
    assert len(shown(response)) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_topic_only_drafts_have_is_not_public(client, topic):
    private = TopicFactory(name="Secret talks", slug="secret-talks")
    StatementFactory(status=Statement.Status.DRAFT).topics.add(private)
    assert client.get(private.get_absolute_url()).status_code == 404
    for path in ["/quotes/", topic.get_absolute_url(), "/leaders/donald-trump/"]:
        html = client.get(path).content.decode()
        assert "Secret talks" not in html, path
    # Nor can it be chosen by hand: the filter refuses it like any unknown topic.
    response = client.get("/quotes/", {"topic": "secret-talks"})
    assert "No topic called “secret-talks”." in response.content.decode()
    assert shown(response) == []
