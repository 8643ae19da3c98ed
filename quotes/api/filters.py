"""The API's filters: the site's own FilterSets (`quotes.public.filters`), applied by
django-filter's REST framework backend.

Nothing here declares a filter: a filter added to the site's lists is in the API at once, with
the same name, values and meaning (tests/test_api_filters.py holds them to it). Input the
filters refuse is a 400 listing each problem, as the pages list them beside the form.
"""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend

from quotes.public.filters import StatementFilter
from quotes.record.versions import cached_for_record
from quotes.search.counts import planner_estimate
from quotes.search.fulltext import RANK_LIMIT

# A search PostgreSQL expects to match more than this many times RANK_LIMIT walks the date
# index without reading its matches first: a factor the planner's estimate of a word is not
# wrong by (`people`: 76,601 estimated, 74,782 found; `ceasefire`: 13,418 for 14,288), and a
# walk finds a page of even 5,000 matches among a million statements in about 4,000 rows.
SURELY_MANY = 10


class ApiStatementFilter(StatementFilter):
    """The statements list's filters, for rows that are paged by cursor in date order: no rank
    or headline to compute, as for a download. Search matches the same statements as on the
    site (the same words, the same syntax), newest first, or oldest with `sort=oldest`."""

    for_display = False

    # A search's few matches, as (date said, id) newest first, for the page to be picked from
    # (`KeysetPagination`); None when the search is not read that way.
    matched_keys = None

    def filter_text(self, queryset, name, value):
        """The matches; when they are few, their keys, read once.

        Left as a text condition, a page of a rare word walks the date index past every
        statement that lacks it: 1.4 s at a million statements for a word found nowhere. So
        the date and id of up to one more than RANK_LIMIT matches are read (in no order, so
        that the read stops there; once, until the record changes), and when that is all of
        them each page is picked from them. Only a search with more matches walks the index,
        which soon finds a page; one PostgreSQL expects to match many times more than
        RANK_LIMIT walks it at once. Nothing is counted: the API shows no total, and the
        first reader after a publication would pay for it (a common word's bounded count:
        100 ms).
        """
        matches = super().filter_text(queryset, name, value)
        if matches is queryset:  # nothing to search for
            return matches
        expected = planner_estimate(matches)
        if expected is not None and expected > SURELY_MANY * RANK_LIMIT:
            return matches
        keys = matched_keys(matches)
        if len(keys) > RANK_LIMIT:
            return matches
        self.matched_keys = keys
        # The page's rows are read by id (`picked_rows`), the text condition rechecking only
        # them: the thousands of ids in the query itself cost 10-20 ms to build and to plan.
        return matches if keys else queryset.none()


def matched_keys(matches: QuerySet) -> list[tuple]:
    """(date said, id) of up to RANK_LIMIT + 1 of `matches` (all of them when there are no
    more), newest first, kept until the record changes: ordering a thousand matches by
    reading their rows on every page took 20–30 ms."""
    if matches.query.is_empty():
        return []
    try:
        sql, params = matches.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing
        return []
    query = hashlib.sha256(repr((matches.db, sql, params)).encode()).hexdigest()

    def read():
        # Unordered, so that PostgreSQL stops at the limit instead of sorting every match.
        rows = matches.order_by().values_list("date_said", "pk")[: RANK_LIMIT + 1]
        return sorted(rows, reverse=True)  # newest first, as the lists order them

    return cached_for_record(f"api-search-keys:{query}", read)


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the view whether the rows are several speakers' (so
    that the page finds its ids first, as the site's lists do) and a search's few matches
    (so that the page is picked from them): see `KeysetPagination`."""

    def get_filterset(self, request, queryset, view):
        self.filterset = super().get_filterset(request, queryset, view)
        return self.filterset

    def filter_queryset(self, request, queryset, view):
        rows = super().filter_queryset(request, queryset, view)
        narrows = getattr(self.filterset, "narrows_to_several_speakers", None)
        view.ids_first = bool(narrows and narrows())
        view.matched_keys = getattr(self.filterset, "matched_keys", None)
        return rows
