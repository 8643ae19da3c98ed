"""The admin's big lists stay cheap: no facet counts, bounded paging, sorts an index gives."""

import pytest
from django.db import connection

from quotes.editorial import admin as verbatim_admin
from quotes.models import Statement
from quotes.search import counts
from tests.factories import CitationFactory, LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db
STATEMENTS = "/admin/quotes/statement/"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", password=None))
    return client


@pytest.mark.parametrize(
    "path",
    [STATEMENTS, "/admin/quotes/leader/", "/admin/quotes/source/", "/admin/quotes/citation/"],
)
def test_show_counts_is_never_computed(admin_client, path):
    CitationFactory()
    response = admin_client.get(path, {"_facets": "True"})
    assert response.status_code == 200
    assert response.context["cl"].add_facets is False


@pytest.fixture
def small_limits(monkeypatch):
    """The limits of a million-row list, scaled down: count 5 rows exactly, page 2 at a time."""
    monkeypatch.setattr(counts, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(verbatim_admin, "ADMIN_ROWS", 5)
    monkeypatch.setattr(verbatim_admin.StatementAdmin, "list_per_page", 2)


def shown(response) -> list[Statement]:
    return list(response.context["cl"].result_list)


def test_paging_stops_at_the_limit_and_says_so(admin_client, small_limits):
    StatementFactory.create_batch(12)
    first = admin_client.get(STATEMENTS)
    assert first.context["cl"].paginator.num_pages == 3  # 5 rows paged, 2 a page
    assert "only the first 5 are paged" in first.content.decode()


def test_every_page_the_paginator_names_has_rows(admin_client, small_limits):
    StatementFactory.create_batch(12)
    paginator = admin_client.get(STATEMENTS).context["cl"].paginator
    for number in paginator.page_range:
        assert shown(admin_client.get(STATEMENTS, {"p": number})), number


def test_a_page_past_the_last_shows_the_last(admin_client, small_limits):
    StatementFactory.create_batch(12)
    last = admin_client.get(STATEMENTS, {"p": 3})
    beyond = admin_client.get(STATEMENTS, {"p": 10004})
    assert beyond.status_code == 200
    assert shown(beyond) == shown(last) != []


def test_a_short_list_counts_exactly_and_says_nothing_more(admin_client, small_limits):
    StatementFactory.create_batch(3)
    response = admin_client.get(STATEMENTS)
    assert response.context["cl"].paginator.count == 3
    assert "are paged" not in response.content.decode()


def test_statements_sort_only_by_date_even_when_the_address_asks_otherwise(admin_client):
    zed = LeaderFactory(name="Zed Zulu")
    abe = LeaderFactory(name="Abe Alpha")
    StatementFactory(speaker=zed, text="Newer.", date_said="2025-06-02")
    StatementFactory(speaker=abe, text="Older.", date_said="2025-06-01")
    for position in range(1, 7):  # every column of the list, each way
        for sign in ("", "-"):
            response = admin_client.get(STATEMENTS, {"o": f"{sign}{position}"})
            texts = [statement.text for statement in shown(response)]
            assert texts in (["Newer.", "Older."], ["Older.", "Newer."]), (position, sign)
            ordering = response.context["cl"].get_ordering(
                response.wsgi_request, response.context["cl"].root_queryset
            )
            assert not any("speaker" in str(field) or "text" in str(field) for field in ordering)


def test_the_leaders_list_shows_country_names_and_published_counts(admin_client):
    finn = LeaderFactory(name="Alexander Stubb", country="FI")
    StatementFactory.create_batch(2, speaker=finn)
    StatementFactory(speaker=finn, status=Statement.Status.DRAFT)
    html = admin_client.get("/admin/quotes/leader/").content.decode()
    assert "Finland" in html
    row = html[html.index("Alexander Stubb") :].split("</tr>", 1)[0]
    assert '<td class="field-published_count">2</td>' in row


@pytest.fixture
def cited_words():
    from tests.factories import SourceFactory

    peace = [StatementFactory(text=f"Peace must come, number {n}.", cited=False) for n in range(4)]
    other = StatementFactory(text="Tariffs are taxes.", cited=False)
    citations = [CitationFactory(statement=statement) for statement in peace]
    titled = CitationFactory(statement=other, source=SourceFactory(title="A peace plan"))
    CitationFactory(statement=other)
    return {citation.pk for citation in citations} | {titled.pk}


@pytest.mark.parametrize("limit", [5, 100], ids=["many matches", "few matches"])
def test_a_citation_search_finds_by_the_statement_words_or_the_source(
    admin_client, cited_words, monkeypatch, limit
):
    # Few matches are looked up by id, many checked as the list walks the citations: both
    # find the same citations.
    monkeypatch.setattr(verbatim_admin, "ADMIN_ROWS", limit)
    response = admin_client.get("/admin/quotes/citation/", {"q": "peace"})
    assert response.status_code == 200
    assert {citation.pk for citation in shown(response)} == cited_words


@pytest.mark.parametrize(
    "filters",
    [
        {"kind__exact": "paraphrase", "channel__exact": "other"},
        {"kind__exact": "paraphrase", "channel__exact": "other", "status__exact": "draft"},
    ],
)
def test_the_statement_choice_filters_include_drafts(admin_client, filters):
    wanted = StatementFactory(
        kind=Statement.Kind.PARAPHRASE, channel=Statement.Channel.OTHER, status="draft"
    )
    StatementFactory(kind=Statement.Kind.PARAPHRASE, channel=Statement.Channel.SPEECH)
    StatementFactory(kind=Statement.Kind.DIRECT, channel=Statement.Channel.OTHER, status="draft")
    response = admin_client.get(STATEMENTS, filters)
    assert [statement.pk for statement in shown(response)] == [wanted.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_choices_of_statements_of_every_status_have_an_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statement_choices_any_status'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (kind, channel, verification)" in definition
