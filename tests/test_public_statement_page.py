"""A statement's page: its permanent address, the quotation, its facts, its sources, its kin."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from quotes.models import Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def putin():
    leader = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(
        leader=leader,
        title="Prime Minister of Russia",
        start_date=datetime.date(2008, 5, 8),
        end_date=datetime.date(2012, 5, 7),
    )
    OfficeHeldFactory(
        leader=leader, title="President of Russia", start_date=datetime.date(2012, 5, 7)
    )
    return leader


@pytest.fixture
def statement(putin):
    statement = StatementFactory(
        speaker=putin,
        text="We will respond to the attack on our airfields.",
        date_said=datetime.date(2025, 6, 4),
        kind=Statement.Kind.DIRECT,
        channel=Statement.Channel.PHONE_CALL,
        channel_detail="call with Donald Trump",
        relayed_by="Donald Trump on Truth Social",
        context="After Ukraine's drone strike on Russian airbases.",
        cited=False,
    )
    CitationFactory(
        statement=statement,
        source=SourceFactory(
            publisher="Reuters",
            title="Putin tells Trump he will respond",
            url="https://www.reuters.com/world/putin-respond",
            archive_url="https://web.archive.org/web/2025/https://www.reuters.com/world/putin",
            published_on=datetime.date(2025, 6, 5),
        ),
        locator="paragraph 3",
    )
    return statement


def page(client, statement):
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class TestItsAddress:
    def test_the_canonical_address_has_the_id_and_a_readable_slug(self, statement):
        assert statement.get_absolute_url() == (
            f"/quotes/{statement.pk}-vladimir-putin-we-will-respond-to-the-attack-on-our/"
        )

    def test_the_bare_id_moves_permanently_to_the_canonical_address(self, client, statement):
        response = client.get(f"/quotes/{statement.pk}/")
        assert response.status_code == 301
        assert response["Location"] == statement.get_absolute_url()

    def test_a_wrong_or_outdated_slug_moves_permanently_too(self, client, statement):
        response = client.get(f"/quotes/{statement.pk}-old-words/")
        assert response.status_code == 301
        assert response["Location"] == statement.get_absolute_url()

    def test_a_draft_is_not_found_by_either_address(self, client, statement):
        statement.status = Statement.Status.DRAFT
        statement.save()
        assert client.get(f"/quotes/{statement.pk}/").status_code == 404
        assert client.get(statement.get_absolute_url()).status_code == 404

    def test_an_unknown_id_is_not_found(self, client, db):
        assert client.get("/quotes/999999/").status_code == 404

    @pytest.mark.parametrize("path", [f"/quotes/{2**63}/", f"/quotes/{'9' * 40}-a-slug/"])
    def test_an_id_beyond_the_databases_integers_is_not_found(self, client, db, path):
        # SQLite raised an OverflowError (a server error) for such an id.
        assert client.get(path).status_code == 404


class TestTheQuotation:
    def test_the_words_are_a_figure_with_blockquote_and_caption(self, client, statement):
        html = page(client, statement)
        assert '<figure class="quotation quotation-large">' in html
        assert 'cite="https://www.reuters.com/world/putin-respond"' in html
        assert "<p>We will respond to the attack on our airfields.</p>" in html
        assert "<figcaption>" in html
        assert "<cite>Putin tells Trump he will respond</cite>" in html

    def test_the_speaker_is_shown_with_the_office_held_on_that_date(self, client, statement):
        html = page(client, statement)
        assert "President of Russia" in html
        assert "Prime Minister of Russia" not in html

    def test_an_older_statement_shows_the_office_held_then(self, client, putin):
        old = StatementFactory(speaker=putin, date_said=datetime.date(2010, 3, 1))
        html = page(client, old)
        assert "Prime Minister of Russia" in html
        assert "President of Russia" not in html

    def test_the_date_is_written_out(self, client, statement):
        assert '<time datetime="2025-06-04">4 June 2025</time>' in page(client, statement)

    def test_a_date_known_to_the_month_shows_only_the_month(self, client, putin):
        statement = StatementFactory(
            speaker=putin,
            date_said=datetime.date(2025, 6, 1),
            date_precision=Statement.DatePrecision.MONTH,
        )
        html = page(client, statement)
        assert '<time datetime="2025-06">June 2025</time>' in html
        assert "(the day is not known)" in html
        assert "1 June 2025" not in html

    def test_a_date_known_to_the_year_shows_only_the_year(self, client, putin):
        statement = StatementFactory(
            speaker=putin,
            date_said=datetime.date(2024, 1, 1),
            date_precision=Statement.DatePrecision.YEAR,
        )
        assert '<time datetime="2024">2024</time>' in page(client, statement)

    def test_kind_channel_relay_and_context_are_shown(self, client, statement):
        html = page(client, statement)
        assert "Direct quote" in html
        assert "Phone call: call with Donald Trump" in html
        assert "Donald Trump on Truth Social" in html
        assert "After Ukraine&#x27;s drone strike on Russian airbases." in html

    def test_words_in_the_original_language_are_marked_with_it(self, client, putin):
        statement = StatementFactory(
            speaker=putin, original_text="Мы ответим.", original_language="ru"
        )
        assert '<blockquote class="original" lang="ru">' in page(client, statement)


class TestVerification:
    def test_an_unverified_statement_has_no_warning_banner(self, client, statement):
        assert "banner-contested" not in page(client, statement)

    @pytest.mark.parametrize(
        "status, headline",
        [("disputed", "Disputed:"), ("misattributed", "Misattributed:")],
    )
    def test_a_contested_statement_has_a_clear_banner_with_the_note(
        self, client, statement, status, headline
    ):
        statement.verification = status
        statement.verification_note = "The interview transcript does not contain these words."
        statement.save()
        html = page(client, statement)
        assert 'class="banner banner-contested" role="note"' in html
        assert headline in html
        assert "The interview transcript does not contain these words." in html
        # The banner comes before the words, so nobody reads them without the warning.
        assert html.index("banner-contested") < html.index("<blockquote")


class TestSources:
    def test_every_source_is_listed_with_outlet_title_date_link_and_archive(
        self, client, statement
    ):
        CitationFactory(
            statement=statement,
            source=SourceFactory(publisher="Kremlin", title="Telephone conversation"),
        )
        html = page(client, statement)
        assert "Sources</h2>" in html
        assert "Reuters" in html and "Kremlin" in html
        assert "Putin tells Trump he will respond" in html and "Telephone conversation" in html
        assert "5 June 2025" in html
        assert 'href="https://www.reuters.com/world/putin-respond"' in html
        assert 'href="https://web.archive.org/web/2025/https://www.reuters.com/world/putin"' in html
        assert "Where: paragraph 3" in html

    def test_each_source_links_to_its_own_page(self, client, statement):
        source = statement.citations.get().source
        assert f'href="{source.get_absolute_url()}"' in page(client, statement)


class TestTopicsAndMentions:
    def test_topics_and_leaders_mentioned_link_to_their_pages(self, client, statement):
        topic = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
        trump = LeaderFactory(name="Donald Trump", slug="donald-trump")
        statement.topics.add(topic)
        statement.mentions.add(trump)
        html = page(client, statement)
        assert '<a class="tag tag-topic" href="/topics/war-in-ukraine/">War in Ukraine</a>' in html
        assert '<a href="/leaders/donald-trump/">Donald Trump</a>' in html


class TestRelatedStatements:
    def test_other_statements_from_the_same_source_are_listed(self, client, statement):
        source = statement.citations.get().source
        other = StatementFactory(text="The call lasted an hour and fifteen minutes.", cited=False)
        CitationFactory(statement=other, source=source)
        draft = StatementFactory(text="Not yet checked.", status=Statement.Status.DRAFT)
        CitationFactory(statement=draft, source=source)
        unrelated = StatementFactory(text="From elsewhere entirely.")
        html = page(client, statement)
        assert "Also in the same source" in html
        assert other.get_absolute_url() in html
        assert draft.get_absolute_url() not in html
        assert unrelated.get_absolute_url() not in html

    def test_each_related_statement_is_a_line_of_its_words_speaker_and_date(
        self, client, statement, putin
    ):
        other = StatementFactory(
            text="The call lasted an hour and fifteen minutes.",
            date_said=datetime.date(2025, 6, 1),
            date_precision=Statement.DatePrecision.MONTH,
            cited=False,
        )
        CitationFactory(statement=other, source=statement.citations.get().source)
        earlier = StatementFactory(speaker=putin, date_said=datetime.date(2025, 5, 30))
        html = page(client, statement)
        assert (
            f'<li><a href="{other.get_absolute_url()}">“The call lasted an hour and fifteen '
            f"minutes.”</a> — {other.speaker.name}, June 2025</li>"
        ) in html
        assert (
            '<li><time datetime="2025-05-30">30 May 2025</time>: '
            f'<a href="{earlier.get_absolute_url()}">“{earlier.text}”</a></li>'
        ) in html

    def test_statements_by_the_same_speaker_around_that_date_are_listed(
        self, client, statement, putin
    ):
        def said(day, text, **kwargs):
            return StatementFactory(speaker=putin, date_said=day, text=text, **kwargs)

        before = said(datetime.date(2025, 5, 30), "A week earlier.")
        after = said(datetime.date(2025, 6, 10), "A week later.")
        far_before = [said(datetime.date(2024, 1, n), f"Long ago {n}.") for n in range(1, 4)]
        draft = said(datetime.date(2025, 6, 5), "A draft.", status=Statement.Status.DRAFT)
        by_someone_else = StatementFactory(date_said=datetime.date(2025, 6, 4))
        html = page(client, statement)
        assert "Vladimir Putin around that date" in html
        assert html.index(after.get_absolute_url()) < html.index(before.get_absolute_url())
        shown_old = [s for s in far_before if s.get_absolute_url() in html]
        assert len(shown_old) == 2  # three around the date at most on each side
        assert draft.get_absolute_url() not in html
        assert by_someone_else.get_absolute_url() not in html


class TestSharing:
    @override_settings(SITE_URL="https://verbatim.example")
    def test_the_page_has_a_canonical_link_and_open_graph_tags_with_the_quote(
        self, client, statement
    ):
        html = page(client, statement)
        url = f"https://verbatim.example{statement.get_absolute_url()}"
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert (
            '<meta property="og:title" content="Vladimir Putin: '
            '“We will respond to the attack on our airfields.”">' in html
        )
        assert 'property="og:description" content="Vladimir Putin, President of Russia' in html

    def test_the_title_and_description_name_speaker_and_words(self, client, statement):
        html = page(client, statement)
        assert (
            "<title>Vladimir Putin: “We will respond to the attack on our airfields.” "
            "(4 June 2025) · Verbatim</title>"
        ) in html
        assert '<meta name="description" content="Vladimir Putin, President of Russia,' in html

    def test_a_script_in_the_words_is_escaped_everywhere(self, client, putin):
        statement = StatementFactory(speaker=putin, text='<script>alert("x")</script> and "quotes"')
        html = page(client, statement)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


class TestTimes:
    @override_settings(TIME_ZONE="Europe/Paris")
    def test_the_last_update_is_shown_in_the_configured_time_zone(self, client, statement):
        Statement.objects.filter(pk=statement.pk).update(
            updated_at=datetime.datetime(2025, 6, 4, 22, 30, tzinfo=datetime.UTC)
        )
        assert "5 June 2025, 00:30 CEST" in page(client, statement)


def test_the_page_costs_a_fixed_number_of_queries(client, statement, django_assert_max_num_queries):
    for n in range(10):
        other = StatementFactory(speaker=statement.speaker, text=f"Other {n}.", cited=False)
        CitationFactory(statement=other, source=statement.citations.get().source)
        other.topics.add(TopicFactory())
    # Nine, one for the corrections (tests/test_corrections_public.py: however many) and one for
    # the speaker and sources whose versions key the page.
    with django_assert_max_num_queries(11):
        page(client, statement)


def test_the_list_links_to_the_statement_page(client, statement):
    html = client.get(reverse("quotes:statement_list")).content.decode()
    assert f'href="{statement.get_absolute_url()}"' in html
