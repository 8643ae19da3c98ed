"""The synthetic record generator, small, on whichever database the suite runs on."""

import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from quotes.models import Citation, Leader, OfficeHeld, Source, Statement, Topic
from quotes.ops import generate
from quotes.ops.generate import generate_record
from quotes.ops.generate_vocabulary import VOCABULARY
from quotes.record.text import words_fingerprint
from quotes.record.versions import current_version

pytestmark = pytest.mark.django_db


def quiet(message):
    pass


@pytest.fixture
def report(db):
    return generate_record(statements=1_200, leaders=25, seed=7, batch_size=500, progress=quiet)


def test_counts(report):
    assert Leader.objects.count() == report.leaders == 25
    assert Statement.objects.count() == report.statements == 1_200
    assert Source.objects.count() == report.sources
    assert Citation.objects.count() == report.citations
    assert OfficeHeld.objects.count() >= 25
    assert Topic.objects.count() == 40
    assert Statement.topics.through.objects.count() == report.topic_links > 0
    assert Statement.mentions.through.objects.count() == report.mentions > 0


def test_every_statement_cites_one_to_three_sources_and_sources_are_shared(report):
    per_statement = Counter(Citation.objects.values_list("statement_id", flat=True))
    assert len(per_statement) == 1_200
    assert set(per_statement.values()) <= {1, 2, 3}
    assert not Statement.objects.filter(citations__isnull=True).exists()
    per_source = Counter(Citation.objects.values_list("source_id", flat=True))
    assert max(per_source.values()) >= 3
    assert report.sources < report.citations
    assert 50 < Source.objects.values("publisher").distinct().count() <= 320


def test_speakers_are_skewed(report):
    counts = sorted(
        Statement.objects.values("speaker").annotate(n=Count("id")).values_list("n", flat=True),
        reverse=True,
    )
    assert counts[0] > 4 * statistics.median(counts)
    assert counts[0] > 0.15 * 1_200


def test_fingerprints_are_unique_and_true(report):
    rows = list(Statement.objects.values_list("text", "words_fingerprint"))
    assert len({fingerprint for _, fingerprint in rows}) == len(rows)
    assert all(words_fingerprint(text) == fingerprint for text, fingerprint in rows)


def test_the_words_look_like_a_record(report):
    lengths = [len(text.split()) for text in Statement.objects.values_list("text", flat=True)]
    assert 10 <= statistics.median(lengths) <= 35
    words = Counter(
        word.strip(",.!?…").lower()
        for text in Statement.objects.values_list("text", flat=True)
        for word in text.split()
    )
    # Zipfian: a few words are everywhere, most are rare.
    assert words.most_common(1)[0][1] > 50 * statistics.median(words.values())
    assert set(words) <= set(VOCABULARY)
    statuses = Counter(Statement.objects.values_list("status", flat=True))
    assert statuses["published"] > 10 * statuses["draft"] > 0
    verifications = Counter(Statement.objects.values_list("verification", flat=True))
    assert verifications["verified"] and verifications["unverified"]
    assert not Statement.objects.filter(
        verification__in=["disputed", "misattributed"], verification_note=""
    ).exists()
    dates = Statement.objects.values_list("date_said", flat=True)
    assert (max(dates) - min(dates)).days > 15 * 365


def test_leaders_have_aliases_countries_and_offices(report):
    for leader in Leader.objects.prefetch_related("offices"):
        assert leader.aliases and leader.country
        assert leader.offices.all()


def test_the_same_seed_makes_the_same_record(db):
    generate_record(statements=50, leaders=3, seed=3, progress=quiet)
    first = list(Statement.objects.order_by("id").values_list("text", flat=True))
    Statement.objects.all().delete()
    generate_record(statements=50, leaders=3, seed=3, progress=quiet)
    assert list(Statement.objects.order_by("id").values_list("text", flat=True)) == first


def test_adding_to_a_record_keeps_ids_and_words_apart(report):
    generate_record(statements=300, leaders=5, seed=7, batch_size=500, progress=quiet)
    assert Statement.objects.count() == 1_500
    assert Statement.objects.values("words_fingerprint").distinct().count() == 1_500
    assert Leader.objects.values("slug").distinct().count() == 30
    # New rows can still be saved the ordinary way: the id sequences moved on.
    statement = Statement.objects.create(
        speaker=Leader.objects.first(), text="After the load.", date_said="2024-01-01"
    )
    assert statement.pk > 1_500
    assert Source.objects.create(url="https://example.com/after", title="t", publisher="p").pk


def test_the_command_reports_progress_and_time(db, capsys):
    call_command("generate_record", "--statements", "40", "--leaders", "4", "--seed", "1")
    output = capsys.readouterr().out
    assert "40/40 statements generated" in output
    assert "Generated 40 statements of 4 leaders" in output
    assert Statement.objects.count() == 40


def test_a_load_changes_the_record_version(db):
    before = current_version().version
    generate_record(statements=20, leaders=2, progress=quiet)
    assert current_version().version > before


def test_the_command_refuses_statements_without_leaders(db):
    with pytest.raises(CommandError):
        call_command("generate_record", "--statements", "5", "--leaders", "0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.parametrize("rebuild", [False, True])
def test_postgres_load_fills_the_search_vector_and_keeps_the_schema(db, rebuild):
    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'quotes_%'"
                " ORDER BY 1"
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid::regclass::text LIKE 'quotes_%' ORDER BY 1"
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
            )
            return indexes, constraints, cursor.fetchall()

    before = schema()
    report = generate_record(
        statements=600, leaders=10, seed=5, batch_size=250, rebuild_indexes=rebuild, progress=quiet
    )
    assert report.rebuilt_indexes is rebuild
    assert schema() == before
    assert not Statement.objects.filter(search_vector__isnull=True).exists()
    with connection.cursor() as cursor:
        # Exactly what the trigger would have computed.
        cursor.execute(
            "SELECT count(*) FROM quotes_statement s JOIN quotes_leader l ON l.id = s.speaker_id"
            " WHERE s.search_vector IS DISTINCT FROM verbatim_statement_vector("
            "  concat_ws(' ', s.text, NULLIF(s.original_text, '')), s.context,"
            "  verbatim_leader_names(l.name, l.aliases))"
        )
        assert cursor.fetchone() == (0,)
    # The trigger is back on.
    statement = Statement.objects.first()
    Statement.objects.filter(pk=statement.pk).update(text="Unmistakable harvest.")
    assert Statement.objects.filter(search_vector="harvest").get() == statement


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_failed_postgres_load_leaves_nothing_behind(db, monkeypatch):
    leaders_before = Leader.objects.count()

    def broken(self, batch, statement_id, source_id):
        raise ValueError("broken")

    monkeypatch.setattr(generate._Maker, "statement", broken)
    with pytest.raises(ValueError, match="broken"):
        generate_record(statements=100, leaders=3, rebuild_indexes=True, progress=quiet)
    assert Leader.objects.count() == leaders_before
    assert not Statement.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'statement_search_vector'"
        )
        assert cursor.fetchone() == (1,)
