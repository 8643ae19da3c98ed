"""Backups of the record that restore: the record as JSON Lines, and back again.

`export_record()` writes the record (topics, leaders and the offices they held, sources,
events, statements, citations, corrections) as one JSON object a line, each naming the others by
natural key (a leader by slug, a source by its address, a statement by the number in its own
address) instead of by database id. The order and the formatting are fixed, so the same record
always gives the same bytes and two exports compare with `cmp` or `diff`.

`import_record()` reads such a file and checks all of it, every line, every reference and the
record's own rules, before writing anything; then it writes it in one transaction, adding what
is missing and updating what differs, so importing a file twice changes nothing the second
time. It never deletes. Each row it writes gets a history entry saying it was restored.

What the database derives (search vectors, published tallies, the record version) is left out
and rebuilt by the database as the rows go in. Accounts, the history of every record and
readers' error reports are not the record: `pg_dump` backs up the whole database with them.
The format and both procedures: docs/BACKUP.md.
"""

import datetime
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TextIO

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Prefetch
from django_countries.fields import Country

from quotes.models import (
    Citation,
    Correction,
    Event,
    Leader,
    OfficeHeld,
    Source,
    Statement,
    Topic,
)
from quotes.record.text import words_fingerprint
from quotes.record.urls_normalise import normalise_url
from quotes.record.versions import record_changed

FORMAT = "verbatim-record"
FORMAT_VERSION = 1
# The order of the file, each type after those it refers to.
TYPES = ("topic", "leader", "office", "source", "event", "statement", "citation", "correction")
MODELS = {
    "topic": Topic,
    "leader": Leader,
    "office": OfficeHeld,
    "source": Source,
    "event": Event,
    "statement": Statement,
    "citation": Citation,
    "correction": Correction,
}
CHANGE_REASON = "Restored from a record file"
MOST_PROBLEMS_SHOWN = 50
BATCH = 500  # rows per IN (…) list: well under SQLite's limit on query parameters

TEXT, NUMBER, DATE, DATETIME, NAMES, MAPPING = "text", "number", "date", "datetime", "names", "map"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters JSON leaves as they are but str.splitlines() and some editors take for line ends:
# escaped, so that every reader sees one object a line.
LINE_BREAKS_ESCAPED = {ord(char): f"\\u{ord(char):04x}" for char in "\x85\u2028\u2029"}


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool = False
    nullable: bool = False
    # False for ids and references: resolved by the import, not checked as model fields.
    on_model: bool = True


def _required(kind: str, **options) -> Field:
    return Field(kind, required=True, **options)


FIELDS: dict[str, dict[str, Field]] = {
    "topic": {"slug": _required(TEXT), "name": _required(TEXT)},
    "leader": {
        "slug": _required(TEXT),
        "name": _required(TEXT),
        "country": _required(TEXT),
        "aliases": Field(NAMES),
        "wikidata_id": Field(TEXT),
        "description": Field(TEXT),
        "portrait_url": Field(TEXT),
    },
    "office": {
        "leader": _required(TEXT, on_model=False),
        "title": _required(TEXT),
        "start_date": _required(DATE),
        "end_date": Field(DATE, nullable=True),
        "country": Field(TEXT),
        "organisation": Field(TEXT),
    },
    "source": {
        "url": _required(TEXT),
        "id": Field(NUMBER, on_model=False),
        "title": _required(TEXT),
        "publisher": _required(TEXT),
        "author": Field(TEXT),
        "published_on": Field(DATE, nullable=True),
        "kind": Field(TEXT),
        "archive_url": Field(TEXT),
        "accessed_on": Field(DATE, nullable=True),
        "text": Field(TEXT),
    },
    "event": {
        "slug": _required(TEXT),
        "title": _required(TEXT),
        "kind": _required(TEXT),
        "date": _required(DATE),
        "date_precision": Field(TEXT),
        "place": Field(TEXT),
        "description": Field(TEXT),
        "participants": Field(NAMES, on_model=False),
        "sources": Field(NAMES, on_model=False),
    },
    "statement": {
        "id": _required(NUMBER, on_model=False),
        "speaker": _required(TEXT, on_model=False),
        "event": Field(TEXT, nullable=True, on_model=False),
        "text": _required(TEXT),
        "date_said": _required(DATE),
        "date_precision": Field(TEXT),
        "kind": Field(TEXT),
        "channel": Field(TEXT),
        "channel_detail": Field(TEXT),
        "relayed_by": Field(TEXT),
        "context": Field(TEXT),
        "original_text": Field(TEXT),
        "original_language": Field(TEXT),
        "translated_by": Field(TEXT),
        "translation_source": Field(TEXT),
        "topics": Field(NAMES, on_model=False),
        "mentions": Field(NAMES, on_model=False),
        "status": Field(TEXT),
        "verification": Field(TEXT),
        "verification_note": Field(TEXT),
        "review_note": Field(TEXT),
        "created_at": Field(DATETIME),
        "updated_at": Field(DATETIME),
        "submitted_at": Field(DATETIME, nullable=True),
        "published_at": Field(DATETIME, nullable=True),
    },
    "citation": {
        "statement": _required(NUMBER, on_model=False),
        "source": _required(TEXT, on_model=False),
        "locator": Field(TEXT),
        "excerpt": Field(TEXT),
    },
    "correction": {
        "id": _required(NUMBER, on_model=False),
        "statement": _required(NUMBER, on_model=False),
        "note": _required(TEXT),
        "changes": Field(MAPPING),
        "made_at": Field(DATETIME),
    },
}
# Set by Django on every save (auto_now_add, auto_now): written after the save, with an UPDATE.
STAMPS = ("created_at", "updated_at")


