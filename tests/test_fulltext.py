"""Full-text and trigram search (quotes.search.fulltext) and the triggers and configuration behind
it.

Most of these need PostgreSQL and skip elsewhere; `headline_html()` and the fuzzy leader lookup's
fallback run on SQLite too.
"""

import datetime

import pytest
from django.db import connection

from quotes.models import Leader, Statement
from quotes.search import fulltext
from quotes.search.fulltext import (
    MARK_START,
    MARK_STOP,
    NEWEST,
    RANKED,
    fuzzy_leaders,
    headline_html,
    is_postgres,
    near_duplicates_postgres,
    search_ordering,
    search_statements_postgres,
)
from tests.factories import LeaderFactory, StatementFactory

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)


def search(query, queryset=None, **options):
    queryset = Statement.objects.all() if queryset is None else queryset
    return search_statements_postgres(queryset, query, **options)


def found(query, **options):
    return {statement.pk for statement in search(query, **options)}


@pytest.fixture
def zelenskyy(db):
    return LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        aliases=["Zelensky", "Zelenskiy", "Zélensky"],
        country="UA",
    )


@pytest.fixture
def erdogan(db):
    return LeaderFactory(
        name="Recep Tayyip Erdoğan", slug="recep-tayyip-erdogan", aliases=["Erdoğan"], country="TR"
    )


@pytest.fixture
def putin(db):
    return LeaderFactory(
        name="Vladimir Putin", slug="vladimir-putin", aliases=["Putin"], country="RU"
    )


def test_headline_html_escapes_everything_and_marks_only_the_matches():
    headline = f"<script>alert('x')</script> we {MARK_START}retaliate{MARK_STOP} & more"
    html = headline_html(headline)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>retaliate</mark>" in html
    assert "&amp; more" in html


def test_headline_html_drops_unpaired_markers_and_accepts_none():
    assert headline_html(f"a {MARK_START}b c {MARK_STOP}{MARK_STOP}") == "a <mark>b c </mark>"
    assert headline_html(f"{MARK_START}open") == "open"
    assert headline_html(None) == ""


def test_is_postgres_follows_the_configured_database():
    assert is_postgres() is (connection.vendor == "postgresql")


def test_fuzzy_leaders_finds_an_alias_on_any_database(zelenskyy, putin):
    leaders = fuzzy_leaders("Zelensky")
    assert leaders[0] == zelenskyy
    assert putin not in leaders
    assert fuzzy_leaders("  ") == []


# ---- PostgreSQL ------------------------------------------------------------------------------


@postgres_only
def test_stemming_finds_other_forms_of_a_word(putin):
    statement = StatementFactory(speaker=putin, text="We will retaliate against any attack.")
    assert found("retaliating") == {statement.pk}
    assert found("retaliation") == {statement.pk}
    assert found("attacks") == {statement.pk}


@postgres_only
def test_case_does_not_matter(putin):
    statement = StatementFactory(speaker=putin, text="Sanctions will not stop us.")
    assert found("SANCTIONS") == found("sanctions") == {statement.pk}


@postgres_only
def test_accents_do_not_matter_in_words_or_names(erdogan, zelenskyy):
    about = StatementFactory(speaker=zelenskyy, text="I spoke with Erdoğan about grain.")
    by = StatementFactory(speaker=erdogan, text="The straits remain open to trade.")
    assert found("Erdogan") == {about.pk, by.pk}
    assert found("erdoğan") == {about.pk, by.pk}
    # An accented alias (Zélensky) and the plain spelling find each other.
    assert StatementFactory(speaker=zelenskyy, text="Ukraine stands.").pk in found("Zelensky")
    assert found("zélensky") == found("Zelensky")


@postgres_only
def test_the_speakers_name_or_alias_finds_their_statements(putin, zelenskyy):
    by_putin = StatementFactory(speaker=putin, text="The West has lied to us.")
    by_zelenskyy = StatementFactory(speaker=zelenskyy, text="We need air defence now.")
    assert found("Putin") == {by_putin.pk}
    assert found("Vladimir") == {by_putin.pk}
    assert found("Zelenskiy") == {by_zelenskyy.pk}
    assert found("zelenskiy air defence") == {by_zelenskyy.pk}


@postgres_only
def test_context_is_searched(putin):
    statement = StatementFactory(
        speaker=putin, text="We will see.", context="Asked about a grain corridor."
    )
    assert found("corridor") == {statement.pk}


