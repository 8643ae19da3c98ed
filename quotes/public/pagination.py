"""Pagination of every public list, in one place.

Lists of statements are ordered by date said and id, newest or oldest first, and are paged by
keyset: a page is "the twenty rows after this one", so page 2,000 costs what page 1 costs (an
OFFSET would read and throw away 40,000 rows first). Readers move with First, Newer, Older and
Last; the cursor in the address is the date and id of the row the page starts after, so a
bookmarked page stays put when statements are added.

Lists in any other order (search results ranked by relevance, which are few by construction,
and the leaders' directory) are paged by number, and a page number that is not a number shows
the first page and one past the end the last: a reader following an old link sees results. A
search's ranked matches are paged by their ids in ranked order (read once until the record
changes, `quotes.search.counts.with_ordered_ids`): a page reads its own twenty rows by id.

Counting is bounded too (`quotes.search.counts`).
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from quotes.record.statement_topics import first_ids_of_each_speaker
from quotes.search.counts import ResultCount, count_results, known_count, ordered_ids

PER_PAGE = 20
PAGE_PARAMETER = "page"
AFTER, BEFORE, LAST = "after", "before", "last"
CURSOR_PARAMETERS = (PAGE_PARAMETER, AFTER, BEFORE, LAST)

NEWEST_FIRST = ("-date_said", "-id")
OLDEST_FIRST = ("date_said", "id")


@dataclass
class Page:
    """One page of a list, whichever way it is paged, with the links to its neighbours."""

    object_list: list
    count: ResultCount
    first_query: str | None = None
    previous_query: str | None = None
    next_query: str | None = None
    last_query: str | None = None
    number: int | None = None
    num_pages: int | None = None
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous_query or self.next_query)


def make_cursor(date_said: datetime.date, pk: int) -> str:
    return f"{date_said.isoformat()}.{pk}"


def parse_cursor(value: str | None) -> tuple[datetime.date, int] | None:
    """The (date, id) in a cursor, or None for anything that is not one (the first page)."""
    try:
        day, pk = (value or "").split(".")
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _query(request, **changes) -> str:
    query = request.GET.copy()
    for name in CURSOR_PARAMETERS:
        query.pop(name, None)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def _keyset_order(queryset: QuerySet) -> tuple[str, str] | None:
    order = tuple(queryset.query.order_by)
    return order if order in (NEWEST_FIRST, OLDEST_FIRST) else None


def beyond(cursor: tuple[datetime.date, int], descending: bool) -> Q:
    """Rows that come after `cursor` in the order (descending or not) by date said and id.

    The first, redundant condition bounds the index range to scan, so the database starts at
    the cursor instead of walking the index from the top to it.
    """
    day, pk = cursor
    if descending:
        return Q(date_said__lte=day) & (Q(date_said__lt=day) | Q(id__lt=pk))
    return Q(date_said__gte=day) & (Q(date_said__gt=day) | Q(id__gt=pk))


def first_rows(queryset: QuerySet, limit: int, ids_first: bool) -> list:
    """The first `limit` rows of `queryset`; with `ids_first`, their ids found before the rows.

    Finding the ids needs only what the newest-first index holds, the speaker included, so a
    filter on several speakers is checked in the index instead of in each row: country and
    topic read 22,700 statements to show 21 (60 ms), and 150 index entries this way (4 ms).
    Elsewhere the index already leads to the rows, and the second query would only add its
    cost (half a millisecond). On PostgreSQL the ids are found one speaker at a time, each
    speaker's newest first (`first_ids_of_each_speaker`).
    """
    if ids_first:
        ids = first_ids_of_each_speaker(queryset, limit)
        if ids is None:
            ids = queryset.values("pk")[:limit]
        return list(queryset.filter(pk__in=ids))
    return list(queryset[:limit])


def paginate(
    request,
    queryset: QuerySet,
    per_page: int = PER_PAGE,
    ids_first: bool = False,
    estimate_first: bool = False,
) -> Page:
    """The page of `queryset` the request asks for, keyset-paged when its order allows.

    `ids_first`: find the page's ids before its rows (see `first_rows`); `estimate_first`: see
    `count_results`.
    """
    order = _keyset_order(queryset)
    if order is None:
        return paginate_by_number(request, queryset, per_page)

    descending = order == NEWEST_FIRST
    count = count_results(queryset, estimate_first=estimate_first)
    reverse_order = OLDEST_FIRST if descending else NEWEST_FIRST
    after = parse_cursor(request.GET.get(AFTER))
    before = parse_cursor(request.GET.get(BEFORE))
    at_end = request.GET.get(LAST) == "1"

    if before and not after:
        newer = queryset.filter(beyond(before, not descending)).order_by(*reverse_order)
        rows = first_rows(newer, per_page + 1, ids_first)
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_older = True
    elif at_end and not after:
        rows = first_rows(queryset.order_by(*reverse_order), per_page + 1, ids_first)
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_older = False
    else:
        if after:
            queryset = queryset.filter(beyond(after, descending))
        rows = first_rows(queryset, per_page + 1, ids_first)
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        has_newer = after is not None

    page = Page(object_list=rows, count=count)
    if rows and has_newer:
        page.first_query = _query(request)
        page.previous_query = _query(request, before=make_cursor(rows[0].date_said, rows[0].pk))
    if rows and has_older:
        page.next_query = _query(request, after=make_cursor(rows[-1].date_said, rows[-1].pk))
        page.last_query = _query(request, last="1")
    return page


def paginate_by_number(request, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    ordered = ordered_ids(queryset)
    if ordered is not None:
        # The order is known as ids (a search's ranked matches): the page is its share of them,
        # and only its own rows are read.
        paginator = Paginator(ordered.read_ids(), per_page)
        numbered = paginator.get_page(request.GET.get(PAGE_PARAMETER))
        rows = rows_in_order(ordered.rows, numbered.object_list)
    else:
        paginator = Paginator(queryset, per_page)
        known = known_count(queryset)
        if known is not None and known.exact:
            paginator.count = known.value  # in place of the cached property's own count
        numbered = paginator.get_page(request.GET.get(PAGE_PARAMETER))
        rows = list(numbered.object_list)
    page = Page(
        object_list=rows,
        count=ResultCount(paginator.count),
        number=numbered.number,
        num_pages=paginator.num_pages,
    )
    if numbered.has_previous():
        page.first_query = _query(request, page="1")
        page.previous_query = _query(request, page=str(numbered.previous_page_number()))
    if numbered.has_next():
        page.next_query = _query(request, page=str(numbered.next_page_number()))
        page.last_query = _query(request, page=str(paginator.num_pages))
    return page


def rows_in_order(queryset: QuerySet, ids: list[int]) -> list:
    """The rows of `queryset` with these ids, in the order of `ids`."""
    if not ids:
        return []
    found = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]
