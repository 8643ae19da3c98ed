"""Browsing the record: /topics/, /sources/ and the pages by date, /on/YYYY/[MM/[DD/]]."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from quotes.models import (
    Citation,
    DateTally,
    OutletTally,
    Source,
    SourceTally,
    Statement,
    Topic,
    TopicTally,
)
from quotes.record import browse_tallies, source_tallies
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = "day", "month", "year"


def shown(response) -> list[str]:
    return [statement.text for statement in response.context["page"].object_list]


def said(text, day, precision=DAY, **kwargs):
    return StatementFactory(text=text, date_said=day, date_precision=precision, **kwargs)


def published_by_topic() -> dict[str, int]:
    """The record's own answer, counted from the statements."""
    rows = (
        Topic.objects.filter(statements__status=Statement.Status.PUBLISHED)
        .annotate(n=Count("statements"))
        .values_list("slug", "n")
    )
    return dict(rows)


def tallied_by_topic() -> dict[str, int]:
    rows = TopicTally.objects.filter(statements__gt=0).values_list("topic__slug", "statements")
    return dict(rows)


def published_by_date() -> dict[tuple, int]:
    rows = (
        Statement.objects.published()
        .values("date_said", "date_precision")
        .annotate(n=Count("id"))
        .values_list("date_said", "date_precision", "n")
    )
    return {(day, precision): n for day, precision, n in rows}


def tallied_by_date() -> dict[tuple, int]:
    rows = DateTally.objects.filter(statements__gt=0)
    return {(t.date_said, t.date_precision): t.statements for t in rows}


# The tallies -----------------------------------------------------------------------------------


def test_the_tallies_follow_every_change_to_statements_and_their_topics():
    war, trade = TopicFactory(slug="war"), TopicFactory(slug="trade")
    first = said("One.", datetime.date(2025, 6, 4))
    first.topics.add(war, trade)
    draft = said("Draft.", datetime.date(2025, 6, 4), status=Statement.Status.DRAFT)
    draft.topics.add(war)
    second = said("Two.", datetime.date(2025, 6, 1), MONTH)
    second.topics.add(war)
    assert tallied_by_topic() == published_by_topic() == {"war": 2, "trade": 1}
    assert tallied_by_date() == published_by_date()

    first.topics.remove(trade)  # unlinked
    Statement.objects.filter(pk=second.pk).update(status=Statement.Status.DRAFT)  # withdrawn
    with transaction.atomic():
        CitationFactory(statement=draft)
        draft.status = Statement.Status.PUBLISHED  # published, with its topic
        draft.save()
    Statement.objects.filter(pk=first.pk).update(date_said=datetime.date(2024, 1, 1))  # moved
    assert tallied_by_topic() == published_by_topic() == {"war": 2}
    assert tallied_by_date() == published_by_date()

    Statement.objects.filter(pk=first.pk).delete()  # as a bulk removal would
    war.statements.clear()
    assert tallied_by_topic() == published_by_topic() == {}
    assert tallied_by_date() == published_by_date()


def test_a_recount_and_the_put_back_triggers_agree_with_the_record():
    said("One.", datetime.date(2025, 6, 4)).topics.add(TopicFactory(slug="war"))
    browse_tallies.recount()
    assert tallied_by_topic() == published_by_topic() == {"war": 1}
    if connection.vendor == "sqlite":  # a table rebuild drops triggers there
        browse_tallies.uninstall()
        said("Two.", datetime.date(2025, 6, 5))
        browse_tallies.ensure_triggers()
        assert tallied_by_date() == published_by_date()
        said("Three.", datetime.date(2025, 6, 6))
        assert tallied_by_date() == published_by_date()


# Topics ----------------------------------------------------------------------------------------


