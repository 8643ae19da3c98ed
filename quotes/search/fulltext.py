"""PostgreSQL full-text and trigram search: the database side of finding words and leaders.

Statements carry a `search_vector` kept current by triggers (migration 0003): their words and
their speaker's names and aliases at weight A, their context at weight B, parsed with the
`verbatim` text search configuration, which is PostgreSQL's English with accents removed
before stemming. So "retaliating" finds "retaliate", "Erdogan" finds "Erdoğan" and "Zelensky"
finds every statement of the leader who has that alias.

- `search_statements_postgres()` applies a reader's query (web-search syntax: "exact phrase",
  -excluded, or) to a queryset of statements, ranked when the matches are few enough to rank
  and newest first otherwise; `search_ordering()` tells which.
- `headline_html()` turns the `headline` annotation into safe HTML with `<mark>` highlights.
- `fuzzy_leaders()` finds leaders by a misspelt or transliterated name.
- `near_duplicates_postgres()` finds one speaker's statements with nearly the same words.

Everything here but `fuzzy_leaders()` (which falls back to a plain match) and `is_postgres()`
needs PostgreSQL.
"""

import re
from collections.abc import Iterable
from typing import Literal

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections, transaction
from django.db.models import BooleanField, Expression, F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quotes.models import Leader, Statement
from quotes.record.text import comparable_words
from quotes.record.versions import cached_for_record
from quotes.search.counts import (
    ResultCount,
    bounded_ids,
    count_results,
    planner_estimate,
    query_key,
    with_known_count,
    with_ordered_ids,
)

# The text search configuration created by migration 0003.
SEARCH_CONFIG = "verbatim"

# Up to this many matches are ordered by relevance; beyond, newest first. Ranking reads and
# scores every match, which stays well under a tenth of a second for a few thousand; a query
# as broad as "war" matches hundreds of thousands of statements, and newest first then lets
# PostgreSQL stop after one page.
RANK_LIMIT = 5_000
# Expected beyond this many times RANK_LIMIT, the matches of a search are counted before their
# ids are read (see `search_statements_postgres`).
EXPECTED_MANY = 2

RANKED = "rank"
NEWEST = "newest"
SearchOrdering = Literal["rank", "newest"]

# ts_headline marks matches with these private-use characters, which no published text
# contains; the text is HTML-escaped before they become <mark> tags.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")

# Fuzzy leader lookup: the least word similarity (0 to 1) between the query and some stretch of
# a leader's name and aliases. 0.4 lets "Volodimir" (0.5) find Volodymyr Zelenskyy.
LEADER_WORD_SIMILARITY = 0.4

# Near duplicates, tuned on pairs of real-world-like quotations (similarity, word similarity):
#   typographic variant 1.0; one word changed in twenty 0.87; the end trimmed 0.82;
#   two translations of one sentence 0.65; a fragment and the quotation it comes from 0.33, 1.0;
#   another quotation with the same opening words 0.33, 0.49; same topic, other words 0.24, 0.32.
NEAR_DUPLICATE_SIMILARITY = 0.6
NEAR_DUPLICATE_CONTAINMENT = 0.9
# Besides the candidates found through the full-text index, the speaker's most recent statements
# are all compared (see near_duplicates_postgres).
RECENT_SCAN_LIMIT = 500
# The score of a fragment of the words or of the whole they are a fragment of.
NESTED_SCORE = 0.95


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def _clean_query(query: str | None) -> str:
    return " ".join((query or "").split())