class RecordFileError(Exception):
    """A record file that cannot be imported, with every problem found (nothing was written)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MOST_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more")
        super().__init__("\n".join(shown))


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    written: bool = False

    @property
    def in_file(self) -> Counter:
        return self.created + self.updated + self.unchanged

    def summary(self) -> list[str]:
        totals = (
            f"{self.created.total()} created, {self.updated.total()} updated, "
            f"{self.unchanged.total()} unchanged"
        )
        return [totals] + [
            f"  {kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in TYPES
            if self.in_file[kind]
        ]


# --- export ---------------------------------------------------------------------------------


def export_record(stream: TextIO) -> Counter:
    """Write the whole record to `stream` as JSON Lines; return how many objects of each type.

    Read in one snapshot (a repeatable-read transaction on PostgreSQL), so a save made while
    the export runs is either wholly in the file or not at all.
    """
    counts = Counter()
    with _snapshot():
        stream.write(_line({"type": "header", "format": FORMAT, "version": FORMAT_VERSION}))
        for kind, values in _record_objects():
            stream.write(_line({"type": kind, **values}))
            counts[kind] += 1
        stream.write(_line({"type": "end", "counts": {kind: counts[kind] for kind in TYPES}}))
    return counts


def _line(values: dict) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(LINE_BREAKS_ESCAPED) + "\n"


@contextmanager
def _snapshot():
    # On SQLite the transaction begins IMMEDIATE (settings): saves wait until the export ends.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _batched(items: Iterable, size: int) -> Iterator[tuple]:
    # itertools.batched arrives with Python 3.12.
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def _record_objects() -> Iterator[tuple[str, dict]]:
    # Sorted in Python, not by the database, whose text collation differs between engines.
    for topic in sorted(Topic.objects.all(), key=lambda topic: topic.slug):
        yield "topic", _model_values("topic", topic)
    for leader in sorted(Leader.objects.all(), key=lambda leader: leader.slug):
        yield "leader", _model_values("leader", leader)
    yield from sorted(
        (
            ("office", _office_values(office))
            for office in OfficeHeld.objects.select_related("leader")
        ),
        key=lambda item: _office_order(item[1]),
    )
    yield from _sources()
    for event in Event.objects.prefetch_related("participants", "sources").order_by("slug"):
        yield "event", _event_values(event)
    yield from _statements()
    yield from _citations()
    for correction in Correction.objects.order_by("id"):
        yield "correction", _correction_values(correction)


def _model_values(kind: str, instance: models.Model) -> dict:
    return {
        name: _json_value(getattr(instance, name))
        for name, spec in FIELDS[kind].items()
        if spec.on_model
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Country):
        return value.code or ""
    return value


def _event_values(event: Event) -> dict:
    return {
        "participants": sorted(leader.slug for leader in event.participants.all()),
        "sources": sorted(source.url for source in event.sources.all()),
        **_model_values("event", event),
    }


def _office_values(office: OfficeHeld) -> dict:
    return {"leader": office.leader.slug, **_model_values("office", office)}


def _office_order(values: dict) -> tuple:
    names = ("leader", "start_date", "title", "end_date", "country", "organisation")
    return tuple(values[name] or "" for name in names)


def _sources() -> Iterator[tuple[str, dict]]:
    addresses = sorted(Source.objects.values_list("url", "id"))
    for batch in _batched(addresses, BATCH):
        sources = Source.objects.in_bulk([source_id for _, source_id in batch])
        for _, source_id in batch:
            source = sources[source_id]
            yield "source", {"id": source.pk, **_model_values("source", source)}


def _statements() -> Iterator[tuple[str, dict]]:
    statements = (
        Statement.objects.order_by("id")
        .defer("search_vector")
        .select_related("speaker", "event")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("slug")),
            Prefetch("mentions", queryset=Leader.objects.only("slug")),
        )
    )
    for statement in statements.iterator(chunk_size=BATCH):
        yield "statement", _statement_values(statement)


def _statement_values(statement: Statement) -> dict:
    return {
        "id": statement.pk,
        "speaker": statement.speaker.slug,
        "event": statement.event.slug if statement.event else None,
        "topics": sorted(topic.slug for topic in statement.topics.all()),
        "mentions": sorted(leader.slug for leader in statement.mentions.all()),
        **_model_values("statement", statement),
    }


def _citations() -> Iterator[tuple[str, dict]]:
    # Plain values: a citation's source is needed for its address only, not its stored text.
    rows = Citation.objects.order_by("statement_id", "id").values(
        "statement_id", "source__url", "locator", "excerpt"
    )
    group: list[dict] = []
    for row in rows.iterator(chunk_size=BATCH * 4):
        if group and group[0]["statement"] != row["statement_id"]:
            yield from _sorted_citations(group)
            group = []
        group.append(
            {
                "statement": row["statement_id"],
                "source": row["source__url"],
                "locator": row["locator"],
                "excerpt": row["excerpt"],
            }
        )
    yield from _sorted_citations(group)


def _sorted_citations(group: list[dict]) -> Iterator[tuple[str, dict]]:
    for values in sorted(group, key=lambda values: values["source"]):
        yield "citation", values


def _correction_values(correction: Correction) -> dict:
    return {
        "id": correction.pk,
        "statement": correction.statement_id,
        **_model_values("correction", correction),
    }


# --- import: reading and checking -----------------------------------------------------------


@dataclass
class _Entry:
    """One line of the file: its type, its values (parsed, then cleaned by the model's rules)."""

    line: int
    kind: str
    values: dict
    key: Any = None

    def label(self) -> str:
        return f"line {self.line} ({self.kind} {_describe(self.kind, self.key)})"


def _describe(kind: str, key) -> str:
    if kind == "office":
        leader, title, start = key
        return f"{title!r} of {leader} from {start}"
    if kind == "citation":
        statement, source = key
        return f"of statement {statement} in {source}"
    return str(key)


class _RecordFile:
    """Everything a record file says, and every problem with it, found before any write."""

    def __init__(self, lines: Iterable[str | bytes]):
        self.problems: list[tuple[int, str]] = []
        self.entries: dict[str, list[_Entry]] = {kind: [] for kind in TYPES}
        # Keys of lines refused for another reason: a reference to one is not a second problem.
        self.refused_keys: dict[str, set] = {kind: set() for kind in TYPES}
        self.unreadable_lines: list[int] = []  # not JSON objects: what they held is unknown
        self.lines = 0
        self._read(lines)
        self._check_keys_and_references()

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def messages(self) -> list[str]:
        return [message for _, message in sorted(self.problems, key=lambda item: item[0])]

    def keys(self, kind: str) -> set:
        return {entry.key for entry in self.entries[kind]}

    # reading, line by line

    def _read(self, lines: Iterable[str | bytes]) -> None:
        header_line = end_line = None
        end_counts = None
        for number, raw in enumerate(lines, start=1):
            self.lines = number
            text = self._decoded(number, raw)
            if text is None or not text.strip():
                continue
            values = self._parsed_json(number, text)
            kind = values.pop("type", None) if values is not None else None
            if header_line is None:
                header_line = number
                if kind == "header":
                    self._check_header(number, values)
                    continue
                self.problem(
                    number,
                    f"line {number}: a record file starts with a header line, "
                    f'{{"format":"{FORMAT}","type":"header","version":{FORMAT_VERSION}}}',
                )
            if values is None:
                continue
            if end_line is not None:
                self.problem(number, f"line {number}: nothing may follow the end line ({end_line})")
            elif kind == "end":
                end_line, end_counts = number, values.get("counts")
            elif kind == "header":
                self.problem(number, f"line {number}: a second header line")
            elif kind in FIELDS:
                self._read_entry(number, kind, values)
            else:
                self.problem(
                    number,
                    f"line {number}: unknown type {kind!r} (the types are: {', '.join(TYPES)})",
                )
        if header_line is None:
            self.problem(0, "the file is empty: a record file has a header line and an end line")
        elif end_line is None:
            self.problem(
                self.lines + 1,
                f"the file stops at line {self.lines} without its end line: it may be cut short",
            )
        elif not self.problems:  # a line refused above would be a second, confusing mismatch
            self._check_counts(end_line, end_counts)

    def _decoded(self, number: int, raw: str | bytes) -> str | None:
        if isinstance(raw, str):
            return raw.removeprefix("\ufeff") if number == 1 else raw
        try:
            return raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            self.problem(number, f"line {number}: not UTF-8 text")
            return None

    def _parsed_json(self, number: int, text: str) -> dict | None:
        values = self._json_object(number, text.rstrip("\r\n"))
        if values is None:
            self.unreadable_lines.append(number)
        return values

    def _json_object(self, number: int, text: str) -> dict | None:
        try:
            values = json.loads(
                text, object_pairs_hook=_refuse_repeated_names, parse_constant=_refuse_constant
            )
        except json.JSONDecodeError as error:
            self.problem(
                number, f"line {number}: not valid JSON: {error.msg} (column {error.colno})"
            )
            return None
        except ValueError as error:
            self.problem(number, f"line {number}: not valid JSON: {error}")
            return None
        if not isinstance(values, dict):
            self.problem(number, f"line {number}: each line must be a JSON object ({{…}})")
            return None
        return values

    def _check_header(self, number: int, values: dict) -> None:
        if values.get("format") != FORMAT:
            self.problem(
                number,
                f"line {number}: not a Verbatim record file "
                f"(format {values.get('format')!r}, expected {FORMAT!r})",
            )
        elif values.get("version") != FORMAT_VERSION:
            self.problem(
                number,
                f"line {number}: format version {values.get('version')!r} is not one this "
                f"Verbatim reads (version {FORMAT_VERSION})",
            )

    def _check_counts(self, number: int, counts) -> None:
        if not isinstance(counts, dict):
            self.problem(number, f"line {number}: the end line has no counts")
            return
        for kind in TYPES:
            found = len(self.entries[kind])
            if counts.get(kind, 0) != found:
                self.problem(
                    number,
                    f"line {number}: the end line counts {counts.get(kind, 0)} {kind} lines but "
                    f"the file has {found}: it may be incomplete",
                )

    def _read_entry(self, number: int, kind: str, values: dict) -> None:
        fields = FIELDS[kind]
        problems = [f"unknown field {name!r}" for name in values if name not in fields]
        problems += [
            f"missing field {name!r}"
            for name, spec in fields.items()
            if spec.required and name not in values
        ]
        parsed = {}
        for name, value in values.items():
            if name in fields:
                try:
                    parsed[name] = _parsed_value(fields[name], value)
                except ValueError as error:
                    problems.append(f"{name}: {error}")
        entry = _Entry(number, kind, parsed)
        try:
            entry.key = _key_of(kind, parsed)
        except KeyError:
            entry.key = None
        if problems:
            where = f"line {number} ({kind})" if entry.key is None else entry.label()
            for message in problems:
                self.problem(number, f"{where}: {message}")
            self.refused_keys[kind].add(entry.key)
        elif self._clean(entry):
            entry.key = _key_of(kind, entry.values)
            self.entries[kind].append(entry)
        else:
            self.refused_keys[kind].add(entry.key)

    def _clean(self, entry: _Entry) -> bool:
        """Check the entry by the model's own rules (`clean_fields()`, `clean()`), keeping the
        values as the model cleans them (names and words tidied, addresses normalised)."""
        model = MODELS[entry.kind]
        given = [name for name in entry.values if FIELDS[entry.kind][name].on_model]
        instance = model(**{name: entry.values[name] for name in given})
        if entry.kind == "statement":
            # Whether it cites a source, and whether its words repeat another statement's, are
            # answered for the whole file at once, from the file and the database together.
            instance.cites_a_source = lambda: True
        # A correction's changes are {} when nothing material changed: stored so by the
        # workflow, though a form would call it blank. Parsing checked it is a JSON object.
        checked = [name for name in given if FIELDS[entry.kind][name].kind != MAPPING]
        try:
            instance.clean_fields(
                exclude=[f.name for f in model._meta.concrete_fields if f.name not in checked]
            )
            instance.clean()
            if entry.kind == "office":  # its one rule lives in a check constraint
                instance.validate_constraints()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                prefix = "" if name == "__all__" else f"{name}: "
                for message in messages:
                    self.problem(entry.line, f"{entry.label()}: {prefix}{message}")
            return False
        entry.values.update({name: getattr(instance, name) for name in given})
        return True

    # the file as a whole, against itself and the database

    def _check_keys_and_references(self) -> None:
        for kind in TYPES:
            self._check_unique(kind, lambda entry: entry.key, "the same {kind} as line {line}")
        self._check_unique(
            "topic", lambda entry: entry.values["name"], "the same topic name as line {line}"
        )
        self._check_unique(
            "leader",
            lambda entry: entry.values.get("wikidata_id") or None,
            "the same Wikidata id as line {line}",
        )
        self._check_unique(
            "source", lambda entry: entry.values.get("id"), "the same source id as line {line}"
        )
        self._check_unique(
            "statement", _statement_identity, "the same speaker, date and words as line {line}"
        )
        self._check_references()
        self._check_accounts_of_events()
        self._check_against_database()
        self._check_published_statements_cite_a_source()

    def _check_unique(self, kind: str, identity, message: str) -> None:
        first_line = {}
        for entry in self.entries[kind]:
            value = identity(entry)
            if value is None:
                continue
            if value in first_line:
                self.problem(
                    entry.line,
                    f"{entry.label()}: " + message.format(kind=kind, line=first_line[value]),
                )
            else:
                first_line[value] = entry.line

    def _check_references(self) -> None:
        references = [
            ("office", "leader", "leader", lambda values: [values["leader"]]),
            ("statement", "speaker", "leader", lambda values: [values["speaker"]]),
            ("statement", "mentions", "leader", lambda values: values.get("mentions", [])),
            ("statement", "topics", "topic", lambda values: values.get("topics", [])),
            (
                "statement",
                "event",
                "event",
                lambda values: [values["event"]] if values.get("event") else [],
            ),
            ("event", "participants", "leader", lambda values: values.get("participants", [])),
            (
                "event",
                "sources",
                "source",
                lambda values: [normalise_url(url) for url in values.get("sources", [])],
            ),
            ("citation", "statement", "statement", lambda values: [values["statement"]]),
            ("citation", "source", "source", lambda values: [normalise_url(values["source"])]),
            ("correction", "statement", "statement", lambda values: [values["statement"]]),
        ]
        wanted = defaultdict(set)
        for kind, _, target, keys_of in references:
            for entry in self.entries[kind]:
                wanted[target].update(keys_of(entry.values))
        known = {}
        for target, keys in wanted.items():
            in_file = self.keys(target) | self.refused_keys[target]
            known[target] = in_file | _existing_keys(target, keys - in_file)
        unless = ""
        if self.unreadable_lines:
            numbers = ", ".join(str(number) for number in self.unreadable_lines[:5])
            lines = "line" if len(self.unreadable_lines) == 1 else "lines"
            unless = f" (unless it is on {lines} {numbers}, which could not be read)"
        for kind, name, target, keys_of in references:
            for entry in self.entries[kind]:
                for key in keys_of(entry.values):
                    if key not in known[target]:
                        self.problem(
                            entry.line,
                            f"{entry.label()}: {name}: {key!r} is no {target} in this file "
                            f"or in the database{unless}",
                        )

    def _check_accounts_of_events(self) -> None:
        """A statement of an event is by one of its participants (`Statement.check_event`),
        as the file has the event, or else the database."""
        in_file = {entry.key: entry for entry in self.entries["event"]}
        named = {entry.values.get("event") for entry in self.entries["statement"]} - {None, ""}
        participants = {
            slug: set(entry.values.get("participants", [])) for slug, entry in in_file.items()
        }
        for batch in _batched(sorted(named - in_file.keys()), BATCH):
            rows = Event.participants.through.objects.filter(event__slug__in=batch)
            for event, leader in rows.values_list("event__slug", "leader__slug"):
                participants.setdefault(event, set()).add(leader)
        for entry in self.entries["statement"]:
            event = entry.values.get("event")
            if event and entry.values["speaker"] not in participants.get(event, set()):
                self.problem(
                    entry.line,
                    f"{entry.label()}: event: {entry.values['speaker']!r} is not a participant "
                    f"of the event {event!r}",
                )

    def _check_against_database(self) -> None:
        """What the database's unique constraints would refuse, found before writing."""
        topic_names = {entry.values["name"]: entry for entry in self.entries["topic"]}
        for batch in _batched(topic_names, BATCH):
            for name, slug in Topic.objects.filter(name__in=batch).values_list("name", "slug"):
                entry = topic_names[name]
                if slug != entry.key and slug not in self.keys("topic"):
                    self.problem(
                        entry.line, f"{entry.label()}: the topic {slug!r} already has this name"
                    )
        wikidata_ids = {
            entry.values["wikidata_id"]: entry
            for entry in self.entries["leader"]
            if entry.values.get("wikidata_id")
        }
        for batch in _batched(wikidata_ids, BATCH):
            found = Leader.objects.filter(wikidata_id__in=batch).values_list("wikidata_id", "slug")
            for wikidata_id, slug in found:
                entry = wikidata_ids[wikidata_id]
                if slug != entry.key and slug not in self.keys("leader"):
                    self.problem(
                        entry.line,
                        f"{entry.label()}: the leader {slug!r} already has this Wikidata id",
                    )
        source_ids = {
            entry.values["id"]: entry for entry in self.entries["source"] if "id" in entry.values
        }
        for batch in _batched(source_ids, BATCH):
            for source_id, url in Source.objects.filter(id__in=batch).values_list("id", "url"):
                entry = source_ids[source_id]
                if url != entry.key:
                    self.problem(
                        entry.line,
                        f"{entry.label()}: source id {source_id} is {url} in the database "
                        "(leave the id out to give this source a new one)",
                    )
        self._check_statement_repeats()

    def _check_statement_repeats(self) -> None:
        by_identity = {_statement_identity(entry): entry for entry in self.entries["statement"]}
        fingerprints = sorted({fingerprint for _, _, fingerprint in by_identity})
        ids_in_file = self.keys("statement")
        for batch in _batched(fingerprints, BATCH):
            found = Statement.objects.filter(words_fingerprint__in=batch).values_list(
                "id", "speaker__slug", "date_said", "words_fingerprint"
            )
            for statement_id, speaker, date_said, fingerprint in found:
                entry = by_identity.get((speaker, date_said, fingerprint))
                if entry and statement_id != entry.key and statement_id not in ids_in_file:
                    self.problem(
                        entry.line,
                        f"{entry.label()}: statement {statement_id} in the database has the "
                        "same speaker, date and words",
                    )

    def _check_published_statements_cite_a_source(self) -> None:
        cited = {entry.key[0] for entry in self.entries["citation"]}
        published = {
            entry.key: entry
            for entry in self.entries["statement"]
            if entry.values.get("status") == Statement.Status.PUBLISHED
        }
        uncited = set(published) - cited
        for batch in _batched(sorted(uncited), BATCH):
            cited_in_database = Citation.objects.filter(statement_id__in=batch)
            uncited -= set(cited_in_database.values_list("statement_id", flat=True))
        for statement_id in uncited:
            entry = published[statement_id]
            self.problem(
                entry.line,
                f"{entry.label()}: a published statement must cite a source, and no citation "
                "line gives it one (nor the database)",
            )


def _refuse_repeated_names(pairs: list[tuple[str, Any]]) -> dict:
    values = {}
    for name, value in pairs:
        if name in values:
            raise ValueError(f"the name {name!r} appears twice in one object")
        values[name] = value
    return values


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _parsed_value(spec: Field, value: Any) -> Any:
    if value is None:
        if spec.nullable:
            return None
        raise ValueError("may not be null")
    if spec.kind == TEXT:
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {json.dumps(value, ensure_ascii=False)}")
        return value
    if spec.kind == NUMBER:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"must be a whole number from 1, not {json.dumps(value)}")
        return value
    if spec.kind == DATE:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError(f"must be a date as YYYY-MM-DD, not {json.dumps(value)}")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is no date in the calendar") from None
    if spec.kind == DATETIME:
        try:
            moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValueError(
                f"must be a date and time with its UTC offset "
                f"(2025-06-04T10:30:00.000000+00:00), not {json.dumps(value)}"
            )
        return moment.astimezone(datetime.UTC)
    if spec.kind == NAMES:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError("must be a list of texts")
        return value
    if not isinstance(value, dict):  # MAPPING
        raise ValueError("must be a JSON object")
    return value


