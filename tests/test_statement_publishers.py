"""The publisher filter, and on PostgreSQL the publishers each statement carries for it, kept
by triggers as citations and sources change (quotes/record/statement_publishers.py)."""

import threading
import time

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from quotes.models import Citation, Source, Statement
from quotes.ops.generate import generate_record
from quotes.record import statement_publishers
from tests.factories import CitationFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("quotes:statement_list")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the publishers column and its triggers"
)


def listed(client, **filters) -> set[int]:
    response = client.get(LIST_URL, filters)
    assert response.status_code == 200
    return {statement.pk for statement in response.context["page"]}


def from_citations() -> dict[int, list[str]]:
    """What each statement's publishers are, read through its citations."""
    ids = Statement.objects.values_list("pk", flat=True)
    found: dict[int, set[str]] = {pk: set() for pk in ids}
    for statement_id, publisher in Citation.objects.values_list("statement", "source__publisher"):
        found[statement_id].add(publisher)
    return {pk: sorted(names) for pk, names in found.items()}


def carried() -> dict[int, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {statement_publishers.COLUMN} FROM quotes_statement")
        return {pk: list(names) for pk, names in cursor.fetchall()}


@pytest.fixture
def cited():
    reuters = SourceFactory(publisher="Reuters")
    tass = SourceFactory(publisher="TASS")
    first = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    second = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    CitationFactory(statement=first, source=reuters)
    CitationFactory(statement=second, source=tass)
    Statement.objects.filter(pk__in=[first.pk, second.pk]).update(status=Statement.Status.PUBLISHED)
    return {"reuters": reuters, "tass": tass, "first": first, "second": second}


def test_a_new_citation_puts_the_statement_in_its_publisher_list(client, cited):
    assert listed(client, publisher="TASS") == {cited["second"].pk}
    CitationFactory(statement=cited["first"], source=cited["tass"])
    assert listed(client, publisher="TASS") == {cited["first"].pk, cited["second"].pk}
    assert listed(client, publisher="Reuters") == {cited["first"].pk}


def test_a_removed_citation_takes_the_statement_out(client, cited):
    CitationFactory(statement=cited["first"], source=cited["tass"])
    Citation.objects.get(statement=cited["first"], source=cited["reuters"]).delete()
    assert listed(client, publisher="Reuters") == set()
    assert listed(client, publisher="TASS") == {cited["first"].pk, cited["second"].pk}


def test_a_renamed_publisher_moves_its_statements_by_save_and_by_bulk_update(client, cited):
    reuters = cited["reuters"]
    reuters.publisher = "Reuters Agency"
    reuters.save()
    assert listed(client, publisher="Reuters") == set()
    assert listed(client, publisher="Reuters Agency") == {cited["first"].pk}
    Source.objects.filter(publisher="TASS").update(publisher="Reuters Agency")
    assert listed(client, publisher="Reuters Agency") == {cited["first"].pk, cited["second"].pk}
    assert listed(client, publisher="TASS") == set()


def test_a_citation_moved_to_another_source_or_statement_follows(client, cited):
    citation = Citation.objects.get(statement=cited["first"])
    citation.source = cited["tass"]
    citation.save()
    assert listed(client, publisher="Reuters") == set()
    assert listed(client, publisher="TASS") == {cited["first"].pk, cited["second"].pk}
    extra = CitationFactory(statement=cited["second"], source=cited["reuters"])
    Citation.objects.filter(pk=extra.pk).update(statement=cited["first"])
    assert listed(client, publisher="Reuters") == {cited["first"].pk}


def test_the_publisher_combines_with_the_other_filters(client, cited):
    Statement.objects.filter(pk=cited["first"].pk).update(kind=Statement.Kind.PARAPHRASE)
    CitationFactory(statement=cited["second"], source=cited["reuters"])
    assert listed(client, publisher="Reuters", kind="paraphrase") == {cited["first"].pk}
    assert listed(client, publisher="Reuters", kind="direct") == {cited["second"].pk}
    assert listed(client, publisher="TASS", kind="paraphrase") == set()


def test_drafts_stay_out_of_a_publisher_list(client, cited):
    draft = StatementFactory(status=Statement.Status.DRAFT)
    CitationFactory(statement=draft, source=cited["reuters"])
    assert listed(client, publisher="Reuters") == {cited["first"].pk}


@postgres_only
def test_each_statement_carries_its_publishers_through_every_kind_of_change(cited):
    CitationFactory(statement=cited["first"], source=cited["tass"])
    CitationFactory(statement=cited["first"], source=SourceFactory(publisher="Reuters"))
    Source.objects.filter(pk=cited["tass"].pk).update(publisher="Agence France-Presse")
    Citation.objects.filter(statement=cited["second"]).update(source=cited["reuters"])
    uncited = StatementFactory(status=Statement.Status.DRAFT)
    assert carried() == from_citations()
    assert carried()[cited["first"].pk] == ["Agence France-Presse", "Reuters"]
    assert carried()[uncited.pk] == []


@postgres_only
def test_the_column_its_triggers_and_its_index_are_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'verbatim_publishers_%%'"
            " AND NOT tgisinternal"
        )
        triggers = {name for (name,) in cursor.fetchall()}
        # Since migration 0017 the publishers' index also holds the topics (test_statement_topics).
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statement_carried_filters'"
        )
        (index,) = cursor.fetchone()
    assert triggers == {
        "verbatim_publishers_cited",
        "verbatim_publishers_uncited",
        "verbatim_publishers_recited",
        "verbatim_publishers_renamed",
    }
    assert "publishers, kind, channel, verification, speaker_id)" in index
    assert "WHERE ((status)::text = 'published'::text)" in index


