"""Hostile text in every text field of the record: shown as text on every public page, feed,
download and admin page; never run as markup, as a template, as a spreadsheet formula, and
never breaking a feed's XML.

One record carries the payloads in every text field, saved as a bulk load or the shell would
save it (around validation), so that what each page does with stored text is tested, whatever
the forms would have let in. What the forms and `full_clean()` let in is tested at the end.
"""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape

from quotes.editorial import workflow
from quotes.models import (
    Citation,
    Correction,
    ErrorReport,
    Event,
    Leader,
    OfficeHeld,
    Source,
    Statement,
    Topic,
)
from quotes.public.open_data import COLUMNS, FORMULA_STARTS
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
MARKUP = (
    f'{SCRIPT} {{{{ 7*7 }}}} {{% debug %}} <img src=x onerror=alert(1)> "><svg onload=alert(1)> '
    f"</script>{SCRIPT}"
)
# Control characters (NUL aside: PostgreSQL cannot store it at all), a right-to-left override,
# a CDATA end, javascript: as text, emoji and CJK.
ODDITIES = "]]> a\x08b\x1bc \u202egnp.exe javascript:alert(1) 🙂 中文"
LONG_WORD = "W" * 3000
HYPERLINK = '=HYPERLINK("http://x") '
CARRIAGE_RETURN = "\r"
TOPIC_PAYLOAD = f"=1+1 {SCRIPT} {{{{ 7*7 }}}} ]]>\x08\u202e🙂 中文"
# Web addresses that pass the model's validation yet carry markup, and one that does not
# (stored around validation) to check that no page links to it.
HOSTILE_URL = f'https://news.example.com/"><svg/onload=alert(1)>{SCRIPT}'
SCRIPT_URL = "javascript:alert(1)"

ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# A search for markup that both backends find: PostgreSQL's parser reads <script>…</script> as
# an HTML tag and its contents, which it leaves out of the index.
MARKUP_QUERY = '"><svg onload=alert(1)>'
# Markup that would run if any of the payloads reached a page unescaped.
LIVE_MARKUP = re.compile(
    r"<script>alert|<img[\s/]src=x|<svg[\s/]onload|onerror=alert\(1\)>"
    r"|(?:href|src|action|formaction)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def hostile(start: str = "") -> str:
    """The payloads, led by `start` (a spreadsheet formula's first characters)."""
    return f"{start}{MARKUP} {ODDITIES}"


def build_hostile_record() -> SimpleNamespace:
    """Every text field of every model carrying the payloads; published where it can be."""
    speaker = LeaderFactory(
        name=hostile("+speaker "),
        slug="hostile-leader",
        aliases=[hostile("@alias "), "Ωmega 🙂"],
        description=hostile("=description "),
        portrait_url=SCRIPT_URL,
    )
    OfficeHeldFactory(
        leader=speaker,
        title=hostile("-office "),
        organisation=hostile("organisation "),
        start_date=datetime.date(2017, 5, 14),
    )
    mentioned = LeaderFactory(name=hostile("@mention "), slug="hostile-mentioned")
    topic = TopicFactory(name=TOPIC_PAYLOAD, slug="hostile-topic")
    source = SourceFactory(
        url=HOSTILE_URL,
        title=hostile("=title "),
        publisher=hostile("-publisher "),
        author=hostile("+author "),
        archive_url=SCRIPT_URL,
        text=f"{hostile()} {LONG_WORD}",
    )
    event = Event.objects.create(
        title=hostile("event "),
        slug="hostile-event",
        kind=Event.Kind.MEETING,
        date=datetime.date(2025, 6, 4),
        place=hostile("place "),
        description=hostile("event description "),
    )
    event.participants.add(speaker)
    event.sources.add(source)
    with transaction.atomic():  # a published statement and its citation: one commit
        statement = StatementFactory(
            speaker=speaker,
            text=f"{hostile(HYPERLINK)} {LONG_WORD}",
            original_text=hostile("\toriginal "),
            original_language="fr",
            translated_by=Statement.TranslatedBy.AGENCY,
            translation_source=hostile("=translator "),
            event=event,
            channel=Statement.Channel.SPEECH,
            channel_detail=hostile("@SUM(1) "),
            relayed_by=hostile("-relay "),
            context=f"{hostile(CARRIAGE_RETURN + 'context ')} {LONG_WORD}",
            verification=Statement.Verification.DISPUTED,
            verification_note=hostile("verification "),
            review_note=hostile("review "),
            cited=False,
        )
        citation = CitationFactory(
            statement=statement,
            source=source,
            locator=hostile("locator "),
            excerpt=hostile("excerpt "),
        )
    statement.topics.add(topic)
    statement.mentions.add(mentioned)
    statement.context = f"{statement.context} (edited)"
    statement._change_reason = hostile()[:100]
    statement.save()
    Correction.objects.create(
        statement=statement,
        note=hostile("correction "),
        changes={"text": {"label": hostile("label "), "old": hostile("old "), "new": "New"}},
    )
    withdrawn = StatementFactory(
        speaker=speaker, text=hostile("withdrawn "), status=Statement.Status.DRAFT
    )
    Correction.objects.create(
        statement=withdrawn, note=hostile("withdrawal "), changes=workflow.WITHDRAWN
    )
    with transaction.atomic():
        submitted = StatementFactory(
            speaker=speaker,
            text=hostile("submitted "),
            context=hostile(),
            status=Statement.Status.SUBMITTED,
            submitted_at=datetime.datetime(2025, 6, 5, tzinfo=datetime.UTC),
            cited=False,
        )
        CitationFactory(statement=submitted, source=source, locator=hostile(), excerpt=hostile())
    StatementFactory(
        speaker=speaker, text=hostile("deleted "), status=Statement.Status.DRAFT
    ).delete()
    report = ErrorReport.objects.create(
        statement=statement,
        page=statement.get_absolute_url(),
        message=hostile(),
        evidence_url=SCRIPT_URL,
        email="reader@example.com",
        reviewer_note=hostile(),
    )
    return SimpleNamespace(
        speaker=speaker,
        mentioned=mentioned,
        topic=topic,
        event=event,
        source=source,
        statement=statement,
        citation=citation,
        withdrawn=withdrawn,
        submitted=submitted,
        report=report,
    )


@pytest.fixture
def record(db):
    return build_hostile_record()


@pytest.fixture
def superuser_client(client, db):
    """Sees every admin page. Logged in without a password, whose hashing would cost more
    than the pages."""
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", None))
    return client


def assert_harmless_html(response, shows_text: bool = True) -> str:
    """The page answered, no payload runs on it, and (`shows_text`) it shows them as text."""
    assert response.status_code < 500
    page = response.content.decode()
    live = LIVE_MARKUP.search(page)
    assert live is None, f"live markup: …{page[max(0, live.start() - 80) : live.end() + 80]}…"
    for attributes, body in SCRIPT_ELEMENT.findall(page):
        # Only our own scripts (from files) and JSON data: a payload that broke out of an
        # embedded JSON block would leave it unparseable and open a script of its own.
        if "src=" in attributes:
            assert not body.strip()
        else:
            assert "json" in attributes, f"inline script: {body[:200]}"
            assert "</script" not in body.lower()
            json.loads(body)
    assert page.lower().count("<script") == len(SCRIPT_ELEMENT.findall(page))
    if shows_text:
        assert ESCAPED_SCRIPT in page, "the payload is not shown"
        # Template syntax in a value stays text: it is never rendered (7*7 never becomes 49).
        assert "{{ 7*7 }}" in page
    return page


def statement_url(record):
    return record.statement.get_absolute_url()


PUBLIC_PAGES = {
    "home": lambda r: "/",
    "statements": lambda r: "/quotes/",
    "statements searched for the payload": lambda r: "/quotes/?" + urlencode({"q": MARKUP_QUERY}),
    "statements by the speaker": lambda r: "/quotes/?speaker=hostile-leader",
    "statements of the publisher": lambda r: (
        "/quotes/?" + urlencode({"publisher": r.source.publisher})
    ),
    "statements of the topic and mention": lambda r: (
        "/quotes/?topic=hostile-topic&mentioned=hostile-mentioned"
    ),
    "statements for a speaker typed as the payload": lambda r: (
        "/quotes/?" + urlencode({"speaker": SCRIPT})
    ),
    "statement": statement_url,
    "withdrawn statement": lambda r: f"/quotes/{r.withdrawn.pk}/",
    "statement's card for other sites": lambda r: f"/quotes/{r.statement.pk}/embed/",
    "withdrawn statement's card": lambda r: f"/quotes/{r.withdrawn.pk}/embed/",
    "leader": lambda r: r.speaker.get_absolute_url(),
    "leader searched": lambda r: r.speaker.get_absolute_url() + "?" + urlencode({"q": SCRIPT}),
    "mentioned leader": lambda r: r.mentioned.get_absolute_url(),
    "leaders": lambda r: "/leaders/",
    "leaders searched": lambda r: "/leaders/?" + urlencode({"q": SCRIPT}),
    "source": lambda r: r.source.get_absolute_url(),
    "topic": lambda r: r.topic.get_absolute_url(),
    "corrections": lambda r: "/corrections/",
    "how we work, reporting the statement": lambda r: f"/how-we-work/?statement={r.statement.pk}",
    "event": lambda r: r.event.get_absolute_url(),
    "events": lambda r: "/events/",
    "events of the speaker": lambda r: "/events/?leader=hostile-leader",
    "statements of the event": lambda r: "/quotes/?event=hostile-event",
    "statements searched for the event": lambda r: "/quotes/?" + urlencode({"q": "event script"}),
}
# Pages that show none of the record's text: they must still answer and stay clean.
PAGES_WITHOUT_RECORD_TEXT = {
    "how we work": "/how-we-work/",
    "open data": "/data/",
    "statements searched for a NUL": "/quotes/?q=%00",
    "statements searched for control characters": "/quotes/?q=%08%1b%E2%80%AE",
    "statements searched for a very long word": "/quotes/?q=" + "W" * 3000,
}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_show_hostile_text_as_text(client, record, page):
    response = client.get(PUBLIC_PAGES[page](record))
    assert response.status_code in (200, 410)
    assert_harmless_html(response)


@pytest.mark.parametrize("page", PAGES_WITHOUT_RECORD_TEXT)
def test_public_pages_without_the_records_text_answer_hostile_queries(client, record, page):
    assert_harmless_html(client.get(PAGES_WITHOUT_RECORD_TEXT[page]), shows_text=False)


@pytest.mark.parametrize("where", ["public", "admin"])
def test_a_search_for_markup_finds_the_statement_and_shows_the_query_as_text(
    superuser_client, record, where
):
    if where == "public":
        url, link = "/quotes/", statement_url(record)
    else:
        url, link = (
            admin_url(Statement, "changelist"),
            admin_url(Statement, "change", record.statement.pk),
        )
    page = assert_harmless_html(superuser_client.get(url, {"q": MARKUP_QUERY}))
    assert f'href="{link}' in page
    assert 'value="&quot;&gt;&lt;svg onload=alert(1)&gt;"' in page


def test_the_statement_page_links_only_to_web_addresses(client, record):
    page = client.get(statement_url(record)).content.decode()
    assert re.search(r'href="https://news\.example\.com/&quot;&gt;&lt;svg/onload', page)
    # The archive's address was stored around validation: it is not linked, nor offered.
    assert 'href="javascript:' not in page
    assert "Archived copy" not in page


def shown_as_text(value: str) -> str:
    return escape(value)


def shown_as_paragraphs(value: str) -> str:
    return linebreaksbr(value, autoescape=True)


# Where each text field is shown in full, and how: escaped, and for the longer texts with
# line breaks kept.
FIELDS_SHOWN = {
    "statement": lambda r: {
        "words": shown_as_paragraphs(r.statement.text),
        "original words": shown_as_paragraphs(r.statement.original_text),
        "channel detail": shown_as_text(r.statement.channel_detail),
        "relayed by": shown_as_text(r.statement.relayed_by),
        "translator": shown_as_text(r.statement.translation_source),
        "event": shown_as_text(r.event.title),
        "context": shown_as_paragraphs(r.statement.context),
        "verification note": shown_as_paragraphs(r.statement.verification_note),
        "speaker": shown_as_text(r.speaker.name),
        "office": shown_as_text(r.speaker.offices.get().title),
        "topic": shown_as_text(r.topic.name),
        "mentioned leader": shown_as_text(r.mentioned.name),
        "source title": shown_as_text(r.source.title),
        "source publisher": shown_as_text(r.source.publisher),
        "source author": shown_as_text(r.source.author),
        "locator": shown_as_text(r.citation.locator),
        "excerpt": shown_as_text(r.citation.excerpt),
        "correction note": shown_as_paragraphs(r.statement.corrections.get().note),
        "corrected field": shown_as_text(hostile("label ")),
        "old value": shown_as_text(hostile("old ")),
    },
    "leader": lambda r: {
        "name": shown_as_text(r.speaker.name),
        "aliases": shown_as_text(", ".join(r.speaker.aliases)),
        "description": shown_as_text(r.speaker.description),
        "office": shown_as_text(r.speaker.offices.get().title),
        "organisation": shown_as_text(r.speaker.offices.get().organisation),
    },
    "source": lambda r: {
        "title": shown_as_text(r.source.title),
        "publisher": shown_as_text(r.source.publisher),
        "author": shown_as_text(r.source.author),
        "address": shown_as_text(r.source.url),
    },
    "withdrawn statement": lambda r: {
        "withdrawal note": shown_as_paragraphs(hostile("withdrawal ")),
    },
    "event": lambda r: {
        "title": shown_as_text(r.event.title),
        "place": shown_as_text(r.event.place),
        "description": shown_as_text(r.event.description),
        "participant": shown_as_text(r.speaker.name),
        "source title": shown_as_text(r.source.title),
        "words": shown_as_text(r.statement.text),
        "translator": shown_as_text(r.statement.translation_source),
    },
}
FIELD_PAGES = {
    "statement": statement_url,
    "leader": lambda r: r.speaker.get_absolute_url(),
    "source": lambda r: r.source.get_absolute_url(),
    "withdrawn statement": lambda r: f"/quotes/{r.withdrawn.pk}/",
    "statement's card for other sites": lambda r: f"/quotes/{r.statement.pk}/embed/",
    "withdrawn statement's card": lambda r: f"/quotes/{r.withdrawn.pk}/embed/",
    "event": lambda r: r.event.get_absolute_url(),
}


@pytest.mark.parametrize("page", FIELDS_SHOWN)
def test_each_field_is_shown_in_full_and_escaped(client, record, page):
    html = client.get(FIELD_PAGES[page](record)).content.decode()
    missing = [name for name, shown in FIELDS_SHOWN[page](record).items() if shown not in html]
    assert not missing


def test_a_report_with_hostile_text_is_shown_back_escaped(client, record):
    response = client.post(
        "/how-we-work/",
        {"message": hostile(), "evidence_url": SCRIPT_URL, "statement": record.statement.pk},
    )
    assert response.status_code == 400  # the address is refused; the message is kept
    page = assert_harmless_html(response)
    assert "Please give a web address starting with http or https." in page


FEEDS = {
    "latest RSS": "/feeds/latest.rss",
    "latest Atom": "/feeds/latest.atom",
    "leader RSS": "/leaders/hostile-leader/feed.rss",
    "corrections Atom": "/corrections/feed.atom",
}
HTML_ELEMENTS = {"description", "summary", "content"}


def local_name(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_are_well_formed_xml_whose_html_is_escaped(client, record, feed):
    response = client.get(FEEDS[feed])
    assert response.status_code == 200
    content = response.content.decode()
    assert not XML_FORBIDDEN.search(content)
    root = ET.fromstring(response.content)  # raises on any ill-formed XML, a CDATA end included
    entries = [element for element in root.iter() if local_name(element) in {"item", "entry"}]
    assert entries
    bodies = [
        element.text or ""
        for entry in entries
        for element in entry
        if local_name(element) in HTML_ELEMENTS
    ]
    shown = [body for body in bodies if "alert(1)" in body]
    assert shown, "the payload is not in the feed"
    for body in shown:
        # One level of XML unescaping leaves HTML in which the payloads are still text.
        assert not LIVE_MARKUP.search(body), body[:300]
        assert ESCAPED_SCRIPT in body
        assert "{{ 7*7 }}" in body


def test_the_latest_feed_keeps_the_words_and_drops_only_the_control_characters(client, record):
    with transaction.atomic():  # stored around validation, as a bulk load would
        Statement.objects.filter(pk=record.statement.pk).update(
            relayed_by="Relay\x08\x1b\x0b\ufffe agency"
        )
    root = ET.fromstring(client.get("/feeds/latest.rss").content)
    description = next(root.iter("item")).findtext("description")
    assert "Relayed by Relay  agency." in description


def read_download(response) -> str:
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed as a web page
    return b"".join(response.streaming_content).decode()


# The first characters of each free-text column's value in the record, as the CSV must give
# them: a leading apostrophe before any a spreadsheet would run as a formula.
CSV_STARTS = {
    "speaker": "'+speaker ",
    "words": "'=HYPERLINK",
    "original_words": "'\toriginal ",
    "channel_detail": "'@SUM(1) ",
    "relayed_by": "'-relay ",
    "translator": "'=translator ",
    "context": "'\rcontext ",
    "topics": "'=1+1 ",
    "mentions": "'@mention ",
    "source_publishers": "'-publisher ",
}
# Columns the record fills with generated or validated values: numbers, codes, dates, slugs.
CSV_GENERATED = {
    "id",
    "url",
    "speaker_slug",
    "speaker_country",
    "speaker_wikidata_id",
    "original_language",
    "translated_by",
    "date_said",
    "date_precision",
    "kind",
    "channel",
    "event",
    "verification",
    "source_urls",
}


def test_every_csv_cell_a_spreadsheet_would_run_is_kept_as_text(client, record):
    assert set(COLUMNS) == set(CSV_STARTS) | CSV_GENERATED, "a new column: give it a payload"
    text = read_download(client.get("/data/statements.csv"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(row for row in rows if row["id"] == str(record.statement.pk))
    for column, start in CSV_STARTS.items():
        assert row[column].startswith(start), (column, row[column][:40])
    statement = Statement.objects.get(pk=record.statement.pk)
    assert row["context"] == "'" + statement.context  # the apostrophe, then the words as stored
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (column, cell[:40])


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_is_kept_as_text_in_every_free_text_column(client, record, start):
    statement = Statement.objects.get(pk=record.statement.pk)
    with transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            original_text=f"{start}1+1",
            channel_detail=f"{start}1+1",
            relayed_by=f"{start}1+1",
            translation_source=f"{start}1+1",
            context=f"{start}1+1",
        )
        Leader.objects.filter(pk__in=[record.speaker.pk, record.mentioned.pk]).update(
            name=f"{start}1+1"
        )
        Topic.objects.filter(pk=record.topic.pk).update(name=f"{start}1+1")
        Source.objects.filter(pk=record.source.pk).update(publisher=f"{start}1+1")
    text = read_download(client.get("/data/statements.csv"))
    row = next(
        row
        for row in csv.DictReader(io.StringIO(text, newline=""))
        if row["id"] == str(statement.pk)
    )
    for column in set(CSV_STARTS) - {"words"}:
        assert row[column] == f"'{start}1+1", column


def test_the_json_download_holds_the_payloads_as_plain_strings(client, record):
    response = client.get("/data/statements.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(read_download(response))["statements"]
    item = next(item for item in data if item["id"] == record.statement.pk)
    statement = Statement.objects.get(pk=record.statement.pk)
    assert item["words"] == statement.text
    assert item["context"] == statement.context
    assert SCRIPT in item["relayed_by"] and "\x08" in item["relayed_by"]
    assert item["topics"] == [TOPIC_PAYLOAD]
    assert item["source_urls"] == [HOSTILE_URL]


def test_the_leader_lookup_answers_json_with_the_names_as_strings(client, record):
    response = client.get("/leaders/lookup.json", {"q": SCRIPT})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    names = [result["name"] for result in json.loads(response.content)["results"]]
    assert record.speaker.name in names


@pytest.mark.parametrize("query", ["\x00", "\x08\u202e", MARKUP, "W" * 3000])
def test_the_leader_lookup_answers_any_query(client, record, query):
    response = client.get("/leaders/lookup.json", {"q": query})
    assert response.status_code == 200
    assert isinstance(json.loads(response.content)["results"], list)


def admin_url(model, view, *args) -> str:
    return reverse(f"admin:quotes_{model._meta.model_name}_{view}", args=args)


ADMIN_PAGES = {
    "statements": lambda r: admin_url(Statement, "changelist"),
    "statements searched": lambda r: (
        admin_url(Statement, "changelist") + "?" + urlencode({"q": MARKUP_QUERY})
    ),
    "statement": lambda r: admin_url(Statement, "change", r.statement.pk),
    "submitted statement": lambda r: admin_url(Statement, "change", r.submitted.pk),
    "statement history": lambda r: admin_url(Statement, "history", r.statement.pk),
    "statement's old version": lambda r: admin_url(
        Statement,
        "simple_history",
        r.statement.pk,
        r.statement.history.order_by("history_id").first().history_id,
    ),
    "review queue": lambda r: admin_url(Statement, "review_queue"),
    "deleted statements": lambda r: admin_url(Statement, "deleted"),
    "leaders": lambda r: admin_url(Leader, "changelist"),
    "leader": lambda r: admin_url(Leader, "change", r.speaker.pk),
    "leader history": lambda r: admin_url(Leader, "history", r.speaker.pk),
    "offices": lambda r: admin_url(OfficeHeld, "changelist"),
    "office": lambda r: admin_url(OfficeHeld, "change", r.speaker.offices.get().pk),
    "sources": lambda r: admin_url(Source, "changelist"),
    "source": lambda r: admin_url(Source, "change", r.source.pk),
    "source history": lambda r: admin_url(Source, "history", r.source.pk),
    "topics": lambda r: admin_url(Topic, "changelist"),
    "topic": lambda r: admin_url(Topic, "change", r.topic.pk),
    "citations": lambda r: admin_url(Citation, "changelist"),
    "citation": lambda r: admin_url(Citation, "change", r.citation.pk),
    "corrections": lambda r: admin_url(Correction, "changelist"),
    "correction": lambda r: admin_url(Correction, "change", r.statement.corrections.get().pk),
    "error reports": lambda r: admin_url(ErrorReport, "changelist"),
    "error report": lambda r: admin_url(ErrorReport, "change", r.report.pk),
    "events": lambda r: admin_url(Event, "changelist"),
    "event": lambda r: admin_url(Event, "change", r.event.pk),
    "event history": lambda r: admin_url(Event, "history", r.event.pk),
}


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_pages_show_hostile_text_as_text(superuser_client, record, page):
    response = superuser_client.get(ADMIN_PAGES[page](record))
    assert response.status_code == 200
    assert_harmless_html(response)


def test_every_model_with_text_has_an_admin_page_here():
    covered = {
        Statement,
        Leader,
        OfficeHeld,
        Source,
        Topic,
        Citation,
        Correction,
        ErrorReport,
        Event,
    }
    with_text = {
        model
        for model in admin_site._registry
        if model._meta.app_label == "quotes"
        and any(
            isinstance(field, models.CharField | models.TextField | models.JSONField)
            for field in model._meta.concrete_fields
        )
    }
    assert with_text <= covered


IMPORT_STEP_1 = reverse("admin:quotes_statement_import")
IMPORT_REVIEW = reverse("admin:quotes_statement_import_review")
HOSTILE_ARTICLE = (
    f"French President Emmanuel Macron, speaking in Paris, said: “{MARKUP} We will\x08 "
    f"stand.\u202e”\r\n\r\n{hostile()}\r\n\r\n"
    f"Macron told reporters: “The ministers agreed {SCRIPT} on {{{{ 7*7 }}}} systems.”\r\n"
)


def import_article(client, **changes):
    data = {
        "url": "https://wire.example.com/world/hostile",
        "title": hostile(),
        "publisher": hostile(),
        "author": hostile(),
        "published_on": "2025-06-04",
        "kind": "news",
        "text": HOSTILE_ARTICLE,
        "action": "paste",
    }
    return client.post(IMPORT_STEP_1, {**data, **changes})


def test_the_import_review_shows_an_articles_payloads_as_text(superuser_client, record):
    LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron")
    response = import_article(superuser_client)
    assert response.status_code == 200
    assert "formset" in response.context, [str(m) for m in response.context["messages"]]
    page = assert_harmless_html(response)
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page

    from tests.test_import_admin import review_data  # the page's form, as a browser sends it

    response = superuser_client.post(IMPORT_REVIEW, review_data(response))
    assert response.status_code == 302
    source = Source.objects.get(url="https://wire.example.com/world/hostile")
    for value in (source.title, source.publisher, source.author, source.text):
        assert SCRIPT in value
        assert not re.search("[\x08\x1b\u202e]", value)
    drafts = Statement.objects.filter(citations__source=source)
    assert drafts and all(SCRIPT in draft.text and "\x08" not in draft.text for draft in drafts)
    assert_harmless_html(superuser_client.get(response.url))


def test_an_article_with_a_nul_is_refused_with_a_message(superuser_client):
    response = import_article(superuser_client, text="He said: “no\x00 way”.")
    assert response.status_code == 200
    assert "Null characters are not allowed." in str(response.context["form"].errors["text"])
    assert not Source.objects.exists()


# What the forms and `full_clean()` let in.

INVISIBLE = "a\x00b\x08c\x1bd\x0be\x1ff\ufffeg\u202eh\u2066i\tj\r\nk"
WITHOUT_INVISIBLE = "abcd e fghi\tj\r\nk"


@pytest.mark.parametrize(
    "model", [Leader, OfficeHeld, Topic, Source, Statement, Citation, Correction, ErrorReport]
)
def test_validation_drops_invisible_controls_from_every_text_field(model):
    instance = model()
    text_fields = [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]
    assert text_fields
    for field in text_fields:
        setattr(instance, field.attname, INVISIBLE)
    with pytest.raises(ValidationError):  # the other fields are empty: that is not the point
        instance.clean_fields()
    for field in text_fields:
        assert getattr(instance, field.attname) == WITHOUT_INVISIBLE, field.name


def test_a_leaders_name_and_aliases_lose_invisible_controls(db):
    leader = Leader(name="Vladimir\x08 Pu\u202etin", aliases=["Pu\x1btin"], country="RU")
    leader.slug = "vladimir-putin"
    leader.full_clean()
    assert leader.name == "Vladimir Putin"
    assert leader.aliases == ["Putin"]


def test_a_statements_words_lose_invisible_controls_however_it_is_saved(db):
    statement = StatementFactory(text="We will\x00 not\x08 let\u202e them.", cited=True)
    statement.refresh_from_db()
    assert statement.text == "We will not let them."


def test_a_reviewers_note_loses_invisible_controls(db, reviewer):
    statement = StatementFactory(status=Statement.Status.SUBMITTED)
    workflow.send_back(statement, reviewer, note="Check\x00 the\x08 date\u202e.")
    statement.refresh_from_db()
    assert statement.review_note == "Check the date."


def test_a_readers_report_loses_invisible_controls(client, db):
    response = client.post("/how-we-work/", {"message": "The date\x08 is\u202e wrong."})
    assert response.status_code == 303
    assert ErrorReport.objects.get().message == "The date is wrong."


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://files.example.com/article",
        HOSTILE_URL.replace('/"><svg/', '/"><svg '),  # a space: not an address
    ],
)
@pytest.mark.parametrize(
    "model, field",
    [
        (Source, "url"),
        (Source, "archive_url"),
        (Leader, "portrait_url"),
        (ErrorReport, "evidence_url"),
    ],
)
def test_address_fields_refuse_anything_but_web_addresses(model, field, address):
    instance = model(**{field: address})
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    assert refused.value.message_dict[field] == [
        "Enter a web address that starts with http:// or https://."
    ]


def test_the_source_form_refuses_a_script_address_with_a_message(superuser_client):
    response = superuser_client.post(
        admin_url(Source, "add"),
        {"url": "javascript:alert(1)", "title": "T", "publisher": "P", "kind": "news"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == [
        "Enter a web address that starts with http:// or https://."
    ]
    assert not Source.objects.exists()
