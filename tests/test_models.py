import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from quotes.models import Leader, OfficeHeld, Source, Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def error_messages(exc: ValidationError, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


class TestLeader:
    def test_it_rejects_an_unknown_country_code(self):
        leader = LeaderFactory.build(country="ZZ")
        with pytest.raises(ValidationError) as exc:
            leader.full_clean()
        assert "country" in exc.value.message_dict

    def test_it_accepts_the_european_union_as_a_country(self):
        LeaderFactory.build(country="EU", slug="von-der-leyen").full_clean()

    def test_it_rejects_a_wikidata_id_that_does_not_look_like_one(self):
        leader = LeaderFactory.build(wikidata_id="7747")
        with pytest.raises(ValidationError) as exc:
            leader.full_clean()
        assert "Q followed by digits" in error_messages(exc, "wikidata_id")

    def test_it_refuses_a_second_leader_with_the_same_wikidata_id(self):
        LeaderFactory(wikidata_id="Q7747")
        twin = LeaderFactory.build(wikidata_id="Q7747")
        with pytest.raises(ValidationError) as exc:
            twin.full_clean()
        assert "already has this Wikidata id" in str(exc.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()

    def test_several_leaders_may_have_no_wikidata_id(self):
        LeaderFactory(wikidata_id="")
        LeaderFactory(wikidata_id="")
        assert Leader.objects.filter(wikidata_id="").count() == 2

    def test_it_tidies_aliases_dropping_blanks_duplicates_and_the_name_itself(self):
        leader = LeaderFactory.build(
            name="Volodymyr Zelenskyy",
            slug="volodymyr-zelenskyy",
            aliases=["Zelensky", " zelensky ", "", "Volodymyr  Zelenskyy", "Zelenskiy"],
        )
        leader.full_clean()
        assert leader.aliases == ["Zelensky", "Zelenskiy"]

    def test_it_rejects_a_portrait_that_is_not_a_web_address(self):
        leader = LeaderFactory.build(portrait_url="javascript:alert(1)")
        with pytest.raises(ValidationError) as exc:
            leader.full_clean()
        assert "http:// or https://" in error_messages(exc, "portrait_url")


class TestOfficeHeld:
    def test_the_database_refuses_an_office_that_ends_before_it_starts(self):
        leader = LeaderFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            OfficeHeld.objects.create(
                leader=leader,
                title="President",
                start_date=datetime.date(2020, 1, 1),
                end_date=datetime.date(2019, 1, 1),
            )

    def test_validation_explains_an_office_that_ends_before_it_starts(self):
        office = OfficeHeldFactory.build(leader=LeaderFactory(), end_date=datetime.date(2010, 1, 1))
        with pytest.raises(ValidationError) as exc:
            office.full_clean()
        assert "cannot end before it starts" in str(exc.value)

    def test_it_answers_which_office_a_leader_held_on_a_given_day(self):
        putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
        OfficeHeldFactory(
            leader=putin,
            title="President of Russia",
            start_date=datetime.date(2000, 5, 7),
            end_date=datetime.date(2008, 5, 7),
        )
        OfficeHeldFactory(
            leader=putin,
            title="Prime Minister of Russia",
            start_date=datetime.date(2008, 5, 8),
            end_date=datetime.date(2012, 5, 7),
        )
        OfficeHeldFactory(
            leader=putin, title="President of Russia", start_date=datetime.date(2012, 5, 7)
        )

        assert putin.office_on(datetime.date(2010, 3, 1)).title == "Prime Minister of Russia"
        assert putin.office_on(datetime.date(2025, 6, 4)).title == "President of Russia"
        # On the handover day both posts cover the date: the one begun last wins.
        assert putin.office_on(datetime.date(2012, 5, 7)).start_date == datetime.date(2012, 5, 7)
        assert putin.office_on(datetime.date(1999, 1, 1)) is None

    def test_a_statement_knows_the_office_its_speaker_held_when_it_was_said(self):
        statement = StatementFactory(date_said=datetime.date(2010, 3, 1))
        OfficeHeldFactory(
            leader=statement.speaker,
            title="Prime Minister",
            start_date=datetime.date(2008, 5, 8),
            end_date=datetime.date(2012, 5, 7),
        )
        OfficeHeldFactory(
            leader=statement.speaker, title="President", start_date=datetime.date(2012, 5, 7)
        )
        assert statement.speaker_office().title == "Prime Minister"


class TestSource:
    def test_it_stores_the_url_in_its_canonical_form(self):
        source = SourceFactory(url="HTTPS://News.Example.com/story/?utm_source=feed")
        assert source.url == "https://news.example.com/story"

    def test_the_same_article_cannot_be_a_source_twice_whatever_the_tracking_parameters(self):
        SourceFactory(url="https://news.example.com/story")
        duplicate = SourceFactory.build(url="https://NEWS.example.com/story/?utm_medium=social")
        with pytest.raises(ValidationError) as exc:
            duplicate.full_clean()
        assert "already a source" in error_messages(exc, "url")
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()

    def test_it_rejects_an_address_that_is_not_http(self):
        source = SourceFactory.build(url="ftp://example.com/article")
        with pytest.raises(ValidationError) as exc:
            source.full_clean()
        assert "http:// or https://" in error_messages(exc, "url")

    def test_it_rejects_a_publication_date_in_the_future(self):
        source = SourceFactory.build(published_on=timezone.localdate() + datetime.timedelta(days=2))
        with pytest.raises(ValidationError) as exc:
            source.full_clean()
        assert "future" in error_messages(exc, "published_on")


class TestStatement:
    def test_it_needs_a_speaker_words_and_a_date(self):
        statement = Statement(text="", date_said=None)
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert {"speaker", "text", "date_said"} <= set(exc.value.message_dict)

    def test_words_of_only_whitespace_are_no_words(self):
        statement = StatementFactory.build(speaker=LeaderFactory(), text="   \n ")
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert "text" in exc.value.message_dict

    def test_the_database_refuses_empty_words(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.bulk_create(
                [Statement(speaker=LeaderFactory(), text="", date_said=datetime.date(2025, 1, 1))]
            )

    def test_it_rejects_a_date_said_in_the_future(self):
        statement = StatementFactory.build(
            speaker=LeaderFactory(), date_said=timezone.localdate() + datetime.timedelta(days=1)
        )
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert "cannot be in the future" in error_messages(exc, "date_said")

    def test_it_collapses_whitespace_but_keeps_typographic_quotes(self):
        statement = StatementFactory(text="  We  will\n not ‘give up’ —\tever. ")
        statement.refresh_from_db()
        assert statement.text == "We will not ‘give up’ — ever."

    def test_the_same_speaker_cannot_say_the_same_words_twice_on_one_day(self):
        first = StatementFactory(text="It was a good call.")
        again = Statement(
            speaker=first.speaker, text="  it was a GOOD call ", date_said=first.date_said
        )
        with pytest.raises(ValidationError) as exc:
            again.full_clean()
        assert "same words on this date" in str(exc.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            again.save()

    def test_the_same_words_on_another_day_or_by_another_speaker_are_allowed(self):
        first = StatementFactory(text="It was a good call.")
        StatementFactory(
            speaker=first.speaker, text=first.text, date_said=datetime.date(2025, 6, 5)
        )
        StatementFactory(text=first.text, date_said=first.date_said)
        assert Statement.objects.filter(text=first.text).count() == 3

    def test_original_words_need_their_language(self):
        statement = StatementFactory.build(speaker=LeaderFactory(), original_text="Мы победим")
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert "original_language" in exc.value.message_dict

    def test_it_rejects_a_language_code_that_is_not_one(self):
        statement = StatementFactory.build(
            speaker=LeaderFactory(), original_text="Мы победим", original_language="Russian!"
        )
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert "language code" in error_messages(exc, "original_language")

    def test_a_disputed_statement_must_say_why(self):
        statement = StatementFactory.build(
            speaker=LeaderFactory(),
            verification=Statement.Verification.DISPUTED,
            status=Statement.Status.DRAFT,
        )
        with pytest.raises(ValidationError) as exc:
            statement.full_clean()
        assert "verification_note" in exc.value.message_dict

    @pytest.mark.parametrize(
        ("precision", "shown"),
        [("day", "4 June 2025"), ("month", "June 2025"), ("year", "2025")],
    )
    def test_its_date_is_shown_as_precisely_as_it_is_known(self, precision, shown):
        statement = StatementFactory.build(
            date_said=datetime.date(2025, 6, 4), date_precision=precision
        )
        assert statement.date_said_display == shown

    def test_published_leaves_drafts_out(self):
        published = StatementFactory(status=Statement.Status.PUBLISHED)
        StatementFactory(status=Statement.Status.DRAFT)
        assert list(Statement.objects.published()) == [published]

    def test_a_source_carries_many_statements_and_a_statement_cites_many_sources(self):
        source = SourceFactory()
        first, second = StatementFactory(cited=False), StatementFactory(cited=False)
        CitationFactory(statement=first, source=source)
        CitationFactory(statement=second, source=source)
        CitationFactory(statement=first, source=SourceFactory())
        assert first.sources.count() == 2
        assert source.statements.count() == 2

    def test_a_source_cannot_be_cited_twice_for_one_statement(self):
        citation = CitationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            CitationFactory(statement=citation.statement, source=citation.source)

    def test_a_source_that_is_cited_cannot_be_deleted_from_under_its_statements(self):
        citation = CitationFactory()
        with pytest.raises(ProtectedError):
            Source.objects.filter(pk=citation.source_id).delete()
