"""The leader chooser of the statement filters, the suggestions behind it and the leader search.

A reader names a speaker (or the leader mentioned) by typing: a slug, a name, an alias or a near
spelling. The filters resolve what was typed in a fixed few queries, whatever the number of
leaders; /leaders/lookup.json suggests leaders as the reader types.

Near spellings that only trigram similarity finds ("Volodimir") need PostgreSQL and are skipped
elsewhere; a part of a name ("zelen") is found on SQLite too.
"""

import pytest
from django.db import connection
from django.urls import reverse

from quotes.models import Leader
from quotes.public.lookup import LOOKUP_LIMIT, resolve_leaders
from quotes.search import MAX_QUERY_LENGTH
from tests.factories import LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("quotes:statement_list")
LOOKUP_URL = reverse("quotes:leader_lookup")
DIRECTORY_URL = reverse("quotes:leader_list")

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="near spellings need pg_trgm: run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)


@pytest.fixture
def leaders():
    return {
        "putin": LeaderFactory(
            name="Vladimir Putin", slug="vladimir-putin", country="RU", aliases=["Putin"]
        ),
        "trump": LeaderFactory(
            name="Donald Trump", slug="donald-trump", country="US", aliases=["Trump"]
        ),
        "zelenskyy": LeaderFactory(
            name="Volodymyr Zelenskyy",
            slug="volodymyr-zelenskyy",
            country="UA",
            aliases=["Zelensky", "Zelenskiy"],
        ),
        "erdogan": LeaderFactory(
            name="Recep Tayyip Erdoğan",
            slug="recep-tayyip-erdogan",
            country="TR",
            aliases=["Erdoğan"],
        ),
    }


@pytest.fixture
def record(leaders):
    statements = {
        name: StatementFactory(speaker=leader, text=f"Words of {leader.name}.")
        for name, leader in leaders.items()
    }
    statements["zelenskyy"].mentions.add(leaders["putin"])
    statements["trump"].mentions.add(leaders["zelenskyy"])
    return statements


def shown(response) -> list[str]:
    return [statement.text for statement in response.context["page"].object_list]


