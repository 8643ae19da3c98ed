"""The timelines of a leader's and a topic's pages: published statements per month by kind."""

import calendar
import datetime
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import Statement, TopicMonthlyTally
from quotes.public import timelines
from quotes.public.timelines import (
    KINDS,
    MONTHLY_BARS_AT_MOST,
    count_by_month,
    leader_chart,
    leader_counts,
    leader_timeline,
    tallies_kept,
    topic_chart,
    topic_counts,
    topic_timeline,
)
from tests.factories import CitationFactory, LeaderFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

DIRECT, PARTIAL, PARAPHRASE = (
    Statement.Kind.DIRECT,
    Statement.Kind.PARTIAL,
    Statement.Kind.PARAPHRASE,
)
YEAR, MONTH = Statement.DatePrecision.YEAR, Statement.DatePrecision.MONTH


@pytest.fixture
def putin():
    return LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")


def say(speaker, day, kind=DIRECT, precision=Statement.DatePrecision.DAY, **fields):
    return StatementFactory(
        speaker=speaker, date_said=day, kind=kind, date_precision=precision, **fields
    )


def page_html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def chart(html: str) -> ElementTree.Element:
    """The page's timeline, parsed as XML (which fails on anything not well-formed)."""
    found = re.search(r'<svg class="timeline-chart".*?</svg>', html, re.DOTALL)
    assert found, "no timeline on the page"
    return ElementTree.fromstring(found.group(0))


def bar_titles(svg) -> list[str]:
    return [link.find("title").text for link in svg.iter("a")]


def shown(response) -> list[str]:
    return sorted(statement.text for statement in response.context["page"].object_list)


