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
from quotes.public.freshness import cached_for_record
from quotes.search.fulltext import RANK_LIMIT


class ApiStatementFilter(StatementFilter):
    """The statements list's filters, for rows that are paged by cursor in date order: no rank
    or headline to compute, as for a download. Search matches the same statements as on the
    site (the same words, the same syntax), newest first, or oldest with `sort=oldest`."""

    for_display = False

    def filter_text(self, queryset, name, value):
        """The matches; when they are few, as their ids, as the site's search does
        (`quotes.search.fulltext`).

        Left as a text condition, a page of a rare word walks the date index past every
        statement that lacks it: 1.4 s at a million statements for a word found nowhere. So
        up to RANK_LIMIT matches are read by id (once, until the record changes), and only
        more than that walk the index, which then soon finds a page.
        """
        matches = super().filter_text(queryset, name, value)
        if matches is queryset:  # nothing to search for
            return matches
        ids = few_matches(matches)
        if ids is MANY:
            return matches
        return queryset.filter(pk__in=ids) if ids else queryset.none()


# What `few_matches` keeps for a search with more than RANK_LIMIT matches (None is no value
# to the cache).
MANY = False


def few_matches(matches: QuerySet) -> list[int] | bool:
    """The ids of `matches` when there are at most RANK_LIMIT of them, else MANY; kept until
    the record changes (the search of a leader's statements ANDs two bitmaps of 150,000 rows
    to find them: 25 ms, once)."""
    if matches.query.is_empty():
        return []
    try:
        sql, params = matches.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing
        return []
    query = hashlib.sha256(repr((matches.db, sql, params)).encode()).hexdigest()

    def read():
        ids = list(matches.order_by().values_list("pk", flat=True)[: RANK_LIMIT + 1])
        return ids if len(ids) <= RANK_LIMIT else MANY

    return cached_for_record(f"api-search-ids:{query}", read)


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the view whether the rows are several speakers', so
    that the page finds its ids first as the site's lists do (`KeysetPagination`)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        narrows = getattr(filterset, "narrows_to_several_speakers", None)
        view.ids_first = bool(narrows and narrows())
        return filterset