@postgres_only
def test_the_vector_follows_a_save_and_a_bulk_update_of_the_words(putin):
    statement = StatementFactory(speaker=putin, text="We will retaliate.")
    statement.text = "The harvest was excellent."
    statement.save()
    assert found("retaliate") == set()
    assert found("harvest") == {statement.pk}
    # QuerySet.update() bypasses save(): the trigger still sees it.
    Statement.objects.filter(pk=statement.pk).update(text="Our missiles are ready.")
    assert found("harvest") == set()
    assert found("missile") == {statement.pk}
    Statement.objects.filter(pk=statement.pk).update(context="Said at a parade.")
    assert found("parade") == {statement.pk}


@postgres_only
def test_rows_created_without_save_get_a_vector(putin):
    Statement.objects.bulk_create(
        [Statement(speaker=putin, text="Bulk words here.", date_said=datetime.date(2024, 1, 1))]
    )
    assert Statement.objects.get().search_vector
    assert len(found("bulk")) == 1


@postgres_only
def test_the_vector_follows_a_change_of_speaker_or_of_the_speakers_names(putin, zelenskyy):
    statement = StatementFactory(speaker=putin, text="We will see.")
    putin.aliases = ["Poutine"]
    putin.save()
    assert found("Poutine") == {statement.pk}
    # An alias dropped no longer finds the statement; the name still does.
    putin.aliases = []
    putin.save()
    assert found("Poutine") == set()
    Leader.objects.filter(pk=putin.pk).update(name="Vladimir Vladimirovich Putin")
    assert found("Vladimirovich") == {statement.pk}
    Statement.objects.filter(pk=statement.pk).update(speaker=zelenskyy)
    assert found("Vladimirovich") == set()
    assert found("Zelenskiy") == {statement.pk}


@postgres_only
def test_an_unrelated_leader_change_leaves_statements_alone(putin, zelenskyy):
    statement = StatementFactory(speaker=zelenskyy, text="We will see.")
    putin.name = "Vladimir V. Putin"
    putin.save()
    assert found("Zelenskyy") == {statement.pk}


@postgres_only
def test_web_search_syntax(putin):
    phrase = StatementFactory(speaker=putin, text="There will be an immediate peace.")
    apart = StatementFactory(speaker=putin, text="Peace is not immediate.")
    grain = StatementFactory(speaker=putin, text="The grain deal is over.")
    assert found('"immediate peace"') == {phrase.pk}
    assert found("immediate peace") == {phrase.pk, apart.pk}
    assert found("peace -immediate") == set()
    assert found("peace -phrase") == {phrase.pk, apart.pk}
    assert found("grain or peace") == {phrase.pk, apart.pk, grain.pk}
    assert found('"grain deal" or "immediate peace"') == {phrase.pk, grain.pk}


@postgres_only
def test_blank_and_stop_word_queries(putin):
    StatementFactory(speaker=putin, text="The end.")
    queryset = Statement.objects.all()
    assert search_statements_postgres(queryset, "   ") is queryset
    assert search_ordering(queryset) is None
    assert found("the") == set()


@postgres_only
def test_ranking_puts_words_before_context_and_breaks_ties_newest_first(putin):
    in_context = StatementFactory(
        speaker=putin,
        text="We will see.",
        context="On sanctions.",
        date_said=datetime.date(2025, 1, 3),
    )
    older = StatementFactory(
        speaker=putin, text="Sanctions are theft.", date_said=datetime.date(2020, 1, 1)
    )
    newer = StatementFactory(
        speaker=putin, text="Sanctions are robbery.", date_said=datetime.date(2024, 1, 1)
    )
    twice = StatementFactory(
        speaker=putin,
        text="Sanctions, sanctions and more sanctions.",
        date_said=datetime.date(2019, 1, 1),
    )
    results = search("sanctions")
    assert search_ordering(results) == RANKED
    ranked = list(results)
    assert [statement.pk for statement in ranked] == [twice.pk, newer.pk, older.pk, in_context.pk]
    assert ranked[0].rank > ranked[1].rank == ranked[2].rank > ranked[3].rank
    assert all(statement.search_ordering == RANKED for statement in ranked)