def test_the_topics_list_every_topic_with_published_statements_and_their_counts(client):
    war = TopicFactory(name="War", slug="war")
    trade = TopicFactory(name="Trade", slug="trade")
    drafts_only = TopicFactory(name="Secret plans", slug="secret-plans")
    for n in range(3):
        said(f"War {n}.", datetime.date(2025, 6, 4)).topics.add(war)
    said("Trade.", datetime.date(2025, 6, 4)).topics.add(trade, war)
    draft = said("Draft.", datetime.date(2025, 6, 4), status=Statement.Status.DRAFT)
    draft.topics.add(drafts_only, war)

    response = client.get("/topics/")
    assert response.status_code == 200
    listed = [(t["name"], t["count"]) for t in response.context["topics"]]
    assert listed == [("Trade", 1), ("War", 4)]  # alphabetical, drafts never counted
    assert published_by_topic() == {"war": 4, "trade": 1}
    html = response.content.decode()
    assert 'href="/topics/war/"' in html
    assert "Secret plans" not in html


def test_the_topics_page_reads_a_fixed_few_queries(client, django_assert_max_num_queries):
    for n in range(5):
        said(f"S{n}.", datetime.date(2025, 6, 4)).topics.add(TopicFactory())
    with django_assert_max_num_queries(3):  # the versions, the topics (and a cached part)
        assert client.get("/topics/").status_code == 200


# Dates -----------------------------------------------------------------------------------------


@pytest.fixture
def dated():
    """Statements said on days, known only to a month or to a year, and a draft."""
    return {
        "day": said("On the fourth.", datetime.date(2025, 6, 4)),
        "first": said("On the first.", datetime.date(2025, 6, 1)),
        "june": said("Some day in June.", datetime.date(2025, 6, 1), MONTH),
        "year": said("Some day in 2025.", datetime.date(2025, 1, 1), YEAR),
        "january": said("New year.", datetime.date(2025, 1, 1)),
        "earlier": said("Long ago.", datetime.date(2019, 3, 7)),
        "draft": said(
            "A draft.", datetime.date(2025, 6, 4), status=Statement.Status.DRAFT, cited=False
        ),
    }


def test_a_day_shows_only_what_was_said_that_day(client, dated):
    assert shown(client.get("/on/2025/06/04/")) == ["On the fourth."]
    # Known only to June (kept under the 1st), it is not claimed for the 1st.
    assert shown(client.get("/on/2025/06/01/")) == ["On the first."]
    assert shown(client.get("/on/2025/01/01/")) == ["New year."]


def test_a_month_holds_its_days_and_what_is_known_only_to_the_month(client, dated):
    response = client.get("/on/2025/06/")
    assert sorted(shown(response)) == ["On the first.", "On the fourth.", "Some day in June."]
    assert response.context["page"].count.value == 3
    days = [(part["label"], part["count"]) for part in response.context["parts"]]
    assert days == [("1 June", 1), ("4 June", 1)]
    assert response.context["only_to_period"] == 1
    # Known only to 2025: in no month, January included.
    assert shown(client.get("/on/2025/01/")) == ["New year."]


def test_a_year_holds_everything_said_in_it_and_counts_its_months(client, dated):
    response = client.get("/on/2025/")
    assert len(shown(response)) == 5
    assert "A draft." not in response.content.decode()
    months = [(part["label"], part["count"], part["url"]) for part in response.context["parts"]]
    assert months == [("January", 1, "/on/2025/01/"), ("June", 3, "/on/2025/06/")]
    assert response.context["only_to_period"] == 1


def test_previous_and_next_skip_empty_periods_and_stop_at_the_ends(client, dated):
    year = client.get("/on/2025/").context
    assert year["previous"].url == "/on/2019/" and year["next"] is None
    earliest = client.get("/on/2019/").context
    assert earliest["previous"] is None and earliest["next"].url == "/on/2025/"
    june = client.get("/on/2025/06/").context
    assert june["previous"].url == "/on/2025/01/" and june["next"] is None
    fourth = client.get("/on/2025/06/04/").context
    assert fourth["previous"].url == "/on/2025/06/01/" and fourth["next"] is None
    first = client.get("/on/2025/06/01/").context
    assert first["previous"].url == "/on/2025/01/01/" and first["next"].url == "/on/2025/06/04/"
    html = client.get("/on/2025/06/01/").content.decode()
    assert 'rel="prev" href="/on/2025/01/01/"' in html


