"""Browsing the record: every topic with its number of published statements, the sources and
their outlets, and what was said in a year, a month or on a day.

The counts come from tallies the database keeps as statements change (`DateTally`,
`TopicTally`, quotes/record/browse_tallies.py), never from counting the statements: at a
million statements the topics' counts took a second and a busy year's months tens of
milliseconds, after every publication.

A statement belongs to the periods its date stands for: one known only to "June 2025" is in
/on/2025/06/ and /on/2025/ but on no day's page, since nobody knows the day; one known only to
2025 is in /on/2025/ alone. A period with nothing published answers 404, as an impossible date
does; the previous and next links lead only to periods that have something.
"""

import calendar
import datetime
import html
from dataclasses import dataclass
from urllib.parse import quote_plus

import django_filters
from django import forms
from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from quotes.models import DateTally, OutletTally, Source, Statement, Topic
from quotes.public.filters import (
    ANY,
    ChipsMixin,
    FilterForm,
    OneFormPerFilterSet,
    QuickSelect,
    apply_filters,
    publisher_choices,
)
from quotes.public.freshness import public_page
from quotes.public.pagination import Page, paginate
from quotes.record.addresses import address
from quotes.record.cache_scopes import REFERENCE, STATEMENTS
from quotes.record.versions import cached_for_record
from quotes.search import MAX_QUERY_LENGTH
from quotes.search.counts import (
    EXACT_COUNT_LIMIT,
    ResultCount,
    bounded_ids,
    count_results,
    with_known_count,
)

DAY, MONTH, YEAR = (
    Statement.DatePrecision.DAY,
    Statement.DatePrecision.MONTH,
    Statement.DatePrecision.YEAR,
)
SOURCES_PER_PAGE = 30
# The trigram indexes answer words of three letters or more; shorter ones would read every
# source.
SHORTEST_SEARCH = 3


# Topics ----------------------------------------------------------------------------------------


@public_page
def topic_list(request):
    topics = (
        Topic.objects.filter(published_tally__statements__gt=0)
        .order_by("name")
        .values("name", "slug", "published_tally__statements")
    )
    rows = [
        {"name": t["name"], "slug": t["slug"], "count": t["published_tally__statements"]}
        for t in topics
    ]
    most = max((row["count"] for row in rows), default=0)
    return render(request, "quotes/topic_list.html", {"topics": rows, "most": most})


# Sources ---------------------------------------------------------------------------------------


class SourceFilterForm(FilterForm):
    # The outlets it offers change with publications, as the statement filters' choices do
    # (the `filter_form` tag caches the form under them).
    offers_record_choices = True


class SourceFilter(OneFormPerFilterSet, ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Title or outlet",
        method="filter_text",
        min_length=SHORTEST_SEARCH,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "min_length": f"Type at least {SHORTEST_SEARCH} letters of a title or an outlet."
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. summit"}),
    )
    publisher = django_filters.ChoiceFilter(
        label="Outlet",
        field_name="publisher",
        choices=publisher_choices,
        empty_label=ANY,
        widget=QuickSelect,
    )

    chip_labels = {"q": "Words"}

    class Meta:
        model = Source
        fields = []
        form = SourceFilterForm

    def filter_text(self, queryset, name, value):
        # `icontains` is what the trigram indexes of migration 0014 were built for
        # (UPPER(column) LIKE UPPER('%words%')); the words are looked for as typed, together.
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))

    def narrows(self) -> bool:
        return self.is_bound and (not self.is_valid() or any(self.form.cleaned_data.values()))


def public_sources():
    """Sources that carry a published statement, newest in the record first: one only drafts
    cite is still the editors' work in progress. Whether a source carries one is its tally's
    single row (`SourceTally`), read by key."""
    return (
        Source.objects.filter(published_tally__citations__gt=0)
        .only("title", "publisher", "published_on", "kind")
        .order_by("-id")
    )


def outlets() -> list[tuple[str, int]]:
    """Every outlet with a public source, by name, with its number of public sources (from
    `OutletTally`: a few hundred rows)."""
    rows = OutletTally.objects.filter(sources__gt=0).order_by("publisher")
    return list(rows.values_list("publisher", "sources"))


def outlets_html() -> str:
    """The "Outlets" section, rendered once until the next publication or change of names
    (the scopes that move an outlet's count).

    Its items are written in Python, as `QuickSelect` writes its options: three hundred
    links, each with its address and count, took most of the page's time through the
    template language (25 ms), and still do after each publication.
    """

    def render_outlets():
        base = reverse("quotes:source_list")
        items = "".join(
            f'<li><a href="{html.escape(base)}?publisher={html.escape(quote_plus(name))}">'
            f"{html.escape(name)}</a> "
            f'<span class="count">{count:,} source{"" if count == 1 else "s"}</span></li>'
            for name, count in outlets()
        )
        context = {"items": mark_safe(items)}
        return render_to_string("quotes/includes/outlet_list.html", context) if items else ""

    html_text = cached_for_record("source-outlets", render_outlets, scopes=(REFERENCE, STATEMENTS))
    return mark_safe(html_text)  # our own template's output, escaped there


