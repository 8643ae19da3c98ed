"""The API's filters: the site's own FilterSets (`quotes.public.filters`), applied by
django-filter's REST framework backend.

Nothing here declares a filter: a filter added to the site's lists is in the API at once, with
the same name, values and meaning (tests/test_api_filters.py holds them to it). Input the
filters refuse is a 400 listing each problem, as the pages list them beside the form.
"""

from django_filters.rest_framework import DjangoFilterBackend

from quotes.public.filters import StatementFilter
from quotes.search.counts import bounded_ids, count_results, planner_estimate
from quotes.search.fulltext import EXPECTED_MANY, RANK_LIMIT


class ApiStatementFilter(StatementFilter):
    """The statements list's filters, for rows that are paged by cursor in date order: no rank
    or headline to compute, as for a download. Search matches the same statements as on the
    site (the same words, the same syntax), newest first, or oldest with `sort=oldest`."""

    for_display = False

    def filter_text(self, queryset, name, value):
        """The matches; when they are few, as their ids, as the site's search decides
        (`quotes.search.fulltext.search_statements_postgres`).

        Left as a text condition, a page of a rare word walks the date index past every
        statement that lacks it: 1.4 s at a million statements for a word found nowhere. So
        a search PostgreSQL expects to be rare reads its matches' ids, up to one more than
        RANK_LIMIT (once, until the record changes), and pages through them if they are that
        few; one it expects to be common is counted first (the lists' bounded count, kept as
        long), and only a search with many matches walks the index, which soon finds a page.
        """
        matches = super().filter_text(queryset, name, value)
        if matches is queryset:  # nothing to search for
            return matches
        expected = planner_estimate(matches)
        if expected is not None and expected > EXPECTED_MANY * RANK_LIMIT:
            count = count_results(matches)
            if not (count.exact and count.value <= RANK_LIMIT):
                return matches
        ids = bounded_ids(matches, RANK_LIMIT + 1)
        if len(ids) > RANK_LIMIT:
            return matches
        return queryset.filter(pk__in=ids) if ids else queryset.none()


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the view whether the rows are several speakers', so
    that the page finds its ids first as the site's lists do (`KeysetPagination`)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        narrows = getattr(filterset, "narrows_to_several_speakers", None)
        view.ids_first = bool(narrows and narrows())
        return filterset