def counts_queries(captured) -> list[str]:
    """The queries that count statements for a timeline (the tallies or the GROUP BY)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if "monthlytally" in query["sql"] or "GROUP BY" in query["sql"]
    ]


class TestTheCounts:
    def test_each_month_counts_the_published_statements_of_each_kind(self, putin):
        said = [
            say(putin, datetime.date(2025, 6, 4), DIRECT),
            say(putin, datetime.date(2025, 6, 20), DIRECT),
            say(putin, datetime.date(2025, 6, 21), PARTIAL),
            say(putin, datetime.date(2025, 6, 1), PARAPHRASE, MONTH),
            say(putin, datetime.date(2025, 9, 30), PARTIAL),
        ]
        say(LeaderFactory(), datetime.date(2025, 6, 5))  # another leader's
        timeline = leader_timeline(putin)
        expected = Counter((s.date_said.replace(day=1), s.kind) for s in said)
        got = Counter()
        for bar in timeline.bars:
            for kind, n in bar.counts.items():
                if n:
                    got[(bar.start, kind)] = n
        assert got == expected
        assert timeline.total == len(said)
        assert not timeline.by_year

    def test_the_months_between_the_first_and_the_last_are_empty_slots(self, putin):
        say(putin, datetime.date(2024, 11, 3))
        say(putin, datetime.date(2025, 3, 3))
        timeline = leader_timeline(putin)
        assert [bar.start for bar in timeline.bars] == [
            datetime.date(2024, 11, 1),
            datetime.date(2024, 12, 1),
            datetime.date(2025, 1, 1),
            datetime.date(2025, 2, 1),
            datetime.date(2025, 3, 1),
        ]
        assert [bar.total for bar in timeline.bars] == [1, 0, 0, 0, 1]

    def test_statements_known_only_to_the_year_sit_in_no_month(self, putin, client):
        say(putin, datetime.date(2025, 6, 4))
        say(putin, datetime.date(2025, 1, 1), PARTIAL, YEAR)
        say(putin, datetime.date(2024, 1, 1), DIRECT, YEAR)
        say(putin, datetime.date(2024, 1, 1), PARAPHRASE, YEAR)
        timeline = leader_timeline(putin)
        assert [bar.label for bar in timeline.bars] == ["June 2025"]
        assert timeline.bars[0].total == 1
        assert timeline.years_only == {2024: 2, 2025: 1}
        html = page_html(client, putin.get_absolute_url())
        assert "3 statements known only to the year (2024: 2, 2025: 1)" in html
        assert bar_titles(chart(html)) == ["June 2025: 1 statement (1 direct quote)"]

    def test_drafts_and_submitted_statements_are_never_counted(self, putin, client):
        say(putin, datetime.date(2025, 6, 4))
        say(putin, datetime.date(2025, 6, 5), status=Statement.Status.DRAFT)
        say(putin, datetime.date(2025, 8, 5), status=Statement.Status.SUBMITTED)
        say(putin, datetime.date(2023, 1, 1), precision=YEAR, status=Statement.Status.DRAFT)
        timeline = leader_timeline(putin)
        assert [(bar.label, bar.total) for bar in timeline.bars] == [("June 2025", 1)]
        assert timeline.years_only == {}

    def test_a_leader_with_one_statement_has_one_bar(self, putin, client):
        say(putin, datetime.date(2025, 6, 4))
        svg = chart(page_html(client, putin.get_absolute_url()))
        assert bar_titles(svg) == ["June 2025: 1 statement (1 direct quote)"]

    def test_a_leader_without_published_statements_has_no_chart(self, putin, client):
        say(putin, datetime.date(2025, 6, 4), status=Statement.Status.DRAFT)
        assert leader_timeline(putin) is None
        html = page_html(client, putin.get_absolute_url())
        assert "timeline-chart" not in html
        assert "Statements over time" not in html

    def test_a_topic_counts_its_published_statements_of_every_speaker(self, client):
        war, other = TopicFactory(slug="war"), TopicFactory(slug="other")
        about_war = [
            say(LeaderFactory(), datetime.date(2025, 5, 2), DIRECT),
            say(LeaderFactory(), datetime.date(2025, 5, 9), PARAPHRASE),
            say(LeaderFactory(), datetime.date(2025, 7, 9), PARTIAL),
        ]
        for statement in about_war:
            statement.topics.add(war)
        say(LeaderFactory(), datetime.date(2025, 5, 3)).topics.add(other)
        say(LeaderFactory(), datetime.date(2025, 6, 3), status="draft").topics.add(war)
        timeline = topic_timeline(war)
        assert [(bar.label, bar.counts) for bar in timeline.bars] == [
            ("May 2025", {DIRECT: 1, PARTIAL: 0, PARAPHRASE: 1}),
            ("June 2025", {DIRECT: 0, PARTIAL: 0, PARAPHRASE: 0}),
            ("July 2025", {DIRECT: 0, PARTIAL: 1, PARAPHRASE: 0}),
        ]
        svg = chart(page_html(client, war.get_absolute_url()))
        assert bar_titles(svg) == [
            "May 2025: 2 statements (1 direct quote, 1 paraphrase)",
            "July 2025: 1 statement (1 partial)",
        ]

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite counts the statements when asked"
    )
    def test_the_tallies_follow_every_change_to_the_record(self, putin):
        """On PostgreSQL the counts come from tallies kept by triggers; whatever changes, they
        give what one GROUP BY of the statements gives."""
        assert tallies_kept(connection.alias)
        war, peace = TopicFactory(slug="war"), TopicFactory(slug="peace")
        other = LeaderFactory()
        first = say(putin, datetime.date(2025, 6, 4))
        first.topics.add(war, peace)
        second = say(putin, datetime.date(2024, 1, 1), PARTIAL, YEAR)
        second.topics.add(war)
        draft = say(putin, datetime.date(2025, 2, 2), status=Statement.Status.DRAFT)
        draft.topics.add(peace)
        CitationFactory(statement=draft)  # so that it can be published
        peace_id = peace.pk

        def check(topics):
            published = Statement.objects.published()
            for leader in (putin, other):
                truth = count_by_month(published.filter(speaker=leader))
                assert sorted(leader_counts(leader)) == sorted(truth)
            for topic in topics:
                truth = count_by_month(published.filter(topics=topic))
                assert sorted(topic_counts(topic)) == sorted(truth)

        check([war, peace])
        assert leader_counts(putin) and topic_counts(war) and topic_counts(peace)
        statement = Statement.objects.filter
        changes = [
            lambda: statement(pk=draft.pk).update(status=Statement.Status.PUBLISHED),
            lambda: statement(pk=first.pk).update(kind=PARAPHRASE),
            lambda: statement(pk=first.pk).update(date_said=datetime.date(2023, 3, 9)),
            lambda: statement(pk=second.pk).update(date_precision=MONTH),
            lambda: statement(pk=second.pk).update(speaker=other),
            lambda: first.topics.remove(war),
            lambda: war.statements.add(draft),
            lambda: statement(pk=draft.pk).update(status=Statement.Status.DRAFT),
            lambda: statement(speaker=putin).update(status=Statement.Status.PUBLISHED),
            lambda: statement(pk=first.pk).update(text="Other words, same month."),
        ]
        for change in changes:
            change()
            check([war, peace])
        peace.delete()
        check([war])
        assert not TopicMonthlyTally.objects.filter(topic_id=peace_id).exists()
        Statement.objects.filter(pk=first.pk).delete()
        check([war])
        assert sum(n for *_key, n in leader_counts(putin)) == 1  # the draft, published


class TestTheChart:
    def test_it_is_well_formed_xml_with_a_title_for_each_bar_and_for_the_whole(self, putin, client):
        say(putin, datetime.date(2025, 6, 4), DIRECT)
        say(putin, datetime.date(2025, 6, 5), DIRECT)
        say(putin, datetime.date(2025, 6, 6), PARTIAL)
        say(putin, datetime.date(2025, 8, 6), PARAPHRASE)
        html = page_html(client, putin.get_absolute_url())
        svg = chart(html)
        assert svg.find("title").text == "Statements by month"
        assert "4 statements in all" in svg.find("desc").text
        assert bar_titles(svg) == [
            "June 2025: 3 statements (2 direct quotes, 1 partial)",
            "August 2025: 1 statement (1 paraphrase)",
        ]
        # Each bar's rectangles, one per kind it has, stacked in the legend's order.
        june = next(svg.iter("a"))
        assert [rect.get("class") for rect in june.iter("rect")] == [
            "timeline-direct",
            "timeline-partial",
        ]
        legend = re.search(r'<ul class="timeline-legend">(.*?)</ul>', html, re.DOTALL).group(1)
        assert re.findall(r"(Direct quotes|Partial quotes|Paraphrases) \((\d+)\)", legend) == [
            ("Direct quotes", "2"),
            ("Partial quotes", "1"),
            ("Paraphrases", "1"),
        ]

    def test_it_keeps_to_the_content_security_policy(self, putin, client):
        say(putin, datetime.date(2025, 6, 4))
        html = page_html(client, putin.get_absolute_url())
        figure = html[html.index('<figure class="timeline">') : html.index("</details>")]
        assert "style=" not in figure
        assert "<script" not in figure
        assert "<img" not in figure

    def test_a_table_in_a_disclosure_gives_every_months_figures(self, putin, client):
        say(putin, datetime.date(2025, 6, 4), DIRECT)
        say(putin, datetime.date(2025, 8, 6), PARAPHRASE)
        html = page_html(client, putin.get_absolute_url())
        figures = html[html.index('<details class="timeline-figures">') :]
        table = figures[: figures.index("</details>")]
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
        cells = [
            (re.sub("<[^>]+>", "", month), re.findall(r">(\d+)<", numbers))
            for month, numbers in rows
        ]
        assert cells == [
            ("June 2025", ["1", "0", "0", "1"]),
            ("July 2025", ["0", "0", "0", "0"]),
            ("August 2025", ["0", "0", "1", "1"]),
        ]

    def test_each_bar_filters_the_list_to_exactly_its_month(self, putin, client):
        said = [
            say(putin, datetime.date(2025, 5, 31)),
            say(putin, datetime.date(2025, 6, 1)),
            say(putin, datetime.date(2025, 6, 30), PARTIAL),
            say(putin, datetime.date(2025, 6, 1), PARAPHRASE, MONTH),
            say(putin, datetime.date(2025, 7, 1)),
            say(putin, datetime.date(2024, 6, 15)),
        ]
        say(LeaderFactory(), datetime.date(2025, 6, 10))
        html = page_html(client, putin.get_absolute_url())
        links = [link.get("href") for link in chart(html).iter("a")]
        assert len(links) == 4  # June 2024, May, June and July 2025; the months between empty
        for link in links:
            start = datetime.date.fromisoformat(re.search(r"date_from=([\d-]+)", link).group(1))
            end = datetime.date.fromisoformat(re.search(r"date_to=([\d-]+)", link).group(1))
            assert start.day == 1
            assert end == start.replace(day=calendar.monthrange(start.year, start.month)[1])
            in_month = sorted(s.text for s in said if s.date_said.replace(day=1) == start)
            assert shown(client.get(link)) == in_month

    def test_a_topics_bars_filter_the_topics_list_to_their_month(self, client):
        war = TopicFactory(slug="war")
        said = [
            say(LeaderFactory(), datetime.date(2025, 5, 2)),
            say(LeaderFactory(), datetime.date(2025, 6, 9)),
            say(LeaderFactory(), datetime.date(2025, 6, 30), PARTIAL),
        ]
        for statement in said:
            statement.topics.add(war)
        say(LeaderFactory(), datetime.date(2025, 6, 10))  # not about the topic
        links = [link.get("href") for link in chart(page_html(client, "/topics/war/")).iter("a")]
        assert [link.split("?")[0] for link in links] == ["/topics/war/", "/topics/war/"]
        for link in links:
            start = datetime.date.fromisoformat(re.search(r"date_from=([\d-]+)", link).group(1))
            in_month = sorted(s.text for s in said if s.date_said.replace(day=1) == start)
            assert shown(client.get(link)) == in_month

    def test_a_months_list_also_shows_that_years_statements_known_only_to_the_year(
        self, putin, client
    ):
        june = say(putin, datetime.date(2025, 6, 4))
        some_time = say(putin, datetime.date(2025, 1, 1), precision=YEAR)
        say(putin, datetime.date(2024, 1, 1), precision=YEAR)
        html = page_html(client, putin.get_absolute_url())
        (link,) = [link.get("href") for link in chart(html).iter("a")]
        # The list keeps every statement whose period overlaps the month (quotes/public/
        # filters.py); the note under the chart says so.
        assert shown(client.get(link)) == sorted([june.text, some_time.text])
        assert "the list for a month of that year shows them too" in html

    def test_a_long_record_has_a_bar_per_year_linking_to_the_year(self, putin, client):
        first = datetime.date(2001, 3, 4)
        said = [
            say(putin, first),
            say(putin, datetime.date(2001, 1, 1), PARTIAL, YEAR),
            say(putin, datetime.date(2013, 5, 6), PARAPHRASE),
            say(putin, datetime.date(2025, 11, 6)),
        ]
        timeline = leader_timeline(putin)
        assert timeline.by_year
        assert [bar.label for bar in timeline.bars] == [str(y) for y in range(2001, 2026)]
        # Known to the year, a statement sits in its year's bar.
        assert timeline.bars[0].counts == {DIRECT: 1, PARTIAL: 1, PARAPHRASE: 0}
        assert timeline.years_only == {}
        html = page_html(client, putin.get_absolute_url())
        svg = chart(html)
        assert svg.find("title").text == "Statements by year"
        assert bar_titles(svg)[0] == "2001: 2 statements (1 direct quote, 1 partial)"
        for link in [link.get("href") for link in svg.iter("a")]:
            year = int(re.search(r"date_from=(\d{4})-01-01&date_to=\1-12-31", link).group(1))
            assert shown(client.get(link)) == sorted(
                s.text for s in said if s.date_said.year == year
            )

    def test_the_switch_to_years_comes_after_the_monthly_bars_at_most(self, putin):
        start = datetime.date(2010, 1, 5)
        say(putin, start)
        months_later = MONTHLY_BARS_AT_MOST - 1
        last = datetime.date(2010 + months_later // 12, months_later % 12 + 1, 5)
        say(putin, last)
        assert len(leader_timeline(putin).bars) == MONTHLY_BARS_AT_MOST
        say(putin, datetime.date(2009, 12, 5))
        assert leader_timeline(putin).by_year

    def test_year_labels_never_run_into_each_other(self, putin):
        for year in range(2001, 2026):
            say(putin, datetime.date(year, 6, 1))
        labels = leader_timeline(putin).year_labels
        assert labels
        gaps = [b.x - a.x for a, b in zip(labels, labels[1:], strict=False)]
        assert all(gap >= timelines.YEAR_LABEL_SPACING for gap in gaps)


class TestCaching:
    def test_a_second_render_does_no_counting(self, putin, page_cache):
        say(putin, datetime.date(2025, 6, 4))
        with CaptureQueriesContext(connection) as first:
            leader_chart(putin)
        assert counts_queries(first)
        with CaptureQueriesContext(connection) as second:
            again = leader_chart(putin)
        assert counts_queries(second) == []
        assert bar_titles(chart(again)) == ["June 2025: 1 statement (1 direct quote)"]

    def test_a_publication_for_the_leader_changes_the_chart(self, putin, client, page_cache):
        say(putin, datetime.date(2025, 6, 4))
        before = bar_titles(chart(page_html(client, putin.get_absolute_url())))
        say(putin, datetime.date(2025, 6, 9), PARTIAL)
        after = bar_titles(chart(page_html(client, putin.get_absolute_url())))
        assert before == ["June 2025: 1 statement (1 direct quote)"]
        assert after == ["June 2025: 2 statements (1 direct quote, 1 partial)"]

    def test_a_publication_for_another_leader_does_not_recount(self, putin, page_cache):
        say(putin, datetime.date(2025, 6, 4))
        leader_chart(putin)
        say(LeaderFactory(), datetime.date(2025, 6, 9))
        with CaptureQueriesContext(connection) as captured:
            drawn = leader_chart(putin)
        assert counts_queries(captured) == []
        assert bar_titles(chart(drawn)) == ["June 2025: 1 statement (1 direct quote)"]

    def test_a_topics_chart_follows_its_own_publications_only(self, page_cache):
        war, other = TopicFactory(slug="war"), TopicFactory(slug="other")
        say(LeaderFactory(), datetime.date(2025, 6, 4)).topics.add(war)
        first = topic_chart(war)
        say(LeaderFactory(), datetime.date(2025, 6, 5)).topics.add(other)
        with CaptureQueriesContext(connection) as captured:
            assert topic_chart(war) == first
        assert counts_queries(captured) == []
        say(LeaderFactory(), datetime.date(2025, 7, 5)).topics.add(war)
        assert bar_titles(chart(topic_chart(war))) == [
            "June 2025: 1 statement (1 direct quote)",
            "July 2025: 1 statement (1 direct quote)",
        ]


def test_every_kind_is_drawn():
    assert {kind for kind, _label in Statement.Kind.choices} == set(KINDS)
