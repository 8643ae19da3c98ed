"""Backups that restore: export_record and import_record (quotes/ops/backup.py, docs/BACKUP.md).

Run on SQLite and on PostgreSQL, where the import must also pass the database's own checks
(the deferred "a published statement cites a source" triggers, the tallies' triggers):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_backup pytest tests/test_backup.py
"""

import datetime
import io
import json
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections

from quotes.management.commands.import_record import Command as ImportRecordCommand
from quotes.models import (
    Citation,
    Correction,
    Event,
    Leader,
    OfficeHeld,
    PublishedTally,
    Source,
    Statement,
    Topic,
)
from quotes.ops.backup import MODELS, RecordFileError, export_record, import_record
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def build_varied_record() -> dict:
    """A record with something of every kind: each kind and status of statement, offices that
    ended and that go on, unicode, quote marks, newlines, empty and null values."""
    nuclear = TopicFactory(name="Énergie nucléaire", slug="energie-nucleaire")
    war = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
    TopicFactory(name="Trade", slug="trade")  # no statement yet

    zelenskyy = LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        aliases=["Zelensky", "Зеленський"],
        country="UA",
        wikidata_id="Q3874799",
        description='Ukraine\'s president, "Ze" to his voters',
        portrait_url="https://upload.example.org/zelenskyy.jpg",
    )
    OfficeHeldFactory(
        leader=zelenskyy,
        title="President of Ukraine",
        country="UA",
        start_date=datetime.date(2019, 5, 20),
    )
    OfficeHeldFactory(
        leader=zelenskyy,
        title="Artistic director",
        country="",
        organisation="Kvartal 95",
        start_date=datetime.date(2011, 1, 1),
        end_date=datetime.date(2019, 5, 19),
    )
    kim = LeaderFactory(name="김정은", slug="kim-jong-un", aliases=["Kim Jong Un"], country="KP")
    pope = LeaderFactory(name="Pope Leo XIV", slug="pope-leo-xiv", country="VA")

    article = SourceFactory(
        url="https://News.Example.com/world/1/?utm_source=feed&b=2&a=1",
        title="Ещё «одна» статья: “quoted” and 'single'",
        publisher="Example News",
        author="Anna O’Neil",
        kind=Source.Kind.NEWS_ARTICLE,
        archive_url="https://web.archive.org/web/2025/https://news.example.com/world/1",
        accessed_on=datetime.date(2025, 6, 5),
        text='First paragraph.\nSecond, with "quotes", a tab\tand a line separator\u2028here.',
    )
    readout = SourceFactory(
        url="https://kremlin.example.ru/events/president/news/1",
        title="Telephone conversation",
        publisher="Kremlin",
        kind=Source.Kind.OFFICIAL,
        published_on=None,
    )
    post = SourceFactory(url="https://social.example.com/@zelenskyy/1", kind="social")

    published = StatementFactory(
        speaker=zelenskyy,
        text="We will “never” give up — not one metre.",
        kind=Statement.Kind.DIRECT,
        channel=Statement.Channel.SPEECH,
        channel_detail="An address to the nation",
        relayed_by="Ukrinform",
        context="After the strike.\nSecond line of context.",
        verification=Statement.Verification.VERIFIED,
        submitted_at=datetime.datetime(2025, 6, 4, 9, 0, tzinfo=UTC),
        published_at=datetime.datetime(2025, 6, 4, 10, 30, 15, 123456, tzinfo=UTC),
        cited=False,
    )
    published.topics.set([nuclear, war])
    published.mentions.set([kim, pope])
    call = Event.objects.create(
        title="Address to the nation, and the Pope's reply",
        slug="address-and-reply",
        kind=Event.Kind.SPEECH,
        date=datetime.date(2025, 6, 4),
        place="Kyiv “and” Rome",
        description="Two lines\nof description.",
    )
    call.participants.set([zelenskyy, pope])
    call.sources.set([article, post])
    published.event = call
    published.save()
    Event.objects.create(  # no participant nor statement yet
        title="A summit being planned",
        slug="summit",
        kind=Event.Kind.SUMMIT,
        date=datetime.date(2025, 6, 1),
    )
    CitationFactory(statement=published, source=article, locator="paragraph 4", excerpt="…")
    CitationFactory(statement=published, source=post, locator="02:13")

    disputed = StatementFactory(
        speaker=kim,
        text="Партия всегда права.",
        original_text="Партия всегда права!",
        original_language="ru",
        translated_by=Statement.TranslatedBy.OUTLET,
        translation_source="Example News",
        kind=Statement.Kind.PARTIAL,
        date_said=datetime.date(2025, 5, 1),
        date_precision=Statement.DatePrecision.MONTH,
        verification=Statement.Verification.DISPUTED,
        verification_note="Only one agency carries it.",
        cited=False,
    )
    CitationFactory(statement=disputed, source=readout)

    paraphrase = StatementFactory(
        speaker=pope,
        text="Peace is built with patience, he said.",
        kind=Statement.Kind.PARAPHRASE,
        date_said=datetime.date(2024, 1, 1),
        date_precision=Statement.DatePrecision.YEAR,
        verification=Statement.Verification.MISATTRIBUTED,
        verification_note="Said by his predecessor.",
        cited=False,
    )
    paraphrase.mentions.set([zelenskyy])
    CitationFactory(statement=paraphrase, source=article)

    sent_back = StatementFactory(
        speaker=zelenskyy,
        text="A draft sent back to its editor.",
        status=Statement.Status.DRAFT,
        review_note='Check the "exact" words against the video.',
    )
    submitted = StatementFactory(
        speaker=kim,
        text="Submitted, waiting for a reviewer.",
        status=Statement.Status.SUBMITTED,
        submitted_at=datetime.datetime(2025, 6, 5, 8, 0, tzinfo=UTC),
        cited=False,
    )
    CitationFactory(statement=submitted, source=readout, locator="")
    StatementFactory(speaker=pope, text="金正恩 — 草稿。", status=Statement.Status.DRAFT)

    Correction.objects.create(
        statement=published,
        note="The words were misquoted: “always” became “never”.",
        changes={"text": {"label": "Words", "old": "We will “always”…", "new": "We will “never”…"}},
        made_at=datetime.datetime(2025, 6, 6, 12, 0, tzinfo=UTC),
    )
    Correction.objects.create(
        statement=published,
        note="The date was a day out.",
        changes={},
        made_at=datetime.datetime(2025, 6, 7, 12, 0, 0, 1, tzinfo=UTC),
    )
    return {"zelenskyy": zelenskyy, "sent_back": sent_back, "published": published}


