"""Search: the one place where a reader's words are matched against the record, and where
lists are counted (`counts.py`).

Every text search of the public site goes through the functions below: PostgreSQL's full-text
search (`fulltext.py`) in production, SQLite's FTS5 (`sqlite_fts.py`) on the embedded
database, both reading the same syntax.
"""

from django.db.models import Q, QuerySet

from quotes.search.fulltext import is_postgres, search_statements_postgres
from quotes.search.sqlite_fts import search_statements_sqlite

# Longer queries are refused by the forms (a form error), so they never reach the database.
MAX_QUERY_LENGTH = 200


def search_statements(queryset: QuerySet, query: str, *, for_display: bool = True) -> QuerySet:
    """Statements of `queryset` that match the reader's `query`.

    On PostgreSQL: full-text search (stemmed, accent-insensitive, web-search syntax, ranked when
    the matches are few), see `quotes.search.fulltext.search_statements_postgres`. On the
    embedded SQLite database FTS5 with the same syntax (stemmed, accent-insensitive), newest
    first, see `quotes.search.sqlite_fts`. `for_display=False` (downloads) leaves out what only
    a page of results shows: the count that decides the order, the rank and the highlighted
    headline.
    """
    query = " ".join((query or "").split())
    if not query:
        return queryset
    if is_postgres(queryset.db):
        return search_statements_postgres(queryset, query, for_display=for_display)
    return search_statements_sqlite(queryset, query)


# The most words of a query matched against events' titles: a longer query is a sentence, not
# a title.
MAX_EVENT_WORDS = 8


def search_events(queryset: QuerySet, query: str) -> QuerySet:
    """Events of `queryset` whose title or place holds every word of `query`, ignoring case:
    "Trump Putin call" finds "Phone call between Donald Trump and Vladimir Putin".

    A plain match on both databases: events are few (thousands, where statements are
    millions), and a title is short.
    """
    # The search syntax's quote marks and minus signs are not part of a title's words.
    words = [word.strip("\"“”'‘’()-") for word in (query or "").split()]
    words = [word for word in words if word]
    if not words or len(words) > MAX_EVENT_WORDS:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(place__icontains=word))
    return queryset


# The most leaders the directory's search adds for a near spelling, besides every leader whose
# name or an alias contains the query.
FUZZY_LEADERS_LIMIT = 50


def search_leaders(queryset: QuerySet, query: str) -> QuerySet:
    """Leaders of `queryset` whose name or one of whose aliases contains `query`, ignoring case.

    On PostgreSQL also those spelt nearly like it (`quotes.search.fulltext.fuzzy_leaders`, trigram
    similarity): "Zelensky", "zelenskiy" and "Volodimir" all find Volodymyr Zelenskyy. Elsewhere
    (SQLite) the substring match alone. The queryset keeps its own order and annotations.
    """
    from quotes.search.fulltext import fuzzy_leaders, is_postgres

    query = " ".join((query or "").split())
    if not query:
        return queryset
    contains = Q(name__icontains=query) | Q(aliases__icontains=query)
    if not is_postgres(queryset.db):
        return queryset.filter(contains)
    # ----- PostgreSQL: the best near spellings too, found through the trigram index. -----
    similar = fuzzy_leaders(
        query,
        limit=FUZZY_LEADERS_LIMIT,
        queryset=queryset.model.objects.only("pk"),
        using=queryset.db,
    )
    return queryset.filter(contains | Q(pk__in=[leader.pk for leader in similar]))