@postgres_only
def test_too_many_matches_are_listed_newest_first_without_ranking(putin):
    low = StatementFactory(speaker=putin, text="Peace.", date_said=datetime.date(2025, 1, 1))
    high = StatementFactory(
        speaker=putin, text="Peace, peace, peace.", date_said=datetime.date(2020, 1, 1)
    )
    middle = StatementFactory(speaker=putin, text="Peace now.", date_said=datetime.date(2022, 1, 1))
    results = search("peace", rank_limit=2)
    assert search_ordering(results) == NEWEST
    assert [statement.pk for statement in results] == [low.pk, middle.pk, high.pk]
    assert not hasattr(results[0], "rank")
    assert search_ordering(search("peace", rank_limit=3)) == RANKED
    # The policy is applied to the queryset given: a filtered one can be ranked.
    narrowed = search("peace", Statement.objects.filter(pk=high.pk), rank_limit=2)
    assert search_ordering(narrowed) == RANKED
    # It survives further filtering and slicing by the caller.
    assert search_ordering(results.filter(pk__gt=0)) == NEWEST


@postgres_only
def test_the_headline_highlights_matches_and_is_escaped(putin):
    StatementFactory(
        speaker=putin, text="<script>alert(1)</script> We are retaliating & we will retaliate."
    )
    (statement,) = search("retaliate")
    html = headline_html(statement.headline)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>retaliating</mark> &amp; we will <mark>retaliate</mark>." in html
    assert html.endswith("<mark>retaliate</mark>.")


@postgres_only
def test_search_keeps_the_querysets_filters(putin, zelenskyy):
    published = StatementFactory(speaker=putin, text="Grain for Africa.")
    StatementFactory(speaker=putin, text="Grain for Asia.", status=Statement.Status.DRAFT)
    StatementFactory(speaker=zelenskyy, text="Grain from Odesa.")
    queryset = Statement.objects.published().filter(speaker=putin).for_listing()
    assert [s.pk for s in search_statements_postgres(queryset, "grain")] == [published.pk]


@postgres_only
@pytest.mark.parametrize("spelling", ["Zelensky", "zelenskiy", "Volodimir", "ZELENSKYY"])
def test_fuzzy_leaders_finds_misspelt_and_transliterated_names(spelling, zelenskyy, putin):
    LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", aliases=["Macron"])
    leaders = fuzzy_leaders(spelling)
    assert leaders[0] == zelenskyy
    assert 0 < leaders[0].similarity <= 1


@postgres_only
def test_fuzzy_leaders_ignores_accents_and_respects_the_limit(erdogan, putin, zelenskyy):
    assert fuzzy_leaders("Erdogan")[0] == erdogan
    assert fuzzy_leaders("erdgan")[0] == erdogan
    assert fuzzy_leaders("Macron") == []
    assert len(fuzzy_leaders("Vladimir", limit=1)) == 1
    assert fuzzy_leaders("Vladimir", limit=1)[0] == putin
    assert fuzzy_leaders("Putin", queryset=Leader.objects.exclude(pk=putin.pk)) == []


@postgres_only
def test_near_duplicates_stay_within_the_speaker(putin, zelenskyy):
    words = "Russia will respond to any attack on its territory with all the means it has."
    original = StatementFactory(speaker=putin, text=words, date_said=datetime.date(2024, 5, 1))
    edited = StatementFactory(
        speaker=putin,
        text=words.replace("means", "forces"),
        date_said=datetime.date(2024, 5, 2),
    )
    StatementFactory(speaker=zelenskyy, text=words)
    StatementFactory(speaker=putin, text="Russia will never allow anyone to threaten it.")
    duplicates = near_duplicates_postgres(speaker_id=putin.pk, text=f"“{words}”", limit=5)
    assert duplicates == [original, edited]
    assert duplicates[0].similarity == 1
    assert 0.6 <= duplicates[1].similarity < 1
    assert near_duplicates_postgres(speaker_id=putin.pk, text=words, limit=1) == [original]
    excluded = near_duplicates_postgres(
        speaker_id=putin.pk, text=words, limit=5, exclude_ids=[original.pk]
    )
    assert excluded == [edited]
    assert near_duplicates_postgres(speaker_id=putin.pk, text="", limit=5) == []