def exported() -> str:
    stream = io.StringIO()
    export_record(stream)
    return stream.getvalue()


def as_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def record_counts() -> Counter:
    return Counter({kind: model.objects.count() for kind, model in MODELS.items()})


def types_in(text: str) -> Counter:
    return Counter(json.loads(line)["type"] for line in text.splitlines(keepends=False)[1:-1])


def empty_the_record() -> None:
    """Delete every row of the record, in an order the foreign keys allow. Queryset deletes
    pass by the models' guards (a published statement is never deleted, one at a time)."""
    for model in (Correction, Citation, Statement, Event, Source, OfficeHeld, Leader, Topic):
        model.objects.all().delete()
    assert not any(record_counts().values())


def test_an_export_imported_into_an_empty_database_exports_the_same_bytes():
    record = build_varied_record()
    counts = record_counts()
    published_per_leader = Counter(
        Statement.objects.published().values_list("speaker__slug", flat=True)
    )
    first = exported()
    assert types_in(first) == counts

    empty_the_record()
    result = import_record(as_file(first))

    assert result.written
    assert result.created == counts
    assert not result.updated and not result.unchanged
    assert record_counts() == counts
    assert exported() == first
    # Derived data is rebuilt by the database, not read from the file.
    for slug, published in published_per_leader.items():
        assert PublishedTally.objects.get(leader__slug=slug).statements == published
    # Each restored row's history starts with its restoration, its topics and mentions too.
    restored = Statement.history.filter(id=record["published"].pk).latest("history_date")
    assert restored.history_type == "+"
    assert restored.history_change_reason == "Restored from a record file"
    assert sorted(row.topic.slug for row in restored.topics.all()) == [
        "energie-nucleaire",
        "war-in-ukraine",
    ]
    assert restored.mentions.count() == 2
    restorations = Citation.history.filter(history_change_reason="Restored from a record file")
    assert restorations.count() == counts["citation"]


