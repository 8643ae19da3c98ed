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
from quotes.public.pagination import NEWEST_FIRST
from quotes.record.versions import cached_for_record
from quotes.search.counts import count_results, planner_estimate
from quotes.search.fulltext import EXPECTED_MANY, RANK_LIMIT


class ApiStatementFilter(StatementFilter):
    """The statements list's filters, for rows that are paged by cursor in date order: no rank
    or headline to compute, as for a download. Search matches the same statements as on the
    site (the same words, the same syntax), newest first, or oldest with `sort=oldest`."""

    for_display = False

    # A search's few matches, as (date said, id) newest first, for the page to be picked from
    # (`KeysetPagination`); None when the search is not read that way.
    matched_keys = None

    def filter_text(self, queryset, name, value):
        """The matches; when they are few, their keys, read once, as the site's search decides
        (`quotes.search.fulltext.search_statements_postgres`).

        Left as a text condition, a page of a rare word walks the date index past every
        statement that lacks it: 1.4 s at a million statements for a word found nowhere. So
        a search PostgreSQL expects to be rare reads the date and id of its matches, up to
        one more than RANK_LIMIT (once, until the record changes), and each page is picked
        from them; one it expects to be common is counted first (the lists' bounded count,
        kept as long), and only a search with many matches walks the index, which soon finds
        a page.
        """
        matches = super().filter_text(queryset, name, value)
        if matches is queryset:  # nothing to search for
            return matches
        expected = planner_estimate(matches)
        if expected is not None and expected > EXPECTED_MANY * RANK_LIMIT:
            count = count_results(matches)
            if not (count.exact and count.value <= RANK_LIMIT):
                return matches
        keys = matched_keys(matches)
        if len(keys) > RANK_LIMIT:
            return matches
        self.matched_keys = keys
        # The page's rows are read by id (`picked_rows`), the text condition rechecking only
        # them: the thousands of ids in the query itself cost 10-20 ms to build and to plan.
        return matches if keys else queryset.none()


def matched_keys(matches: QuerySet) -> list[tuple]:
    """(date said, id) of up to RANK_LIMIT + 1 of `matches`, newest first, kept until the
    record changes: ordering a thousand matches by reading their rows on every page took
    20–30 ms."""
    if matches.query.is_empty():
        return []
    try:
        sql, params = matches.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing
        return []
    query = hashlib.sha256(repr((matches.db, sql, params)).encode()).hexdigest()

    def read():
        rows = matches.order_by(*NEWEST_FIRST).values_list("date_said", "pk")
        return list(rows[: RANK_LIMIT + 1])

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