def _key_of(kind: str, values: dict):
    if kind in ("topic", "leader", "event"):
        return values["slug"]
    if kind == "office":
        return (values["leader"], values["title"], values["start_date"])
    if kind == "source":
        return normalise_url(values["url"])
    if kind == "citation":
        return (values["statement"], normalise_url(values["source"]))
    return values["id"]  # statement, correction


def _statement_identity(entry: _Entry) -> tuple | None:
    # The unique constraint on (speaker, date said, words fingerprint).
    values = entry.values
    return (values["speaker"], values["date_said"], words_fingerprint(values["text"]))


def _existing_keys(kind: str, keys: set) -> set:
    """Which of `keys` the database holds already."""
    found = set()
    lookup = {
        "leader": (Leader, "slug"),
        "topic": (Topic, "slug"),
        "source": (Source, "url"),
        "event": (Event, "slug"),
        "statement": (Statement, "id"),
    }
    model, name = lookup[kind]
    for batch in _batched(sorted(keys), BATCH):
        found.update(model.objects.filter(**{f"{name}__in": batch}).values_list(name, flat=True))
    return found


# --- import: writing ------------------------------------------------------------------------


def import_record(lines: Iterable[str | bytes], *, check_only: bool = False) -> ImportResult:
    """Import a record file (its lines, as text or bytes): all of it, or nothing.

    Raises `RecordFileError` with every problem, each with its line number, when a line is
    malformed, refers to something neither the file nor the database has, or breaks a rule of
    the record; nothing is written then. With `check_only`, the import runs to its end and is
    rolled back: the counts say what it would do, and nothing is written.
    """
    record_file = _RecordFile(lines)
    if record_file.problems:
        raise RecordFileError(record_file.messages())
    result = ImportResult()
    try:
        with transaction.atomic():
            _Writer(record_file, result).write(check_only=check_only)
            if check_only:
                transaction.set_rollback(True)
    except DatabaseError as error:
        # Checked for beforehand: this is the database's own last word, and it is rolled back.
        raise RecordFileError([f"the database refused the record: {error}".strip()]) from error
    result.written = not check_only
    return result