@postgres_only
def test_generated_statements_carry_their_publishers_and_the_trigger_is_back_on():
    generate_record(statements=300, leaders=5, seed=3, progress=lambda message: None)
    assert carried() == from_citations()
    statement = Statement.objects.order_by("pk").first()
    CitationFactory(statement=statement, source=SourceFactory(publisher="Zeit Online"))
    assert "Zeit Online" in carried()[statement.pk]


def waits_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def race(first: tuple[str, list], second: tuple[str, list]) -> None:
    """Runs `first` in one transaction and, before that commits, `second` in another, which
    commits as soon as it can: at once if nothing stops it, or after `first` if it must wait."""
    params = connection.get_connection_params()
    earlier, later = psycopg2.connect(**params), psycopg2.connect(**params)
    errors = []
    try:
        with earlier.cursor() as cursor:
            cursor.execute(*first)  # not committed yet

        def run_second():
            try:
                with later.cursor() as cursor:
                    cursor.execute(*second)
                later.commit()
            except psycopg2.Error as error:
                errors.append(error)

        other = threading.Thread(target=run_second)
        other.start()
        deadline = time.monotonic() + 10
        while (
            other.is_alive()
            and not waits_for_a_lock(later.get_backend_pid())
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        earlier.commit()
        other.join(10)
        assert not other.is_alive()
    finally:
        earlier.close()
        later.close()
    assert errors == []


CITE = (
    "INSERT INTO quotes_citation (statement_id, source_id, locator, excerpt)"
    " VALUES (%s, %s, '', '')"
)
RENAME = "UPDATE quotes_source SET publisher = %s WHERE id = %s"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_transactions_citing_one_statement_at_once_keep_both_publishers():
    statement = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    reuters, tass = SourceFactory(publisher="Reuters"), SourceFactory(publisher="TASS")
    race((CITE, [statement.pk, reuters.pk]), (CITE, [statement.pk, tass.pk]))
    assert carried()[statement.pk] == ["Reuters", "TASS"]
    assert carried() == from_citations()


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rename_first", [True, False], ids=["rename first", "citation first"])
def test_a_publisher_renamed_while_its_source_is_cited_ends_under_its_new_name(rename_first):
    statement = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    source = SourceFactory(publisher="Reuters")
    rename = (RENAME, ["Thomson Reuters", source.pk])
    cite = (CITE, [statement.pk, source.pk])
    race(*((rename, cite) if rename_first else (cite, rename)))
    assert carried()[statement.pk] == ["Thomson Reuters"]
    assert carried() == from_citations()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rename_and_a_citation_of_another_source_keep_both_publishers():
    statement = StatementFactory(cited=False, status=Statement.Status.DRAFT)
    reuters, tass = SourceFactory(publisher="Reuters"), SourceFactory(publisher="TASS")
    CitationFactory(statement=statement, source=reuters)
    race((CITE, [statement.pk, tass.pk]), (RENAME, ["Thomson Reuters", reuters.pk]))
    assert carried()[statement.pk] == ["TASS", "Thomson Reuters"]
    assert carried() == from_citations()
