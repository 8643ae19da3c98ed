"""Pagination of every public list, in one place.

A page number that is not a number shows the first page and one past the end shows the last:
a reader following an old link sees results, never an error.
"""

from django.core.paginator import Page, Paginator

PER_PAGE = 20
PAGE_PARAMETER = "page"


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """The page of `queryset` the request asks for (`?page=`), clamped to the pages there are."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get(PAGE_PARAMETER))