class _Writer:
    """Writes a checked record file: new rows in batches, changed rows one by one.

    New rows go in with `bulk_create`, each with one history entry saying it was restored, and
    the record's version moves on once at the end: a restore of a large record then takes
    minutes, where a save per row, with its history and its version bump, took an hour.
    Rows that differ from the file are saved one by one, as any other change.
    """

    def __init__(self, record_file: _RecordFile, result: ImportResult):
        self.entries = record_file.entries
        self.result = result
        self.with_chosen_ids: set[type[models.Model]] = set()

    def write(self, *, check_only: bool) -> None:
        self._topics_and_leaders()
        self._offices()
        self._sources()
        self._events()
        self._statements()
        self._citations()
        self._corrections()
        if self.with_chosen_ids and not check_only:  # a sequence is not rolled back
            # Rows went in with their own ids: the next id the database hands out follows them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), self.with_chosen_ids):
                    cursor.execute(sql)
        if self.result.created.total() or self.result.updated.total():
            record_changed()  # bulk inserts and UPDATEs send no signal that would
        if connection.vendor == "postgresql":
            # The deferred checks (a published statement cites a source) run now, inside the
            # import's own block, rather than at a commit that may be a caller's.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    @staticmethod
    def _names(kind: str, entry: _Entry) -> list[str]:
        return [name for name in entry.values if FIELDS[kind][name].on_model]

    def _new(self, kind: str, instance: models.Model, entry: _Entry) -> models.Model:
        for name in self._names(kind, entry):
            setattr(instance, name, entry.values[name])
        return instance

    def _create(self, kind: str, instances: list[models.Model]) -> list:
        """Insert new rows, each with a history entry; return those history entries."""
        if not instances:
            return []
        model = MODELS[kind]
        if any(instance.pk is not None for instance in instances):
            self.with_chosen_ids.add(model)
        model.objects.bulk_create(instances, batch_size=BATCH)
        self.result.created[kind] += len(instances)
        return model.history.bulk_history_create(
            instances, batch_size=BATCH, default_change_reason=CHANGE_REASON
        )

    def _update(self, kind: str, instance: models.Model, entry: _Entry, moved=False) -> bool:
        """Save what differs from the file, as any change is saved; say whether anything did."""
        names = [name for name in self._names(kind, entry) if name not in STAMPS]
        changed = moved or any(
            _json_value(getattr(instance, name)) != _json_value(entry.values[name])
            for name in names
        )
        if changed:
            for name in names:
                setattr(instance, name, entry.values[name])
            instance._change_reason = CHANGE_REASON
            instance.save()
        return changed

    def _count(self, kind: str, changed: bool) -> None:
        (self.result.updated if changed else self.result.unchanged)[kind] += 1

    def _topics_and_leaders(self) -> None:
        for kind, model in (("topic", Topic), ("leader", Leader)):
            existing = _existing_by(model, "slug", self.entries[kind])
            new = []
            for entry in self.entries[kind]:
                if entry.key in existing:
                    self._count(kind, self._update(kind, existing[entry.key], entry))
                else:
                    new.append(self._new(kind, model(), entry))
            self._create(kind, new)

    def _offices(self) -> None:
        leader_ids = _ids_by(Leader, "slug", {entry.key[0] for entry in self.entries["office"]})
        existing = {}
        held = OfficeHeld.objects.filter(leader_id__in=leader_ids.values()).select_related("leader")
        for office in held.order_by("id"):
            existing.setdefault((office.leader.slug, office.title, office.start_date), office)
        new = []
        for entry in self.entries["office"]:
            if entry.key in existing:
                self._count("office", self._update("office", existing[entry.key], entry))
            else:
                office = OfficeHeld(leader_id=leader_ids[entry.key[0]])
                new.append(self._new("office", office, entry))
        self._create("office", new)

    def _sources(self) -> None:
        existing = _existing_by(Source, "url", self.entries["source"])
        new = []
        for entry in self.entries["source"]:
            if entry.key in existing:
                self._count("source", self._update("source", existing[entry.key], entry))
            else:
                new.append(self._new("source", Source(id=entry.values.get("id")), entry))
        self._create("source", new)

    def _events(self) -> None:
        """Events one by one, as any change is saved: there are few of them."""
        entries = self.entries["event"]
        existing = _existing_by(Event, "slug", entries)
        wanted = {name: defaultdict(set) for name in ("participants", "sources")}
        for entry in entries:
            wanted["participants"][entry.key] = set(entry.values.get("participants", []))
            wanted["sources"][entry.key] = {
                normalise_url(url) for url in entry.values.get("sources", [])
            }
        ids = {
            "participants": _ids_by(Leader, "slug", set().union(*wanted["participants"].values())),
            "sources": _ids_by(Source, "url", set().union(*wanted["sources"].values())),
        }
        for entry in entries:
            event = existing.get(entry.key)
            created = event is None
            if created:
                event = self._new("event", Event(), entry)
                event._change_reason = CHANGE_REASON
                event.save()
                self.result.created["event"] += 1
                changed = False
            else:
                changed = self._update("event", event, entry)
            for name in ("participants", "sources"):
                if name not in entry.values and not created:
                    continue
                chosen = {ids[name][key] for key in wanted[name][entry.key]}
                related = getattr(event, name)
                if chosen != set(related.values_list("pk", flat=True)):
                    related.set(chosen)
                    changed = True
            if not created:
                self._count("event", changed)

    def _statements(self) -> None:
        entries = self.entries["statement"]
        leader_ids = _ids_by(
            Leader,
            "slug",
            {entry.values["speaker"] for entry in entries}
            | {slug for entry in entries for slug in entry.values.get("mentions", [])},
        )
        topic_ids = _ids_by(
            Topic, "slug", {slug for entry in entries for slug in entry.values.get("topics", [])}
        )
        ids_of = {"topics": topic_ids, "mentions": leader_ids}
        self.event_ids = _ids_by(
            Event, "slug", {entry.values["event"] for entry in entries if entry.values.get("event")}
        )
        existing = {}
        for batch in _batched([entry.key for entry in entries], BATCH):
            found = Statement.objects.filter(id__in=batch).defer("search_vector")
            existing.update((statement.pk, statement) for statement in found)
        changed_entries = [entry for entry in entries if entry.key in existing]
        new_entries = [entry for entry in entries if entry.key not in existing]
        self._changed_statements(changed_entries, existing, leader_ids, ids_of)
        self._new_statements(new_entries, leader_ids, ids_of)

    def _changed_statements(self, entries, existing, leader_ids, ids_of) -> None:
        ids = [entry.key for entry in entries]
        related_now = {
            "topics": _related_slugs(Statement.topics.through, "topic", ids),
            "mentions": _related_slugs(Statement.mentions.through, "leader", ids),
        }
        for entry in entries:
            statement = existing[entry.key]
            speaker_id = leader_ids[entry.values["speaker"]]
            moved = statement.speaker_id != speaker_id
            statement.speaker_id = speaker_id
            if "event" in entry.values:  # files written before events left it out
                event_id = self.event_ids.get(entry.values["event"])
                moved = moved or statement.event_id != event_id
                statement.event_id = event_id
            changed = self._update("statement", statement, entry, moved=moved)
            for name, now in related_now.items():
                wanted = set(entry.values.get(name, ()))
                if name in entry.values and wanted != now.get(entry.key, set()):
                    getattr(statement, name).set([ids_of[name][slug] for slug in wanted])
                    changed = True
            # Django sets these on every save (auto_now_add, auto_now): an UPDATE restores them.
            stamps = {
                name: entry.values[name]
                for name in STAMPS
                if name in entry.values
                and _json_value(getattr(statement, name)) != _json_value(entry.values[name])
            }
            if stamps:
                Statement.objects.filter(pk=statement.pk).update(**stamps)
                changed = True
            self._count("statement", changed)

    def _new_statements(self, entries, leader_ids, ids_of) -> None:
        if not entries:
            return
        statements = []
        for entry in entries:
            statement = Statement(
                id=entry.key,
                speaker_id=leader_ids[entry.values["speaker"]],
                event_id=self.event_ids.get(entry.values.get("event")),
            )
            self._new("statement", statement, entry)
            # What Statement.save() does; clean() already tidied the words.
            statement.words_fingerprint = words_fingerprint(statement.text)
            statements.append(statement)
        Statement.objects.bulk_create(statements, batch_size=BATCH)
        # bulk_create stamped them with the time of the import (auto_now): put back the file's.
        for statement, entry in zip(statements, entries, strict=True):
            for name in STAMPS:
                setattr(statement, name, entry.values.get(name, getattr(statement, name)))
        _write_stamps(statements)
        related = {}
        for name, ids_by_slug in ids_of.items():
            relation = Statement._meta.get_field(name)
            through = relation.remote_field.through
            target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
            rows = [
                through(statement_id=entry.key, **{target: ids_by_slug[slug]})
                for entry in entries
                for slug in sorted(set(entry.values.get(name, ())))
            ]
            related[name] = through.objects.bulk_create(rows, batch_size=BATCH)
        self.result.created["statement"] += len(statements)
        self.with_chosen_ids.add(Statement)
        history = Statement.history.bulk_history_create(
            statements, batch_size=BATCH, default_change_reason=CHANGE_REASON
        )
        _statement_history_relations(history, related)

    def _citations(self) -> None:
        entries = self.entries["citation"]
        source_ids = _ids_by(Source, "url", {entry.key[1] for entry in entries})
        existing = {}
        for batch in _batched(sorted({entry.key[0] for entry in entries}), BATCH):
            found = Citation.objects.filter(statement_id__in=batch).select_related("source")
            existing.update(
                ((citation.statement_id, citation.source.url), citation) for citation in found
            )
        new = []
        for entry in entries:
            statement_id, url = entry.key
            if entry.key in existing:
                self._count("citation", self._update("citation", existing[entry.key], entry))
            else:
                citation = Citation(statement_id=statement_id, source_id=source_ids[url])
                new.append(self._new("citation", citation, entry))
        self._create("citation", new)

    def _corrections(self) -> None:
        entries = self.entries["correction"]
        existing = Correction.objects.in_bulk([entry.key for entry in entries])
        new = []
        for entry in entries:
            statement_id = entry.values["statement"]
            correction = existing.get(entry.key)
            if correction is None:
                correction = Correction(id=entry.key, statement_id=statement_id)
                new.append(self._new("correction", correction, entry))
            else:
                moved = correction.statement_id != statement_id
                correction.statement_id = statement_id
                self._count("correction", self._update("correction", correction, entry, moved))
        self._create("correction", new)