def test_the_export_is_one_sorted_json_object_a_line_with_unicode_as_is():
    build_varied_record()
    text = exported()
    lines = text.split("\n")
    assert lines[-1] == ""  # the file ends with a newline
    objects = [json.loads(line) for line in lines[:-1]]
    assert objects[0] == {"type": "header", "format": "verbatim-record", "version": 1}
    assert objects[-1]["type"] == "end"
    assert objects[-1]["counts"] == dict(record_counts())
    for values in objects:
        assert list(values) == sorted(values)
    assert "김정은" in text and "“never”" in text  # as they are, not \u escapes
    # A line separator in a value is escaped: every way of splitting lines finds the same lines.
    assert "\u2028" not in text and "line separator\\u2028here" in text
    assert text.splitlines() == lines[:-1]
    sources = [values for values in objects if values["type"] == "source"]
    assert [values["url"] for values in sources] == sorted(values["url"] for values in sources)
    assert "https://news.example.com/world/1?a=1&b=2" in [values["url"] for values in sources]
    statements = [values for values in objects if values["type"] == "statement"]
    assert [values["id"] for values in statements] == sorted(values["id"] for values in statements)
    published = next(values for values in statements if values["text"].startswith("We will"))
    assert published["speaker"] == "volodymyr-zelenskyy"
    assert published["topics"] == ["energie-nucleaire", "war-in-ukraine"]
    assert published["mentions"] == ["kim-jong-un", "pope-leo-xiv"]
    assert published["published_at"] == "2025-06-04T10:30:15.123456+00:00"
    assert "search_vector" not in published and "words_fingerprint" not in published


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    build_varied_record()
    first = exported()
    empty_the_record()
    import_record(as_file(first))
    versions = list(Statement.objects.order_by("id").values_list("id", "version"))
    history = Statement.history.count()

    again = import_record(as_file(first))

    assert not again.created and not again.updated
    assert again.unchanged == record_counts()
    assert list(Statement.objects.order_by("id").values_list("id", "version")) == versions
    assert Statement.history.count() == history
    assert exported() == first


def test_importing_into_the_database_it_came_from_changes_nothing():
    build_varied_record()
    first = exported()
    result = import_record(as_file(first))
    assert not result.created and not result.updated
    assert exported() == first


def test_an_import_puts_back_what_changed_since_the_export():
    record = build_varied_record()
    first = exported()
    leader = record["zelenskyy"]
    leader.aliases = ["Zelensky"]
    leader.save()
    draft = record["sent_back"]
    draft.context = "Edited after the backup."
    draft.save()
    record["published"].topics.clear()

    result = import_record(as_file(first))

    assert result.updated == Counter({"leader": 1, "statement": 2})
    assert not result.created
    leader.refresh_from_db()
    assert leader.aliases == ["Zelensky", "Зеленський"]
    assert exported() == first
    restored = Statement.history.filter(id=draft.pk).latest("history_date")
    assert restored.history_change_reason == "Restored from a record file"


def test_statements_keep_their_ids_and_new_ones_follow_them():
    leader = LeaderFactory(slug="a-leader")
    SourceFactory(url="https://news.example.com/kept")
    lines = [
        {"type": "header", "format": "verbatim-record", "version": 1},
        {
            "type": "statement",
            "id": 5000,
            "speaker": "a-leader",
            "text": "Kept at its address.",
            "date_said": "2025-06-04",
            "status": "published",
        },
        {"type": "citation", "statement": 5000, "source": "https://news.example.com/kept"},
        {"type": "correction", "id": 700, "statement": 5000, "note": "A correction."},
        {"type": "end", "counts": {"statement": 1, "citation": 1, "correction": 1}},
    ]
    import_record(as_file("\n".join(json.dumps(line) for line in lines)))

    kept = Statement.objects.get(pk=5000)
    assert kept.speaker == leader and kept.get_absolute_url().startswith("/quotes/5000-")
    assert Correction.objects.get(pk=700).statement == kept
    assert StatementFactory().pk > 5000
    assert Correction.objects.create(statement=kept, note="Another.").pk > 700