@postgres_only
def test_near_duplicates_find_fragments_both_ways(putin):
    fragment = StatementFactory(speaker=putin, text="immediate peace")
    whole = StatementFactory(
        speaker=putin, text="We will sign nothing that delays a lasting settlement of this war."
    )
    found_for_sentence = near_duplicates_postgres(
        speaker_id=putin.pk, text="We want immediate peace, not a pause.", limit=5
    )
    assert found_for_sentence == [fragment]
    found_for_fragment = near_duplicates_postgres(
        speaker_id=putin.pk, text="a lasting settlement of this war", limit=5
    )
    assert found_for_fragment == [whole]
    assert near_duplicates_postgres(speaker_id=putin.pk, text="The grain deal.", limit=5) == []


@postgres_only
def test_near_duplicates_are_found_through_the_index_beyond_the_recent_ones(
    putin, zelenskyy, monkeypatch
):
    monkeypatch.setattr(fulltext, "RECENT_SCAN_LIMIT", 0)
    words = "Russia will respond to any attack on its territory with all the means it has."
    old = StatementFactory(speaker=putin, text=words, date_said=datetime.date(2001, 1, 1))
    StatementFactory(speaker=zelenskyy, text=words)
    StatementFactory(speaker=putin, text="Russia will never allow anyone to threaten it.")
    edited = words.replace("territory", "land")
    assert near_duplicates_postgres(speaker_id=putin.pk, text=edited, limit=5) == [old]
    fragment = "respond to any attack on its territory"
    assert near_duplicates_postgres(speaker_id=putin.pk, text=fragment, limit=5) == [old]
    # A stored fragment of a longer new text is found when it holds two of the new text's
    # longest words, and otherwise only among the recent statements.
    peace = StatementFactory(speaker=putin, text="immediate peace")
    longer = "We want immediate peace, not a pause."
    assert near_duplicates_postgres(speaker_id=putin.pk, text=longer, limit=5) == [peace]
    short = StatementFactory(speaker=putin, text="we want quiet")
    longer = "Our soldiers demand an immediate withdrawal, and we want quiet."
    assert near_duplicates_postgres(speaker_id=putin.pk, text=longer, limit=5) == []
    monkeypatch.setattr(fulltext, "RECENT_SCAN_LIMIT", 10)
    assert near_duplicates_postgres(speaker_id=putin.pk, text=longer, limit=5) == [short]
    # Stop words only: nothing to look up in the index.
    assert near_duplicates_postgres(speaker_id=putin.pk, text="Not for us.", limit=5) == []


@postgres_only
def test_near_duplicates_use_the_threshold(putin):
    statement = StatementFactory(
        speaker=putin, text="We will never accept the occupation of our land."
    )
    variant = "We will never recognise the occupation of our land."
    assert near_duplicates_postgres(speaker_id=putin.pk, text=variant, limit=5) == [statement]
    strict = near_duplicates_postgres(speaker_id=putin.pk, text=variant, limit=5, threshold=0.95)
    assert strict == []


@postgres_only
def test_the_search_objects_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname = 'verbatim'")
        assert cursor.fetchone() == ("verbatim",)
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN"
            " ('statement_search_vector', 'leader_search_names_trgm')"
            " ORDER BY indexname"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "leader_search_names_trgm",
            "statement_search_vector",
        ]


@postgres_only
@pytest.mark.django_db
def test_a_few_matches_are_read_by_id_whatever_the_order_asked_for(client):
    from django.test.utils import CaptureQueriesContext

    StatementFactory(text="A rapprochement is near.", date_said=datetime.date(2025, 6, 1))
    StatementFactory(text="Rapprochement takes time.", date_said=datetime.date(2024, 6, 1))
    StatementFactory.create_batch(3, text="Nothing of the kind.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/quotes/", {"q": "rapprochement", "sort": "oldest"})
    shown = [statement.text for statement in response.context["page"].object_list]
    assert shown == ["Rapprochement takes time.", "A rapprochement is near."]
    # The text condition is matched once, for the ids; the page's rows are read by id, one
    # array of them (with "@@" left in, oldest first walked the date index past every
    # statement for a rare word).
    listing = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    assert listing and all("@@" not in sql and '"id" = ANY(' in sql for sql in listing)


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_a_search_that_matches_nothing_in_either_order_says_so(client, sort):
    StatementFactory(text="Nothing of the kind.")
    response = client.get("/quotes/", {"q": "zzyzxnothing", "sort": sort})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert response.context["page"].count.value == 0
