"""The published record as open data: CSV, JSON Lines and JSON, streamed so size never costs
memory.

Each row is one published statement with its speaker and its sources. The same filters as the
statements list apply, so any filtered view can be downloaded as it is shown, newest first.

Rows are read a chunk at a time by keyset (the chunk after the last row sent, as the list pages
by), not through one cursor over the whole selection: outside a transaction a server-side
cursor is declared WITH HOLD, and PostgreSQL then materialises every row before sending the
first (five seconds for the whole record). Each chunk is a short query of its own, so the first
row comes at once, nothing holds a transaction open for the minutes a large download takes,
and each query stays within the web requests' statement timeout.
"""

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from quotes.models import Citation, Event, Leader, Statement, statement_slug
from quotes.public import licence
from quotes.public.pagination import NEWEST_FIRST, beyond

CHUNK_SIZE = 2000
COLUMNS = [
    "id",
    "url",
    "speaker",
    "speaker_slug",
    "speaker_country",
    "speaker_wikidata_id",
    "words",
    "original_words",
    "original_language",
    "translated_by",
    "translator",
    "date_said",
    "date_precision",
    "kind",
    "channel",
    "channel_detail",
    "relayed_by",
    "context",
    "event",
    "verification",
    "topics",
    "mentions",
    "source_urls",
    "source_publishers",
]


STATEMENT_FIELDS = (
    "id",
    "speaker_id",
    "text",
    "original_text",
    "original_language",
    "translated_by",
    "translation_source",
    "date_said",
    "date_precision",
    "kind",
    "channel",
    "channel_detail",
    "relayed_by",
    "context",
    "event_id",
    "verification",
)


def statement_records(statements) -> Iterator[dict]:
    """A record per statement of `statements`, newest first, read `CHUNK_SIZE` at a time by
    keyset.

    Plain values, not model instances: building and prefetching instances took three quarters
    of a download's time (3,000 rows a second; the whole record in six minutes).
    """
    ordered = statements.order_by(*NEWEST_FIRST).values_list(*STATEMENT_FIELDS)
    speakers: dict[int, tuple] = {}
    event_slugs: dict[int | None, str] = {None: ""}
    statement_url = statement_url_maker()
    after = None
    while True:
        selection = ordered if after is None else ordered.filter(beyond(after, descending=True))
        rows = list(selection[:CHUNK_SIZE])
        ids = [row[0] for row in rows]
        unknown = {row[1] for row in rows} - speakers.keys()
        if unknown:
            speakers.update(
                (pk, rest)
                for pk, *rest in Leader.objects.filter(pk__in=unknown).values_list(
                    "pk", "name", "slug", "country", "wikidata_id"
                )
            )
        events = {row[STATEMENT_FIELDS.index("event_id")] for row in rows} - event_slugs.keys()
        if events:
            event_slugs.update(Event.objects.filter(pk__in=events).values_list("pk", "slug"))
        topics = _grouped(
            Statement.topics.through.objects.filter(statement_id__in=ids)
            .order_by("topic__name", "topic_id")
            .values_list("statement_id", "topic__name")
        )
        mentions = _grouped(
            Statement.mentions.through.objects.filter(statement_id__in=ids)
            .order_by("leader__name", "leader_id")
            .values_list("statement_id", "leader__name")
        )
        sources = _grouped(
            Citation.objects.filter(statement_id__in=ids)
            .order_by("id")
            .values_list("statement_id", "source__url", "source__publisher")
        )
        for pk, speaker_id, text, *details in rows:
            (original_text, original_language, translated_by, translation_source, date_said,
             date_precision, kind, channel, channel_detail, relayed_by, context, event,
             verification) = details  # fmt: skip
            name, slug, country, wikidata_id = speakers[speaker_id]
            cited = sources.get(pk, [])
            yield {
                "id": pk,
                "url": statement_url(pk, statement_slug(name, text)),
                "speaker": name,
                "speaker_slug": slug,
                "speaker_country": country,
                "speaker_wikidata_id": wikidata_id,
                "words": text,
                "original_words": original_text,
                "original_language": original_language,
                "translated_by": translated_by,
                "translator": translation_source,
                "date_said": date_said.isoformat(),
                "date_precision": date_precision,
                "kind": kind,
                "channel": channel,
                "channel_detail": channel_detail,
                "relayed_by": relayed_by,
                "context": context,
                "event": event_slugs[event],
                "verification": verification,
                "topics": [name for (name,) in topics.get(pk, [])],
                "mentions": [name for (name,) in mentions.get(pk, [])],
                "source_urls": [url for url, _ in cited],
                "source_publishers": [publisher for _, publisher in cited],
            }
        if len(rows) < CHUNK_SIZE:
            return
        after = (rows[-1][STATEMENT_FIELDS.index("date_said")], rows[-1][0])


def _grouped(pairs) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for statement_id, *values in pairs:
        grouped.setdefault(statement_id, []).append(tuple(values))
    return grouped


def statement_url_maker(root: str | None = None):
    """A function (id, slug) -> the statement's full address, as `get_absolute_url` gives it
    after `root` (the site's address by default; "" for the path alone).

    Resolved once with stand-ins and filled in per row: `reverse()` for each of a million rows
    would take a minute of the download.
    """
    stand_in_id, stand_in_slug = 987654321, "stand-in-slug"
    template = (settings.SITE_URL if root is None else root) + reverse(
        "quotes:statement_detail", args=[stand_in_id, stand_in_slug]
    )
    before_id, rest = template.split(str(stand_in_id), 1)
    between, after_slug = rest.split(stand_in_slug, 1)

    def url(pk: int, slug: str) -> str:
        return f"{before_id}{pk}{between}{slug}{after_slug}"

    return url


class Echo:
    """A file-like object csv.writer can write to, handing each line straight back."""

    def write(self, value):
        return value


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection): such a
# cell gets a leading apostrophe, which spreadsheets hide and read as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(statements) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow(COLUMNS)
    for record in statement_records(statements):
        yield writer.writerow(
            [
                spreadsheet_safe(" | ".join(value) if isinstance(value, list) else value)
                for value in (record[column] for column in COLUMNS)
            ]
        )


def json_chunks(statements) -> Iterator[str]:
    """One JSON object: the licence and the suggested citation, then `statements`, an array
    of the records, streamed."""
    envelope = {
        "licence": licence.LICENCE,
        "licence_url": licence.LICENCE_URL,
        "notice": licence.notice(),
        "citation": licence.record_citation(timezone.localdate()),
    }
    opening = "".join(
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
        for key, value in envelope.items()
    )
    yield "{\n" + opening + '"statements": [\n'
    first = True
    for record in statement_records(statements):
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def json_lines(statements) -> Iterator[str]:
    """JSON Lines: one statement per line, so a program can read the record row by row."""
    for record in statement_records(statements):
        yield json.dumps(record, ensure_ascii=False) + "\n"
