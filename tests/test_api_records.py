"""The API's leaders, sources and topics: what each says, which are public (as their pages
are), paging, and the queries a page costs."""

import datetime

import pytest

from quotes.models import Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def every(client, url, **params) -> list[dict]:
    rows, body = [], get(client, url, **params)
    for _ in range(50):  # more pages than any list here has: endless links fail, not hang
        rows += body["results"]
        if not body["next"]:
            return rows
        body = client.get(body["next"]).json()
    pytest.fail(f"{url}: the next links never end")


def test_a_leader_carries_offices_counts_and_links(client):
    leader = LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        country="UA",
        wikidata_id="Q3874799",
        aliases=["Zelensky", "Zelenskiy"],
        description="President of Ukraine since 2019.",
    )
    OfficeHeldFactory(
        leader=leader,
        title="President of Ukraine",
        country="UA",
        start_date=datetime.date(2019, 5, 20),
    )
    StatementFactory.create_batch(2, speaker=leader)
    StatementFactory(speaker=leader, status=Statement.Status.DRAFT)

    body = get(client, "/api/v1/leaders/volodymyr-zelenskyy/")

    assert body["name"] == "Volodymyr Zelenskyy"
    assert body["country"] == "UA"
    assert body["wikidata_id"] == "Q3874799"
    assert body["aliases"] == ["Zelensky", "Zelenskiy"]
    assert body["offices"] == [
        {
            "title": "President of Ukraine",
            "country": "UA",
            "organisation": "",
            "start_date": "2019-05-20",
            "end_date": None,
        }
    ]
    assert body["published_statements"] == 2  # not the draft
    assert body["url"] == "http://127.0.0.1:8000/leaders/volodymyr-zelenskyy/"
    assert body["statements_url"] == (
        "http://testserver/api/v1/statements/?speaker=volodymyr-zelenskyy"
    )
    assert every(client, body["statements_url"]) == every(
        client, "/api/v1/statements/", speaker="volodymyr-zelenskyy"
    )
    assert len(every(client, body["statements_url"])) == 2


def test_leaders_are_listed_by_name_as_the_directory_lists_them(client):
    for number, name in enumerate(["Xi Jinping", "Abiy Ahmed", "Lula da Silva", "Abiy Ahmed"]):
        LeaderFactory(name=name, slug=f"leader-{number}")
    names = [row["name"] for row in every(client, "/api/v1/leaders/", page_size=1)]
    assert names == ["Abiy Ahmed", "Abiy Ahmed", "Lula da Silva", "Xi Jinping"]


def test_an_unknown_leader_is_a_404(client, db):
    response = client.get("/api/v1/leaders/nobody/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("count", [3, 30])
def test_a_page_of_leaders_costs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, count
):
    for _ in range(count):
        OfficeHeldFactory(leader=StatementFactory().speaker)
    # The scope versions, the leaders (with their counts) and their offices.
    with django_assert_num_queries(3):
        assert len(get(client, "/api/v1/leaders/", page_size=100)["results"]) == count


def test_a_source_is_listed_only_once_it_carries_a_published_statement(client):
    public = StatementFactory().citations.get().source
    draft = StatementFactory(status=Statement.Status.DRAFT)
    editors_only = SourceFactory()
    CitationFactory(statement=draft, source=editors_only)
    SourceFactory()  # cited by nothing yet

    assert [row["id"] for row in every(client, "/api/v1/sources/")] == [public.pk]
    for hidden in [editors_only.pk, editors_only.pk + 1]:
        response = client.get(f"/api/v1/sources/{hidden}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No published statement cites this source."}


def test_a_source_lists_its_published_statements_with_their_locators(client, settings):
    settings.SITE_URL = "https://verbatim.example.org"
    source = SourceFactory(title="Readout of the call", publisher="Kremlin")
    first = StatementFactory(cited=False, text="We will respond.")
    CitationFactory(statement=first, source=source, locator="paragraph 2")
    second = StatementFactory(cited=False)
    CitationFactory(statement=second, source=source, locator="paragraph 5")
    draft = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    CitationFactory(statement=draft, source=source)

    body = get(client, f"/api/v1/sources/{source.pk}/")

    assert body["title"] == "Readout of the call"
    assert body["publisher"] == "Kremlin"
    assert body["page_url"] == f"https://verbatim.example.org/sources/{source.pk}/"
    assert [(row["id"], row["locator"]) for row in body["statements"]] == [
        (first.pk, "paragraph 2"),
        (second.pk, "paragraph 5"),
    ]
    assert body["statements"][0]["words"] == "We will respond."
    assert body["statements"][0]["url"] == f"https://verbatim.example.org{first.get_absolute_url()}"
    assert body["statements"][0]["speaker"]["slug"] == first.speaker.slug


def test_sources_come_newest_recorded_first_page_by_page(client):
    made = [StatementFactory().citations.get().source for _ in range(5)]
    listed = [row["id"] for row in every(client, "/api/v1/sources/", page_size=2)]
    assert listed == [source.pk for source in reversed(made)]


@pytest.mark.parametrize("count", [3, 30])
def test_a_page_of_sources_costs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, count
):
    StatementFactory.create_batch(count)
    with django_assert_num_queries(2):  # the scope versions, the sources
        assert len(get(client, "/api/v1/sources/", page_size=100)["results"]) == count


def test_a_topic_is_public_only_once_a_published_statement_has_it(client):
    war = TopicFactory(name="War", slug="war")
    StatementFactory().topics.add(war)
    drafts_only = TopicFactory(name="Budget", slug="budget")
    StatementFactory(status=Statement.Status.DRAFT).topics.add(drafts_only)
    TopicFactory(name="Unused", slug="unused")

    assert [row["slug"] for row in every(client, "/api/v1/topics/")] == ["war"]
    assert client.get("/api/v1/topics/budget/").status_code == 404
    assert client.get("/api/v1/topics/unused/").status_code == 404
    body = get(client, "/api/v1/topics/war/")
    assert body["name"] == "War"
    assert body["url"] == "http://127.0.0.1:8000/topics/war/"
    assert body["statements_url"] == "http://testserver/api/v1/statements/?topic=war"


def test_topics_come_by_name_page_by_page(client):
    for name in ["Trade", "Climate", "Energy"]:
        StatementFactory().topics.add(TopicFactory(name=name))
    names = [row["name"] for row in every(client, "/api/v1/topics/", page_size=2)]
    assert names == ["Climate", "Energy", "Trade"]