def test_previous_and_next_are_found_once_and_follow_a_publication_at_once(
    client, dated, page_cache
):
    def neighbours_read() -> tuple[str, int]:
        # The whole page is cached too: only its parts are kept between two readers here.
        for key in [key for key in page_cache._cache if ":page:" in key]:
            page_cache.delete(key.split(":", 2)[2])
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/on/2025/06/04/").content.decode()
        reads = [q for q in queries.captured_queries if "quotes_datetally" in q["sql"]]
        return html, len(reads)

    first, reads = neighbours_read()
    assert 'rel="prev" href="/on/2025/06/01/"' in first and 'rel="next"' not in first
    assert reads >= 2
    again, reads_again = neighbours_read()
    assert reads_again == reads - 2  # the two neighbours, remembered, the later one none
    assert again == first

    said("Later that month.", datetime.date(2025, 6, 20))
    after, _ = neighbours_read()
    assert 'rel="next" href="/on/2025/06/20/"' in after


@pytest.mark.parametrize(
    "address",
    [
        "/on/2025/02/30/",
        "/on/0000/",
        "/on/2025/13/",
        "/on/2025/00/",
        "/on/10000/",
        "/on/999999999/12/31/",
        "/on/2025/06/32/",
    ],
)
def test_impossible_dates_are_not_found(client, dated, address):
    response = client.get(address)
    assert response.status_code == 404


def test_a_period_with_nothing_published_is_not_found(client, dated):
    assert client.get("/on/2024/").status_code == 404
    assert client.get("/on/2025/06/04/").status_code == 200
    # Only a draft, and only known to the month: nothing on the day itself.
    assert client.get("/on/2025/06/02/").status_code == 404
    assert client.get("/on/2025/02/").status_code == 404


def test_a_date_written_otherwise_moves_to_its_one_address(client, dated):
    response = client.get("/on/2025/6/4/")
    assert response.status_code == 301 and response["Location"] == "/on/2025/06/04/"


def test_by_date_leads_to_the_latest_year(client, dated):
    response = client.get("/on/")
    assert response.status_code == 302 and response["Location"] == "/on/2025/"


def test_date_pages_are_paged_and_their_queries_do_not_grow_with_the_page(
    client, django_assert_max_num_queries
):
    leader = LeaderFactory()
    for n in range(25):
        said(f"Day {n}.", datetime.date(2025, 6, 4), speaker=leader)
    first = client.get("/on/2025/06/04/")
    assert len(shown(first)) == 20
    next_query = first.context["page"].next_query
    rest = client.get(f"/on/2025/06/04/?{next_query}")
    assert len(shown(rest)) == 5
    assert not set(shown(first)) & set(shown(rest))
    with django_assert_max_num_queries(14):
        client.get("/on/2025/06/?x=1")  # cards not yet cached: a fixed few queries


def test_the_statement_page_links_its_date_to_the_days_page(client, dated):
    html = client.get(dated["day"].get_absolute_url(), follow=True).content.decode()
    assert 'href="/on/2025/06/04/"' in html
    html = client.get(dated["june"].get_absolute_url(), follow=True).content.decode()
    assert 'href="/on/2025/06/"' in html


# Sources ---------------------------------------------------------------------------------------


@pytest.fixture
def sources():
    reuters = [
        CitationFactory(
            source=SourceFactory(title=f"Summit report {n}", publisher="Reuters")
        ).source
        for n in range(3)
    ]
    kremlin = CitationFactory(
        source=SourceFactory(title="Readout of a call", publisher="Kremlin")
    ).source
    draft = StatementFactory(status=Statement.Status.DRAFT, cited=False)
    drafts_only = CitationFactory(
        statement=draft, source=SourceFactory(title="Unfinished summit", publisher="Secret News")
    ).source
    return {"reuters": reuters, "kremlin": kremlin, "drafts_only": drafts_only}


def titles(response) -> list[str]:
    return [source.title for source in response.context["page"].object_list]


