"""The published record as open data: CSV and JSON, streamed so size never costs memory.

Each row is one published statement with its speaker and its sources. The same filters as the
statements list apply, so any filtered view can be downloaded as it is shown.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Prefetch

from quotes.models import Citation, Statement

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
    "date_said",
    "date_precision",
    "kind",
    "channel",
    "channel_detail",
    "relayed_by",
    "context",
    "verification",
    "topics",
    "mentions",
    "source_urls",
    "source_publishers",
]


def export_queryset(statements) -> Iterable[Statement]:
    return (
        statements.defer("search_vector")
        .select_related("speaker")
        .prefetch_related(
            "topics",
            "mentions",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def statement_record(statement: Statement) -> dict:
    citations = list(statement.citations.all())
    return {
        "id": statement.pk,
        "url": settings.SITE_URL + statement.get_absolute_url(),
        "speaker": statement.speaker.name,
        "speaker_slug": statement.speaker.slug,
        "speaker_country": str(statement.speaker.country),
        "speaker_wikidata_id": statement.speaker.wikidata_id,
        "words": statement.text,
        "original_words": statement.original_text,
        "original_language": statement.original_language,
        "date_said": statement.date_said.isoformat(),
        "date_precision": statement.date_precision,
        "kind": statement.kind,
        "channel": statement.channel,
        "channel_detail": statement.channel_detail,
        "relayed_by": statement.relayed_by,
        "context": statement.context,
        "verification": statement.verification,
        "topics": [topic.name for topic in statement.topics.all()],
        "mentions": [leader.name for leader in statement.mentions.all()],
        "source_urls": [citation.source.url for citation in citations],
        "source_publishers": [citation.source.publisher for citation in citations],
    }


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
    for statement in export_queryset(statements):
        record = statement_record(statement)
        yield writer.writerow(
            [
                spreadsheet_safe(" | ".join(value) if isinstance(value, list) else value)
                for value in (record[column] for column in COLUMNS)
            ]
        )


def json_chunks(statements) -> Iterator[str]:
    yield "[\n"
    first = True
    for statement in export_queryset(statements):
        yield ("" if first else ",\n") + json.dumps(statement_record(statement), ensure_ascii=False)
        first = False
    yield "\n]\n"
