"""Each leader's count of published statements, kept by the database's triggers."""

import pytest
from django.db import connection
from django.db.models import Count

from quotes.models import Citation, PublishedTally, Statement
from quotes.ops.generate import generate_record
from quotes.record import tally
from quotes.record.text import words_fingerprint
from tests.factories import LeaderFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

PUBLISHED = Statement.Status.PUBLISHED
DRAFT = Statement.Status.DRAFT


def kept(leader) -> int:
    row = PublishedTally.objects.filter(leader=leader).first()
    return row.statements if row else 0


def counted() -> dict[int, int]:
    rows = Statement.objects.published().values("speaker").annotate(n=Count("pk"))
    return {row["speaker"]: row["n"] for row in rows}


def kept_for_all() -> dict[int, int]:
    return dict(PublishedTally.objects.exclude(statements=0).values_list("leader_id", "statements"))


def test_published_statements_count_and_drafts_do_not():
    leader = LeaderFactory()
    StatementFactory(speaker=leader, status=PUBLISHED)
    StatementFactory(speaker=leader, status=PUBLISHED)
    StatementFactory(speaker=leader, status=DRAFT)
    assert kept(leader) == 2


def test_publishing_and_withdrawing_move_the_count_by_save_and_by_bulk_update():
    leader = LeaderFactory()
    drafts = [StatementFactory(speaker=leader, status=DRAFT) for _ in range(3)]
    drafts[0].status = PUBLISHED
    drafts[0].save()
    assert kept(leader) == 1
    Statement.objects.filter(pk__in=[d.pk for d in drafts[1:]]).update(status=PUBLISHED)
    assert kept(leader) == 3
    Statement.objects.filter(speaker=leader).update(status=DRAFT)
    assert kept(leader) == 0


def test_a_statement_given_to_another_speaker_moves_its_count():
    first, second = LeaderFactory(), LeaderFactory()
    statement = StatementFactory(speaker=first, status=PUBLISHED)
    statement.speaker = second
    statement.save()
    assert (kept(first), kept(second)) == (0, 1)


def test_edits_that_leave_status_and_speaker_alone_change_nothing():
    leader = LeaderFactory()
    statement = StatementFactory(speaker=leader, status=PUBLISHED)
    statement.text = "Other words entirely."
    statement.save()
    Statement.objects.filter(pk=statement.pk).update(context="A new context.")
    assert kept(leader) == 1


def test_deleting_one_or_many_takes_them_away():
    leader = LeaderFactory()
    statements = [StatementFactory(speaker=leader, status=PUBLISHED) for _ in range(4)]
    StatementFactory(speaker=leader, status=DRAFT).delete()
    # A published statement's own delete() refuses (it is unpublished first); the trigger
    # counts deletions made in SQL too.
    Statement.objects.filter(pk=statements[0].pk).delete()
    assert kept(leader) == 3
    Statement.objects.filter(speaker=leader).delete()
    assert kept(leader) == 0
    leader.delete()  # its tally row goes with it
    assert not PublishedTally.objects.exists()


def test_bulk_create_counts_per_speaker():
    first, second = LeaderFactory(), LeaderFactory()

    def statement(speaker, n, status):
        text = f"Words number {n}."
        return Statement(
            speaker=speaker,
            text=text,
            words_fingerprint=words_fingerprint(text),
            date_said="2025-01-01",
            status=status,
        )

    created = Statement.objects.bulk_create(
        [statement(first, n, PUBLISHED) for n in range(5)]
        + [statement(second, n, status) for n, status in enumerate([PUBLISHED, DRAFT, DRAFT])]
    )
    assert (kept(first), kept(second)) == (5, 1)
    # Published statements cite a source, which PostgreSQL checks when the test ends.
    source = SourceFactory()
    Citation.objects.bulk_create(
        [Citation(statement=s, source=source) for s in created if s.status == PUBLISHED]
    )


def test_a_generated_record_is_tallied_as_it_is_loaded():
    generate_record(statements=400, leaders=6, seed=2, batch_size=150, progress=lambda _: None)
    assert kept_for_all() == counted()
    assert sum(kept_for_all().values()) > 300


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's load path: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)
def test_a_large_load_that_rebuilds_indexes_is_tallied_too():
    generate_record(statements=300, leaders=4, seed=5, rebuild_indexes=True, progress=print)
    assert kept_for_all() == counted()


def test_recount_agrees_with_the_triggers():
    generate_record(statements=200, leaders=4, seed=9, progress=lambda _: None)
    by_triggers = kept_for_all()
    PublishedTally.objects.update(statements=0)
    tally.recount()
    assert kept_for_all() == by_triggers == counted()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only: PostgreSQL keeps triggers when altering"
)
def test_triggers_a_table_rebuild_dropped_are_put_back_and_the_tally_recounted():
    leader = LeaderFactory()
    StatementFactory(speaker=leader, status=PUBLISHED)
    tally.uninstall()
    StatementFactory(speaker=leader, status=PUBLISHED)  # not counted: no triggers
    assert kept(leader) == 1
    tally.ensure_triggers()
    assert kept(leader) == 2
    StatementFactory(speaker=leader, status=PUBLISHED)
    assert kept(leader) == 3


def test_the_directory_reads_the_kept_count_instead_of_counting(client):
    leader = LeaderFactory(name="Ada Example", slug="ada-example")
    StatementFactory(speaker=leader, status=PUBLISHED)
    # Proof that the page reads the tally: a value no count of the statements would give.
    PublishedTally.objects.filter(leader=leader).update(statements=1234)
    page = client.get("/leaders/").context["page"]
    assert {row.name: row.published_count for row in page}["Ada Example"] == 1234