def broken_copy(text: str) -> tuple[str, dict]:
    """The export with four faults, and the line number of each."""
    lines = text.splitlines(keepends=False)
    numbers = {}
    statements = [i for i, line in enumerate(lines) if json.loads(line)["type"] == "statement"]
    citation = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "citation")

    lines[2] = '{"type": "topic", "slug": "trade", "name": "Trade",'
    numbers["bad json"] = 3
    without_words = json.loads(lines[statements[0]])
    del without_words["text"]
    lines[statements[0]] = json.dumps(without_words, ensure_ascii=False)
    numbers["missing field"] = statements[0] + 1
    impossible_date = json.loads(lines[statements[1]])
    impossible_date["date_said"] = "2025-02-30"
    lines[statements[1]] = json.dumps(impossible_date, ensure_ascii=False)
    numbers["invalid date"] = statements[1] + 1
    unknown_source = json.loads(lines[citation])
    unknown_source["source"] = "https://nowhere.example.org/never-stored"
    lines[citation] = json.dumps(unknown_source, ensure_ascii=False)
    numbers["unknown reference"] = citation + 1
    return "\n".join(lines) + "\n", numbers


def test_a_malformed_file_is_refused_with_its_line_numbers_and_nothing_is_written():
    build_varied_record()
    broken, numbers = broken_copy(exported())
    empty_the_record()

    with pytest.raises(RecordFileError) as refused:
        import_record(as_file(broken))

    problems = refused.value.problems
    assert any(p.startswith(f"line {numbers['bad json']}: not valid JSON") for p in problems)
    assert any(
        p.startswith(f"line {numbers['missing field']} (statement ")
        and p.endswith("missing field 'text'")
        for p in problems
    )
    assert any(
        p.startswith(f"line {numbers['invalid date']} (statement ")
        and "date_said: '2025-02-30' is no date in the calendar" in p
        for p in problems
    )
    assert any(
        p.startswith(f"line {numbers['unknown reference']} (citation ")
        and "source: 'https://nowhere.example.org/never-stored' is no source" in p
        for p in problems
    )
    assert not any(record_counts().values())


def test_a_malformed_file_leaves_a_full_database_as_it_was():
    build_varied_record()
    first = exported()
    broken, _ = broken_copy(first)
    with pytest.raises(RecordFileError):
        import_record(as_file(broken))
    assert exported() == first


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda lines: lines[:-2], "without its end line: it may be cut short"),
        (lambda lines: lines[1:], "line 1: a record file starts with a header line"),
        (
            lambda lines: [lines[0].replace('"version":1', '"version":2'), *lines[1:]],
            "line 1: format version 2 is not one this Verbatim reads",
        ),
        (
            lambda lines: [*lines[:-2], lines[-3], lines[-2], ""],
            "the same correction as line",
        ),
        (
            lambda lines: [lines[0], '{"type": "quote", "id": 1}', *lines[1:]],
            "line 2: unknown type 'quote'",
        ),
        (
            lambda lines: [
                lines[0],
                lines[1].replace('"type":"topic"', '"type":"topic","colour":"red"'),
                *lines[2:],
            ],
            "line 2 (topic energie-nucleaire): unknown field 'colour'",
        ),
        (lambda lines: [*lines[:-1], lines[-2], ""], "nothing may follow the end line"),
    ],
    ids=[
        "cut short",
        "no header",
        "newer format",
        "repeated key",
        "unknown type",
        "unknown field",
        "after the end",
    ],
)
def test_a_file_that_is_not_whole_or_not_ours_is_refused(change, expected):
    build_varied_record()
    first = exported()
    lines = first.split("\n")
    with pytest.raises(RecordFileError, match=re.escape(expected)):
        import_record(as_file("\n".join(change(lines))))
    assert exported() == first


