"""A source's page, /sources/<id>/: the article's details and the statements cited from it."""

import datetime

import pytest

from quotes.models import Source, Statement
from tests.factories import CitationFactory, LeaderFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return SourceFactory(
        title="Putin threatens retaliation after drone strike",
        publisher="Reuters",
        author="Guy Faulconbridge",
        kind=Source.Kind.NEWS_ARTICLE,
        url="https://www.reuters.com/world/europe/putin-threatens",
        archive_url="https://archive.ph/abcde",
        published_on=datetime.date(2025, 6, 4),
        accessed_on=datetime.date(2025, 6, 5),
    )


def cite(source, text, locator, **kwargs):
    statement = StatementFactory(text=text, **kwargs)
    CitationFactory(statement=statement, source=source, locator=locator)
    return statement


def test_it_shows_the_articles_details(client, source):
    cite(source, "We will respond.", "paragraph 1")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "<h1><cite>Putin threatens retaliation after drone strike</cite></h1>" in html
    assert "Reuters" in html and "Guy Faulconbridge" in html
    assert '<time datetime="2025-06-04">4 June 2025</time>' in html
    assert 'href="https://www.reuters.com/world/europe/putin-threatens"' in html
    assert 'href="https://archive.ph/abcde"' in html
    assert "News article" in html


def test_it_lists_every_published_statement_cited_from_it_in_the_order_cited(client, source):
    speaker = LeaderFactory(name="Kim Jong Un")
    first = cite(
        source, "First in the article.", "paragraph 2", date_said=datetime.date(2025, 1, 1)
    )
    second = cite(source, "Second in the article.", "paragraph 5", speaker=speaker)
    cite(source, "A draft.", "paragraph 6", status=Statement.Status.DRAFT)
    cite(SourceFactory(), "Elsewhere.", "")
    response = client.get(source.get_absolute_url())
    cited = [citation.statement for citation in response.context["citations"]]
    assert cited == [first, second]
    html = response.content.decode()
    assert "2 statements cited from this news article, in order" in html
    assert html.index("First in the article.") < html.index("Second in the article.")
    assert "Paragraph 2" in html and "Paragraph 5" in html
    assert "A draft." not in html and "Elsewhere." not in html
    assert "Kim Jong Un" in html


def test_a_source_that_carries_only_drafts_is_not_found(client, source):
    cite(source, "Not checked yet.", "", status=Statement.Status.DRAFT)
    assert client.get(source.get_absolute_url()).status_code == 404


def test_an_unknown_source_is_not_found(client, db):
    assert client.get("/sources/987654/").status_code == 404


def test_it_costs_the_same_few_queries_for_3_statements_as_for_30(
    client, source, django_assert_max_num_queries
):
    for n in range(3):
        cite(source, f"Early {n}.", f"paragraph {n}")
    with django_assert_max_num_queries(5) as few:
        client.get(source.get_absolute_url())
    for n in range(27):
        cite(source, f"Later {n}.", f"paragraph {n + 3}")
    with django_assert_max_num_queries(5) as many:
        response = client.get(source.get_absolute_url())
    assert len(response.context["citations"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)
