"""The demo record: the sample article, its leaders, the seven quotations an editor took, and
the two phone calls the article reports, each known through one side's account.

Loading it twice changes nothing: every row is looked up by its natural key (slug, URL, the
statement's speaker, date and words) and created only when missing, so an editor's later
corrections to the demo rows are never overwritten.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from quotes.models import Citation, Event, Leader, OfficeHeld, Source, Statement, Topic
from quotes.record.text import comparable_words, words_fingerprint

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
ARTICLE = DEMO_DIR / "article-putin-retaliation.txt"
EXPECTED = DEMO_DIR / "article-putin-retaliation.expected.json"
EDITORIAL = DEMO_DIR / "editorial.json"


@dataclass
class DemoLoadResult:
    leaders: int
    statements: int
    created: int
    events: int = 0


def read_demo_files() -> tuple[str, dict, dict]:
    return (
        ARTICLE.read_text(encoding="utf-8"),
        json.loads(EXPECTED.read_text(encoding="utf-8")),
        json.loads(EDITORIAL.read_text(encoding="utf-8")),
    )


def locate_in_article(article: str, words: str) -> tuple[str, str]:
    """The paragraph number and the sentence-ish excerpt of the article that holds `words`."""
    wanted = comparable_words(words)
    for number, paragraph in enumerate(article.split("\n"), start=1):
        if wanted in comparable_words(paragraph):
            return f"paragraph {number}", paragraph.strip()
    return "", ""


@transaction.atomic
def load_demo() -> DemoLoadResult:
    article, expected, editorial = read_demo_files()

    leaders = {}
    for entry in expected["leaders_named"]:
        leader, _ = Leader.objects.get_or_create(
            slug=slugify(entry["name"]),
            defaults={
                "name": entry["name"],
                "aliases": entry["aliases"],
                "country": entry["country"],
                "wikidata_id": entry["wikidata_id"] or "",
            },
        )
        OfficeHeld.objects.get_or_create(
            leader=leader,
            title=entry["office"],
            start_date=datetime.date.fromisoformat(entry["office_start"]),
            defaults={"country": entry["country"]},
        )
        leaders[entry["name"]] = leader

    topics = {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in editorial["topics"].items()
    }

    source_fields = dict(editorial["source"])
    source_fields["published_on"] = datetime.date.fromisoformat(source_fields["published_on"])
    source, _ = Source.objects.get_or_create(
        url=source_fields.pop("url"), defaults={**source_fields, "text": article}
    )

    created = 0
    statements = []
    for quotation, details in zip(expected["quotations"], editorial["statements"], strict=True):
        speaker = leaders[quotation["speaker"]]
        date_said = datetime.date.fromisoformat(details["date_said"])
        statement, was_created = Statement.objects.get_or_create(
            speaker=speaker,
            date_said=date_said,
            words_fingerprint=words_fingerprint(quotation["text"]),
            defaults={
                "text": quotation["text"],
                "kind": quotation["kind"],
                "date_precision": details["date_precision"],
                "channel": details["channel"],
                "channel_detail": details["channel_detail"],
                "relayed_by": quotation["relayed_by"] or "",
                "context": details["context"],
                "original_language": details.get("original_language", ""),
                "translated_by": details.get("translated_by", ""),
                "translation_source": details.get("translation_source", ""),
                "status": Statement.Status.PUBLISHED,
            },
        )
        statements.append(statement)
        if was_created:
            created += 1
            statement.topics.set([topics[slug] for slug in details["topics"]])
            statement.mentions.set([leaders[name] for name in quotation["mentions"]])
        locator, excerpt = locate_in_article(article, quotation["text"])
        Citation.objects.get_or_create(
            statement=statement, source=source, defaults={"locator": locator, "excerpt": excerpt}
        )

    for details in editorial["events"]:
        event, event_created = Event.objects.get_or_create(
            slug=details["slug"],
            defaults={
                "title": details["title"],
                "kind": details["kind"],
                "date": datetime.date.fromisoformat(details["date"]),
                "date_precision": details["date_precision"],
                "place": details["place"],
                "description": details["description"],
            },
        )
        if not event_created:
            continue
        event.participants.set([leaders[name] for name in details["participants"]])
        event.sources.add(source)
        for number in details["statements"]:
            statement = statements[number]
            if statement.event_id is None:
                statement.event = event
                statement.save(update_fields=["event"])

    return DemoLoadResult(
        leaders=len(leaders),
        statements=len(expected["quotations"]),
        created=created,
        events=len(editorial["events"]),
    )
