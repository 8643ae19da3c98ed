"""The API's filters: the site's own FilterSets (`quotes.public.filters`), applied by
django-filter's REST framework backend.

Nothing here declares a filter: a filter added to the site's lists is in the API at once, with
the same name, values and meaning (tests/test_api_filters.py holds them to it). Input the
filters refuse is a 400 listing each problem, as the pages list them beside the form.
"""

from django_filters.rest_framework import DjangoFilterBackend

from quotes.public.filters import StatementFilter
from quotes.public.pagination import count_results
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
        the matches are counted first, by the lists' own bounded count (kept until the record
        changes, and shared with the site's list of the same search); a few thousand are then
        read by id, and only more than that walk the index, which then soon finds a page.
        """
        matches = super().filter_text(queryset, name, value)
        if matches is queryset:  # nothing to search for
            return matches
        count = count_results(matches)
        if not (count.exact and count.value <= RANK_LIMIT):
            return matches
        ids = list(matches.order_by().values_list("pk", flat=True))
        return queryset.filter(pk__in=ids) if ids else queryset.none()


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the view whether the rows are several speakers', so
    that the page finds its ids first as the site's lists do (`KeysetPagination`)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        narrows = getattr(filterset, "narrows_to_several_speakers", None)
        view.ids_first = bool(narrows and narrows())
        return filterset
