"""/sitemap.xml: an index of sections (the site's pages, published statements, leaders, topics,
sources), each paged by ranges of ids, at most 50,000 addresses a page; /robots.txt points to
it and keeps crawlers out of the admin."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quotes.models import Statement
from quotes.public import sitemaps
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canonical_site")]

SITE = "https://verbatim.example"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def canonical_site():
    with override_settings(SITE_URL=SITE):
        yield


@pytest.fixture
def record():
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")
    quiet = LeaderFactory(name="Quiet Leader", slug="quiet-leader")  # no statement yet
    energy = TopicFactory(name="Energy", slug="energy")
    drafts_only = TopicFactory(name="Drafts only", slug="drafts-only")
    published = [
        CitationFactory(statement__speaker=putin, statement__text=f"Words {n}.").statement
        for n in range(5)
    ]
    published[0].topics.add(energy)
    draft = StatementFactory(speaker=putin, text="A draft.", status="draft")
    draft.topics.add(drafts_only)
    draft_source = CitationFactory(statement=draft).source
    return {
        "putin": putin,
        "quiet": quiet,
        "published": published,
        "draft": draft,
        "draft_source": draft_source,
    }


def get_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.content), response


def local(address: str) -> str:
    """The path of one of the sitemap's addresses, which must be canonical."""
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}" == SITE, address
    return parts.path + (f"?{parts.query}" if parts.query else "")


def section_pages(client) -> list[str]:
    index, _ = get_xml(client, "/sitemap.xml")
    assert index.tag == f"{NS}sitemapindex"
    return [local(entry.findtext(f"{NS}loc")) for entry in index.iter(f"{NS}sitemap")]


def every_address(client) -> dict[str, str | None]:
    """Each address of every page of every section, with its lastmod."""
    found = {}
    for page in section_pages(client):
        urlset, _ = get_xml(client, page)
        assert urlset.tag == f"{NS}urlset"
        urls = list(urlset.iter(f"{NS}url"))
        assert urls, f"{page} is empty"
        for url in urls:
            address = local(url.findtext(f"{NS}loc"))
            assert address not in found, f"{address} is listed twice"
            found[address] = url.findtext(f"{NS}lastmod")
    return found


def test_the_index_lists_each_section(client, record):
    assert section_pages(client) == [
        f"/sitemap-{section}.xml"
        for section in ("pages", "statements", "leaders", "topics", "sources")
    ]


def test_the_sitemap_lists_every_public_page_and_nothing_else(client, record):
    addresses = every_address(client)
    statements = {s.get_absolute_url() for s in record["published"]}
    sources = {s.citations.get().source.get_absolute_url() for s in record["published"]}
    pages = {"/", "/quotes/", "/leaders/", "/topics/", "/sources/", "/corrections/"}
    pages |= {"/how-we-work/", "/data/"}
    leaders = {"/leaders/vladimir-putin/", "/leaders/quiet-leader/"}
    assert set(addresses) == pages | statements | leaders | {"/topics/energy/"} | sources
    assert record["draft"].get_absolute_url() not in addresses
    assert record["draft_source"].get_absolute_url() not in addresses
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_a_statements_lastmod_is_when_it_was_last_updated(client, record):
    statement = record["published"][2]
    Statement.objects.filter(pk=statement.pk).update(
        updated_at=datetime.datetime(2026, 3, 4, 5, 6, tzinfo=datetime.UTC)
    )
    addresses = every_address(client)
    assert addresses[statement.get_absolute_url()] == "2026-03-04"


def test_a_leaders_lastmod_is_when_their_page_last_changed(client, record):
    before = every_address(client)
    assert before["/leaders/quiet-leader/"] is None  # never changed since it was loaded
    CitationFactory(statement__speaker=record["quiet"])
    today = timezone.localdate().isoformat()
    assert every_address(client)["/leaders/quiet-leader/"] == today


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_PAGE", 4)
    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 4)


def id_range(pk: int) -> int:
    return (pk - 1) // 4


def test_a_section_is_paged_by_ranges_of_ids_with_no_empty_page(client, small_pages):
    made = [CitationFactory().statement.pk for _ in range(14)]
    # One whole range of ids unpublished: that range has no page.
    hidden = [pk for pk in made if id_range(pk) == id_range(made[0]) + 2]
    assert len(hidden) == 4
    Statement.objects.filter(pk__in=hidden).update(status="draft")
    published = Statement.objects.published().order_by("pk")
    ranges = {id_range(statement.pk) for statement in published}
    assert id_range(hidden[0]) not in ranges and len(ranges) >= 3
    pages = [page for page in section_pages(client) if "statements" in page]
    assert pages == ["/sitemap-statements.xml"] + [
        f"/sitemap-statements.xml?p={number}" for number in range(2, len(ranges) + 1)
    ]
    listed = []
    for page in pages:
        urlset, _ = get_xml(client, page)
        addresses = [local(url.findtext(f"{NS}loc")) for url in urlset.iter(f"{NS}url")]
        assert 0 < len(addresses) <= 4
        listed += addresses
    assert listed == [statement.get_absolute_url() for statement in published]


def test_a_page_of_the_sitemap_reads_its_range_without_offset(client, small_pages):
    made = [CitationFactory().statement.pk for _ in range(10)]
    ranges = len({id_range(pk) for pk in made})
    with CaptureQueriesContext(connection) as captured:
        get_xml(client, f"/sitemap-statements.xml?p={ranges}")
    sql = " ".join(query["sql"] for query in captured.captured_queries).upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql
    # The scopes, one lookup per range and one past the last, the page's rows.
    assert len(captured.captured_queries) == 1 + ranges + 1 + 1


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-statements.xml?p=2",
        "/sitemap-statements.xml?p=0",
        "/sitemap-statements.xml?p=-1",
        "/sitemap-statements.xml?p=two",
        "/sitemap-statements.xml?p=1.5",
        "/sitemap-statements.xml?p=99999999999999999999999",
        "/sitemap-drafts.xml",
        "/sitemap-.xml",
    ],
)
def test_a_page_the_sitemap_does_not_have_is_404(client, record, path):
    assert client.get(path).status_code == 404


def test_an_empty_section_is_left_out_of_the_index(client, db):
    LeaderFactory()
    assert section_pages(client) == ["/sitemap-pages.xml", "/sitemap-leaders.xml"]
    assert client.get("/sitemap-statements.xml").status_code == 404


def test_the_sitemap_is_cached_until_the_published_record_changes(client, record, page_cache):
    assert client.get("/sitemap-statements.xml")["X-Cache"] == "miss"
    assert client.get("/sitemap-statements.xml", {"utm": "x"})["X-Cache"] == "hit"
    assert client.get("/sitemap.xml")["X-Cache"] == "miss"
    assert client.get("/sitemap.xml")["X-Cache"] == "hit"
    new = CitationFactory(statement__speaker=record["putin"], source=SourceFactory()).statement
    response = client.get("/sitemap-statements.xml")
    assert response["X-Cache"] == "miss"
    assert new.get_absolute_url().encode() in response.content


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site stays open
