"""Counting what a list holds, bounded: an exact count up to `EXACT_COUNT_LIMIT`, and above it
PostgreSQL's own estimate, shown as "about 1.2 million", so no request counts a million rows;
and each count is kept until the record changes, so the pages of one list count once.

The public lists, the search and the admin's lists all count through here.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from quotes.record.versions import cached_for_record

EXACT_COUNT_LIMIT = 10_000
# From this many rows expected, `count_results(..., estimate_first=True)` takes the planner's
# estimate without counting (the admin's lists and unfiltered public lists).
TRUSTED_ESTIMATE = 10 * EXACT_COUNT_LIMIT
# A filtered list PostgreSQL expects to hold DENSE_ESTIMATE rows or more shows the estimate
# once CONFIRMED_ESTIMATE rows are found.
DENSE_ESTIMATE = 2 * EXACT_COUNT_LIMIT
CONFIRMED_ESTIMATE = 1_000


@dataclass
class ResultCount:
    """How many rows a list holds: exactly, an estimate, or only "more than `value`"."""

    value: int
    exact: bool = True
    at_least: bool = False


# Set on a queryset whose count is already known (see `with_known_count`).
_KNOWN_COUNT = "_verbatim_known_count"


def with_known_count(queryset: QuerySet, count: ResultCount) -> QuerySet:
    """`queryset`, remembering that it holds `count` rows, so the page need not count again.

    Only this very object carries it: any further filter makes a new queryset, counted anew.
    """
    setattr(queryset, _KNOWN_COUNT, count)
    return queryset


def known_count(queryset: QuerySet) -> ResultCount | None:
    """The count `with_known_count` gave this very queryset, if any."""
    return getattr(queryset, _KNOWN_COUNT, None)


# Set on a queryset whose rows' ids, in its own order, can be read without ordering the rows
# (see `with_ordered_ids`).
_ORDERED_IDS = "_verbatim_ordered_ids"


@dataclass
class OrderedIds:
    """How to page a list by its ids in order rather than by ordering its rows."""

    read_ids: Callable[[], list[int]]  # every row's id, in the list's order
    rows: QuerySet  # where the rows of a page are read from, by their ids


def with_ordered_ids(queryset: QuerySet, read_ids: Callable[[], list[int]], rows: QuerySet):
    """`queryset`, whose rows' ids `read_ids()` gives in the queryset's own order (kept until the
    record changes), and whose rows `rows` gives by id: a page of it then reads only its own
    rows instead of ordering all of them (a search's ranked matches, `paginate_by_number`).

    As with `with_known_count`, only this very object carries it: a new order or filter makes a
    new queryset, paged by its own SQL.
    """
    setattr(queryset, _ORDERED_IDS, OrderedIds(read_ids, rows))
    return queryset


def ordered_ids(queryset: QuerySet) -> OrderedIds | None:
    """What `with_ordered_ids` gave this very queryset, if anything."""
    return getattr(queryset, _ORDERED_IDS, None)


def count_results(queryset: QuerySet, *, estimate_first: bool = False) -> ResultCount:
    """The number of rows, exactly while it is small, estimated by PostgreSQL when it is not.

    Kept until the record changes, per query: a count that reads ten thousand index entries,
    or the heap pages behind a search, is the costliest part of many lists, and every page
    of one list asks for the same count.

    With `estimate_first` (the admin's lists; a public list that only its page's own condition
    narrows, such as a busy topic's 200,000 statements), the planner's estimate is asked first
    and, when it is far beyond the exact limit, shown without reading ten thousand rows to
    confirm it: for a single condition the statistics are close (178,046 estimated for
    197,590), where a combination of filters may be misjudged by far more, so filtered public
    lists always count first.
    """
    known = known_count(queryset)
    if known is not None:
        return known
    query = query_key(queryset)
    if query is None:
        return ResultCount(0)
    key = f"count:{'estimated:' if estimate_first else ''}{query}"
    return cached_for_record(key, lambda: _count(queryset, estimate_first))


def bounded_ids(queryset: QuerySet, limit: int) -> list[int]:
    """The ids of up to `limit` of the rows, in no particular order, kept until the record
    changes: a list of few matches read once for every page of it. Fewer than `limit` ids are
    all the rows, and so also their exact count."""
    query = query_key(queryset)
    if query is None:
        return []

    def read():
        return list(queryset.order_by().values_list("pk", flat=True)[:limit])

    return cached_for_record(f"ids:{limit}:{query}", read)


def query_key(queryset: QuerySet) -> str | None:
    """A digest of the rows `queryset` selects, or None when it can select none."""
    if queryset.query.is_empty():
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing, such as an empty id list
        return None
    return hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()


def _count(queryset: QuerySet, estimate_first: bool = False) -> ResultCount:
    estimate = None
    if estimate_first:
        # Where PostgreSQL expects far more rows than are ever counted, its estimate is shown
        # without counting: a bounded count of common conditions reads 10,001 matches, and
        # before them every row that fails one of the conditions. Estimates of a few times
        # the limit may be wrong by that much, so those are counted.
        estimate = planner_estimate(queryset)
        if estimate is not None and estimate >= TRUSTED_ESTIMATE:
            return ResultCount(estimate, exact=False)
    else:
        estimate = planner_estimate(queryset)
    limit = EXACT_COUNT_LIMIT
    if estimate is not None and estimate >= DENSE_ESTIMATE:
        # A combination PostgreSQL expects to match twenty thousand rows or more is dense:
        # counted to 10,001, it walks the table reading up to ten rows for each match
        # (`?verification=verified&topic=ukraine-war`: 99,867 rows read, 60-140 ms) or gathers
        # every match in a bitmap first (`?verification=verified&publisher=…`, 90,739 expected:
        # 91,447 index entries and 10,001 rows, 32 ms). It is counted only far enough to know
        # that the estimate is not wildly off (a combination's estimate can be), then shown:
        # to 1,000, which PostgreSQL finds by walking the newest-first index (10,289 rows,
        # 6-8 ms). A list shows a wrong estimate only when it holds 1,001 to 10,000 rows and
        # PostgreSQL expected twice as many or more.
        limit = CONFIRMED_ESTIMATE
    bounded = queryset.order_by().values("pk")[: limit + 1].count()
    if bounded <= limit:
        return ResultCount(bounded)
    if estimate is None or estimate <= limit:
        return ResultCount(limit, exact=False, at_least=True)
    return ResultCount(estimate, exact=False)


def planner_estimate(queryset: QuerySet) -> int | None:
    """The number of rows the PostgreSQL planner expects `queryset` to return (None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