def search_statements_postgres(
    queryset: QuerySet, query: str, *, rank_limit: int = RANK_LIMIT, for_display: bool = True
) -> QuerySet:
    """The statements of `queryset` that match `query`, with a `headline` for each.

    `query` is read as a web search engine would (websearch_to_tsquery): words are all
    required, "quoted words" must appear together, -word must not appear, `or` between words
    accepts either. A blank query returns `queryset` unchanged; a query of only stop words
    ("the") matches nothing.

    Ordering: when at most `rank_limit` statements match (counted as the list counts them, and
    remembered for the list), by relevance (ts_rank, annotated as `rank`), ties newest first;
    otherwise newest first without a rank. `search_ordering(result)` says which, as does the
    `search_ordering` annotation on each row. Ranked, the result also gives its ids in that
    order (`quotes.search.counts.ordered_ids`, kept until the record changes), by which a page
    by number reads only its own rows.

    `headline` is the whole of the words with each match between MARK_START and MARK_STOP: pass
    it through `headline_html()`, never print it raw. PostgreSQL computes it for the rows of
    the page only (ts_headline is costly enough for the planner to put it after the LIMIT).

    Without `for_display` (downloads), only the matching: no count, rank or headline.
    """
    query = _clean_query(query)
    if not query:
        return queryset
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    matches = queryset.filter(search_vector=search_query)
    if not for_display:
        return matches
    key = query_key(matches)

    def read_matches() -> tuple[ResultCount, list[int] | None]:
        # The count decides the order, and is then shown. When PostgreSQL expects few matches,
        # their ids are read first, up to one more than are ranked: if they are few they are
        # also the exact count, which would otherwise read the same matches again (a search
        # inside a prolific leader's page: 49 ms each time). When it expects many (its estimate
        # of a word's matches is close), the list's own bounded count comes first, as reading
        # thousands of ids for nothing would cost as much as the count (a common word: 32 ms).
        expected = planner_estimate(matches)
        if expected is not None and expected > EXPECTED_MANY * rank_limit:
            count = count_results(matches)
            few = count.exact and count.value <= rank_limit
            return count, bounded_ids(matches, rank_limit + 1) if few else None
        ids = _ids_of_few_matches(queryset, matches, expected, search_query, rank_limit + 1)
        if len(ids) <= rank_limit:
            return ResultCount(len(ids)), ids
        return count_results(matches), None

    # What the words match, the ids of few matches or the count of many, kept until the record
    # changes as a whole: the planner's estimate is not asked again, nor the query's SQL built
    # again for each of the count and the ids to be looked up.
    if key is None:  # a condition that matches nothing
        count, ids = ResultCount(0), []
    else:
        count, ids = cached_for_record(f"search:{rank_limit}:{key}", read_matches)
    few = ids is not None
    shown = {
        "headline": SearchHeadline(
            "text",
            search_query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            highlight_all=True,
        ),
        "search_ordering": Value(RANKED if few else NEWEST, output_field=TextField()),
    }
    if not few:
        return with_known_count(matches.annotate(**shown).order_by("-date_said", "-id"), count)
    shown["rank"] = SearchRank(F("search_vector"), search_query)
    # The few matches by id, so that whatever order is asked for afterwards PostgreSQL reads
    # only them. Left as a text condition, "oldest first" walked the date index past every
    # statement looking for a rare word (three seconds for a word that matches none).
    among = queryset.filter(AmongIds(ids)) if ids else queryset.none()
    ranked = among.annotate(**shown).order_by("-rank", "-date_said", "-id")

    def ranked_ids():
        # Ranking reads every match's search vector (2,191 in a prolific leader's page: 12 ms
        # of PostgreSQL's time for every page of them), so the order is read once, as ids,
        # kept until the record changes, and a page by number reads its own rows by id.
        # Keyed on the words' matches: the same ids found by other words rank otherwise.
        return cached_for_record(
            f"ranked-ids:{key}", lambda: list(ranked.values_list("pk", flat=True))
        )

    # A page's rows by their ids alone: beside the thousands of ids of every match, PostgreSQL
    # took longer to plan the query than to run it.
    rows = queryset.annotate(**shown)
    return with_known_count(with_ordered_ids(ranked, ranked_ids, rows), count)


def _ids_of_few_matches(
    queryset: QuerySet,
    matches: QuerySet,
    expected: int | None,
    search_query: SearchQuery,
    limit: int,
) -> list[int]:
    """The ids of up to `limit` of `matches` (`queryset` searched), the words' own matches
    read first when they are few: with a prolific leader's filter ("rapprochement" in Donald
    Ramaphosa's page), PostgreSQL intersected the 1,080 matches of the word with the leader's
    146,097 statements in the filters' index, 147,331 entries read for 154 rows. The rows of
    `queryset` among the ids of the word's matches (of any status, a superset) are the same
    rows, read through a thousand entries of the primary key. Only where the other filters
    leave fewer than half of the words' matches, as PostgreSQL expects them (`expected`): a
    search alone reads its matches once, as before."""
    words = matches.model._base_manager.using(matches.db).filter(search_vector=search_query)
    words_expected = planner_estimate(words)
    if (
        expected is None
        or words_expected is None
        or words_expected > limit
        or 2 * expected >= words_expected
    ):
        return bounded_ids(matches, limit)
    word_ids = list(words.order_by().values_list("pk", flat=True)[: limit + 1])
    if len(word_ids) > limit:
        return bounded_ids(matches, limit)
    if not word_ids:
        return []
    return list(queryset.filter(AmongIds(word_ids)).order_by().values_list("pk", flat=True)[:limit])