def count_public_sources(filterset) -> ResultCount | None:
    """Every source, or one outlet's, counted exactly from the outlets' tally (None for a
    search: its ids are its count)."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    if chosen.get("q"):
        return None
    tallies = OutletTally.objects.filter(sources__gt=0)
    if chosen.get("publisher"):
        tallies = tallies.filter(publisher=chosen["publisher"])
    return ResultCount(tallies.aggregate(total=Sum("sources"))["total"] or 0)


def id_cursor(value) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def paginate_by_id(request, queryset, per_page: int, count: ResultCount, ids=None) -> Page:
    """A page of `queryset` (newest id first), keyset-paged by id: `after` and `before` name the
    row the page starts after or ends before. With `ids` (every row's id, newest first) the
    page is cut from them and only its own rows are read."""
    after = id_cursor(request.GET.get("after"))
    before = id_cursor(request.GET.get("before"))
    if ids is not None:
        rows, has_newer, has_older = page_of_ids(queryset, ids, after, before, per_page)
    elif before and not after:
        rows = list(queryset.filter(pk__gt=before).order_by("id")[: per_page + 1])
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_older = True
    else:
        if after:
            queryset = queryset.filter(pk__lt=after)
        rows = list(queryset[: per_page + 1])
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        has_newer = after is not None

    def query(**changes) -> str:
        params = request.GET.copy()
        for name in ("after", "before"):
            params.pop(name, None)
        params.update(changes)
        return params.urlencode()

    page = Page(object_list=rows, count=count)
    if rows and has_newer:
        page.first_query = query()
        page.previous_query = query(before=rows[0].pk)
    if rows and has_older:
        page.next_query = query(after=rows[-1].pk)
    return page


def page_of_ids(queryset, ids: list[int], after, before, per_page: int):
    """(the rows of the page, whether newer rows exist, whether older ones do), as
    `paginate_by_id` pages the rows themselves."""
    if before and not after:
        newer = [pk for pk in ids if pk > before]
        chosen, has_newer, has_older = newer[-per_page:], len(newer) > per_page, True
    else:
        older = [pk for pk in ids if pk < after] if after else ids
        chosen, has_older, has_newer = older[:per_page], len(older) > per_page, after is not None
    found = queryset.order_by().in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found], has_newer, has_older


def searched_ids(filterset, sources) -> list[int] | None:
    """Every id a search finds, newest first, read once until the record changes and paged
    from memory (a common word's two thousand sources were found again, sorted and counted
    for each page); None without a search, or when it finds more than are counted."""
    if not filterset.form.cleaned_data.get("q"):
        return None
    ids = bounded_ids(sources, EXACT_COUNT_LIMIT + 1)
    if len(ids) > EXACT_COUNT_LIMIT:
        return None
    return sorted(ids, reverse=True)


@public_page(understands=(*SourceFilter.base_filters, "after", "before"), form_page=True)
def source_list(request):
    filterset, sources = apply_filters(SourceFilter, request, public_sources())
    if filterset.is_bound and not filterset.is_valid():
        # The form shows what is wrong; no source matches input it cannot use.
        page = paginate_by_id(request, sources.none(), SOURCES_PER_PAGE, ResultCount(0))
        context = {"filterset": filterset, "page": page, "outlets": outlets_html()}
        return render(request, "quotes/source_list.html", context, status=400)
    ids = searched_ids(filterset, sources) if filterset.is_bound else None
    count = count_public_sources(filterset)
    if count is None:
        if ids is not None:
            count = ResultCount(len(ids))
        else:  # a search beyond what is counted
            count = count_results(sources, estimate_first=True)
    page = paginate_by_id(request, sources, SOURCES_PER_PAGE, count, ids=ids)
    context = {"filterset": filterset, "page": page, "outlets": outlets_html()}
    return render(request, "quotes/source_list.html", context)


# Dates -----------------------------------------------------------------------------------------


@dataclass
class Period:
    """A year, a month or a day, with the precisions of the dates it holds."""

    start: datetime.date
    end: datetime.date
    precisions: tuple[str, ...]
    kind: str  # "year", "month" or "day"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "month":
            return date_format(self.start, "F Y")
        return date_format(self.start, "j F Y")

    @property
    def url(self) -> str:
        return period_url(self.start, self.kind)

    def tallies(self):
        return DateTally.objects.filter(
            date_said__range=(self.start, self.end),
            date_precision__in=self.precisions,
            statements__gt=0,
        )

    def statements(self):
        rows = Statement.objects.published().filter(date_said__range=(self.start, self.end))
        if self.kind == "month":
            rows = rows.exclude(date_precision=YEAR)  # only on the 1st of January
        elif self.kind == "day":
            rows = rows.filter(date_precision=DAY)
        return rows.for_card_keys().newest_first()

    def neighbour(self, earlier: bool):
        """The nearest earlier or later period of the same kind with a published statement,
        found once until the next publication: each page by date links to both, and building
        and reading the two queries took a fifth of a day's page."""

        def compute():
            dated = DateTally.objects.filter(date_precision__in=self.precisions, statements__gt=0)
            if earlier:
                found = dated.filter(date_said__lt=self.start).order_by("-date_said")
            else:
                found = dated.filter(date_said__gt=self.end).order_by("date_said")
            # A list, empty at either end of the record: None would be read as not cached.
            return list(found.values_list("date_said", flat=True)[:1])

        side = "earlier" if earlier else "later"
        name = f"period-neighbour:{self.kind}:{self.start}:{side}"
        days = cached_for_record(name, compute, scopes=(STATEMENTS,))
        return period_of(days[0], self.kind) if days else None


def period_of(day: datetime.date, kind: str) -> Period:
    if kind == "year":
        return Period(
            day.replace(month=1, day=1), day.replace(month=12, day=31), (DAY, MONTH, YEAR), kind
        )
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last), (DAY, MONTH), kind)
    return Period(day, day, (DAY,), kind)


