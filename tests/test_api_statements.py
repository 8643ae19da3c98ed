"""The API's statements, /api/v1/statements/: what each says, that only published ones are
served, paging by cursor, and the queries a page costs."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from quotes.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, encode_cursor
from quotes.api.serializers import StatementSerializer
from quotes.editorial import workflow
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

LIST_URL = "/api/v1/statements/"


def get(client, url=LIST_URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(body) -> list[int]:
    return [row["id"] for row in body["results"]]


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def walk(client, direction="next", **params) -> list[int]:
    """Every id of the list, page after page by its links."""
    seen, body = [], get(client, **params)
    for _ in range(50):  # more pages than any list here has: endless links fail, not hang
        seen += ids(body)
        if not body[direction]:
            return seen
        body = client.get(body[direction]).json()
    pytest.fail("the links never end")


@pytest.fixture
def macron():
    leader = LeaderFactory(
        name="Emmanuel Macron", slug="emmanuel-macron", country="FR", wikidata_id="Q3052772"
    )
    OfficeHeldFactory(
        leader=leader,
        title="Minister of the Economy",
        start_date=datetime.date(2014, 8, 26),
        end_date=datetime.date(2016, 8, 30),
    )
    OfficeHeldFactory(
        leader=leader, title="President of France", start_date=datetime.date(2017, 5, 14)
    )
    return leader


def test_a_statement_carries_its_speaker_with_the_office_held_that_day(client, macron):
    old = StatementFactory(speaker=macron, date_said=datetime.date(2015, 3, 1))
    new = StatementFactory(speaker=macron, date_said=datetime.date(2025, 6, 4))
    offices = {row["id"]: row["speaker"]["office"] for row in get(client)["results"]}
    assert offices[old.pk]["title"] == "Minister of the Economy"
    assert offices[new.pk]["title"] == "President of France"
    speaker = get(client, f"{LIST_URL}{new.pk}/")["speaker"]
    assert speaker["name"] == "Emmanuel Macron"
    assert speaker["slug"] == "emmanuel-macron"
    assert speaker["wikidata_id"] == "Q3052772"
    assert speaker["country"] == "FR"
    assert speaker["url"] == "http://127.0.0.1:8000/leaders/emmanuel-macron/"
    assert speaker["api_url"] == "http://testserver/api/v1/leaders/emmanuel-macron/"


def test_a_speaker_out_of_office_that_day_has_no_office(client, macron):
    statement = StatementFactory(speaker=macron, date_said=datetime.date(2016, 12, 1))
    assert get(client, f"{LIST_URL}{statement.pk}/")["speaker"]["office"] is None


def test_a_statement_carries_its_sources_topics_mentions_and_addresses(client, macron, settings):
    settings.SITE_URL = "https://verbatim.example.org"
    topic = TopicFactory(name="Defence", slug="defence")
    mentioned = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")
    statement = StatementFactory(speaker=macron, text="Europe must arm itself.", cited=False)
    source = SourceFactory(
        url="https://www.elysee.fr/speech",
        title="Address to the nation",
        publisher="Élysée",
        author="Press office",
        published_on=datetime.date(2025, 6, 5),
        archive_url="https://web.archive.org/web/2025/https://www.elysee.fr/speech",
    )
    CitationFactory(statement=statement, source=source, locator="paragraph 4", excerpt="He said:")
    statement.topics.add(topic)
    statement.mentions.add(mentioned)

    body = get(client, f"{LIST_URL}{statement.pk}/")

    assert body["words"] == "Europe must arm itself."
    assert body["url"] == f"https://verbatim.example.org{statement.get_absolute_url()}"
    assert body["api_url"] == f"http://testserver/api/v1/statements/{statement.pk}/"
    assert body["sources"] == [
        {
            "id": source.pk,
            "url": "https://www.elysee.fr/speech",
            "title": "Address to the nation",
            "publisher": "Élysée",
            "author": "Press office",
            "kind": "news",
            "published_on": "2025-06-05",
            "archive_url": "https://web.archive.org/web/2025/https://www.elysee.fr/speech",
            "locator": "paragraph 4",
            "excerpt": "He said:",
            "page_url": f"https://verbatim.example.org/sources/{source.pk}/",
            "api_url": f"http://testserver/api/v1/sources/{source.pk}/",
        }
    ]
    assert [topic["slug"] for topic in body["topics"]] == ["defence"]
    assert [leader["slug"] for leader in body["mentions"]] == ["vladimir-putin"]
    assert body["mentions"][0]["url"] == "https://verbatim.example.org/leaders/vladimir-putin/"
    assert get(client)["results"][0] == body  # the list says the same of each statement


def test_a_link_to_another_scheme_is_left_out_as_on_the_pages(client):
    statement = StatementFactory(cited=False)
    source = SourceFactory()
    # Written around the model's validation, as a bulk load could.
    type(source).objects.filter(pk=source.pk).update(archive_url="javascript:alert(1)")
    CitationFactory(statement=statement, source=source)
    assert get(client, f"{LIST_URL}{statement.pk}/")["sources"][0]["archive_url"] == ""


def test_only_published_statements_are_served(client):
    published = StatementFactory()
    draft = StatementFactory(status=Statement.Status.DRAFT)
    submitted = StatementFactory(status=Statement.Status.SUBMITTED)
    assert ids(get(client)) == [published.pk]
    for hidden in (draft, submitted):
        response = client.get(f"{LIST_URL}{hidden.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No published statement has this number."}


def test_a_withdrawn_statement_says_so_with_the_reason(client, reviewer):
    statement = StatementFactory()
    workflow.unpublish(statement, reviewer, note="The quotation was misattributed.")
    response = client.get(f"{LIST_URL}{statement.pk}/")
    assert response.status_code == 410
    assert "misattributed" in response.json()["detail"]


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999", "12a"])
def test_an_id_that_cannot_be_one_is_a_404_not_an_error(client, db, pk):
    response = client.get(f"{LIST_URL}{pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_corrections_are_shown_with_each_change(client, reviewer):
    statement = StatementFactory(text="We will never negotiate.")
    statement.corrections.create(
        note="The words were misquoted.",
        changes={"text": {"label": "Words", "old": "We will never negotiate.", "new": "We won't."}},
        made_by=reviewer,
    )
    (correction,) = get(client, f"{LIST_URL}{statement.pk}/")["corrections"]
    assert correction["note"] == "The words were misquoted."
    assert correction["changes"] == [
        {"label": "Words", "old": "We will never negotiate.", "new": "We won't."}
    ]


def make_statements(count: int, **fields) -> list[Statement]:
    speaker = LeaderFactory()
    OfficeHeldFactory(leader=speaker)
    topic = TopicFactory()
    made = []
    for number in range(count):
        statement = StatementFactory(
            speaker=speaker, date_said=datetime.date(2025, 1, 1) + datetime.timedelta(days=number)
        )
        statement.topics.add(topic)
        statement.mentions.add(speaker)
        statement.corrections.create(note="Fixed.", changes={})
        made.append(statement)
    return made


@pytest.mark.parametrize("count", [3, 30])
def test_a_page_costs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, count
):
    make_statements(count)
    # The scopes' versions; the topics and the events of published statements (the topic and
    # event filters' choices); the statements; then one query each for the speakers' offices,
    # topics, mentions, citations with their sources and corrections.
    with django_assert_num_queries(9):
        body = get(client, page_size=MAX_PAGE_SIZE)
    assert len(body["results"]) == count


def test_a_single_statement_costs_a_fixed_few_queries(client, django_assert_num_queries):
    (statement,) = make_statements(1)
    # Its speaker (for the scope), the scope versions, the statement and its five prefetches.
    with django_assert_num_queries(8):
        get(client, f"{LIST_URL}{statement.pk}/")


def test_statements_come_newest_first_by_date_then_id(client):
    older = StatementFactory(date_said=datetime.date(2025, 1, 1))
    same_day = [StatementFactory(date_said=datetime.date(2025, 6, 4)) for _ in range(2)]
    assert ids(get(client)) == [same_day[1].pk, same_day[0].pk, older.pk]
    assert ids(get(client, sort="oldest")) == [older.pk, same_day[0].pk, same_day[1].pk]


def test_the_pages_follow_one_another_by_cursor_in_both_directions(client):
    made = make_statements(7)
    newest_first = [statement.pk for statement in reversed(made)]

    forward = walk(client, page_size=3)
    assert forward == newest_first

    first = get(client, page_size=3)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert ids(third) == newest_first[6:]
    back = client.get(third["previous"]).json()
    assert ids(back) == newest_first[3:6]
    back = client.get(back["previous"]).json()
    assert ids(back) == newest_first[:3]
    assert back["previous"] is None
    assert back["next"]


def test_oldest_first_pages_by_cursor_too(client):
    made = make_statements(5)
    assert walk(client, sort="oldest", page_size=2) == [statement.pk for statement in made]


def test_a_cursor_keeps_its_place_when_statements_are_added(client):
    made = make_statements(6)
    first = get(client, page_size=3)
    # Published meanwhile: one newer than every statement, one in the middle of page two.
    StatementFactory(date_said=datetime.date(2026, 1, 1))
    middle = StatementFactory(date_said=made[1].date_said)
    second = client.get(first["next"]).json()
    # After the last row of page one, whatever came before it: none repeated, none skipped.
    assert ids(second) == [made[2].pk, middle.pk, made[1].pk]


def test_the_links_keep_the_filters_and_page_size(client):
    made = make_statements(4)
    speaker = made[0].speaker.slug
    first = get(client, speaker=speaker, page_size=2)
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["speaker"] == [speaker]
    assert query["page_size"] == ["2"]


def test_the_page_size_is_capped_and_defaults(client):
    make_statements(MAX_PAGE_SIZE + 1)
    assert len(get(client)["results"]) == PAGE_SIZE
    assert len(get(client, page_size=5)["results"]) == 5
    assert len(get(client, page_size=MAX_PAGE_SIZE * 10)["results"]) == MAX_PAGE_SIZE


@pytest.mark.parametrize("size", ["0", "-3", "ten", "1.5", "٣"])
def test_a_page_size_that_is_no_whole_number_is_refused_with_a_reason(client, db, size):
    response = client.get(LIST_URL, {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbled",
        "!!!",
        "W10",  # []
        encode_cursor(("2025-13-45", 1)),
        encode_cursor(("2025-06-04", 2**70)),
        encode_cursor(("2025-06-04", "1")),
        encode_cursor(("2025-06-04",)),
        encode_cursor(("2025-06-04\x00", 1)),
        "eyJhIjoxfQ",  # {"a":1}
        "WyIyMDI1LTA2LTA0IiwxLCJ5ZXMiXQ",  # ["2025-06-04",1,"yes"]
    ],
)
def test_a_garbled_cursor_is_a_clear_400(client, db, cursor):
    response = client.get(LIST_URL, {"cursor": cursor})
    assert response.status_code == 400
    body = response.json()
    assert "follow the `next` and `previous` links" in body["errors"]["cursor"][0]


def test_a_cursor_of_another_list_is_refused(client):
    make_statements(3)
    LeaderFactory()
    leaders = get(client, "/api/v1/leaders/", page_size=1)
    response = client.get(LIST_URL, {"cursor": cursor_of(leaders["next"])})
    assert response.status_code == 400


def test_no_total_is_counted(client):
    make_statements(2)
    assert set(get(client)) == {"next", "previous", "results"}


# ----- Representations kept in the cache ------------------------------------------------------


def test_a_page_of_cached_statements_fetches_nothing_beyond_the_statements(
    client, page_cache, django_assert_num_queries
):
    make_statements(5)
    first = get(client)
    # The scope versions and the statements: their offices, topics, sources … come with their
    # representations, and the topic filter's choices are kept under the versions just read.
    with django_assert_num_queries(2):
        assert get(client) == first


def test_a_change_to_one_statement_makes_its_representation_again_and_no_other(
    client, page_cache, monkeypatch
):
    made = make_statements(3)
    energy = TopicFactory(name="Energy", slug="energy")  # a new topic is a change to every name
    get(client)
    serialized = []
    serialize = StatementSerializer.to_representation
    monkeypatch.setattr(
        StatementSerializer,
        "to_representation",
        lambda self, statement: serialized.append(statement.pk) or serialize(self, statement),
    )
    made[1].topics.add(energy)

    body = get(client)

    assert serialized == [made[1].pk]
    topics = {row["id"]: [topic["slug"] for topic in row["topics"]] for row in body["results"]}
    assert "energy" in topics[made[1].pk]
    assert "energy" not in topics[made[0].pk]


def test_a_renamed_speaker_is_renamed_in_every_cached_statement(client, page_cache):
    made = make_statements(2)
    get(client)
    made[0].speaker.name = "A New Name"
    made[0].speaker.save()
    names = {row["speaker"]["name"] for row in get(client)["results"]}
    assert names == {"A New Name"}


def test_each_host_gets_links_to_itself(client, page_cache, settings):
    settings.ALLOWED_HOSTS = ["api.example.org", "testserver"]
    (statement,) = make_statements(1)
    get(client)
    body = client.get(LIST_URL, headers={"host": "api.example.org"}).json()
    assert body["results"][0]["api_url"] == f"http://api.example.org{LIST_URL}{statement.pk}/"