class AmongIds(Expression):
    """True for a row whose id is one of `ids`: `id = ANY(%s)`, one array for the thousands of
    ids of a search's few matches, which PostgreSQL reads as it reads `IN (...)`. Through
    `pk__in` Django prepared each id on its own, and a search inside a prolific leader's page
    (2,200 matches) spent half its Python there. PostgreSQL only."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]):
        super().__init__()
        self.ids = ids

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = connection.ops.quote_name(compiler.query.model._meta.pk.column)
        return f"{alias}.{column} = ANY(%s::bigint[])", [list(self.ids)]


def search_ordering(queryset: QuerySet) -> SearchOrdering | None:
    """ "rank" or "newest" for a queryset from `search_statements_postgres()`, else None."""
    annotation = queryset.query.annotations.get("search_ordering")
    return getattr(annotation, "value", None)


def headline_html(headline: str | None) -> SafeString:
    """A `headline` as HTML: everything escaped, the matches in <mark> elements."""
    escaped = escape(headline or "")
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    # Unpaired markers cannot come from ts_headline; drop any rather than print them.
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_STOP, ""))


def _set_local(using: str, setting: str, value: float) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [setting, str(value)])


class _LeaderSearchNames(Func):
    """The expression the trigram index on leaders is built on (migration 0003)."""

    function = "verbatim_leader_search_names"
    output_field = TextField()


class _Unaccent(Func):
    function = "verbatim_unaccent"
    output_field = TextField()


def fuzzy_leaders(
    query: str, limit: int = 10, *, queryset: QuerySet | None = None, using: str | None = None
) -> list[Leader]:
    """Leaders whose name or an alias is spelt like `query`, best first, at most `limit`.

    On PostgreSQL, by trigram word similarity between the unaccented, lower-case query and the
    leader's name and aliases, so "Zelensky", "zelenskiy" and "Volodimir" all find Volodymyr
    Zelenskyy. Each leader gets a `similarity` attribute from 0 to 1.

    Read from `using`, else from where `queryset` (else the request, quotes/replicas/) reads:
    the similarity threshold is set on that same connection.
    """
    query = _clean_query(query)
    if queryset is None:
        queryset = Leader.objects.using(using) if using else Leader.objects.all()
    elif using:
        queryset = queryset.using(using)
    using, leaders = queryset.db, queryset
    if not query or limit <= 0:
        return []

    if not is_postgres(using):
        # ---- SQLite fallback: a case-insensitive substring of the name or an alias. ----
        found = list(
            leaders.filter(Q(name__icontains=query) | Q(aliases__icontains=query)).order_by("name")[
                :limit
            ]
        )
        for leader in found:
            leader.similarity = 1.0
        return found

    wanted = Lower(_Unaccent(Value(query)))
    names = _LeaderSearchNames(F("name"), F("aliases"))
    candidates = (
        leaders.annotate(search_names=names)
        # `names %> wanted`: the form the trigram index serves.
        .filter(search_names__trigram_word_similar=wanted)
        .annotate(
            similarity=TrigramWordSimilarity(wanted, "search_names"),
            whole_similarity=TrigramSimilarity("search_names", wanted),
        )
        .order_by("-similarity", "-whole_similarity", "name")[:limit]
    )
    with transaction.atomic(using=using):
        _set_local(using, "pg_trgm.word_similarity_threshold", LEADER_WORD_SIMILARITY)
        return list(candidates)


def near_duplicates_postgres(
    *,
    speaker_id: int,
    text: str,
    limit: int = 5,
    threshold: float = NEAR_DUPLICATE_SIMILARITY,
    containment: float = NEAR_DUPLICATE_CONTAINMENT,
    exclude_ids: Iterable[int] = (),
    using: str = "default",
) -> list[Statement]:
    """The speaker's statements (drafts too) whose words are nearly `text`, most alike first.

    Alike means, in pg_trgm's trigram measures between the stored words and `text`:

    - nearly the same words: similarity at least `threshold`;
    - one is a fragment of the other (the record has "immediate peace", the new text is the
      sentence around it, or the reverse): word similarity of the shorter within the longer at
      least `containment`.

    Thresholds: 0.6 similarity keeps typographic variants (1.0), an edited word (about 0.85), a
    trimmed end (about 0.8) and two translations of one sentence (about 0.65), and leaves out
    other quotations on the same subject (about 0.25) or with the same opening words (about
    0.35). 0.9 word similarity means nearly every trigram of the shorter text is found, in
    order, inside the longer.

    Only this speaker's statements are compared, and never all of them one by one:

    - the candidates from the whole record are those whose search vector holds at least two of
      the three longest words (lexemes) of `text`, found through the full-text GIN index;
      a near duplicate shares nearly all its words, so it shares two of these;
    - the speaker's `RECENT_SCAN_LIMIT` most recent statements are all compared, which also
      finds stored fragments of a longer new text and texts made only of stop words.

    Measured on a million generated statements, the trigram GIN index on the words served this
    badly: for a prolific speaker (160,000 statements) and a sentence of fifty words, a lookup
    through it took 2 to 4 seconds, spent reading the long posting lists of common trigrams
    ("the", " an"); the lexeme prefilter takes about 50 ms.

    Each statement gets a `similarity` attribute: its similarity, or NESTED_SCORE (0.95) when it
    is the fragment or the whole of `text`, whichever is higher, as find_near_duplicates scores
    them on SQLite: equal words first, then fragments, then near matches. Ties are broken by
    plain similarity, then newest first.
    """
    wanted = comparable_words(text or "")
    if not wanted or speaker_id is None or limit <= 0:
        return []
    exclude_ids = [int(pk) for pk in exclude_ids]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s))"
            " ORDER BY length(lexeme) DESC, lexeme LIMIT 3",
            [SEARCH_CONFIG, wanted],
        )
        keys = [row[0] for row in cursor.fetchall()]
        if len(keys) == 3:
            # Any two of the three: one of them may be the word that was changed.
            key_query = (
                "(plainto_tsquery('simple', %s) && plainto_tsquery('simple', %s))"
                " || (plainto_tsquery('simple', %s) && plainto_tsquery('simple', %s))"
                " || (plainto_tsquery('simple', %s) && plainto_tsquery('simple', %s))"
            )
            key_params = [keys[0], keys[1], keys[0], keys[2], keys[1], keys[2]]
        elif keys:
            key_query = " && ".join(["plainto_tsquery('simple', %s)"] * len(keys))
            key_params = keys
        else:
            key_query, key_params = "NULL::tsquery", []
        cursor.execute(
            f"""
            WITH candidates AS (
                (SELECT id FROM quotes_statement
                  WHERE speaker_id = %s AND search_vector @@ ({key_query}))
                UNION
                (SELECT id FROM quotes_statement WHERE speaker_id = %s
                  ORDER BY date_said DESC, id DESC LIMIT %s)
            ), scored AS (
                SELECT s.id, s.date_said, similarity(s.text, %s) AS alike,
                       CASE WHEN length(s.text) >= length(%s) THEN word_similarity(%s, s.text)
                            ELSE word_similarity(s.text, %s) END AS contained
                  FROM quotes_statement s JOIN candidates USING (id)
                 WHERE NOT (s.id = ANY(%s))
            )
            SELECT id, GREATEST(alike, LEAST(contained, %s)) AS score FROM scored
             WHERE alike >= %s OR contained >= %s
             ORDER BY score DESC, alike DESC, date_said DESC, id DESC
             LIMIT %s
            """,
            [speaker_id, *key_params, speaker_id, RECENT_SCAN_LIMIT]
            + [wanted] * 4
            + [exclude_ids, NESTED_SCORE, threshold, containment, limit],
        )
        scores = cursor.fetchall()
    statements = (
        Statement.objects.using(using).select_related("speaker").in_bulk([pk for pk, _ in scores])
    )
    found = []
    for pk, score in scores:
        statement = statements[pk]
        statement.similarity = score
        found.append(statement)
    return found