def _write_stamps(statements: list[Statement]) -> None:
    # One plain UPDATE a row: bulk_update's CASE over a batch took longer than the inserts.
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(name)} = %s" for name in STAMPS)
    sql = f"UPDATE {quote(Statement._meta.db_table)} SET {columns} WHERE {quote('id')} = %s"
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for batch in _batched(statements, BATCH):
            cursor.executemany(
                sql,
                [
                    (*(adapt(getattr(statement, name)) for name in STAMPS), statement.pk)
                    for statement in batch
                ],
            )


def _statement_history_relations(history: list, related: dict[str, list]) -> None:
    """The topics and mentions in each new statement's history entry, as django-simple-history
    keeps them (a copy of each row of the relation, tied to the entry)."""
    history_of = {record.id: record for record in history}  # by statement id
    for name, rows in related.items():
        history_model = apps.get_model(
            Statement._meta.app_label, f"{Statement.history.model.__name__}_{name}"
        )
        fields = [field.attname for field in rows[0]._meta.concrete_fields] if rows else []
        history_model.objects.bulk_create(
            [
                history_model(
                    history_id=history_of[row.statement_id].pk,
                    **{field: getattr(row, field) for field in fields},
                )
                for row in rows
            ],
            batch_size=BATCH,
        )


def _existing_by(model: type[models.Model], name: str, entries: list[_Entry]) -> dict:
    existing = {}
    for batch in _batched(sorted({entry.key for entry in entries}), BATCH):
        found = model.objects.filter(**{f"{name}__in": batch})
        existing.update((getattr(instance, name), instance) for instance in found)
    return existing


def _ids_by(model: type[models.Model], name: str, keys: set) -> dict:
    ids = {}
    for batch in _batched(sorted(keys), BATCH):
        ids.update(model.objects.filter(**{f"{name}__in": batch}).values_list(name, "id"))
    return ids


def _related_slugs(through: type[models.Model], target: str, statement_ids: list[int]) -> dict:
    slugs = defaultdict(set)
    for batch in _batched(statement_ids, BATCH):
        rows = through.objects.filter(statement_id__in=batch).values_list(
            "statement_id", f"{target}__slug"
        )
        for statement_id, slug in rows:
            slugs[statement_id].add(slug)
    return slugs
