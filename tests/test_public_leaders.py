"""The leaders' directory, /leaders/, and a leader's page, /leaders/<slug>/."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.template.loader import get_template
from django.urls import reverse

from quotes.models import Statement
from quotes.public import cards
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# On PostgreSQL a filtered count first asks the planner's estimate (quotes/search/counts.py).
ESTIMATE = 1 if connection.vendor == "postgresql" else 0

DIRECTORY = reverse("quotes:leader_list")


def names(response) -> list[str]:
    return [leader.name for leader in response.context["page"].object_list]


def shown(response) -> list[str]:
    return [statement.text for statement in response.context["page"].object_list]


@pytest.fixture
def leaders():
    zelenskyy = LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        country="UA",
        aliases=["Zelensky", "Zelenskiy"],
        description="President of Ukraine",
        wikidata_id="Q3874799",
    )
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    shoigu = LeaderFactory(name="Sergei Shoigu", slug="sergei-shoigu", country="RU")
    return {"zelenskyy": zelenskyy, "putin": putin, "shoigu": shoigu}


class TestTheDirectory:
    def test_it_lists_every_leader_by_name(self, client, leaders):
        assert names(client.get(DIRECTORY)) == [
            "Sergei Shoigu",
            "Vladimir Putin",
            "Volodymyr Zelenskyy",
        ]

    def test_each_leader_shows_the_number_of_published_statements_and_the_latest_date(
        self, client, leaders
    ):
        putin = leaders["putin"]
        StatementFactory(speaker=putin, date_said=datetime.date(2025, 6, 4))
        StatementFactory(speaker=putin, date_said=datetime.date(2024, 2, 1))
        StatementFactory(
            speaker=putin, date_said=datetime.date(2025, 7, 1), status=Statement.Status.DRAFT
        )
        response = client.get(DIRECTORY)
        row = {leader.name: leader for leader in response.context["page"]}["Vladimir Putin"]
        assert row.published_count == 2
        assert row.latest_date == datetime.date(2025, 6, 4)
        html = response.content.decode()
        putin_row = html.split('href="/leaders/vladimir-putin/"')[1].split("</tr>")[0]
        assert '<td class="num" data-label="Statements">2</td>' in putin_row
        assert "4 June 2025" in putin_row

    def test_the_cached_counts_follow_a_change_to_the_record(self, client, leaders, page_cache):
        putin = leaders["putin"]
        StatementFactory(speaker=putin)
        draft = CitationFactory(statement__speaker=putin, statement__status="draft").statement

        def putins_count():
            page = client.get(DIRECTORY).context["page"]
            return {leader.name: leader for leader in page}["Vladimir Putin"].published_count

        assert putins_count() == 1
        draft.status = Statement.Status.PUBLISHED
        draft.save()
        assert putins_count() == 2

    def test_each_row_is_rendered_once_until_what_it_shows_changes(
        self, client, leaders, page_cache, settings
    ):
        settings.VERBATIM_PAGE_CACHE = False  # each request renders its page; rows stay cached

        def rendered_rows():
            template = get_template(cards.LEADER_ROW_TEMPLATE)
            with (
                mock.patch.object(cards, "get_template", return_value=template),
                mock.patch.object(template, "render", wraps=template.render) as render,
            ):
                html = client.get(DIRECTORY).content.decode()
            return html, [call.args[0]["leader"].name for call in render.call_args_list]

        source = SourceFactory()  # cited below: a new source would be a change of names
        first, rendered = rendered_rows()
        assert sorted(rendered) == ["Sergei Shoigu", "Vladimir Putin", "Volodymyr Zelenskyy"]
        again, rendered = rendered_rows()
        assert rendered == [] and again == first

        # A publication changes its speaker's count and latest date: that row alone is new.
        CitationFactory(
            statement__speaker=leaders["putin"],
            statement__date_said=datetime.date(2025, 6, 4),
            source=source,
        )
        html, rendered = rendered_rows()
        assert rendered == ["Vladimir Putin"]
        putin_row = html.split('href="/leaders/vladimir-putin/"')[1].split("</tr>")[0]
        assert '<td class="num" data-label="Statements">1</td>' in putin_row
        assert "4 June 2025" in putin_row

        # A new name or description is every row's business ("reference" scope).
        leaders["shoigu"].description = "Secretary of the Security Council"
        leaders["shoigu"].save()
        html, rendered = rendered_rows()
        assert len(rendered) == 3 and "Secretary of the Security Council" in html

    def test_the_latest_date_keeps_its_precision(self, client, leaders):
        StatementFactory(
            speaker=leaders["putin"],
            date_said=datetime.date(2025, 6, 1),
            date_precision=Statement.DatePrecision.MONTH,
        )
        html = client.get(DIRECTORY).content.decode()
        putin_row = html.split('href="/leaders/vladimir-putin/"')[1].split("</tr>")[0]
        assert "June 2025" in putin_row and "1 June 2025" not in putin_row

    def test_a_leader_without_published_statements_shows_none_yet(self, client, leaders):
        html = client.get(DIRECTORY).content.decode()
        assert "none yet" in html.split('href="/leaders/sergei-shoigu/"')[1].split("</tr>")[0]

    def test_search_by_name_ignoring_case(self, client, leaders):
        assert names(client.get(DIRECTORY, {"q": "PUTIN"})) == ["Vladimir Putin"]

    def test_search_finds_other_spellings(self, client, leaders):
        assert names(client.get(DIRECTORY, {"q": "zelenskiy"})) == ["Volodymyr Zelenskyy"]

    def test_filter_by_country(self, client, leaders):
        response = client.get(DIRECTORY, {"country": "RU"})
        assert names(response) == ["Sergei Shoigu", "Vladimir Putin"]
        assert "Country: <strong>Russia</strong>" in response.content.decode()

    def test_no_match_shows_a_clear_empty_state(self, client, leaders):
        response = client.get(DIRECTORY, {"q": "Napoleon"})
        assert names(response) == []
        assert "No leader matches." in response.content.decode()

    @pytest.mark.parametrize(
        "params", [{"country": "ZZ"}, {"q": "x" * 5000}, {"q": "\x00"}, {"page": "abc"}]
    )
    def test_bad_input_never_breaks_the_page(self, client, leaders, params):
        assert client.get(DIRECTORY, params).status_code == 200

    def test_it_costs_the_same_few_queries_for_3_leaders_as_for_30(
        self, client, django_assert_max_num_queries
    ):
        def add(count):
            for leader in LeaderFactory.create_batch(count):
                OfficeHeldFactory(leader=leader)
                StatementFactory.create_batch(2, speaker=leader)

        add(3)
        with django_assert_max_num_queries(5) as few:
            assert len(names(client.get(DIRECTORY))) == 3
        add(27)
        with django_assert_max_num_queries(5) as many:
            assert len(names(client.get(DIRECTORY))) == 30
        assert len(many.captured_queries) == len(few.captured_queries)


@pytest.fixture
def putin_record(leaders):
    putin = leaders["putin"]
    OfficeHeldFactory(
        leader=putin,
        title="Prime Minister of Russia",
        start_date=datetime.date(2008, 5, 8),
        end_date=datetime.date(2012, 5, 7),
    )
    OfficeHeldFactory(
        leader=putin, title="President of Russia", start_date=datetime.date(2012, 5, 7)
    )
    war = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
    response = StatementFactory(
        speaker=putin,
        text="We will respond.",
        date_said=datetime.date(2025, 6, 4),
        kind=Statement.Kind.DIRECT,
    )
    response.topics.add(war)
    paraphrase = StatementFactory(
        speaker=putin,
        text="He said the talks were useless.",
        date_said=datetime.date(2025, 5, 1),
        kind=Statement.Kind.PARAPHRASE,
    )
    draft = StatementFactory(speaker=putin, text="Draft words.", status=Statement.Status.DRAFT)
    mention = StatementFactory(
        speaker=leaders["zelenskyy"], text="Putin is afraid.", date_said=datetime.date(2025, 6, 5)
    )
    mention.mentions.add(putin)
    draft_mention = StatementFactory(
        speaker=leaders["zelenskyy"], text="Unchecked words.", status=Statement.Status.DRAFT
    )
    draft_mention.mentions.add(putin)
    return {"response": response, "paraphrase": paraphrase, "draft": draft, "mention": mention}


class TestALeadersPage:
    url = reverse("quotes:leader_detail", args=["vladimir-putin"])

    def test_it_shows_name_description_offices_over_time_and_wikidata(self, client, leaders):
        OfficeHeldFactory(
            leader=leaders["zelenskyy"],
            title="President of Ukraine",
            country="UA",
            start_date=datetime.date(2019, 5, 20),
        )
        html = client.get(leaders["zelenskyy"].get_absolute_url()).content.decode()
        assert "<h1>Volodymyr Zelenskyy</h1>" in html
        assert "President of Ukraine" in html
        assert "20 May 2019" in html and "present" in html
        assert 'href="https://www.wikidata.org/wiki/Q3874799"' in html
        assert "Zelensky, Zelenskiy" in html

    def test_offices_are_listed_newest_first_with_their_dates(self, client, putin_record):
        html = client.get(self.url).content.decode()
        assert html.index("President of Russia") < html.index("Prime Minister of Russia")
        assert "8 May 2008" in html and "7 May 2012" in html

    def test_it_lists_the_leaders_published_statements(self, client, putin_record):
        response = client.get(self.url)
        assert shown(response) == ["We will respond.", "He said the talks were useless."]
        assert "Draft words." not in response.content.decode()

    def test_its_statements_take_the_same_filters_as_the_main_list(self, client, putin_record):
        assert shown(client.get(self.url, {"kind": "paraphrase"})) == [
            "He said the talks were useless."
        ]
        assert shown(client.get(self.url, {"topic": "war-in-ukraine"})) == ["We will respond."]
        assert shown(client.get(self.url, {"date_to": "2025-05-31"})) == [
            "He said the talks were useless."
        ]
        assert shown(client.get(self.url, {"sort": "oldest"}))[0] == (
            "He said the talks were useless."
        )

    def test_the_speaker_filter_is_left_out_since_the_page_fixes_it(self, client, putin_record):
        html = client.get(self.url).content.decode()
        assert 'name="speaker"' not in html
        assert 'name="kind"' in html and 'name="date_from"' in html

    def test_statements_that_mention_the_leader_are_listed_separately(self, client, putin_record):
        response = client.get(self.url)
        assert [s.text for s in response.context["mentioned_in"]] == ["Putin is afraid."]
        html = response.content.decode()
        assert "Statements that mention Vladimir Putin" in html
        assert "Unchecked words." not in html
        assert "Putin is afraid." not in shown(response)

    def test_an_unknown_leader_is_not_found(self, client, db):
        assert client.get("/leaders/nobody-at-all/").status_code == 404

    def test_bad_filter_input_shows_the_error(self, client, putin_record):
        response = client.get(self.url, {"date_from": "2025-13-45"})
        assert response.status_code == 200
        assert response.context["filterset"].form.errors["date_from"]

    def test_it_costs_the_same_few_queries_for_3_statements_as_for_30(
        self, client, leaders, django_assert_max_num_queries
    ):
        putin = leaders["putin"]
        OfficeHeldFactory(leader=putin)

        def add(count):
            for statement in StatementFactory.create_batch(count, speaker=putin):
                statement.topics.add(TopicFactory())
                CitationFactory(statement=statement)
                StatementFactory(speaker=leaders["shoigu"]).mentions.add(putin)

        add(3)
        # Without a cache (as here) some of them read again the choices the filters offer (the
        # topics: their ids, then the topics; the publishers, the events' ids, the languages),
        # whose digest keys the page; with one, that is once per publication. One finds the
        # leader's events, one counts their statements by month (the timeline). No card is
        # cached either: the statements of each list (theirs, and those that mention them) are
        # read whole, after the list's ids and dates, in one more query.
        # (The page reads of its statements what their cards' keys need: the test reads their
        # words after counting.)
        with django_assert_max_num_queries(22 + ESTIMATE) as few:
            response = client.get(self.url)
        assert len(shown(response)) == 3
        add(27)
        with django_assert_max_num_queries(22 + ESTIMATE) as many:
            response = client.get(self.url)
        assert len(shown(response)) == 20
        assert len(many.captured_queries) == len(few.captured_queries)
