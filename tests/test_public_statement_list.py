"""The statements list, /quotes/: every filter, their combinations, sorting, paging, bad input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quotes.models import Source, Statement
from quotes.public.filters import distinct_publishers
from quotes.public.pagination import PER_PAGE, make_cursor
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

LIST_URL = reverse("quotes:statement_list")
# A page's ids found first: `WHERE … id IN (SELECT id … LIMIT 21)`.
IDS_FIRST = re.compile(r"IN \(SELECT .* LIMIT 21\)")


def shown(response) -> list[str]:
    """The words of the statements on the page, in the order shown."""
    return [statement.text for statement in response.context["page"].object_list]


def get(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response


@pytest.fixture
def record():
    """A small record in which each statement differs from the others in one way."""
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    trump = LeaderFactory(name="Donald Trump", slug="donald-trump", country="US")
    zelenskyy = LeaderFactory(name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", country="UA")
    war = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
    trade = TopicFactory(name="Trade", slug="trade")
    reuters = SourceFactory(publisher="Reuters")
    kremlin = SourceFactory(publisher="Kremlin")
    statements = {
        "retaliation": StatementFactory(
            speaker=putin,
            text="We will respond to the attack on our airfields.",
            date_said=datetime.date(2025, 6, 4),
            kind=Statement.Kind.DIRECT,
            channel=Statement.Channel.PHONE_CALL,
            verification=Statement.Verification.VERIFIED,
            context="A call about retaliation for the drone strike.",
        ),
        "tariffs": StatementFactory(
            speaker=trump,
            text="Tariffs are the most beautiful word.",
            date_said=datetime.date(2025, 4, 2),
            kind=Statement.Kind.PARTIAL,
            channel=Statement.Channel.SPEECH,
        ),
        "allies": StatementFactory(
            speaker=zelenskyy,
            text="Allies must not be afraid of threats.",
            date_said=datetime.date(2025, 6, 5),
            kind=Statement.Kind.PARAPHRASE,
            channel=Statement.Channel.SOCIAL_MEDIA,
        ),
        "disputed": StatementFactory(
            speaker=putin,
            text="Sanctions have failed completely.",
            date_said=datetime.date(2024, 12, 19),
            verification=Statement.Verification.DISPUTED,
            verification_note="The recording is edited.",
            channel=Statement.Channel.PRESS_CONFERENCE,
        ),
    }
    statements["retaliation"].topics.add(war)
    statements["allies"].topics.add(war)
    statements["tariffs"].topics.add(trade)
    statements["allies"].mentions.add(putin)
    statements["tariffs"].mentions.add(zelenskyy)
    CitationFactory(statement=statements["retaliation"], source=kremlin)
    CitationFactory(statement=statements["retaliation"], source=reuters)
    CitationFactory(statement=statements["tariffs"], source=reuters)
    CitationFactory(statement=statements["allies"], source=SourceFactory(publisher="Kyiv Post"))
    CitationFactory(statement=statements["disputed"], source=kremlin)
    return statements


class TestTheUnfilteredList:
    def test_it_shows_every_published_statement_newest_first(self, client, record):
        assert shown(get(client)) == [
            record["allies"].text,
            record["retaliation"].text,
            record["tariffs"].text,
            record["disputed"].text,
        ]

    def test_it_hides_drafts(self, client, record):
        StatementFactory(text="A draft nobody may see yet.", status=Statement.Status.DRAFT)
        response = get(client)
        assert "A draft nobody may see yet." not in shown(response)
        assert "A draft nobody may see yet." not in response.content.decode()

    def test_it_says_how_many_statements_there_are(self, client, record):
        assert "4 statements" in get(client).content.decode()

    def test_each_row_shows_speaker_office_on_that_date_date_and_sources(self, client, record):
        OfficeHeldFactory(
            leader=record["retaliation"].speaker,
            title="President of Russia",
            start_date=datetime.date(2012, 5, 7),
        )
        html = get(client).content.decode()
        assert "President of Russia" in html
        assert "4 June 2025" in html
        assert 'href="/sources/' in html and "Kremlin" in html and "Reuters" in html
        assert record["retaliation"].get_absolute_url() in html

    def test_a_month_precise_date_shows_only_the_month(self, client):
        StatementFactory(
            date_said=datetime.date(2025, 6, 1),
            date_precision=Statement.DatePrecision.MONTH,
            text="Said some time in June.",
        )
        html = get(client).content.decode()
        assert ">June 2025<" in html
        assert "1 June 2025" not in html

    def test_a_fragment_shows_the_sentence_it_was_said_in_and_a_whole_quote_does_not(self, client):
        StatementFactory(
            text="under control",
            kind=Statement.Kind.PARTIAL,
            context="The minister said the fires near the plant were “under control”.",
        )
        StatementFactory(
            text="We will rebuild every school.",
            kind=Statement.Kind.DIRECT,
            context="Speaking in Kharkiv on Monday, he promised to rebuild.",
        )
        html = get(client).content.decode()
        assert "the fires near the plant were" in html
        assert "Speaking in Kharkiv on Monday" not in html


class TestEachFilterNarrowsTheList:
    def test_by_one_speaker_chosen_by_slug(self, client, record):
        assert shown(get(client, speaker="vladimir-putin")) == [
            record["retaliation"].text,
            record["disputed"].text,
        ]

    def test_by_several_speakers(self, client, record):
        response = get(client, speaker=["donald-trump", "volodymyr-zelenskyy"])
        assert shown(response) == [record["allies"].text, record["tariffs"].text]

    def test_the_speaker_control_is_a_text_box_not_a_list_of_every_leader(self, client, record):
        html = get(client).content.decode()
        form = html.split('<form class="filters"')[1].split("</form>")[0]
        assert '<select name="speaker"' not in form
        assert 'id="id_speaker" maxlength="200" name="speaker"' in form
        assert "Vladimir Putin" not in form and "Donald Trump" not in form

    def test_a_chosen_speaker_is_shown_by_name_without_javascript(self, client, record):
        html = get(client, speaker="vladimir-putin").content.decode()
        assert 'data-slug="vladimir-putin"' in html
        assert 'value="Vladimir Putin"' in html

    def test_by_speakers_country(self, client, record):
        assert shown(get(client, country="US")) == [record["tariffs"].text]

    def test_by_date_from(self, client, record):
        response = get(client, date_from="2025-06-04")
        assert shown(response) == [record["allies"].text, record["retaliation"].text]

    def test_by_date_to(self, client, record):
        response = get(client, date_to="2025-04-02")
        assert shown(response) == [record["tariffs"].text, record["disputed"].text]

    def test_by_a_date_range_including_both_ends(self, client, record):
        response = get(client, date_from="2025-04-02", date_to="2025-06-04")
        assert shown(response) == [record["retaliation"].text, record["tariffs"].text]

    @pytest.mark.parametrize(
        "kind, expected",
        [
            ("direct", ["retaliation", "disputed"]),
            ("partial", ["tariffs"]),
            ("paraphrase", ["allies"]),
        ],
    )
    def test_by_kind(self, client, record, kind, expected):
        assert shown(get(client, kind=kind)) == [record[key].text for key in expected]

    def test_by_channel(self, client, record):
        assert shown(get(client, channel="phone_call")) == [record["retaliation"].text]

    def test_by_topic_slug(self, client, record):
        response = get(client, topic="war-in-ukraine")
        assert shown(response) == [record["allies"].text, record["retaliation"].text]

    def test_by_source_publisher(self, client, record):
        response = get(client, publisher="Reuters")
        assert shown(response) == [record["retaliation"].text, record["tariffs"].text]

    def test_by_publisher_shows_a_statement_once_even_if_cited_twice_by_it(self, client, record):
        CitationFactory(statement=record["tariffs"], source=SourceFactory(publisher="Reuters"))
        response = get(client, publisher="Reuters")
        assert shown(response) == [record["retaliation"].text, record["tariffs"].text]
        assert response.context["page"].count.value == 2

    def test_the_publisher_choices_name_each_publisher_once_in_order(self, client, record):
        for publisher in ["Agence France-Presse", "Reuters", "Zeit Online", "Agence France-Presse"]:
            CitationFactory(statement=record["tariffs"], source=SourceFactory(publisher=publisher))
        expected = sorted(set(Source.objects.values_list("publisher", flat=True)))
        field = get(client).context["filterset"].form.fields["publisher"]
        assert [value for value, _ in field.choices if value] == expected
        assert distinct_publishers() == expected

    def test_by_verification_status(self, client, record):
        assert shown(get(client, verification="disputed")) == [record["disputed"].text]
        assert shown(get(client, verification="verified")) == [record["retaliation"].text]

    def test_by_leader_mentioned(self, client, record):
        assert shown(get(client, mentioned="vladimir-putin")) == [record["allies"].text]

    def test_by_words(self, client, record):
        assert shown(get(client, q="beautiful")) == [record["tariffs"].text]

    def test_by_words_ignoring_case(self, client, record):
        assert shown(get(client, q="AIRFIELDS")) == [record["retaliation"].text]

    def test_by_words_in_the_context(self, client, record):
        assert shown(get(client, q="drone strike")) == [record["retaliation"].text]


class TestCombinedFilters:
    def test_speaker_and_kind_must_both_match(self, client, record):
        response = get(client, speaker="vladimir-putin", verification="disputed")
        assert shown(response) == [record["disputed"].text]

    def test_topic_date_range_and_words_together(self, client, record):
        response = get(
            client, topic="war-in-ukraine", date_from="2025-06-05", q="threats", sort="oldest"
        )
        assert shown(response) == [record["allies"].text]

    def test_filters_that_exclude_each_other_show_a_clear_empty_state(self, client, record):
        response = get(client, speaker="donald-trump", kind="paraphrase")
        assert shown(response) == []
        html = response.content.decode()
        assert "0 statements" in html
        assert "No published statement matches these filters." in html
        assert "start again with no filters" in html


class TestSorting:
    def test_oldest_first(self, client, record):
        assert shown(get(client, sort="oldest")) == [
            record["disputed"].text,
            record["tariffs"].text,
            record["retaliation"].text,
            record["allies"].text,
        ]

    def test_newest_first_is_the_default_and_can_be_asked_for(self, client, record):
        assert shown(get(client, sort="newest")) == shown(get(client))
        assert shown(get(client))[0] == record["allies"].text

    def test_an_unknown_sort_is_a_form_error_not_a_crash(self, client, record):
        response = get(client, sort="sideways")
        assert response.context["filterset"].form.errors["sort"]


class TestPagination:
    @pytest.fixture
    def many(self):
        speaker = LeaderFactory()
        start = datetime.date(2024, 1, 1)
        return [
            StatementFactory(
                speaker=speaker, text=f"Statement {n:03}", date_said=start + datetime.timedelta(n)
            )
            for n in range(PER_PAGE * 2 + 5)
        ]

    def test_the_first_page_holds_the_newest(self, client, many):
        response = get(client)
        assert len(shown(response)) == PER_PAGE
        assert shown(response)[0] == many[-1].text
        assert f"{len(many)} statements" in response.content.decode()

    def test_the_next_page_continues_where_the_first_ended(self, client, many):
        first = get(client).context["page"]
        response = client.get(f"{LIST_URL}?{first.next_query}")
        assert shown(response)[0] == many[-1 - PER_PAGE].text

    def test_the_last_page_holds_the_oldest_newest_first(self, client, many):
        last = client.get(f"{LIST_URL}?{get(client).context['page'].last_query}")
        assert shown(last) == [s.text for s in reversed(many[:PER_PAGE])]
        assert last.context["page"].next_query is None

    def test_going_back_from_a_page_shows_the_page_before_it(self, client, many):
        second = client.get(f"{LIST_URL}?{get(client).context['page'].next_query}")
        back = client.get(f"{LIST_URL}?{second.context['page'].previous_query}")
        assert shown(back) == shown(get(client))

    def test_a_deep_page_is_addressed_by_the_row_it_follows_not_by_an_offset(self, client, many):
        cursor = make_cursor(many[10].date_said, many[10].pk)
        assert shown(get(client, after=cursor)) == [s.text for s in reversed(many[:10])]

    def test_paging_oldest_first_runs_the_other_way(self, client, many):
        first = get(client, sort="oldest").context["page"]
        second = client.get(f"{LIST_URL}?{first.next_query}")
        assert shown(second)[0] == many[PER_PAGE].text
        assert "sort=oldest" in first.next_query

    def test_page_links_keep_the_filters(self, client, many):
        speaker = many[0].speaker.slug
        html = get(client, speaker=speaker).content.decode()
        assert f'href="?speaker={speaker}&amp;after=' in html

    def test_a_countrys_pages_find_their_ids_first_and_page_like_any_list(self, client, many):
        country = many[0].speaker.country.code
        LeaderFactory(country=country)  # a country of two leaders
        with CaptureQueriesContext(connection) as captured:
            first = get(client, country=country)
        # Read before the next request, which empties the connection's log.
        assert sum(1 for q in captured if IDS_FIRST.search(q["sql"])) == 1
        assert shown(first) == shown(get(client))
        page = first.context["page"]
        second = client.get(f"{LIST_URL}?{page.next_query}")
        assert shown(second)[0] == many[-1 - PER_PAGE].text
        back = client.get(f"{LIST_URL}?{second.context['page'].previous_query}")
        assert shown(back) == shown(first)
        last = client.get(f"{LIST_URL}?{page.last_query}")
        assert shown(last) == [s.text for s in reversed(many[:PER_PAGE])]

    def test_a_countrys_leaders_statements_interleave_in_order_on_every_page(self, client):
        leaders = [LeaderFactory(country="NO") for _ in range(3)]
        start = datetime.date(2024, 1, 1)
        # Two statements a day (the id decides between them), most by the first leader.
        made = [
            StatementFactory(
                speaker=leaders[n % 3] if n % 4 else leaders[0],
                text=f"Said {n:03}",
                date_said=start + datetime.timedelta(n // 2),
            )
            for n in range(PER_PAGE * 3 + 7)
        ]
        newest = [s.text for s in sorted(made, key=lambda s: (s.date_said, s.pk), reverse=True)]
        for sort, expected in (("newest", newest), ("oldest", newest[::-1])):
            with CaptureQueriesContext(connection) as captured:
                response = get(client, country="NO", sort=sort)
            if connection.vendor == "postgresql":  # each leader's newest (or oldest) first
                assert sum("CROSS JOIN LATERAL" in q["sql"] for q in captured) == 1
            pages = [shown(response)]
            while response.context["page"].next_query:
                response = client.get(f"{LIST_URL}?{response.context['page'].next_query}")
                pages.append(shown(response))
            assert [text for page in pages for text in page] == expected
            assert [len(page) for page in pages] == [PER_PAGE, PER_PAGE, PER_PAGE, 7]
            back = client.get(f"{LIST_URL}?{response.context['page'].previous_query}")
            assert shown(back) == pages[-2]
            last = get(client, country="NO", sort=sort, last="1")
            assert shown(last) == expected[-PER_PAGE:]

    def test_a_list_the_index_leads_through_reads_its_rows_in_one_step(self, client, many):
        with CaptureQueriesContext(connection) as captured:
            get(client, speaker=many[0].speaker.slug)
        assert not any(IDS_FIRST.search(q["sql"]) for q in captured)

    @pytest.mark.parametrize(
        "params",
        [
            {"after": "abc"},
            {"after": "2025-13-45.1"},
            {"before": "9" * 5000},
            {"after": "\x00"},
            {"page": "99999"},
            {"last": "yes"},
        ],
    )
    def test_a_cursor_that_is_not_one_shows_the_first_page(self, client, many, params):
        assert shown(get(client, **params)) == shown(get(client))

    def test_the_count_is_exact_for_small_results(self, client, many):
        count = get(client).context["page"].count
        assert (count.value, count.exact) == (len(many), True)


class TestActiveFilterChips:
    def test_each_active_filter_is_shown_with_a_link_that_removes_it(self, client, record):
        html = get(client, speaker="vladimir-putin", kind="direct").content.decode()
        assert 'aria-label="Active filters"' in html
        assert "Speaker: <strong>Vladimir Putin</strong>" in html
        assert "Kind: <strong>Direct quote</strong>" in html
        assert 'href="/quotes/?speaker=vladimir-putin"' in html  # removes the kind
        assert 'href="/quotes/?kind=direct"' in html  # removes the speaker

    def test_removing_one_of_several_speakers_keeps_the_others(self, client, record):
        html = get(client, speaker=["vladimir-putin", "donald-trump"]).content.decode()
        assert 'href="/quotes/?speaker=donald-trump"' in html
        assert 'href="/quotes/?speaker=vladimir-putin"' in html

    def test_removing_a_filter_goes_back_to_the_first_page(self, client, record):
        html = get(client, kind="direct", after="2025-06-04.5").content.decode()
        assert 'href="/quotes/"' in html
        assert "after=" not in html.split('aria-label="Active filters"')[1].split("</ul>")[0]

    def test_dates_in_chips_are_written_out(self, client, record):
        html = get(client, date_from="2025-06-01").content.decode()
        assert "From: <strong>1 June 2025</strong>" in html

    def test_no_chips_without_filters(self, client, record):
        assert 'aria-label="Active filters"' not in get(client).content.decode()


class TestBadInputNeverBreaksThePage:
    @pytest.mark.parametrize(
        "params, field",
        [
            ({"date_from": "2025-13-45"}, "date_from"),
            ({"date_to": "yesterday"}, "date_to"),
            ({"speaker": "nobody-by-this-name"}, "speaker"),
            ({"speaker": "\x00"}, "speaker"),
            ({"speaker": "x" * 10_000}, "speaker"),
            ({"date_from": "2025-06-01\x00"}, "date_from"),
            ({"mentioned": "nobody-by-this-name"}, "mentioned"),
            ({"topic": "no-such-topic"}, "topic"),
            ({"topic": "bad\x00slug"}, "topic"),
            ({"kind": "shouted"}, "kind"),
            ({"channel": "\x00"}, "channel"),
            ({"country": "ZZ"}, "country"),
            ({"publisher": "An outlet we never cited"}, "publisher"),
            ({"verification": "maybe"}, "verification"),
            ({"q": "x" * 10_000}, "q"),
            ({"q": "nul\x00byte"}, "q"),
        ],
    )
    def test_it_shows_the_forms_error_and_no_results(self, client, record, params, field):
        response = get(client, **params)
        assert response.context["filterset"].form.errors[field]
        assert shown(response) == []
        assert "Some of the filters could not be used." in response.content.decode()

    def test_a_start_date_after_the_end_date_is_explained(self, client, record):
        response = get(client, date_from="2025-06-05", date_to="2025-06-01")
        assert "The end date must not be before the start date." in response.content.decode()

    def test_odd_but_harmless_words_are_searched_literally(self, client, record):
        for words in ["%", "_", "' OR 1=1 --", "ü ñ 你好", "\\"]:
            assert shown(get(client, q=words)) == []

    def test_unknown_parameters_are_ignored(self, client, record):
        assert len(shown(get(client, colour="blue"))) == 4


class TestHtmlEscaping:
    def test_a_statement_containing_a_script_tag_is_shown_as_text(self, client):
        StatementFactory(text="<script>alert('x')</script> is what he wrote.")
        html = get(client).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html

    def test_search_words_are_escaped_when_shown_back(self, client, record):
        html = get(client, q='"><img src=x onerror=alert(1)>').content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


class TestTheFilteredViewIsAPlainUrl:
    def test_the_form_uses_get_and_names_each_filter_as_a_parameter(self, client, record):
        html = get(client).content.decode()
        assert '<form class="filters" method="get" action="/quotes/"' in html
        for name in [
            "q",
            "speaker",
            "country",
            "date_from",
            "date_to",
            "kind",
            "channel",
            "topic",
            "publisher",
            "verification",
            "mentioned",
            "sort",
        ]:
            assert f'name="{name}"' in html

    def test_the_page_title_names_the_filters(self, client, record):
        html = get(client, speaker="vladimir-putin").content.decode()
        assert "<title>Statements: Vladimir Putin · Verbatim</title>" in html


def make_rows(count: int, topic):
    """`count` published statements, each by its own speaker with an office, two sources,
    a topic and a leader mentioned: everything a row of the list shows."""
    source = SourceFactory(publisher="Example News")
    mentioned = LeaderFactory()
    for _ in range(count):
        speaker = LeaderFactory()
        OfficeHeldFactory(leader=speaker)
        statement = StatementFactory(speaker=speaker)
        statement.topics.add(topic)
        statement.mentions.add(mentioned)
        CitationFactory(statement=statement, source=source)
        CitationFactory(statement=statement)


class TestQueryCount:
    # With nothing cached: the record's version, the bounded count, the rows (as far as their
    # cards' keys need), the whole rows of the cards not cached, their prefetches and the
    # filter form's choices (the topics': their ids, found for every topic at once and cached
    # until the record changes, then the topics; the events' ids; the languages), and for a
    # search the events it finds and, for few matches, their ids in ranked order (kept until
    # the record changes) before the page's rows by id; where the other filters narrow the
    # words' few matches, the words' own matches first (PostgreSQL's estimate of them, their
    # ids) and the filtered ones among them by id.
    MAX_QUERIES = 19 + ESTIMATE

    @pytest.mark.parametrize("filtered", [False, True], ids=["unfiltered", "filtered"])
    def test_the_list_costs_the_same_few_queries_for_3_rows_as_for_30(
        self, client, django_assert_max_num_queries, filtered
    ):
        topic = TopicFactory(slug="war")
        params = {"topic": "war", "publisher": "Example News", "q": "word"} if filtered else {}
        make_rows(3, topic)
        with django_assert_max_num_queries(self.MAX_QUERIES) as few:
            response = client.get(LIST_URL, params)
        assert len(shown(response)) == 3
        make_rows(27, topic)
        with django_assert_max_num_queries(self.MAX_QUERIES) as many:
            response = client.get(LIST_URL, params)
        assert len(shown(response)) == PER_PAGE
        assert len(many.captured_queries) == len(few.captured_queries)


def test_a_publisher_only_drafts_cite_is_not_among_the_choices(client):
    CitationFactory(source=SourceFactory(publisher="Reuters"))
    CitationFactory(
        statement=StatementFactory(status=Statement.Status.DRAFT, cited=False),
        source=SourceFactory(publisher="Embargoed Wire"),
    )
    SourceFactory(publisher="Nobody Cites Us")
    field = client.get("/quotes/").context["filterset"].form.fields["publisher"]
    assert [value for value, _ in field.choices if value] == ["Reuters"]
    assert distinct_publishers() == ["Reuters"]