def test_the_record_rules_are_checked_before_writing():
    build_varied_record()
    first = exported()
    empty_the_record()
    lines = first.splitlines()
    citations = [i for i, line in enumerate(lines) if json.loads(line)["type"] == "citation"]
    published_id = json.loads(lines[citations[0]])["statement"]
    kept = [line for line in lines if json.loads(line).get("statement") != published_id]
    end = {"type": "end", "counts": types_in("\n".join(kept))}
    kept[-1] = json.dumps(end)

    with pytest.raises(RecordFileError, match="a published statement must cite a source"):
        import_record(as_file("\n".join(kept)))
    assert not any(record_counts().values())


def test_an_account_of_an_event_by_someone_who_took_no_part_in_it_is_refused():
    build_varied_record()
    first = exported()
    empty_the_record()
    lines = []
    for line in first.splitlines():
        values = json.loads(line)
        if values.get("slug") == "address-and-reply":
            values["participants"] = ["pope-leo-xiv"]
        lines.append(json.dumps(values))

    with pytest.raises(RecordFileError) as refused:
        import_record(as_file("\n".join(lines)))
    assert "'volodymyr-zelenskyy' is not a participant of the event 'address-and-reply'" in str(
        refused.value
    )
    assert not any(record_counts().values())


def test_an_event_changed_since_the_export_is_put_back_with_its_statements():
    record = build_varied_record()
    first = exported()
    event = Event.objects.get(slug="address-and-reply")
    event.title = "Renamed"
    event.save()
    event.sources.clear()
    published = Statement.objects.get(pk=record["published"].pk)
    published.event = None
    published.save()

    result = import_record(as_file(first))

    assert result.updated["event"] == 1 and result.unchanged["event"] == 1
    assert exported() == first
    assert Statement.objects.get(pk=published.pk).event.title.startswith("Address to the nation")


def one_statement_file(statement_id: int, text: str, source_id: int = 1) -> str:
    lines = [
        {"type": "header", "format": "verbatim-record", "version": 1},
        {"type": "topic", "slug": "renamed", "name": "Energy"},
        {"type": "leader", "slug": "a-leader", "name": "A Leader", "country": "FR",
         "wikidata_id": "Q7747"},
        {"type": "source", "id": source_id, "url": "https://news.example.com/restored",
         "title": "Restored", "publisher": "Example News"},
        {"type": "statement", "id": statement_id, "speaker": "a-leader", "text": text,
         "date_said": "2025-06-04", "status": "draft"},
        {"type": "end", "counts": {"topic": 1, "leader": 1, "source": 1, "statement": 1}},
    ]  # fmt: skip
    return "\n".join(json.dumps(line) for line in lines) + "\n"


def test_what_the_database_would_refuse_is_refused_before_writing():
    leader = LeaderFactory(slug="a-leader", name="A Leader", wikidata_id="")
    TopicFactory(slug="energy", name="Energy")
    taken = SourceFactory(url="https://news.example.com/another")
    LeaderFactory(slug="someone-else", wikidata_id="Q7747")
    said = StatementFactory(speaker=leader, text="Said once.", status=Statement.Status.DRAFT)
    before = record_counts()

    with pytest.raises(RecordFileError) as refused:
        import_record(as_file(one_statement_file(said.pk + 100, "SAID ONCE", taken.pk)))

    problems = "\n".join(refused.value.problems)
    assert "line 2 (topic renamed): the topic 'energy' already has this name" in problems
    assert "line 3 (leader a-leader): the leader 'someone-else' already has this Wikidata id" in (
        problems
    )
    assert f"source id {taken.pk} is https://news.example.com/another in the database" in problems
    assert f"statement {said.pk} in the database has the same speaker, date and words" in problems
    assert record_counts() == before


def test_a_file_with_windows_line_ends_imports_the_same():
    build_varied_record()
    first = exported()
    empty_the_record()
    result = import_record(as_file(first.replace("\n", "\r\n")))
    assert result.created.total() == len(first.splitlines()) - 2
    assert exported() == first


