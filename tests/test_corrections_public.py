import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quotes.models import Correction, Statement
from quotes.record.versions import current_version
from tests.factories import CitationFactory, LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
WORDS_CHANGE = {"text": {"label": "Words", "old": "We will retaliate.", "new": "We may retaliate."}}


def correct(statement, note="The words were misquoted.", changes=None, days_ago=0):
    return Correction.objects.create(
        statement=statement,
        note=note,
        changes=WORDS_CHANGE if changes is None else changes,
        made_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def text_of(html: str) -> str:
    """The page's text as a reader sees it, tags removed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def statement():
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    return CitationFactory(statement__speaker=putin, statement__text="We may retaliate.").statement


@pytest.fixture
def draft():
    return StatementFactory(text="A draft nobody may see.", status=Statement.Status.DRAFT)


def page(client, statement) -> str:
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# The statement's page


def test_a_corrected_statement_shows_its_corrections_newest_first(client, statement):
    older = correct(statement, note="The date was a day out.", changes={}, days_ago=3)
    newer = correct(statement, note="The words were misquoted.")
    html = page(client, statement)
    assert 'id="corrections-heading">Corrections</h2>' in html
    assert f'id="correction-{newer.pk}"' in html
    assert f'id="correction-{older.pk}"' in html
    assert html.index(f'id="correction-{newer.pk}"') < html.index(f'id="correction-{older.pk}"')
    text = text_of(html)
    assert "The words were misquoted." in text
    assert "Words: “We will retaliate.” → “We may retaliate.”" in text
    assert f"{timezone.localtime(newer.made_at):%-d %B %Y}" in text


def test_a_correction_lists_its_changes_words_first(client, statement):
    correct(
        statement,
        changes={
            "relayed_by": {"label": "Relayed by", "old": "", "new": "Kremlin readout"},
            "text": {"label": "Words", "old": "We will retaliate.", "new": "We may retaliate."},
        },
    )
    text = text_of(page(client, statement))
    assert text.index("Words: “We will") < text.index("Relayed by: (none) → “Kremlin readout”")


def test_a_correction_note_is_shown_as_text_not_markup(client, statement):
    correct(
        statement,
        note="<script>alert('note')</script>",
        changes={"text": {"label": "Words", "old": "<b>old</b>", "new": "new"}},
    )
    html = page(client, statement)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in html
    assert "<b>old</b>" not in html
    assert "&lt;b&gt;old&lt;/b&gt;" in html


def test_an_uncorrected_statement_has_no_corrections_section(client, statement):
    assert "corrections-heading" not in page(client, statement)


def test_corrections_cost_one_query_however_many(client, statement, django_assert_max_num_queries):
    correct(statement)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, statement)
        return len(captured)

    one = queries()
    for n in range(5):
        correct(statement, note=f"Correction {n}.")
    assert queries() == one
    # Fetched with the statement, not once for the notice and again for the section (one of the
    # eleven finds the speaker and sources whose versions key the page).
    with django_assert_max_num_queries(11):
        page(client, statement)


def test_a_new_correction_reaches_a_cached_statement_page(client, statement, page_cache):
    assert "The words were misquoted." not in page(client, statement)
    before = current_version().version
    correct(statement)
    assert current_version().version > before
    assert "The words were misquoted." in page(client, statement)


# /corrections/


def test_the_corrections_page_lists_only_published_statements_corrections(client, statement, draft):
    shown = correct(statement, note="Shown to readers.")
    correct(draft, note="A draft's correction.")
    response = client.get("/corrections/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shown to readers." in html
    assert "A draft&#x27;s correction." not in html and "draft nobody" not in html
    assert f'href="{statement.get_absolute_url()}#correction-{shown.pk}"' in html


def test_the_corrections_page_is_newest_first(client, statement):
    correct(statement, note="Older note.", days_ago=5)
    correct(statement, note="Newer note.", days_ago=1)
    html = client.get("/corrections/").content.decode()
    assert html.index("Newer note.") < html.index("Older note.")


def test_the_corrections_page_pages_by_fifty(client, statement):
    now = timezone.now()
    Correction.objects.bulk_create(
        Correction(
            statement=statement,
            note=f"Note number {n:02d}.",
            made_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(51)
    )
    first = client.get("/corrections/").content.decode()
    assert first.count('class="correction"') == 50
    assert "Note number 00." in first and "Note number 50." not in first
    assert 'href="?page=2"' in first
    second = client.get("/corrections/?page=2").content.decode()
    assert second.count('class="correction"') == 1
    assert "Note number 50." in second


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999", "1.5", "9" * 40])
def test_a_bad_page_number_shows_a_page_not_an_error(client, statement, value):
    correct(statement)
    response = client.get("/corrections/", {"page": value})
    assert response.status_code == 200
    assert response.content.decode().count('class="correction"') == 1


def test_the_corrections_page_costs_the_same_queries_for_few_and_many(client):
    assert_same_queries_for_few_and_many_corrections(client, "/corrections/")


def test_the_corrections_page_names_its_feed(client):
    html = client.get("/corrections/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Verbatim: corrections" '
        'href="/corrections/feed.atom">'
    ) in html


def test_the_footer_links_the_corrections_and_how_we_work(client):
    html = client.get("/").content.decode()
    assert 'href="/corrections/"' in html
    assert 'href="/how-we-work/"' in html


# Feeds


def test_the_corrections_feed_is_atom_with_an_entry_per_correction(client, statement, draft):
    made = correct(statement, note="<script>x</script> misquoted.")
    correct(draft)
    response = client.get("/corrections/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "Vladimir Putin: “We may retaliate.”"
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(f"{statement.get_absolute_url()}#correction-{made.pk}")
    content = entry.findtext(f"{ATOM}content")
    # HTML content: the note escaped once more, so a reader shows it as text.
    assert "&lt;script&gt;x&lt;/script&gt; misquoted." in content
    assert "Words: “We will retaliate.” → “We may retaliate.”" in content
    assert entry.findtext(f"{ATOM}updated").startswith(f"{made.made_at:%Y-%m-%d}")


def test_a_statement_feed_item_is_updated_when_corrected_later(client, statement):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Statement.objects.filter(pk=statement.pk).update(updated_at=long_ago)

    def updated() -> str:
        entry = ET.fromstring(client.get("/feeds/latest.atom").content).find(f"{ATOM}entry")
        return entry.findtext(f"{ATOM}updated")

    assert updated().startswith(f"{long_ago:%Y-%m-%d}")
    made = correct(statement, note="The words were misquoted.")
    assert updated().startswith(f"{made.made_at:%Y-%m-%dT%H:%M:%S}")


def test_a_statement_feed_item_says_when_and_why_it_was_corrected(client, statement):
    made = correct(statement, note="The words were <misquoted>.")
    item = ET.fromstring(client.get("/feeds/latest.rss").content).find("channel/item")
    description = item.findtext("description")
    day = f"{timezone.localtime(made.made_at):%-d %B %Y}"
    assert f"Corrected on {day}: The words were &lt;misquoted&gt;." in description


def test_a_feed_of_corrected_statements_costs_no_query_per_item(client):
    assert_same_queries_for_few_and_many_corrections(client, "/feeds/latest.atom")


def assert_same_queries_for_few_and_many_corrections(client, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    correct(CitationFactory().statement)
    few = queries()
    for _ in range(10):
        correct(CitationFactory().statement)
    assert queries() == few
