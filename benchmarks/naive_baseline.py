"""The naive statements list the benchmarks compare the real one with.

A plain django-filter `FilterView` over the published statements, with the same
`StatementFilter`, OFFSET pagination (`?page=N`, twenty a page) that counts every matching row,
and text search as a case-insensitive substring match instead of the full-text index. It renders
the real list template and loads each row's speaker, offices, sources and topics the way the real
list does, so the comparison measures paging, counting and searching, not rendering.

Used by the benchmarks only, as a URLconf: the real site's URLs plus `/naive/quotes/`.

    from django.test.utils import override_settings
    with override_settings(ROOT_URLCONF="benchmarks.naive_baseline"):
        client.get("/naive/quotes/?page=2000")

`benchmarks/load_test.py` serves it under gunicorn through `load_test:naive_application()`.
"""

from django.db.models import Q
from django.urls import path
from django_filters.views import FilterView

from quotes.models import Statement
from quotes.public.filters import StatementFilter
from quotes.urls import urlpatterns as site_urlpatterns

NAIVE_PREFIX = "/naive"


class NaiveStatementFilter(StatementFilter):
    """The real filters, with the words matched by ILIKE '%...%' over every statement."""

    def filter_text(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(context__icontains=value))


class NaivePage:
    """Django's numbered page, shaped as the list template expects a page to be."""

    def __init__(self, request, page_obj):
        self.object_list = list(page_obj.object_list)
        self.number = page_obj.number
        self.num_pages = page_obj.paginator.num_pages
        self.count = _result_count(page_obj.paginator.count)
        self.first_query = self.previous_query = self.next_query = self.last_query = None
        if page_obj.has_previous():
            self.first_query = _page_query(request, 1)
            self.previous_query = _page_query(request, page_obj.previous_page_number())
        if page_obj.has_next():
            self.next_query = _page_query(request, page_obj.next_page_number())
            self.last_query = _page_query(request, self.num_pages)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self):
        return bool(self.previous_query or self.next_query)


def _result_count(value: int):
    try:
        from quotes.search.counts import ResultCount
    except ImportError:  # An older list template printed a plain number.
        return value
    return ResultCount(value)


def _page_query(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return query.urlencode()


class NaiveStatementList(FilterView):
    filterset_class = NaiveStatementFilter
    template_name = "quotes/statement_list.html"
    paginate_by = 20
    # Show no rows for a filter the form refuses, as the real list does.
    strict = True

    def get_queryset(self):
        return Statement.objects.published().for_listing().order_by("-date_said", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = NaivePage(self.request, context["page_obj"])
        context["search_ordering"] = None
        context["filterset"] = context["filter"]  # the list template's name for it
        return context


urlpatterns = [
    *site_urlpatterns,
    path("naive/quotes/", NaiveStatementList.as_view(), name="naive_statement_list"),
]