def get(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response


def form_errors(response, field) -> list[str]:
    return list(response.context["filterset"].form.errors.get(field, []))


def chips(response) -> list[str]:
    return [chip["value"] for chip in response.context["filterset"].active_filters()]


class TestResolvingWhatWasTyped:
    @pytest.mark.parametrize(
        "typed",
        [
            "volodymyr-zelenskyy",  # the slug
            "Volodymyr Zelenskyy",  # the name
            "volodymyr ZELENSKYY",  # the name, in any case
            "  Volodymyr   Zelenskyy ",  # with stray spaces
            "Zelensky",  # an alias
            "zelenskiy",  # another alias, in any case
            "zelen",  # part of the name: the nearest match
        ],
    )
    def test_a_speaker_by_slug_name_alias_or_part_of_the_name(self, client, record, typed):
        response = get(client, speaker=typed)
        assert form_errors(response, "speaker") == []
        assert shown(response) == ["Words of Volodymyr Zelenskyy."]
        assert chips(response) == ["Volodymyr Zelenskyy"]

    def test_an_alias_with_letters_beyond_ascii(self, client, record):
        response = get(client, speaker="Erdoğan")
        assert shown(response) == ["Words of Recep Tayyip Erdoğan."]

    def test_how_each_value_was_resolved(self, leaders):
        found = resolve_leaders(["vladimir-putin", "donald trump", "Zelensky", "erdo"])
        assert {value: (leader.name, leader.resolved_by) for value, leader in found.items()} == {
            "vladimir-putin": ("Vladimir Putin", "slug"),
            "donald trump": ("Donald Trump", "name"),
            "Zelensky": ("Volodymyr Zelenskyy", "alias"),
            "erdo": ("Recep Tayyip Erdoğan", "fuzzy"),
        }

    def test_an_exact_name_wins_over_a_leader_whose_name_contains_it(self, client, leaders):
        other = LeaderFactory(name="Trump Junior", slug="trump-junior", country="US")
        StatementFactory(speaker=other, text="Other words.")
        StatementFactory(speaker=leaders["trump"], text="Words of Donald Trump.")
        assert shown(get(client, speaker="trump")) == ["Words of Donald Trump."]
        assert shown(get(client, speaker="Trump Junior")) == ["Other words."]

    @postgres_only
    @pytest.mark.parametrize("typed", ["Zelenskyi", "Volodimir", "volodymir zelenski"])
    def test_a_near_spelling_finds_the_leader_on_postgresql(self, client, record, typed):
        response = get(client, speaker=typed)
        assert form_errors(response, "speaker") == []
        assert shown(response) == ["Words of Volodymyr Zelenskyy."]
        assert chips(response) == ["Volodymyr Zelenskyy"]


class TestTheChooserOnThePage:
    def test_a_fuzzily_resolved_speaker_shows_the_real_name_in_the_chip_and_the_box(
        self, client, record
    ):
        html = get(client, speaker="zelen").content.decode()
        assert "Speaker: <strong>Volodymyr Zelenskyy</strong>" in html
        assert 'data-slug="volodymyr-zelenskyy"' in html
        assert 'value="Volodymyr Zelenskyy"' in html
        assert "<title>Statements: Volodymyr Zelenskyy · Verbatim</title>" in html

    def test_several_speakers_typed_in_different_ways(self, client, record):
        response = get(client, speaker=["vladimir-putin", "Donald Trump", "zelensky"])
        assert sorted(shown(response)) == [
            "Words of Donald Trump.",
            "Words of Vladimir Putin.",
            "Words of Volodymyr Zelenskyy.",
        ]
        assert chips(response) == ["Vladimir Putin", "Donald Trump", "Volodymyr Zelenskyy"]

    def test_each_chosen_speaker_has_a_box_and_an_empty_one_follows(self, client, record):
        html = get(client, speaker=["vladimir-putin", "zelensky"]).content.decode()
        form = html.split('<form class="filters"')[1].split("</form>")[0]
        assert form.count('name="speaker"') == 3
        assert 'id="id_speaker"' in form and 'value="Vladimir Putin"' in form
        assert 'aria-label="Speaker 2"' in form and 'value="Volodymyr Zelenskyy"' in form
        assert 'aria-label="Another speaker"' in form and 'id="id_speaker_3"' in form

    def test_the_same_leader_named_twice_is_one_speaker(self, client, record):
        response = get(client, speaker=["vladimir-putin", "Putin", "vladimir putin"])
        assert shown(response) == ["Words of Vladimir Putin."]
        assert chips(response) == ["Vladimir Putin"]

    def test_removing_a_speaker_typed_as_a_name_keeps_the_others(self, client, record):
        html = get(client, speaker=["Vladimir Putin", "zelensky"]).content.decode()
        assert 'href="/quotes/?speaker=zelensky"' in html  # removes Putin
        assert 'href="/quotes/?speaker=Vladimir+Putin"' in html  # removes Zelenskyy

    def test_empty_boxes_are_no_filter(self, client, record):
        response = client.get("/quotes/", {"speaker": ["", " "]}, follow=True)
        assert response.redirect_chain == [("/quotes/", 302)]
        assert form_errors(response, "speaker") == []
        assert len(shown(response)) == 4

    def test_the_leader_mentioned_by_name_or_alias(self, client, record):
        for typed in ["Vladimir Putin", "putin", "vladimir-putin"]:
            response = get(client, mentioned=typed)
            assert shown(response) == ["Words of Volodymyr Zelenskyy."], typed
            assert chips(response) == ["Vladimir Putin"]

    def test_the_leader_mentioned_on_a_leaders_page(self, client, record, leaders):
        url = leaders["trump"].get_absolute_url()
        response = client.get(url, {"mentioned": "Zelensky"})
        assert response.status_code == 200
        assert shown(response) == ["Words of Donald Trump."]

    def test_the_download_takes_a_name_too(self, client, record):
        response = client.get("/data/statements.json", {"speaker": "Donald Trump"})
        assert response.status_code == 200
        assert b"Words of Donald Trump." in b"".join(response.streaming_content)


class TestWhatCannotBeResolved:
    def test_an_unknown_name_is_an_error_on_the_field(self, client, record):
        response = get(client, speaker="Xyz")
        assert form_errors(response, "speaker") == ["No leader found for “Xyz”."]
        assert shown(response) == []
        html = response.content.decode()
        assert "No leader found for “Xyz”." in html
        assert 'value="Xyz"' in html  # shown back to be corrected

    def test_each_unknown_name_among_several_is_named(self, client, record):
        response = get(client, speaker=["vladimir-putin", "Xyz", "Qwvbn"])
        assert form_errors(response, "speaker") == [
            "No leader found for “Xyz”.",
            "No leader found for “Qwvbn”.",
        ]
        assert shown(response) == []

    def test_an_unknown_leader_mentioned(self, client, record):
        response = get(client, mentioned="Qwvbn Xyzzy")
        assert form_errors(response, "mentioned") == ["No leader found for “Qwvbn Xyzzy”."]

    @pytest.mark.parametrize(
        "typed, error",
        [
            ("x" * (MAX_QUERY_LENGTH + 1), "A leader’s name has at most 200 characters."),
            ("put\x00in", "Null characters are not allowed."),
        ],
    )
    def test_overlong_or_unreadable_input(self, client, record, typed, error):
        response = get(client, speaker=typed)
        assert form_errors(response, "speaker") == [error]

    def test_too_many_speakers(self, client, record):
        response = get(client, speaker=[f"leader-{n}" for n in range(11)])
        assert form_errors(response, "speaker") == ["Choose at most 10 leaders."]

    def test_markup_typed_in_the_box_is_shown_as_text(self, client, record):
        html = get(client, speaker='"><script>alert(1)</script>').content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestTheSuggestionsEndpoint:
    def lookup(self, client, **params):
        response = client.get(LOOKUP_URL, params)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        return response.json()["results"]

    def test_part_of_a_name_suggests_the_leader_with_a_label(self, client, leaders):
        assert self.lookup(client, q="zelen") == [
            {
                "slug": "volodymyr-zelenskyy",
                "name": "Volodymyr Zelenskyy",
                "country": "Ukraine",
                "label": "Volodymyr Zelenskyy (Ukraine)",
            }
        ]

    def test_an_alias_suggests_the_leader(self, client, leaders):
        assert [r["slug"] for r in self.lookup(client, q="Erdoğan")] == ["recep-tayyip-erdogan"]

    @postgres_only
    def test_a_near_spelling_suggests_the_leader_on_postgresql(self, client, leaders):
        assert self.lookup(client, q="Volodimir")[0]["slug"] == "volodymyr-zelenskyy"

    def test_at_most_ten_suggestions(self, client, leaders):
        LeaderFactory.create_batch(LOOKUP_LIMIT + 5)  # all named "Leader NumberN"
        assert len(self.lookup(client, q="Leader Number")) == LOOKUP_LIMIT

    @pytest.mark.parametrize(
        "params",
        [{}, {"q": ""}, {"q": "   "}, {"q": "x" * (MAX_QUERY_LENGTH + 1)}, {"q": "put\x00in"}],
        ids=["none", "empty", "blank", "too-long", "nul"],
    )
    def test_no_query_or_a_bad_one_gives_no_suggestions(self, client, leaders, params):
        assert self.lookup(client, **params) == []

    @pytest.mark.parametrize("q", ["%", "_", "' OR 1=1 --", "ü ñ 你好", "\\", '"'])
    def test_odd_characters_are_harmless(self, client, leaders, q):
        assert isinstance(self.lookup(client, q=q), list)

    def test_suggestions_may_be_cached_briefly(self, client, leaders):
        response = client.get(LOOKUP_URL, {"q": "putin"})
        assert "max-age=" in response["Cache-Control"]

    def test_only_get(self, client, leaders):
        assert client.post(LOOKUP_URL, {"q": "putin"}).status_code == 405

    def test_the_address_is_not_taken_for_a_leaders_slug(self, client, leaders):
        assert reverse("quotes:leader_lookup") == "/leaders/lookup.json"
        assert client.get("/leaders/vladimir-putin/").status_code == 200


class TestTheCostDoesNotGrowWithTheNumberOfLeaders:
    """5 leaders or 200: the same queries, and never one reading every leader."""

    PARAMS = {
        "speaker": ["vladimir-putin", "Donald Trump", "zelensky", "erdo"],
        "mentioned": "putin",
    }

    def grow_to(self, count):
        missing = count - Leader.objects.count()
        LeaderFactory.create_batch(missing)
        assert Leader.objects.count() == count

    def test_the_filtered_list(self, client, record, django_assert_max_num_queries):
        self.grow_to(5)
        with django_assert_max_num_queries(30) as few:
            response = client.get(LIST_URL, self.PARAMS)
        assert response.context["filterset"].form.errors == {}
        self.grow_to(200)
        with django_assert_max_num_queries(30) as many:
            response = client.get(LIST_URL, self.PARAMS)
        assert response.context["filterset"].form.errors == {}
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_the_suggestions(self, client, record, django_assert_max_num_queries):
        self.grow_to(5)
        with django_assert_max_num_queries(5) as few:
            client.get(LOOKUP_URL, {"q": "Leader"})
        self.grow_to(200)
        with django_assert_max_num_queries(5) as many:
            assert len(client.get(LOOKUP_URL, {"q": "Leader"}).json()["results"]) == 10
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_resolving_reads_only_matching_leaders(self, leaders, django_assert_max_num_queries):
        self.grow_to(200)
        with django_assert_max_num_queries(8) as queries:
            found = resolve_leaders(["vladimir-putin", "Donald Trump", "zelensky", "erdo"])
        assert len(found) == 4
        reads = [q["sql"] for q in queries.captured_queries if 'FROM "quotes_leader"' in q["sql"]]
        assert reads and all(" WHERE " in sql for sql in reads)

    def test_exact_matches_are_one_query(self, leaders, django_assert_num_queries):
        with django_assert_num_queries(1):
            found = resolve_leaders(["vladimir-putin", "Donald Trump", "Zelensky", "Erdoğan"])
        assert len(found) == 4


class TestTheLeaderDirectorySearch:
    def names(self, client, q):
        response = client.get(DIRECTORY_URL, {"q": q})
        assert response.status_code == 200
        return [leader.name for leader in response.context["page"].object_list]

    @pytest.mark.parametrize("q", ["Zelensky", "zelenskiy", "zelen", "ZELENSKYY"])
    def test_a_name_alias_or_part_finds_the_leader(self, client, leaders, q):
        assert self.names(client, q) == ["Volodymyr Zelenskyy"]

    @postgres_only
    @pytest.mark.parametrize("q", ["Volodimir", "Zelenskij", "volodymir zelenski"])
    def test_a_near_spelling_finds_the_leader_on_postgresql(self, client, leaders, q):
        assert "Volodymyr Zelenskyy" in self.names(client, q)

    def test_a_name_nobody_has_finds_nobody(self, client, leaders):
        assert self.names(client, "Qwvbn Xyzzy") == []