def test_sources_list_only_those_citing_published_statements_newest_first(client, sources):
    response = client.get("/sources/")
    assert titles(response) == [
        "Readout of a call",
        "Summit report 2",
        "Summit report 1",
        "Summit report 0",
    ]
    html = response.content.decode()
    assert "Unfinished summit" not in html and "Secret News" not in html
    assert "/sources/?publisher=Reuters" in html  # the outlets
    assert response.context["page"].count.value == 4 and response.context["page"].count.exact


@pytest.mark.parametrize("counted_up_to", [10_000, 20])  # all its ids in memory, or too many
def test_a_search_is_paged_both_ways_from_its_ids_or_from_the_database(
    client, monkeypatch, counted_up_to
):
    monkeypatch.setattr("quotes.public.browse.EXACT_COUNT_LIMIT", counted_up_to)
    for n in range(35):
        CitationFactory(source=SourceFactory(title=f"Summit {n:02d}"))
    draft = StatementFactory(status=Statement.Status.DRAFT, cited=False)
    CitationFactory(statement=draft, source=SourceFactory(title="Summit draft"))
    SourceFactory(title="Summit nobody cites")
    first = client.get("/sources/", {"q": "summit"})
    assert titles(first) == [f"Summit {n:02d}" for n in range(34, 4, -1)]
    assert first.context["page"].count.value == 35  # from the ids, or counted as before
    rest = client.get(f"/sources/?{first.context['page'].next_query}")
    assert titles(rest) == [f"Summit {n:02d}" for n in range(4, -1, -1)]
    assert rest.context["page"].next_query is None
    back = client.get(f"/sources/?{rest.context['page'].previous_query}")
    assert titles(back) == titles(first) and back.context["page"].previous_query is None


def test_the_outlets_are_listed_with_their_numbers_of_sources(client, sources):
    CitationFactory(source=SourceFactory(title="Wire & cable", publisher="AT&T Wire"))
    html = client.get("/sources/").content.decode()
    section = html[html.index('id="outlets-heading"') :]
    assert section.index(">AT&amp;T Wire</a>") < section.index(">Kremlin</a>")  # by name
    assert '<a href="/sources/?publisher=AT%26T+Wire">AT&amp;T Wire</a>' in section
    assert '<a href="/sources/?publisher=Reuters">Reuters</a> <span class="count">3 sources' in (
        section
    )
    assert 'Kremlin</a> <span class="count">1 source</span>' in section
    assert "Secret News" not in section  # only drafts cite it


def test_an_outlet_shows_its_exact_count_and_follows_publication(client, sources):
    response = client.get("/sources/", {"publisher": "Reuters"})
    assert response.context["page"].count.value == 3
    newer = CitationFactory(source=SourceFactory(title="Later report", publisher="Reuters"))
    response = client.get("/sources/", {"publisher": "Reuters"})
    assert titles(response)[0] == "Later report"
    assert response.context["page"].count.value == 4
    assert 'Reuters</a> <span class="count">4 sources' in response.content.decode()
    # Withdrawn, its only statement takes the source out of the list, the count and the outlets.
    with transaction.atomic():
        newer.statement.status = Statement.Status.DRAFT
        newer.statement.save()
    response = client.get("/sources/", {"publisher": "Reuters"})
    assert "Later report" not in titles(response)
    assert response.context["page"].count.value == 3
    assert 'Reuters</a> <span class="count">3 sources' in response.content.decode()


def test_the_sources_page_reads_a_fixed_few_queries_whatever_the_outlets(client):
    def requests_queries() -> list[int]:
        counts = []
        for query in ({}, {"publisher": "Outlet 1"}, {"q": "article"}):
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/sources/", query).status_code == 200
            counts.append(len(captured))
        return counts

    for n in range(3):
        CitationFactory(source=SourceFactory(publisher=f"Outlet {n}"))
    few = requests_queries()
    for n in range(3, 40):
        CitationFactory(source=SourceFactory(publisher=f"Outlet {n}"))
    assert requests_queries() == few
    # The versions, the count, the page, the outlets and what the filter form offers.
    assert max(few) <= 10


