"""The API's filters: the site's own FilterSets (`quotes.public.filters`), applied by
django-filter's REST framework backend.

Nothing here declares a filter: a filter added to the site's lists is in the API at once, with
the same name, values and meaning (tests/test_api_filters.py holds them to it). Input the
filters refuse is a 400 listing each problem, as the pages list them beside the form.
"""

from django_filters.rest_framework import DjangoFilterBackend

from quotes.public.filters import StatementFilter


class ApiStatementFilter(StatementFilter):
    """The statements list's filters, for rows that are paged by cursor in date order: no rank,
    count or headline to compute, as for a download. Search matches the same statements as on
    the site (the same words, the same syntax), newest first, or oldest with `sort=oldest`."""

    for_display = False


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the view whether the rows are several speakers', so
    that the page finds its ids first as the site's lists do (`KeysetPagination`)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        narrows = getattr(filterset, "narrows_to_several_speakers", None)
        view.ids_first = bool(narrows and narrows())
        return filterset
