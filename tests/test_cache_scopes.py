"""A change to the record reaches the cached pages that show it, and no other.

A page served from the cache costs only the read of its scopes' versions (one query; a
statement's page one more, for its speaker and sources), so "still cached" is asserted as "no
more queries than that" and "reached" as "the page shows the change".
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import CacheScope, Statement
from quotes.record import cache_scopes
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, path) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


def served_from_cache(client, path) -> bool:
    count, _ = queries_for(client, path)
    return count <= (2 if path.startswith("/quotes/") and path != "/quotes/" else 1)


@pytest.fixture
def record(page_cache, client):
    """Two leaders with a statement each, on two topics, from two sources; every page seen
    once so that it is in the cache."""
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")
    lula = LeaderFactory(name="Lula da Silva", slug="lula-da-silva")
    energy, trade = (
        TopicFactory(name="Energy", slug="energy"),
        TopicFactory(name="Trade", slug="trade"),
    )
    tass, reuters = SourceFactory(publisher="TASS"), SourceFactory(publisher="Reuters")
    first = CitationFactory(
        statement__speaker=putin, statement__text="The first words.", source=tass
    ).statement
    first.topics.add(energy)
    second = CitationFactory(
        statement__speaker=lula, statement__text="The second words.", source=reuters
    ).statement
    second.topics.add(trade)
    pages = {
        "list": "/quotes/",
        "home": "/",
        "putin": "/leaders/vladimir-putin/",
        "lula": "/leaders/lula-da-silva/",
        "energy": "/topics/energy/",
        "trade": "/topics/trade/",
        "tass": f"/sources/{tass.pk}/",
        "reuters": f"/sources/{reuters.pk}/",
        "first": first.get_absolute_url(),
        "second": second.get_absolute_url(),
        "putin-feed": "/leaders/vladimir-putin/feed.rss",
        "leaders": "/leaders/",
    }
    for path in pages.values():
        queries_for(client, path)
    return {
        "putin": putin,
        "lula": lula,
        "energy": energy,
        "trade": trade,
        "tass": tass,
        "reuters": reuters,
        "first": first,
        "second": second,
        "pages": pages,
    }


def publish_for(leader, text, source, topic=None):
    statement = CitationFactory(
        statement__speaker=leader, statement__text=text, source=source
    ).statement
    if topic is not None:
        statement.topics.add(topic)
    return statement


def test_every_page_is_served_from_the_cache_once_seen(client, record):
    for path in record["pages"].values():
        assert served_from_cache(client, path), path


def test_a_publication_reaches_its_own_pages_and_leaves_the_others_cached(client, record):
    pages = record["pages"]
    publish_for(record["putin"], "Brand new words.", record["tass"], topic=record["energy"])

    for name in ("list", "home", "putin", "energy", "tass", "first", "putin-feed"):
        _, html = queries_for(client, pages[name])
        if name == "first":  # the speaker's timeline around the first statement
            assert "Brand new words" in html, name
        else:
            assert "Brand new words." in html, name
    _, directory = queries_for(client, pages["leaders"])
    assert "2 statements" in directory or ">2<" in directory
    for name in ("lula", "trade", "reuters", "second"):
        assert served_from_cache(client, pages[name]), name


def test_a_draft_reaches_no_page(client, record):
    before = list(CacheScope.objects.order_by("name").values_list("name", "version"))
    draft = StatementFactory(
        speaker=record["putin"], text="Not yet.", status=Statement.Status.DRAFT, cited=False
    )
    CitationFactory(statement=draft, source=record["tass"])
    draft.topics.add(record["energy"])
    draft.context = "Edited again."
    draft.save()
    draft.delete()
    assert list(CacheScope.objects.order_by("name").values_list("name", "version")) == before
    for path in record["pages"].values():
        assert served_from_cache(client, path), path


def test_a_renamed_leader_reaches_every_page(client, record):
    record["lula"].name = "Luiz Inácio Lula da Silva"
    record["lula"].save()
    for name in ("list", "lula", "trade", "reuters"):
        _, html = queries_for(client, record["pages"][name])
        assert "Luiz Inácio Lula da Silva" in html, name
    # The statement's address names its speaker: the old one moves to the new.
    assert client.get(record["pages"]["second"]).status_code == 301


def test_a_statement_given_to_another_speaker_leaves_both_pages(client, record):
    first = record["first"]
    first.speaker = record["lula"]
    first.save()
    _, putin_page = queries_for(client, record["pages"]["putin"])
    _, lula_page = queries_for(client, record["pages"]["lula"])
    assert "The first words." not in putin_page
    assert "The first words." in lula_page


def test_a_topic_added_from_the_topic_side_reaches_the_topic_page_and_the_card(client, record):
    record["trade"].statements.add(record["first"])
    _, trade_page = queries_for(client, record["pages"]["trade"])
    assert "The first words." in trade_page
    _, putin_page = queries_for(client, record["pages"]["putin"])
    assert 'href="/topics/trade/"' in putin_page  # the card on the leader's page shows it
    record["trade"].statements.clear()
    # No published statement left on the topic: its page is gone, not served from the cache.
    assert client.get(record["pages"]["trade"]).status_code == 404


def test_a_new_citation_changes_the_card_wherever_it_is_shown(client, record):
    CitationFactory(statement=record["first"], source=SourceFactory(publisher="Kremlin"))
    for name in ("list", "putin", "energy"):
        _, html = queries_for(client, record["pages"][name])
        assert "Kremlin" in html, name


def test_a_new_publisher_reaches_the_filter_form_of_every_leader_page(client, record):
    publish_for(record["putin"], "Words from a new outlet.", SourceFactory(publisher="Xinhua"))
    # Lula's page does not show the statement, but its filter form offers the new publisher.
    _, html = queries_for(client, record["pages"]["lula"])
    assert '<option value="Xinhua">Xinhua</option>' in html
    assert "Words from a new outlet." not in html


def test_a_withdrawal_reaches_the_pages(client, record):
    first = record["first"]
    first.status = Statement.Status.DRAFT
    first.save()
    for name in ("list", "putin"):
        _, html = queries_for(client, record["pages"][name])
        assert "The first words." not in html, name
    # Their only published statement withdrawn, the topic's and the source's pages are gone.
    for name in ("energy", "tass"):
        assert client.get(record["pages"][name]).status_code == 404, name
    # Lula's page still holds the second statement in the cache; a withdrawal reaches it.
    second = record["second"]
    second.status = Statement.Status.DRAFT
    second.save()
    _, html = queries_for(client, record["pages"]["lula"])
    assert "The second words." not in html


def test_a_scope_is_created_at_its_first_change_and_counts_every_one():
    cache_scopes.bump(["leader:someone", "statements"])
    cache_scopes.bump(["leader:someone"])
    assert CacheScope.objects.get(name="leader:someone").version == 2


def test_a_change_no_signal_sees_is_announced_to_every_page(client, record):
    Statement.objects.filter(pk=record["second"].pk).update(text="Changed in bulk.")
    cache_scopes.everything_changed()
    for name in ("list", "lula", "trade", "reuters"):
        _, html = queries_for(client, record["pages"][name])
        assert "Changed in bulk." in html, name