def test_sources_are_searched_by_title_and_outlet(client, sources):
    assert titles(client.get("/sources/", {"q": "summit"})) == [
        "Summit report 2",
        "Summit report 1",
        "Summit report 0",
    ]
    assert titles(client.get("/sources/", {"q": "kreml"})) == ["Readout of a call"]
    assert titles(client.get("/sources/", {"publisher": "Kremlin"})) == ["Readout of a call"]
    assert titles(client.get("/sources/", {"q": "report 1", "publisher": "Reuters"})) == [
        "Summit report 1"
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"publisher": "Secret News"},  # only drafts cite it
        {"publisher": "Nobody"},
        {"q": "ab"},
        {"q": "x" * 1000},
        {"q": "a\x00b"},
    ],
)
def test_sources_refuse_what_they_cannot_use_with_the_forms_message(client, sources, query):
    response = client.get("/sources/", query)
    assert response.status_code == 400
    assert titles(response) == []
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "query_string",
    ["after=abc", "before=-1", "after=99999999999999999999999", "q=%ff%fe&after=1.2", "x=%00"],
)
def test_hostile_query_strings_never_break_the_sources_list(client, sources, query_string):
    assert client.get(f"/sources/?{query_string}").status_code in (200, 400)


def test_a_blank_search_moves_to_the_clean_address(client, sources):
    response = client.get("/sources/?q=&publisher=Reuters")
    assert response.status_code == 302 and response["Location"] == "/sources/?publisher=Reuters"


def test_sources_are_paged_and_their_queries_do_not_grow_with_the_page(client):
    for n in range(35):
        CitationFactory(source=SourceFactory(title=f"Article {n:02d}"))
    first = client.get("/sources/")
    assert len(titles(first)) == 30 and titles(first)[0] == "Article 34"
    rest = client.get(f"/sources/?{first.context['page'].next_query}")
    assert titles(rest) == [f"Article {n:02d}" for n in range(4, -1, -1)]
    back = client.get(f"/sources/?{rest.context['page'].previous_query}")
    assert titles(back) == titles(first)
    # The same few queries for a full page and for a page of five, whatever the cache holds.
    with CaptureQueriesContext(connection) as full:
        client.get("/sources/?q=article")
    with CaptureQueriesContext(connection) as short:
        client.get(f"/sources/?q=article&{first.context['page'].next_query}")
    assert len(full) == len(short) <= 10


# The sources' tallies --------------------------------------------------------------------------


def published_citations_by_source() -> dict[int, int]:
    """The record's own answer, counted from the citations."""
    rows = (
        Citation.objects.filter(statement__status=Statement.Status.PUBLISHED)
        .values("source_id")
        .annotate(n=Count("id"))
        .values_list("source_id", "n")
    )
    return dict(rows)


def tallied_by_source() -> dict[int, int]:
    return dict(SourceTally.objects.filter(citations__gt=0).values_list("source_id", "citations"))


def public_sources_by_outlet() -> dict[str, int]:
    rows = (
        Source.objects.filter(citations__statement__status=Statement.Status.PUBLISHED)
        .values("publisher")
        .annotate(n=Count("id", distinct=True))
        .values_list("publisher", "n")
    )
    return dict(rows)


def tallied_by_outlet() -> dict[str, int]:
    return dict(OutletTally.objects.filter(sources__gt=0).values_list("publisher", "sources"))


def assert_tallies_agree(by_outlet: dict[str, int]) -> None:
    assert tallied_by_source() == published_citations_by_source()
    assert tallied_by_outlet() == public_sources_by_outlet() == by_outlet
    # No count ever goes below nothing: a tally taken away twice would.
    assert not SourceTally.objects.filter(citations__lt=0).exists()
    assert not OutletTally.objects.filter(sources__lt=0).exists()