def test_a_check_reports_what_an_import_would_do_and_writes_nothing():
    build_varied_record()
    first = exported()
    counts = record_counts()
    empty_the_record()

    result = import_record(as_file(first), check_only=True)

    assert result.created == counts
    assert not result.written
    assert not any(record_counts().values())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the deferred source check is PostgreSQL's"
)
def test_postgresql_checks_pass_when_statements_and_citations_go_in_together():
    build_varied_record()
    first = exported()
    empty_the_record()
    import_record(as_file(first))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what a commit would check
        cursor.execute(
            "SELECT count(*) FROM quotes_statement WHERE search_vector IS NULL OR "
            "search_vector = ''::tsvector"
        )
        assert cursor.fetchone()[0] == 0


# The commands


def test_the_commands_write_a_file_and_read_it_back(tmp_path, capsys):
    build_varied_record()
    counts = record_counts()
    path = tmp_path / "record.jsonl"
    out = io.StringIO()
    call_command("export_record", "--output", str(path), stdout=out)
    assert f"Exported the record to {path}:" in out.getvalue()
    assert f"{counts['statement']} statements, {counts['citation']} citations" in out.getvalue()
    first = path.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*partial"))
    empty_the_record()

    out = io.StringIO()
    call_command("import_record", str(path), stdout=out)

    assert out.getvalue().splitlines()[:2] == [
        f"Imported {path}:",
        f"{counts.total()} created, 0 updated, 0 unchanged",
    ]
    assert f"  statement: {counts['statement']} created, 0 updated, 0 unchanged" in out.getvalue()
    assert exported() == first


def test_the_export_command_writes_to_stdout_by_default():
    build_varied_record()
    out, err = io.StringIO(), io.StringIO()
    call_command("export_record", stdout=out, stderr=err)
    assert out.getvalue() == exported()
    assert "Exported the record to stdout" in err.getvalue()


@pytest.fixture
def run_import_command(monkeypatch):
    """Run import_record as `manage.py` does, and return its exit status."""
    # The command line closes every connection at the end, the test's own one included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as exit_status:
            ImportRecordCommand().run_from_argv(["manage.py", "import_record", *args])
        return exit_status.value.code

    return run


def test_the_import_command_refuses_a_malformed_file_with_exit_status_1(
    tmp_path, capsys, run_import_command
):
    build_varied_record()
    broken, numbers = broken_copy(exported())
    path = tmp_path / "broken.jsonl"
    path.write_text(broken, encoding="utf-8")
    empty_the_record()

    assert run_import_command(str(path)) == 1

    output = capsys.readouterr()
    assert "nothing was imported" in output.err
    for number in numbers.values():
        assert f"line {number}" in output.err
    assert "Traceback" not in output.err
    assert not any(record_counts().values())


def test_the_import_command_explains_a_missing_file(tmp_path, capsys, run_import_command):
    assert run_import_command(str(tmp_path / "absent.jsonl")) == 1
    assert "cannot read" in capsys.readouterr().err


def test_the_import_command_refuses_text_that_is_not_utf8(tmp_path, capsys, run_import_command):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        b'{"type":"header","format":"verbatim-record","version":1}\n'
        b'{"type":"topic","slug":"energie","name":"\xc9nergie"}\n'
    )
    assert run_import_command(str(path)) == 1
    assert "line 2: not UTF-8 text" in capsys.readouterr().err
    assert not Topic.objects.exists()


def test_the_import_command_checks_without_writing(tmp_path):
    build_varied_record()
    counts = record_counts()
    path = tmp_path / "record.jsonl"
    path.write_text(exported(), encoding="utf-8")
    empty_the_record()
    out = io.StringIO()
    call_command("import_record", str(path), "--check", stdout=out)
    assert f"{counts.total()} created, 0 updated, 0 unchanged" in out.getvalue()
    assert out.getvalue().rstrip().endswith("Nothing was written.")
    assert not any(record_counts().values())