def period_url(day: datetime.date, kind: str) -> str:
    if kind == "year":
        return address("quotes:on_year", f"{day.year:04d}")
    if kind == "month":
        return address("quotes:on_month", f"{day.year:04d}", f"{day.month:02d}")
    return address("quotes:on_day", f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}")


def requested_period(parts: list[str], kind: str) -> Period:
    """The period the address names; 404 for a date that does not exist."""
    numbers = [int(part) for part in parts]  # the routes let digits only through
    year, month, day = (*numbers, 1, 1)[:3]
    try:
        if not 1 <= year <= 9999:
            raise ValueError
        first = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404(
            "There is no such date: write it as /on/YYYY/MM/DD/, as in /on/2025/06/04/."
        ) from None
    return period_of(first, kind)


def on_date(request, kind: str, parts: list[str]):
    period = requested_period(parts, kind)
    if request.path != period.url:
        return redirect(period.url, permanent=True)  # /on/2025/6/4/ → /on/2025/06/04/
    tallies = period.tallies()
    total = tallies.aggregate(total=Sum("statements"))["total"] or 0
    if not total:
        raise Http404(f"Nothing published was said in {period.label}.")
    parts_of_period, only_to_period = [], 0
    if kind == "year":
        by_month = (
            tallies.exclude(date_precision=YEAR)
            .annotate(month=ExtractMonth("date_said"))
            .values("month")
            .annotate(count=Sum("statements"))
            .order_by("month")
        )
        parts_of_period = [
            {
                "label": date_format(period.start.replace(month=row["month"]), "F"),
                "url": period_url(period.start.replace(month=row["month"]), "month"),
                "count": row["count"],
            }
            for row in by_month
        ]
        only_to_period = sum(t.statements for t in tallies.filter(date_precision=YEAR))
    elif kind == "month":
        for tally in tallies.order_by("date_said", "date_precision"):
            if tally.date_precision == MONTH:
                only_to_period += tally.statements
            else:
                parts_of_period.append(
                    {
                        "label": date_format(tally.date_said, "j F"),
                        "url": period_url(tally.date_said, "day"),
                        "count": tally.statements,
                    }
                )
    statements = with_known_count(period.statements(), ResultCount(total))
    page = paginate(request, statements)
    context = {
        "period": period,
        "page": page,
        "parts": parts_of_period,
        "only_to_period": only_to_period,
        "previous": period.neighbour(earlier=True),
        "next": period.neighbour(earlier=False),
        "year_url": period_url(period.start, "year"),
        "month_url": period_url(period.start, "month"),
    }
    return render(request, "quotes/on_date.html", context)


def on_latest(request):
    """/on/: the latest year with a published statement (the site's "By date" link)."""
    latest = DateTally.objects.filter(statements__gt=0).order_by("-date_said").first()
    if latest is None:
        raise Http404("Nothing has been published yet.")
    return redirect(period_url(latest.date_said, "year"))


DATE_PAGE = {"understands": ("after", "before", "last")}


@public_page(**DATE_PAGE)
def on_year(request, year):
    return on_date(request, "year", [year])


@public_page(**DATE_PAGE)
def on_month(request, year, month):
    return on_date(request, "month", [year, month])


@public_page(**DATE_PAGE)
def on_day(request, year, month, day):
    return on_date(request, "day", [year, month, day])