def test_the_source_tallies_follow_citing_publishing_and_deleting():
    reuters = SourceFactory(publisher="Reuters")
    also_reuters = SourceFactory(publisher="Reuters")
    kremlin = SourceFactory(publisher="Kremlin")
    first = CitationFactory(source=reuters).statement  # cited, published
    CitationFactory(statement=first, source=kremlin)
    second = CitationFactory(source=also_reuters).statement
    draft = StatementFactory(status=Statement.Status.DRAFT, cited=False)
    CitationFactory(statement=draft, source=reuters)  # a draft's citation counts for nothing
    assert tallied_by_source() == {reuters.pk: 1, kremlin.pk: 1, also_reuters.pk: 1}
    assert_tallies_agree({"Reuters": 2, "Kremlin": 1})

    with transaction.atomic():  # published
        draft.status = Statement.Status.PUBLISHED
        draft.save()
    assert tallied_by_source()[reuters.pk] == 2
    assert_tallies_agree({"Reuters": 2, "Kremlin": 1})

    Statement.objects.filter(pk=first.pk).update(status=Statement.Status.DRAFT)  # withdrawn
    assert_tallies_agree({"Reuters": 2})

    Citation.objects.filter(statement=second).delete()  # uncited: its outlet loses a source
    assert_tallies_agree({"Reuters": 1})

    CitationFactory(statement=second, source=kremlin)  # cited again, elsewhere
    Citation.objects.filter(statement=draft).update(source=also_reuters)  # moved
    assert tallied_by_source() == {kremlin.pk: 1, also_reuters.pk: 1}
    assert_tallies_agree({"Reuters": 1, "Kremlin": 1})

    Statement.objects.filter(pk=first.pk).update(status=Statement.Status.PUBLISHED)
    assert_tallies_agree({"Reuters": 2, "Kremlin": 1})

    Source.objects.filter(pk=kremlin.pk).update(publisher="TASS")  # the outlet renamed
    assert_tallies_agree({"Reuters": 2, "TASS": 1})

    Statement.objects.filter(pk=second.pk).delete()  # through the ORM: its citations first
    assert tallied_by_source() == {reuters.pk: 1, kremlin.pk: 1, also_reuters.pk: 1}
    assert_tallies_agree({"Reuters": 2, "TASS": 1})
    with connection.cursor() as cursor:  # as a bulk removal would: the statement goes first
        cursor.execute("DELETE FROM quotes_statement WHERE id = %s", [first.pk])
        cursor.execute("DELETE FROM quotes_citation WHERE statement_id = %s", [first.pk])
    assert_tallies_agree({"Reuters": 1})
    Source.objects.get(pk=kremlin.pk).delete()  # cited by nothing now: it goes with its tally
    assert not SourceTally.objects.filter(source_id=kremlin.pk).exists()

    Statement.objects.filter(pk=draft.pk).delete()
    assert_tallies_agree({})


def test_a_bulk_load_is_counted_once_per_source_and_outlet():
    sources = [SourceFactory(publisher=f"Outlet {n % 2}") for n in range(4)]
    statements = [StatementFactory(cited=False) for _ in range(3)]
    Citation.objects.bulk_create(
        [Citation(statement=s, source=source) for s in statements for source in sources[:3]]
    )
    assert tallied_by_source() == {source.pk: 3 for source in sources[:3]}
    assert_tallies_agree({"Outlet 0": 2, "Outlet 1": 1})
    Statement.objects.filter(pk__in=[s.pk for s in statements[:2]]).update(
        status=Statement.Status.DRAFT
    )
    assert_tallies_agree({"Outlet 0": 2, "Outlet 1": 1})
    Statement.objects.update(status=Statement.Status.DRAFT)
    assert_tallies_agree({})


def test_the_source_tallies_recount_and_their_triggers_come_back_on_sqlite():
    CitationFactory(source=SourceFactory(publisher="Reuters"))
    source_tallies.recount()
    assert_tallies_agree({"Reuters": 1})
    if connection.vendor == "sqlite":  # a table rebuild drops triggers there
        source_tallies.uninstall()
        CitationFactory(source=SourceFactory(publisher="Kremlin"))
        source_tallies.ensure_triggers()
        assert_tallies_agree({"Reuters": 1, "Kremlin": 1})
        CitationFactory(source=SourceFactory(publisher="TASS"))
        assert_tallies_agree({"Reuters": 1, "Kremlin": 1, "TASS": 1})
