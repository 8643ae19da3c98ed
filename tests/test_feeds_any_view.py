"""Every statements list can be followed as an Atom and an RSS feed, as the reader filtered it.

A list's feed holds the list's newest statements with the same filters, says what it follows
in its title, refuses filters the list would refuse (400, with the reason), is valid Atom 1.0 or
RSS 2.0 whatever the record's text, and is cached under the list's scopes and filters only.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import Statement
from quotes.public import feeds
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Markup, an XML section end, quotes, a control character and a bidirectional override.
HOSTILE = '<script>alert(1)</script> ]]> & "quoted" \x08 \u202e'
STATEMENT_ADDRESS = re.compile(r"/quotes/(\d+)-")


@pytest.fixture
def record():
    """Two leaders of two countries, two topics, two publishers, statements on many days."""
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    macron = LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country="FR")
    energy = TopicFactory(name="Energy", slug="energy")
    trade = TopicFactory(name="Trade", slug="trade")
    tass = SourceFactory(publisher="TASS")
    made = []
    for number in range(36):
        speaker = putin if number % 3 else macron
        statement = CitationFactory(
            statement__speaker=speaker,
            statement__text=f"Words number {number} about {'gas' if number % 2 else 'tariffs'}.",
            statement__date_said=datetime.date(2025, 1, 1) + datetime.timedelta(days=number // 2),
            statement__kind="direct" if number % 4 else "paraphrase",
            source=tass if number % 5 == 0 else SourceFactory(publisher="Reuters"),
        ).statement
        statement.topics.add(energy if number % 2 else trade)
        made.append(statement)
    StatementFactory(speaker=putin, text="A draft about gas.", status="draft")
    return {
        "putin": putin,
        "macron": macron,
        "energy": energy,
        "trade": trade,
        "tass": tass,
        "made": made,
    }


def feed_ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:500]
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    else:
        links = [item.findtext("link") for item in root.iter("item")]
    return [int(STATEMENT_ADDRESS.search(link).group(1)) for link in links]


def list_ids(client, path, query, limit) -> list[int]:
    """The ids a reader sees paging through the list, page after page, up to `limit`."""
    ids = []
    response = client.get(path, query)
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        ids += [statement.pk for statement in page]
        if len(ids) >= limit or not page.next_query:
            return ids[:limit]
        response = client.get(f"{path}?{page.next_query}")


# (the list's page, its feed without the extension, the filters)
LISTS = {
    "statements": ("/quotes/", "/quotes/feed", {}),
    "statements by a speaker since a date": (
        "/quotes/",
        "/quotes/feed",
        {"speaker": "vladimir-putin", "date_from": "2025-01-06"},
    ),
    "statements of a country on a topic": (
        "/quotes/",
        "/quotes/feed",
        {"country": "RU", "topic": "energy"},
    ),
    "statements of several speakers of one kind": (
        "/quotes/",
        "/quotes/feed",
        {"speaker": ["vladimir-putin", "emmanuel-macron"], "kind": "direct"},
    ),
    "a search": ("/quotes/", "/quotes/feed", {"q": "gas"}),
    "a search from a publisher": (
        "/quotes/",
        "/quotes/feed",
        {"q": "tariffs", "publisher": "TASS"},
    ),
    "the first feed's address, filtered": ("/quotes/", "/feeds/latest", {"topic": "trade"}),
    "a leader's page": ("/leaders/vladimir-putin/", "/leaders/vladimir-putin/feed", {}),
    "a leader's page filtered": (
        "/leaders/vladimir-putin/",
        "/leaders/vladimir-putin/feed",
        {"topic": "energy", "date_to": "2025-01-15"},
    ),
    "a topic's page": ("/topics/energy/", "/topics/energy/feed", {}),
    "a topic's page searched": ("/topics/energy/", "/topics/energy/feed", {"q": "gas"}),
}


@pytest.mark.parametrize("syndication", ["atom", "rss"])
@pytest.mark.parametrize("name", LISTS)
def test_a_feed_holds_exactly_the_lists_newest_statements(client, record, name, syndication):
    page, feed, query = LISTS[name]
    shown = list_ids(client, page, query, feeds.FEED_SIZE)
    assert shown, "the list is empty: the test would prove nothing"
    in_feed = feed_ids(client.get(f"{feed}.{syndication}", query))
    if "q" in query:  # a search may be ranked on its page; its feed follows the newest
        newest = Statement.objects.filter(pk__in=shown).order_by("-date_said", "-id")
        shown = list(newest.values_list("pk", flat=True))
    assert in_feed == shown


def test_a_feed_stops_at_its_size_with_the_lists_first_statements(client, record, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 7)
    query = {"speaker": "vladimir-putin"}
    in_feed = feed_ids(client.get("/quotes/feed.atom", query))
    assert in_feed == list_ids(client, "/quotes/", query, 7)
    everything = Statement.objects.published().filter(speaker=record["putin"])
    assert everything.count() > 7


def test_a_feed_ignores_the_lists_page_and_order(client, record):
    newest = feed_ids(client.get("/quotes/feed.rss"))
    query = {"sort": "oldest", "after": "2025-01-10.5", "page": "3", "last": "1"}
    assert feed_ids(client.get("/quotes/feed.rss", query)) == newest


def test_a_sources_feed_holds_the_statements_of_its_page_newest_first(client, record):
    tass = record["tass"]
    page = client.get(f"/sources/{tass.pk}/")
    on_page = [citation.statement_id for citation in page.context["citations"]]
    in_feed = feed_ids(client.get(f"/sources/{tass.pk}/feed.atom"))
    assert sorted(in_feed) == sorted(on_page) and len(in_feed) == 8
    dates = [Statement.objects.get(pk=pk).date_said for pk in in_feed]
    assert dates == sorted(dates, reverse=True)


def feed_title(response) -> str:
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        return root.findtext(f"{ATOM}title")
    return root.find("channel").findtext("title")


@pytest.mark.parametrize(
    "path, query, title",
    [
        ("/quotes/feed.atom", {}, "Verbatim: the latest statements"),
        (
            "/quotes/feed.atom",
            {"speaker": "vladimir-putin", "topic": "energy", "date_from": "2025-06-01"},
            "Verbatim: statements by Vladimir Putin about Energy since 1 June 2025",
        ),
        (
            "/quotes/feed.rss",
            {
                "speaker": ["Putin", "emmanuel-macron"],
                "date_from": "2025-01-01",
                "date_to": "2025-01-31",
            },
            "Verbatim: statements by Vladimir Putin and Emmanuel Macron "
            "from 1 January 2025 to 31 January 2025",
        ),
        (
            "/quotes/feed.rss",
            {"country": "RU", "q": "gas  prices", "publisher": "TASS", "kind": "direct"},
            "Verbatim: statements by leaders of Russia matching “gas prices” "
            "reported by TASS (direct quote)",
        ),
        (
            "/quotes/feed.rss",
            {"mentioned": "emmanuel-macron", "date_to": "2025-02-01", "channel": "speech"},
            "Verbatim: statements mentioning Emmanuel Macron until 1 February 2025 (speech)",
        ),
        ("/leaders/vladimir-putin/feed.rss", {}, "Verbatim: statements by Vladimir Putin"),
        (
            "/leaders/vladimir-putin/feed.atom",
            {"topic": "trade", "verification": "verified"},
            "Verbatim: statements by Vladimir Putin about Trade (verified)",
        ),
        (
            "/topics/energy/feed.atom",
            {"q": "gas"},
            "Verbatim: statements about Energy matching “gas”",
        ),
    ],
)
def test_a_feeds_title_says_what_it_follows(client, record, path, query, title):
    assert feed_title(client.get(path, query)) == title


def test_a_sources_feed_is_titled_after_the_source(client, record):
    tass = record["tass"]
    title = feed_title(client.get(f"/sources/{tass.pk}/feed.rss"))
    assert title == f"Verbatim: statements cited from “{tass.title}” (TASS)"


@pytest.mark.parametrize(
    "path, query, field",
    [
        ("/quotes/feed.atom", {"date_from": "2025-13-45"}, "date_from"),
        ("/quotes/feed.rss", {"speaker": "nobody-of-that-name-at-all"}, "speaker"),
        ("/quotes/feed.rss", {"topic": "no-such-topic"}, "topic"),
        ("/quotes/feed.rss", {"kind": "shouted"}, "kind"),
        ("/quotes/feed.atom", {"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ("/quotes/feed.atom", {"q": "x" * 201}, "q"),
        ("/feeds/latest.rss", {"country": "XX"}, "country"),
        ("/leaders/vladimir-putin/feed.rss", {"publisher": "Nobody's Gazette"}, "publisher"),
        ("/topics/energy/feed.atom", {"mentioned": "nobody-of-that-name-at-all"}, "mentioned"),
    ],
)
def test_a_filter_the_list_would_refuse_is_a_clear_400(client, record, path, query, field):
    response = client.get(path, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("The filters could not be used:")
    assert f"{field}:" in text


@pytest.mark.parametrize(
    "path",
    [
        "/leaders/nobody/feed.rss",
        "/leaders/nobody/feed.atom",
        "/topics/no-such-topic/feed.atom",
        "/sources/999999/feed.rss",
        "/sources/99999999999999999999999/feed.atom",
    ],
)
def test_the_feed_of_a_page_that_does_not_exist_is_404(client, record, path):
    assert client.get(path).status_code == 404


def test_a_topic_or_a_source_that_only_drafts_have_has_no_feed(client, record):
    draft = StatementFactory(status="draft")
    topic = TopicFactory(slug="drafts-only")
    draft.topics.add(topic)
    source = CitationFactory(statement=draft).source
    assert client.get("/topics/drafts-only/feed.rss").status_code == 404
    assert client.get(f"/sources/{source.pk}/feed.rss").status_code == 404


# ----- Valid Atom 1.0 and RSS 2.0, whatever the record's text --------------------------------


@pytest.fixture
def hostile_record():
    leader = LeaderFactory(name=f"Leader {HOSTILE}", slug="hostile-leader")
    topic = TopicFactory(name=f"Topic {HOSTILE}", slug="hostile-topic")
    source = SourceFactory(title=f"Title {HOSTILE}", publisher=f"Publisher {HOSTILE}")
    statement = CitationFactory(
        statement__speaker=leader,
        statement__text=f"Words {HOSTILE}",
        statement__relayed_by=f"Relay {HOSTILE}",
        source=source,
    ).statement
    statement.topics.add(topic)
    return {"leader": leader, "topic": topic, "source": source, "statement": statement}


def hostile_feeds(r) -> dict[str, tuple[str, dict]]:
    return {
        "statements": ("/quotes/feed", {}),
        # Words of the payload that both searches find (PostgreSQL's parser drops the tags).
        "a search for the payload": ("/quotes/feed", {"q": ']]> & "quoted"'}),
        "statements from the hostile publisher": (
            "/quotes/feed",
            {"publisher": r["source"].publisher},
        ),
        "the first address": ("/feeds/latest", {}),
        "a leader": ("/leaders/hostile-leader/feed", {}),
        "a topic": ("/topics/hostile-topic/feed", {}),
        "a source": (f"/sources/{r['source'].pk}/feed", {}),
    }


FEED_KINDS = [
    "statements",
    "a search for the payload",
    "statements from the hostile publisher",
    "the first address",
    "a leader",
    "a topic",
    "a source",
]
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_of(element, path) -> str:
    found = element.find(path)
    assert found is not None, path
    assert (found.text or "").strip(), path
    return found.text


def assert_atom(root, address):
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        text_of(root, f"{ATOM}{required}")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert urlsplit(links["self"]).path == address
    assert urlsplit(links["alternate"]).path.startswith("/")
    datetime.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    text_of(root, f"{ATOM}rights")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for required in ("id", "title", "updated", "author/" + ATOM + "name"):
            text_of(entry, f"{ATOM}{required}")
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert STATEMENT_ADDRESS.search(entry.find(f"{ATOM}link").get("href"))
    return root.findtext(f"{ATOM}title"), entries


def assert_rss(root, address):
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        text_of(channel, required)
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and urlsplit(self_link.get("href")).path == address
    text_of(channel, "copyright")
    items = channel.findall("item")
    assert items
    for item in items:
        for required in ("title", "link", "guid", "pubDate", "description"):
            text_of(item, required)
        assert STATEMENT_ADDRESS.search(item.findtext("link"))
        # RFC 822 dates, as RSS 2.0 asks.
        datetime.datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
    return channel.findtext("title"), items


@pytest.mark.parametrize("syndication", ["atom", "rss"])
@pytest.mark.parametrize("kind", FEED_KINDS)
def test_every_kind_of_feed_is_valid_with_hostile_text(client, hostile_record, kind, syndication):
    route, query = hostile_feeds(hostile_record)[kind]
    response = client.get(f"{route}.{syndication}", query)
    assert response.status_code == 200
    expected_type = "application/atom+xml" if syndication == "atom" else "application/rss+xml"
    assert response["Content-Type"].startswith(expected_type)
    content = response.content.decode()
    assert not XML_FORBIDDEN.search(content)
    assert "<script>" not in content  # escaped in the XML, at the very least
    root = ET.fromstring(response.content)  # raises on any ill-formed XML
    address = response.request["PATH_INFO"]
    if syndication == "atom":
        title, entries = assert_atom(root, address)
    else:
        title, entries = assert_rss(root, address)
    assert len(entries) == 1
    # The payload is there as text: in the item's title at least, whole but for \x08.
    assert "<script>alert(1)</script> ]]> &" in ET.tostring(entries[0], encoding="unicode").replace(
        "&lt;", "<"
    ).replace("&gt;", ">").replace("&amp;", "&")
    assert title.startswith("Verbatim: ")


def test_a_filtered_feeds_self_link_keeps_its_filters(client, record):
    response = client.get("/quotes/feed.atom", {"speaker": "vladimir-putin", "topic": "energy"})
    root = ET.fromstring(response.content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert parse_qs(urlsplit(links["self"]).query) == {
        "speaker": ["vladimir-putin"],
        "topic": ["energy"],
    }
    alternate = urlsplit(links["alternate"])
    assert alternate.path == "/quotes/"
    assert parse_qs(alternate.query) == parse_qs(urlsplit(links["self"]).query)


# ----- Every list links its feeds and downloads ----------------------------------------------


HEAD_LINK = re.compile(
    r'<link rel="alternate" type="application/(atom|rss)\+xml" title="[^"]*" href="([^"]*)"'
)


def head_links(html: str) -> dict[str, str]:
    head = html.split("</head>", 1)[0]
    return {kind: href.replace("&amp;", "&") for kind, href in HEAD_LINK.findall(head)}


def query_of(address: str) -> dict:
    return parse_qs(urlsplit(address).query)


@pytest.mark.parametrize(
    "page, feed, query",
    [
        ("/quotes/", "/quotes/feed", {"speaker": ["vladimir-putin"], "topic": ["energy"]}),
        ("/quotes/", "/quotes/feed", {"q": ["gas"]}),
        ("/quotes/", "/quotes/feed", {}),
        ("/leaders/vladimir-putin/", "/leaders/vladimir-putin/feed", {"kind": ["direct"]}),
        ("/topics/energy/", "/topics/energy/feed", {"date_from": ["2025-01-03"]}),
    ],
)
def test_every_list_links_its_feeds_with_its_filters(client, record, page, feed, query):
    # The page's position and order stay behind: a feed is always the list's newest.
    response = client.get(page, {**query, "sort": "oldest", "after": "2025-01-10.5"})
    html = response.content.decode()
    links = head_links(html)
    assert set(links) == {"atom", "rss"}
    for kind, address in links.items():
        assert urlsplit(address).path == f"{feed}.{kind}"
        assert query_of(address) == query
        assert f'<a href="{address.replace("&", "&amp;")}" type="application/{kind}+xml">' in html
    assert "Follow this list:" in html
    # Each link leads to a feed, named in the page's head by the feed's own title.
    title = re.search(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)"', html)
    assert unescape(title.group(1)) == f"Atom feed: {feed_title(client.get(links['atom']))}"


def test_a_sources_page_links_its_feeds(client, record):
    tass = record["tass"]
    html = client.get(f"/sources/{tass.pk}/").content.decode()
    links = head_links(html)
    assert links == {"atom": f"/sources/{tass.pk}/feed.atom", "rss": f"/sources/{tass.pk}/feed.rss"}
    assert "Follow this list:" in html


def test_a_list_with_refused_filters_links_no_feed(client, record):
    html = client.get("/quotes/", {"date_from": "2025-13-45"}).content.decode()
    assert head_links(html) == {}
    assert "Follow this list:" not in html


def download_links(html: str) -> dict[str, str]:
    line = re.search(r"Download this list: (.*?)</li>", html).group(1)
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(
            r'<a href="([^"]*)" rel="nofollow" download>([^<]*)</a>', line
        )
    }


@pytest.mark.parametrize(
    "page, query, download_query",
    [
        ("/quotes/", {"speaker": "vladimir-putin"}, {"speaker": ["vladimir-putin"]}),
        ("/quotes/", {"q": "gas"}, {"q": ["gas"]}),
        (
            "/leaders/vladimir-putin/",
            {"kind": "direct"},
            {"speaker": ["vladimir-putin"], "kind": ["direct"]},
        ),
        ("/topics/energy/", {}, {"topic": ["energy"]}),
    ],
)
def test_every_list_links_its_downloads_which_hold_the_list(
    client, record, page, query, download_query
):
    html = client.get(page, query).content.decode()
    links = download_links(html)
    assert set(links) == {"CSV", "JSON", "JSON Lines"}
    assert {urlsplit(address).path for address in links.values()} == {
        "/data/statements.csv",
        "/data/statements.json",
        "/data/statements.jsonl",
    }
    for address in links.values():
        assert query_of(address) == download_query
    response = client.get(links["JSON Lines"])
    assert response.status_code == 200
    downloaded = [
        int(line.split(b'"id": ', 1)[1].split(b",", 1)[0])
        for line in b"".join(response.streaming_content).splitlines()
    ]
    shown = list_ids(client, page, query, 1000)
    assert sorted(downloaded) == sorted(shown)


# ----- Cached under the list's scopes and filters only ---------------------------------------


def fetch(client, path, query=None):
    response = client.get(path, query or {})
    assert response.status_code == 200
    return response


def test_parameters_a_feed_does_not_understand_make_no_copies(client, record, page_cache):
    path = "/quotes/feed.atom"
    assert fetch(client, path, {"speaker": "vladimir-putin"})["X-Cache"] == "miss"
    for other in (
        {"utm_source": "x"},
        {"sort": "oldest"},
        {"after": "2025-01-01.1"},
        {"page": "2"},
    ):
        response = fetch(client, path, {"speaker": "vladimir-putin", **other})
        assert response["X-Cache"] == "hit", other
    assert fetch(client, path, {"speaker": "emmanuel-macron"})["X-Cache"] == "miss"


def test_a_leaders_feed_stays_cached_until_that_leader_is_published(client, record, page_cache):
    path = "/leaders/vladimir-putin/feed.atom"
    fetch(client, path)
    # Cited from a source already in the record: a new source would change every page's names.
    CitationFactory(statement__speaker=record["macron"], source=record["tass"])
    assert fetch(client, path)["X-Cache"] == "hit"
    new = CitationFactory(
        statement__speaker=record["putin"],
        statement__date_said=datetime.date(2026, 1, 1),
        source=record["tass"],
    )
    response = fetch(client, path)
    assert response["X-Cache"] == "miss"
    assert feed_ids(response)[0] == new.statement.pk


def test_a_topics_feed_is_refreshed_by_a_statement_on_that_topic(client, record, page_cache):
    path = "/topics/trade/feed.rss"
    fetch(client, path)
    elsewhere = CitationFactory(statement__speaker=record["macron"], source=record["tass"])
    elsewhere.statement.topics.add(record["energy"])
    assert fetch(client, path)["X-Cache"] == "hit"
    on_topic = CitationFactory(
        statement__speaker=record["macron"],
        statement__date_said=datetime.date(2026, 1, 1),
        source=record["tass"],
    ).statement
    on_topic.topics.add(record["trade"])
    assert feed_ids(fetch(client, path))[0] == on_topic.pk


# The scopes' versions, the topics of published statements (for the topic filter's choices; a
# topic's page reads the "statements" scope for them too), what the filters name (leaders, the
# country's leaders, the topic), then the items' ids and the items with their speakers, their
# citations with their sources, and their corrections; the choices and the items are cached in
# production, not in these tests.
# A filtered feed also finds the events of published statements (the event filter's choices),
# and a leader's feed reads the "events" scope for them.
@pytest.mark.parametrize(
    "path, query, queries",
    [
        ("/quotes/feed.atom", {"speaker": "vladimir-putin", "kind": "direct"}, 8),
        ("/quotes/feed.rss", {"country": "RU", "topic": "energy"}, 10),
        ("/leaders/vladimir-putin/feed.atom", {"topic": "energy"}, 11),
        ("/topics/energy/feed.rss", {}, 8),
    ],
)
def test_a_filtered_feed_runs_the_same_few_queries_for_few_and_many_items(
    client, record, path, query, queries
):
    def queries_for_feed():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, query).status_code == 200
        return len(captured)

    assert queries_for_feed() == queries
    for number in range(12):
        statement = CitationFactory(
            statement__speaker=record["putin"], statement__kind="direct", source=record["tass"]
        ).statement
        statement.topics.add(record["energy"])
        statement.corrections.create(note=f"Correction {number}.")
    assert len(feed_ids(client.get(path, query))) > 12
    assert queries_for_feed() == queries
