"""The import service (`quotes.editorial.importer`) and the near-duplicate check, without the
pages."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils.text import slugify

from quotes.editorial.import_limits import MAX_PROPOSED_MENTIONS
from quotes.editorial.importer import (
    CONTEXT_MAX_CHARS,
    AcceptedCandidate,
    AliasUndoRejected,
    HowSaid,
    ImportRejected,
    SourceData,
    forget_alias,
    format_parts,
    guess_channel,
    guess_how_said,
    guess_relay,
    import_statements,
    parse_parts,
    place_of,
    propose_candidates,
    quote_is_in_article,
    reporter_words,
    trimmed_context,
    unique_leader_slug,
)
from quotes.models import Citation, Leader, Source, Statement
from quotes.search.near_duplicates import SCAN_LIMIT, find_near_duplicates, similarity
from tests.factories import LeaderFactory, StatementFactory, UserFactory

DAY = datetime.date(2025, 6, 4)
ARTICLE = (
    "Talks resumed in Geneva on Tuesday.\n"
    "\n"
    "Mr. Macron said: “We will not give up.” He then left the room without another word to "
    "the press or to anyone else in the hall.\n"
    "“Peace is close,” Zelensky said, “closer than ever.” Nobody else spoke.\n"
    "Putin called the proposal ‘a provocation’ in a phone call with Xi."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def leaders(db):
    return {
        "macron": LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron"),
        "zelenskyy": LeaderFactory(
            name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", aliases=["Zelensky"]
        ),
        "putin": LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU"),
        "xi": LeaderFactory(name="Xi Jinping", slug="xi-jinping", country="CN"),
    }


def source_data(**changes) -> SourceData:
    values = {
        "url": "https://news.example.com/geneva?utm_medium=social",
        "title": "Talks resume in Geneva",
        "publisher": "Example News",
        "published_on": DAY,
        "text": ARTICLE,
    }
    values.update(changes)
    return SourceData(**values)


def accepted(text: str, speaker=None, **changes) -> AcceptedCandidate:
    start, end = span(ARTICLE, text)
    values = {"text": text, "parts": ((start, end),), "date_said": DAY, "speaker": speaker}
    values.update(changes)
    return AcceptedCandidate(**values)


class TestPlace:
    def test_paragraphs_are_counted_without_blank_lines(self):
        assert place_of(ARTICLE, *span(ARTICLE, "We will not give up.")).paragraph == 2
        assert place_of(ARTICLE, *span(ARTICLE, "a provocation")).paragraph == 4

    def test_the_sentence_runs_past_an_abbreviation_and_stops_at_a_long_next_sentence(self):
        place = place_of(ARTICLE, *span(ARTICLE, "We will not give up."))
        assert place.excerpt == "Mr. Macron said: “We will not give up.”"
        assert place.locator == "paragraph 2"
        assert place.quote == "We will not give up."

    def test_a_short_attribution_after_the_quotation_stays_in_the_excerpt(self):
        text = "He spoke at noon. “We are ready.” Zelensky said. Then he left."
        assert place_of(text, *span(text, "We are ready.")).excerpt == (
            "“We are ready.” Zelensky said."
        )

    def test_a_fragment_gets_its_whole_sentence(self):
        place = place_of(ARTICLE, *span(ARTICLE, "a provocation"))
        assert place.before == "Putin called the proposal ‘"
        assert place.after == "’ in a phone call with Xi."

    def test_a_quotation_at_the_very_start_and_end(self):
        text = "“Enough”"
        assert place_of(text, 1, 7).excerpt == "“Enough”"


class TestWordsCheck:
    def test_parts_round_trip(self):
        assert parse_parts(format_parts([(1, 5), (9, 12)])) == [(1, 5), (9, 12)]

    @pytest.mark.parametrize("value", ["", "a-b", "1", "1-2-3", ";".join(["1-2"] * 21)])
    def test_malformed_parts_are_refused(self, value):
        with pytest.raises(ValueError):
            parse_parts(value)

    def test_the_words_must_stand_at_the_offsets(self):
        first = span(ARTICLE, "Peace is close,")
        second = span(ARTICLE, "closer than ever.")
        words = "Peace is close, closer than ever."
        assert quote_is_in_article(ARTICLE, words, [first, second])
        assert not quote_is_in_article(ARTICLE, "Peace is near, closer than ever.", [first, second])
        assert not quote_is_in_article(ARTICLE, words, [second, first])
        assert not quote_is_in_article(ARTICLE, words, [(first[0], len(ARTICLE) + 5)])
        assert not quote_is_in_article(ARTICLE, "", [first])


class TestChannelGuess:
    @pytest.mark.parametrize(
        "sentence, channel",
        [
            ("Trump wrote on Truth Social: ", "social_media"),
            ("in a phone call with Xi", "phone_call"),
            ("he told reporters in Kyiv", "press_conference"),
            ("in an interview with the BBC", "interview"),
            ("in a speech to parliament", "speech"),
            ("the Kremlin said in a statement", "written_statement"),
            ("after meeting Shoigu", "meeting"),
            ("he said on Tuesday", "other"),
            ("a postal vote", "other"),
        ],
    )
    def test_a_first_guess_from_the_sentence(self, sentence, channel):
        assert guess_channel(sentence) == channel

    @pytest.mark.parametrize(
        "sentence, channel, detail, relayed_by",
        [
            # Interviews, and who carried them.
            ("Zelenskiy told Reuters in an interview on Tuesday", "interview", "", "Reuters"),
            (
                "he said in an interview with The New York Times",
                "interview",
                "",
                "The New York Times",
            ),
            ("Macron told the BBC", "interview", "", "BBC"),
            ("speaking in a Bloomberg interview", "interview", "", "Bloomberg"),
            # Video addresses and speeches.
            ("Zelenskiy said in a video address", "speech", "video address", ""),
            ("he said in his nightly video address", "speech", "nightly video address", ""),
            ("in an address to the nation", "speech", "address to the nation", ""),
            ("Starmer told parliament", "speech", "", ""),
            # Social networks, named.
            ("Trump posted on Truth Social", "social_media", "Truth Social", ""),
            ("Musk said on X.", "social_media", "X", ""),
            ("in a post on X, Milei wrote", "social_media", "X", ""),
            ("Zelenskiy posted on Telegram", "social_media", "Telegram", ""),
            ("Trump wrote on Truth Social", "social_media", "Truth Social", ""),
            ("he said in a social media post", "social_media", "", ""),
            # Readouts and statements.
            ("the Kremlin said in a readout of the call", "written_statement", "", ""),
            ("a statement from his office said", "written_statement", "", ""),
            ("according to a joint statement", "written_statement", "", ""),
            # Press conferences.
            ("he told reporters at the White House", "press_conference", "", ""),
            ("at a news conference in Brussels", "press_conference", "", ""),
            # Relays only: the outlet reported, nobody gave it an interview.
            ("Reuters reported on Monday", "other", "", "Reuters"),
            ("according to the state news agency KCNA", "other", "", "KCNA"),
            ("Kim said, TASS reported", "other", "", "TASS"),
        ],
    )
    def test_channel_detail_and_relay_from_the_reporters_words(
        self, sentence, channel, detail, relayed_by
    ):
        assert guess_how_said(sentence) == HowSaid(channel, detail, relayed_by)

    @pytest.mark.parametrize(
        "sentence",
        [
            "on Xi's visit to Moscow",
            "Xinhua carried the remarks",  # a relay, not a social network
            "the X-ray showed nothing",
            "EXXON executives met on Tuesday",
            "he told The Telegraph",
            "Putin told Trump",
            "ap and ria in lower case",
            "troops posted to the border",
        ],
    )
    def test_look_alikes_are_not_social_media_nor_interviews(self, sentence):
        assert guess_channel(sentence) not in ("social_media", "interview")
        assert guess_how_said(sentence).channel_detail == ""

    def test_outlets_in_other_words_are_no_relay(self):
        assert guess_relay("Xi's visit, Syria and a papal trip") == ""
        assert guess_relay("he said the Guardian angels were real") == ""
        assert guess_relay("the Moscow Times reported") == ""

    def test_the_words_of_the_quotation_do_not_count(self):
        text = "“I will never give an interview to Reuters,” Putin said at the Kremlin."
        start = text.index("I will")
        end = text.index(",”")
        place = place_of(text, start, end)
        words = reporter_words(text, place, [(start, end)])
        assert "interview" not in words
        assert guess_how_said(words) == HowSaid()

    def test_the_attribution_inside_an_interrupted_quotation_counts(self):
        text = "“We will win,” Zelensky said in a video address, “whatever it takes.”"
        first = span(text, "We will win,")
        second = span(text, "whatever it takes.")
        place = place_of(text, first[0], second[1])
        assert guess_how_said(reporter_words(text, place, [first, second])).channel == "speech"


class TestContext:
    def test_short_context_is_kept_whole_with_its_whitespace_folded(self):
        assert trimmed_context("  He said:\n “Ready.”  ") == "He said: “Ready.”"

    def test_long_context_is_cut_at_a_word_to_fit(self):
        words = "word " * 1000
        context = trimmed_context(words)
        assert len(context) <= CONTEXT_MAX_CHARS
        assert context.endswith("word\u2026")


@pytest.mark.django_db
class TestProposals:
    def test_speakers_aliases_and_offsets(self, leaders):
        proposals = propose_candidates(text=ARTICLE.replace("\n", "\r\n"), published_on=DAY)
        by_words = {proposal.text: proposal for proposal in proposals}
        macron = by_words["We will not give up."]
        assert macron.speaker == leaders["macron"]
        assert macron.include
        assert macron.date_said == DAY
        assert macron.kind == Statement.Kind.DIRECT
        interrupted = by_words["Peace is close, closer than ever."]
        assert interrupted.speaker == leaders["zelenskyy"]
        assert len(interrupted.parts) == 2
        # Offsets count the text with one newline per line break, as it is stored.
        assert quote_is_in_article(ARTICLE, interrupted.text, interrupted.parts)

    def test_an_unknown_speaker_is_named_and_not_ticked(self, db):
        text = "Hungarian Prime Minister Viktor Orbán told reporters: “The ministers have agreed.”"
        (proposal,) = propose_candidates(text=text, published_on=DAY)
        assert proposal.speaker is None
        assert proposal.unlisted_speaker == "Viktor Orbán"
        assert not proposal.include

    def test_a_proposal_says_why_its_speaker_and_carries_the_sentence_and_the_name(self, leaders):
        text = "Talks resumed.\n\nUkraine's Zelensky told Reuters in an interview: “We are ready.”"
        (proposal,) = propose_candidates(text=text, published_on=DAY)
        assert proposal.speaker == leaders["zelenskyy"]
        assert "Zelenskyy" in proposal.reason
        assert proposal.written_name == "Zelensky"
        assert proposal.context == (
            "Ukraine's Zelensky told Reuters in an interview: “We are ready.”"
        )
        assert (proposal.channel, proposal.relayed_by) == ("interview", "Reuters")

    def test_mentions_are_leaders_of_the_record_other_than_the_speaker(self, leaders):
        text = "Macron said: “I spoke with Vladimir Putin and with Xi Jinping yesterday.”"
        (proposal,) = propose_candidates(text=text, published_on=DAY)
        assert proposal.speaker == leaders["macron"]
        assert set(proposal.mentions) == {leaders["putin"], leaders["xi"]}

    def test_a_duplicate_of_the_record_is_marked_and_not_ticked(self, leaders):
        existing = StatementFactory(speaker=leaders["macron"], text="We will not give up")
        proposals = propose_candidates(text=ARTICLE, published_on=None)
        macron = next(p for p in proposals if p.speaker == leaders["macron"])
        assert macron.duplicates == [existing]
        assert not macron.include
        assert macron.date_said is None

    def test_the_proposals_stop_at_the_limit_and_count_every_quotation(self, leaders):
        text = "\n".join(f"Macron said: “We will hold on, {n} times over.”" for n in range(5))
        proposals = propose_candidates(text=text, published_on=DAY, limit=3)
        assert [proposal.text for proposal in proposals] == [
            f"We will hold on, {n} times over." for n in range(3)
        ]
        assert (proposals.found, proposals.capped) == (5, True)
        everything = propose_candidates(text=text, published_on=DAY)
        assert (len(everything), everything.found, everything.capped) == (5, 5, False)

    def test_a_quotation_is_proposed_as_mentioning_a_bounded_number_of_leaders(self, db):
        names = [f"Leader Name{chr(65 + n)}" for n in range(MAX_PROPOSED_MENTIONS + 3)]
        for name in ["Emmanuel Macron", *names]:
            LeaderFactory(name=name, slug=slugify(name))
        text = f"Macron said: “I spoke with {', '.join(names)} yesterday.”"
        (proposal,) = propose_candidates(text=text, published_on=DAY)
        assert len(proposal.mentions) == MAX_PROPOSED_MENTIONS


@pytest.mark.django_db
class TestImport:
    def test_drafts_with_citations_in_one_go(self, leaders, editor):
        result = import_statements(
            source_data=source_data(),
            candidates=[
                accepted("We will not give up.", leaders["macron"], mentions=(leaders["xi"],)),
                accepted("a provocation", leaders["putin"], kind="partial", channel="phone_call"),
            ],
            editor=editor,
        )
        assert result.source_created
        assert result.source.url == "https://news.example.com/geneva"
        assert result.source.accessed_on is not None
        assert len(result.created) == 2 and not result.reused
        macron, putin = result.statements
        assert macron.status == Statement.Status.DRAFT
        assert macron.created_by == editor
        assert list(macron.mentions.all()) == [leaders["xi"]]
        assert (putin.kind, putin.channel) == ("partial", "phone_call")
        citation = putin.citations.get()
        assert citation.locator == "paragraph 4"
        assert (
            citation.excerpt == "Putin called the proposal ‘a provocation’ in a phone call with Xi."
        )

    def test_a_draft_gets_its_context_trimmed(self, leaders, editor):
        result = import_statements(
            source_data=source_data(),
            candidates=[
                accepted("We will not give up.", leaders["macron"], context="  Talks.  "),
                accepted("a provocation", leaders["putin"], context="long " * 500),
            ],
            editor=editor,
        )
        macron, putin = result.statements
        assert macron.context == "Talks."
        assert len(putin.context) <= CONTEXT_MAX_CHARS

    def test_a_new_spelling_of_the_speakers_name_is_learnt_with_the_import(self, leaders, editor):
        result = import_statements(
            source_data=source_data(),
            candidates=[accepted("a provocation", leaders["putin"], written_name="Putin")],
            editor=editor,
        )
        # "Putin" is the surname the record already reads: nothing to learn.
        assert result.aliases_learnt == []
        text = ARTICLE.replace("Putin called", "Vova called")
        result = import_statements(
            source_data=source_data(text=text, url="https://news.example.com/other"),
            candidates=[
                AcceptedCandidate(
                    text="a provocation",
                    parts=(span(text, "a provocation"),),
                    date_said=DAY,
                    speaker=leaders["putin"],
                    written_name="Vova",
                )
            ],
            editor=editor,
        )
        (learnt,) = result.aliases_learnt
        assert (learnt.leader, learnt.alias) == (leaders["putin"], "Vova")
        leaders["putin"].refresh_from_db()
        assert leaders["putin"].aliases == ["Vova"]

    def test_a_spelling_not_in_the_article_is_refused(self, leaders, editor):
        with pytest.raises(ImportRejected, match="name as written is not in the article"):
            import_statements(
                source_data=source_data(),
                candidates=[accepted("a provocation", leaders["putin"], written_name="Vova")],
                editor=editor,
            )
        leaders["putin"].refresh_from_db()
        assert leaders["putin"].aliases == []

    def test_forgetting_an_alias(self, leaders, editor):
        putin = leaders["putin"]
        putin.aliases = ["Vova", "Putin V."]
        putin.save()
        assert forget_alias(leader_id=putin.pk, alias="Vova", editor=editor) == putin
        putin.refresh_from_db()
        assert putin.aliases == ["Putin V."]
        with pytest.raises(AliasUndoRejected, match="not an alias"):
            forget_alias(leader_id=putin.pk, alias="Vova", editor=editor)
        with pytest.raises(AliasUndoRejected, match="no longer in the record"):
            forget_alias(leader_id=999999, alias="Vova", editor=editor)
        with pytest.raises(AliasUndoRejected, match="may not change leaders"):
            forget_alias(leader_id=putin.pk, alias="Putin V.", editor=UserFactory(is_staff=True))

    def test_the_same_import_twice_changes_nothing(self, leaders, editor):
        candidates = [
            accepted("We will not give up.", leaders["macron"]),
            accepted("a provocation", None, new_speaker_name="Someone New"),
        ]
        first = import_statements(source_data=source_data(), candidates=candidates, editor=editor)
        counts = [model.objects.count() for model in (Source, Statement, Citation, Leader)]
        second = import_statements(source_data=source_data(), candidates=candidates, editor=editor)
        assert [model.objects.count() for model in (Source, Statement, Citation, Leader)] == counts
        assert not second.source_created and not second.created and not second.leaders_created
        assert second.statements == first.statements

    def test_the_same_words_twice_in_one_import_make_one_statement(self, leaders, editor):
        candidate = accepted("We will not give up.", leaders["macron"])
        result = import_statements(
            source_data=source_data(), candidates=[candidate, candidate], editor=editor
        )
        assert len(result.statements) == 1
        assert Statement.objects.count() == 1

    def test_an_existing_source_is_reused_by_its_normalised_url(self, leaders, editor):
        source = Source.objects.create(
            url="https://NEWS.example.com/geneva/", title="Kept", publisher="Kept", text=""
        )
        result = import_statements(
            source_data=source_data(),
            candidates=[accepted("We will not give up.", leaders["macron"])],
            editor=editor,
        )
        assert result.source == source and not result.source_created
        source.refresh_from_db()
        assert (source.title, source.text) == ("Kept", ARTICLE)

    def test_a_new_leader_gets_a_unique_slug_and_a_known_name_is_reused(self, leaders, editor):
        LeaderFactory(name="Someone Else", slug="someone-new")
        result = import_statements(
            source_data=source_data(),
            candidates=[
                accepted("a provocation", None, new_speaker_name="Someone  New"),
                accepted("We will not give up.", None, new_speaker_name="emmanuel macron"),
            ],
            editor=editor,
        )
        (created,) = result.leaders_created
        assert (created.name, created.slug, created.aliases) == ("Someone New", "someone-new-2", [])
        assert result.statements[1].speaker == leaders["macron"]

    def test_unique_slugs_for_names_without_latin_letters(self, db):
        assert unique_leader_slug("Си Цзиньпин") == "leader"
        LeaderFactory(name="X", slug="leader")
        assert unique_leader_slug("金正恩") == "leader-2"

    def test_words_not_in_the_article_are_refused(self, leaders, editor):
        start, end = span(ARTICLE, "We will not give up.")
        candidate = AcceptedCandidate(
            text="We give up.", parts=((start, end),), date_said=DAY, speaker=leaders["macron"]
        )
        with pytest.raises(ImportRejected, match="not in the article"):
            import_statements(source_data=source_data(), candidates=[candidate], editor=editor)
        assert not Source.objects.exists()

    def test_an_invalid_candidate_saves_nothing_at_all(self, leaders, editor):
        candidates = [
            accepted("a provocation", None, new_speaker_name="Someone New"),
            accepted("We will not give up.", leaders["macron"]),
            accepted("Peace is close,", leaders["zelenskyy"], date_said=datetime.date(2999, 1, 1)),
        ]
        with pytest.raises(ImportRejected, match="not valid"):
            import_statements(source_data=source_data(), candidates=candidates, editor=editor)
        assert not Source.objects.exists()
        assert not Statement.objects.exists()
        assert not Leader.objects.filter(name="Someone New").exists()

    def test_an_invalid_source_is_refused(self, leaders, editor):
        future = datetime.date.today() + datetime.timedelta(days=2)
        with pytest.raises(ImportRejected, match="source is not valid"):
            import_statements(
                source_data=source_data(published_on=future),
                candidates=[accepted("We will not give up.", leaders["macron"])],
                editor=editor,
            )

    def test_nothing_to_import_and_no_speaker_are_refused(self, leaders, editor):
        with pytest.raises(ImportRejected, match="tick at least one"):
            import_statements(source_data=source_data(), candidates=[], editor=editor)
        with pytest.raises(ImportRejected, match="no speaker"):
            import_statements(
                source_data=source_data(),
                candidates=[accepted("We will not give up.", None, new_speaker_name="  ")],
                editor=editor,
            )

    def test_permissions_are_checked(self, leaders):
        clerk = UserFactory(is_staff=True)
        candidate = accepted("We will not give up.", leaders["macron"])
        with pytest.raises(ImportRejected, match="may not add statements"):
            import_statements(source_data=source_data(), candidates=[candidate], editor=clerk)
        clerk.user_permissions.set(
            Permission.objects.filter(codename__in=["add_statement", "add_source", "add_citation"])
        )
        clerk = type(clerk).objects.get(pk=clerk.pk)  # a fresh permission cache
        new_leader = accepted("a provocation", None, new_speaker_name="Someone New")
        with pytest.raises(ImportRejected, match="may not add leaders"):
            import_statements(source_data=source_data(), candidates=[new_leader], editor=clerk)
        result = import_statements(source_data=source_data(), candidates=[candidate], editor=clerk)
        assert result.created


@pytest.mark.django_db
class TestNearDuplicates:
    WORDS = "We will never accept a peace that rewards the aggressor and punishes the victim."

    def test_equal_contained_containing_and_nearly_equal_words(self, leaders):
        speaker = leaders["macron"]
        same = StatementFactory(
            speaker=speaker,
            text="“we will never accept a peace that "
            "rewards the aggressor and punishes the victim”",
        )
        inside = StatementFactory(speaker=speaker, text="a peace that rewards the aggressor")
        around = StatementFactory(
            speaker=speaker, text=f"Let me be clear. {self.WORDS} That is our line."
        )
        near = StatementFactory(
            speaker=speaker,
            text="We shall never accept a peace which rewards the aggressor and punishes the "
            "victim",
        )
        StatementFactory(speaker=speaker, text="We will always support the people of Ukraine.")
        StatementFactory(speaker=leaders["putin"], text=self.WORDS)
        found = find_near_duplicates(speaker=speaker, text=self.WORDS)
        assert found[0] == same
        assert set(found) == {same, inside, around, near}

    def test_the_limit_and_exclusions(self, leaders):
        speaker = leaders["macron"]
        statements = [
            StatementFactory(
                speaker=speaker, text=self.WORDS, date_said=DAY - datetime.timedelta(n)
            )
            for n in range(4)
        ]
        assert find_near_duplicates(speaker=speaker, text=self.WORDS, limit=2) == statements[:2]
        assert (
            find_near_duplicates(
                speaker=speaker.pk, text=self.WORDS, exclude_ids=[statements[0].pk]
            )
            == statements[1:]
        )
        assert find_near_duplicates(speaker=speaker, text="  ") == []
        assert SCAN_LIMIT >= 100

    def test_similarity_scores(self):
        assert similarity("abc", "abc") == 1
        assert similarity("", "abc") == 0
        assert similarity("peace now", "we want peace now") >= 0.9
        assert similarity("we want war", "we want peace") < 0.9
