"""The API filters with the site's own FilterSets: every filter of the statements list and of
the leaders' directory is in the API, by the same name, with the same values and meaning."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.api import filters as api_filters
from quotes.models import Event, Statement
from quotes.public.filters import LeaderFilter, StatementFilter
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """A small record in which each statement differs from the others in one way."""
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    trump = LeaderFactory(name="Donald Trump", slug="donald-trump", country="US")
    zelenskyy = LeaderFactory(name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", country="UA")
    LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country="FR", aliases=["Manu"])
    war = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
    TopicFactory(name="Trade", slug="trade")
    reuters = SourceFactory(publisher="Reuters")
    kremlin = SourceFactory(publisher="Kremlin")

    def statement(source, **fields):
        made = StatementFactory(cited=False, **fields)
        CitationFactory(statement=made, source=source)
        return made

    retaliation = statement(
        kremlin,
        speaker=putin,
        text="We will respond to the attack on our airfields.",
        date_said=datetime.date(2025, 6, 4),
        kind=Statement.Kind.DIRECT,
        channel=Statement.Channel.PHONE_CALL,
        verification=Statement.Verification.VERIFIED,
        context="A call about retaliation for the drone strike.",
    )
    retaliation.topics.add(war)
    retaliation.mentions.add(zelenskyy)
    call = Event.objects.create(
        title="Call about the drone strike",
        slug="drone-strike-call",
        kind=Event.Kind.PHONE_CALL,
        date=datetime.date(2025, 6, 4),
    )
    call.participants.set([putin, trump])
    retaliation.event = call
    retaliation.original_language = "ru"
    retaliation.save()
    statement(
        reuters,
        speaker=trump,
        text="Tariffs are the most beautiful word.",
        date_said=datetime.date(2025, 4, 2),
        kind=Statement.Kind.PARTIAL,
        channel=Statement.Channel.SPEECH,
    )
    allies = statement(
        reuters,
        speaker=zelenskyy,
        text="Allies must not be afraid of threats.",
        date_said=datetime.date(2025, 6, 5),
        kind=Statement.Kind.PARAPHRASE,
        channel=Statement.Channel.SOCIAL_MEDIA,
    )
    allies.topics.add(war)
    statement(
        kremlin,
        speaker=putin,
        text="Sanctions have failed completely.",
        date_said=datetime.date(2024, 12, 19),
        verification=Statement.Verification.DISPUTED,
        verification_note="The recording is edited.",
    )
    StatementFactory(speaker=trump, text="A draft no filter may find.", status="draft")


# For each filter of the statements list, values that each pick some statements and leave
# others out (a filter that did nothing would not pass unnoticed).
STATEMENT_SAMPLES = {
    "q": [{"q": "airfields"}, {"q": "sanctions"}],
    "speaker": [
        {"speaker": "vladimir-putin"},
        {"speaker": ["donald-trump", "Zelenskyy"]},
    ],
    "country": [{"country": "RU"}, {"country": "US"}],
    "date_from": [{"date_from": "2025-06-01"}],
    "date_to": [{"date_to": "2025-04-02"}],
    "kind": [{"kind": "partial"}, {"kind": "paraphrase"}],
    "channel": [{"channel": "phone_call"}, {"channel": "speech"}],
    "topic": [{"topic": "war-in-ukraine"}],
    "publisher": [{"publisher": "Reuters"}, {"publisher": "Kremlin"}],
    "verification": [{"verification": "disputed"}, {"verification": "verified"}],
    "mentioned": [{"mentioned": "volodymyr-zelenskyy"}],
    "sort": [{"sort": "oldest"}],
    "event": [{"event": "drone-strike-call"}],
    "language": [{"language": "ru"}],
}
LEADER_SAMPLES = {
    "q": [{"q": "Putin"}, {"q": "manu"}],
    "country": [{"country": "UA"}],
}


def on_the_page(client, url, params) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    page = response.context["page"]
    assert not page.next_query  # every row on one page
    return [row.pk for row in page]


# More pages than any list of these tests has: links that never end fail, not hang.
MAX_PAGES = 50


def from_the_api(client, url, params) -> list[int]:
    found, response = [], client.get(url, params)
    for _ in range(MAX_PAGES):
        assert response.status_code == 200, response.content
        body = response.json()
        found += [row["id"] if "id" in row else row["slug"] for row in body["results"]]
        if not body["next"]:
            return found
        response = client.get(body["next"])
    pytest.fail(f"{url} {params}: the next links never end")


def test_every_filter_of_the_statements_list_has_samples():
    assert set(STATEMENT_SAMPLES) == set(StatementFilter.base_filters)


def test_every_filter_of_the_leaders_directory_has_samples():
    assert set(LEADER_SAMPLES) == set(LeaderFilter.base_filters)


@pytest.mark.parametrize(
    "params",
    [params for samples in STATEMENT_SAMPLES.values() for params in samples],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()),
)
def test_each_statement_filter_finds_in_the_api_what_it_finds_on_the_list(client, record, params):
    everything = from_the_api(client, "/api/v1/statements/", {})
    on_page = on_the_page(client, "/quotes/", params)
    in_api = from_the_api(client, "/api/v1/statements/", params)
    if "sort" in params:
        assert in_api == on_page != everything
    else:
        # Search results may be ranked on the page; the API pages them by date.
        assert sorted(in_api) == sorted(on_page)
        assert 0 < len(in_api) < len(everything)


def test_filters_combine_in_the_api_as_on_the_list(client, record):
    params = {"speaker": "vladimir-putin", "date_from": "2025-01-01", "publisher": "Kremlin"}
    in_api = from_the_api(client, "/api/v1/statements/", params)
    assert in_api == on_the_page(client, "/quotes/", params)
    assert len(in_api) == 1


@pytest.mark.parametrize(
    "params",
    [params for samples in LEADER_SAMPLES.values() for params in samples],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()),
)
def test_each_leader_filter_finds_in_the_api_what_it_finds_in_the_directory(client, record, params):
    slugs = from_the_api(client, "/api/v1/leaders/", params)
    response = client.get("/leaders/", params)
    assert slugs == [leader.slug for leader in response.context["page"]]
    assert 0 < len(slugs) < 4


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-13-45"},
        {"speaker": "nobody at all"},
        {"country": "ZZ"},
        {"kind": "shouted"},
        {"topic": "no-such-topic"},
        {"publisher": "Nobody's Gazette"},
        {"date_from": "2025-06-01", "date_to": "2025-05-01"},
        {"q": "x" * 201},
        {"sort": "sideways"},
        {"speaker": [f"leader-{n}" for n in range(11)]},
    ],
    ids=lambda params: ",".join(params),
)
def test_what_the_list_refuses_the_api_refuses_with_the_same_reasons(client, record, params):
    page = client.get("/quotes/", params)
    form_errors = page.context["filterset"].errors
    assert form_errors

    response = client.get("/api/v1/statements/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert body["errors"] == {name: list(errors) for name, errors in form_errors.items()}


def searched(client, **params) -> list[int]:
    """The ids a search finds, a page of one at a time; checked the same when walked back."""
    found = from_the_api(client, "/api/v1/statements/", {**params, "page_size": 1})
    last = client.get("/api/v1/statements/", {**params, "page_size": 1}).json()
    for _ in range(len(found) - 1):
        last = client.get(last["next"]).json()
    assert last["next"] is None
    back = [row["id"] for row in last["results"]]
    for _ in range(len(found) - 1):
        last = client.get(last["previous"]).json()
        back = [row["id"] for row in last["results"]] + back
    assert last["previous"] is None
    assert back == found
    return found


@pytest.mark.parametrize("rank_limit", [0, 1, 5_000])
def test_a_search_finds_the_same_statements_however_many_match(
    client, record, monkeypatch, rank_limit
):
    # Few matches are paged by their ids, many by the text condition: the same rows either way.
    for day in range(1, 4):
        StatementFactory(text=f"The ceasefire must hold, day {day}.")
    monkeypatch.setattr(api_filters, "RANK_LIMIT", rank_limit)
    for word in ["ceasefire", "airfields", "nowhereword"]:
        found = searched(client, q=word)
        assert sorted(found) == sorted(on_the_page(client, "/quotes/", {"q": word})), word
        assert searched(client, q=word, sort="oldest") == list(reversed(found))
    assert len(searched(client, q="ceasefire")) == 3
    assert searched(client, q="nowhereword") == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's choice of index")
def test_a_rare_word_is_paged_by_the_ids_of_its_matches(client, record):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/statements/", {"q": "airfields"})
    assert len(response.json()["results"]) == 1
    (page,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "quotes_statement"."id", "quotes_statement"."version"')
    ]
    # Read by the page's own ids, never walking the date index for the word.
    assert '"quotes_statement"."id" IN (' in page
    assert "LIMIT" not in page


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL estimates a rare word")
def test_a_page_of_a_rare_word_reads_only_its_own_rows(client, db):
    for day in range(1, 13):
        StatementFactory(
            text="The airfields will be rebuilt.", date_said=datetime.date(2025, 5, day)
        )
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/statements/", {"q": "airfields", "page_size": 5}).json()
    assert [row["date_said"] for row in body["results"]] == [
        f"2025-05-{day:02}" for day in (12, 11, 10, 9, 8)
    ]
    (page,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "quotes_statement"."id", "quotes_statement"."version"')
    ]
    ids = page.split('"quotes_statement"."id" IN (')[1].split(")")[0].split(",")
    assert len(ids) == 6  # the page and the one after it, to know whether there is a next


def test_a_search_counts_nothing_as_the_api_shows_no_total(client, db):
    for day in range(1, 8):
        StatementFactory(
            text="The airfields will be rebuilt.", date_said=datetime.date(2025, 5, day)
        )
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/statements/", {"q": "airfields", "page_size": 3}).json()
        rest = client.get(body["next"]).json()
    assert not [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    shown = [row["date_said"] for row in body["results"] + rest["results"]]
    assert shown == [f"2025-05-{day:02}" for day in (7, 6, 5, 4, 3, 2)]


def test_a_search_expected_to_match_very_many_walks_the_date_index_at_once(client, db, monkeypatch):
    StatementFactory(text="The people decide.", date_said=datetime.date(2025, 5, 2))
    StatementFactory(text="The people will decide.", date_said=datetime.date(2025, 5, 3))
    monkeypatch.setattr(api_filters, "planner_estimate", lambda matches: 1_000_000)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/statements/", {"q": "people"}).json()
    assert [row["date_said"] for row in body["results"]] == ["2025-05-03", "2025-05-02"]
    reads_keys = f"LIMIT {api_filters.RANK_LIMIT + 1}"
    assert not [query["sql"] for query in queries if reads_keys in query["sql"]]


def test_the_ids_of_a_searchs_matches_are_read_once_until_the_record_changes(
    client, record, page_cache
):
    with CaptureQueriesContext(connection) as first:
        searched(client, q="airfields")
    with CaptureQueriesContext(connection) as again:
        searched(client, q="airfields")
    reads_ids = f"LIMIT {api_filters.RANK_LIMIT + 1}"
    assert any(reads_ids in query["sql"] for query in first)
    assert not any(reads_ids in query["sql"] for query in again)
    StatementFactory(text="Our airfields were struck.")
    assert len(searched(client, q="airfields")) == 2
