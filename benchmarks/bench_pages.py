"""Time the site's representative requests, and the same lists on a naive baseline.

Run against a large record (docs/PERFORMANCE.md says how to make one):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_pages.py [--runs 30] [--only NAME[,NAME]] [--cache pages|none|warm]

Each request goes through Django's test client in this process, so "server time" is the time
around `client.get()`: URL resolution, middleware, view, queries and template, without the
network or a WSGI server. Every request is made once first (a warm-up that also counts its SQL
queries, and for each query that counts rows, how many rows PostgreSQL actually counted), then
`--runs` times, the requests taken in turn so that other load on the machine spreads evenly.

The site caches whole public pages, and a few costly parts of them, until the record next
changes (quotes/public/freshness.py). `--cache`:

- `pages` (the default, "uncached"): a local-memory cache emptied of whole pages before every
  request, so each request renders its page, as the first reader after a change would; the parts
  stay cached, as they do between two changes to the record.
- `change`: as `pages`, and before every request the "statements" scope moves on, as each
  publication moves it (with the scopes of its leader, topics and sources): the counts, the ids
  of searches and the choices of the filters are worked out again, the cards and the names of
  leaders, topics and sources stay cached. The first reader after a publication.
- `none`: Django's DummyCache, nothing cached at all (an empty cache, as after a deploy).
- `warm`: the configured cache (Redis when REDIS_URL is set) left alone after the warm-up, so
  public pages come from it.

The parameters come from the data: the leader with the most published statements, a leader in
the middle of the ranking, a year and a country and topic with results, the newest cited
statement of the first leader and one of its sources, and the row that page 2,000 of the
newest-first list starts after. The search terms are fixed (see SEARCH_TERMS).
"""

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

NAIVE_URLCONF = "benchmarks.naive_baseline"
BENCH_USERNAME = "bench-admin"

PER_PAGE = 20
DEEP_PAGE = 2_000
# The API's statements page 1,000 (of 20, its default size), reached by cursor.
API_DEEP_PAGE = 1_000

TARGET_PUBLIC_MS = 50
TARGET_SEARCH_MS = 100
TARGET_ADMIN_MS = 300
TARGET_NEAR_DUPLICATE_MS = 100
# A sitemap page of up to 50,000 addresses, for crawlers, kept in the cache between changes.
TARGET_SITEMAP_MS = 1500
DEEP_PAGE_FACTOR = 2  # page 2,000 no slower than twice page 1
MAX_ROWS_COUNTED = 100_000

# Search terms from quotes/ops/generate_vocabulary.py, whose words the generator draws with Zipf
# weights, most frequent first. Matches among 920,000 published statements of the 1,000,000
# generated with --seed 1: people 74,782; ceasefire 14,288; rapprochement 998;
# nuclear weapon (both words) 233; "peace talks" (the phrase) 22.
SEARCH_TERMS = {
    "common": "people",  # vocabulary rank 55, the commonest word that is not a stop word
    "mid": "ceasefire",  # rank 319
    "rare": "rapprochement",  # rank 2,981 of 3,011: RARE_WORDS
    "words": "nuclear weapon",  # two mid-frequency words, both required
    "phrase": '"peace talks"',  # a rare exact phrase (web-search syntax)
}


@dataclass
class Parameters:
    """Values picked from the record that make each request realistic and non-empty."""

    popular_slug: str
    popular_id: int
    popular_country: str
    mid_slug: str
    year: int
    country: str
    topic_slug: str
    statement_url: str
    statement_id: int
    source_id: int
    deep_cursor: str | None  # None until quotes.public.pagination.make_cursor exists
    api_deep_cursor: str
    near_duplicate_text: str
    kind: str
    last_statements_sitemap_page: int


@dataclass
class Bench:
    name: str
    target_ms: float
    group: str  # "public", "search", "feed", "sitemap", "api", "admin", "check" or "naive"
    url: str | None = None
    call: Callable[[], object] | None = None
    admin: bool = False
    note: str = ""


@dataclass
class Result:
    bench: Bench
    times_ms: list[float] = field(default_factory=list)
    queries: int = 0
    rows_counted: int | None = None
    status: int | None = None
    bad_statuses: set[int] = field(default_factory=set)

    @property
    def p50(self) -> float:
        return percentile(self.times_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with `pct` per cent of the values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _make_cursor():
    """quotes.public.pagination.make_cursor, or None while the lists are still paged by number."""
    try:
        from quotes.public.pagination import make_cursor
    except ImportError:
        return None
    return make_cursor


def pick_parameters() -> Parameters:
    """Realistic request parameters, read from whatever record the database holds (ORM only)."""
    from django.db.models import Count

    from quotes.models import Leader, Statement

    published = Statement.objects.published()
    by_count = list(
        published.order_by()
        .values("speaker")
        .annotate(n=Count("pk"))
        .order_by("-n", "speaker")
        .values_list("speaker", flat=True)
    )
    popular = Leader.objects.get(pk=by_count[0])
    mid = Leader.objects.get(pk=by_count[len(by_count) // 2])

    # A year the popular leader spoke in: the last full one when there is one.
    newest = (
        published.filter(speaker=popular)
        .order_by("-date_said")
        .values_list("date_said", flat=True)[:1][0]
    )
    oldest = (
        published.filter(speaker=popular)
        .order_by("date_said")
        .values_list("date_said", flat=True)[:1][0]
    )
    year = newest.year - 1 if newest.year - 1 >= oldest.year else newest.year

    # The mid leader's country and the topic most often linked to its leaders' statements.
    Topics = Statement.topics.through
    topic_slug = (
        Topics.objects.filter(
            statement__speaker__country=mid.country,
            statement__status=Statement.Status.PUBLISHED,
        )
        .values("topic__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__slug")
        .values_list("topic__slug", flat=True)[:1][0]
    )

    statement = (
        published.filter(speaker=popular, citations__isnull=False)
        .select_related("speaker")
        .order_by("-date_said", "-id")
        .first()
    )
    source_id = statement.citations.order_by("id").values_list("source_id", flat=True)[0]

    # Page 2,000 shows rows 39,981 to 40,000: it starts after row 39,980.
    newest_first = published.order_by("-date_said", "-id").values_list("date_said", "pk")
    make_cursor = _make_cursor()
    deep_cursor = None
    if make_cursor is not None:
        position = (DEEP_PAGE - 1) * PER_PAGE
        row = newest_first[position - 1 : position].first()
        if row is None:  # A small record: the last row stands in.
            row = published.order_by("date_said", "id").values_list("date_said", "pk").first()
        deep_cursor = make_cursor(*row)

    # The API's page 1,000 starts after row 19,980 of the newest-first list.
    from quotes.api.pagination import PAGE_SIZE as API_PAGE_SIZE
    from quotes.api.pagination import encode_cursor

    position = (API_DEEP_PAGE - 1) * API_PAGE_SIZE
    row = newest_first[position - 1 : position].first()
    if row is None:  # A small record: the last row stands in.
        row = published.order_by("date_said", "id").values_list("date_said", "pk").first()
    api_deep_cursor = encode_cursor(row)

    # A quotation the popular leader made long ago (beyond any "most recent" window), reported
    # again with its last word missing: the near-duplicate check must find it.
    older = (
        published.filter(speaker=popular)
        .order_by("-date_said", "-id")
        .values_list("text", flat=True)
    )
    old_text = older[1000:1001].first() or older.first()
    words = old_text.split()
    near_duplicate_text = " ".join(words[:-1]) if len(words) > 4 else old_text

    kind = (
        published.order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
        .values_list("kind", flat=True)[:1][0]
    )
    from quotes.public.sitemaps import StatementSitemap

    return Parameters(
        last_statements_sitemap_page=StatementSitemap().paginator.num_pages,
        popular_slug=popular.slug,
        popular_id=popular.pk,
        popular_country=popular.country.code,
        mid_slug=mid.slug,
        year=year,
        country=mid.country.code,
        topic_slug=topic_slug,
        statement_url=statement.get_absolute_url(),
        statement_id=statement.pk,
        source_id=source_id,
        deep_cursor=deep_cursor,
        api_deep_cursor=api_deep_cursor,
        near_duplicate_text=near_duplicate_text,
        kind=kind,
    )


def _q(**params) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params)


def deep_page_query(p: Parameters) -> str:
    if p.deep_cursor is None:
        return _q(page=DEEP_PAGE)
    return _q(after=p.deep_cursor)


def benchmark_requests(p: Parameters) -> list[Bench]:
    """The representative requests of the site, with their targets (p95, milliseconds)."""
    from quotes.search.near_duplicates import find_near_duplicates

    year = {"date_from": f"{p.year}-01-01", "date_to": f"{p.year}-12-31"}
    june = {"date_from": f"{p.year}-06-01", "date_to": f"{p.year}-06-30"}
    public, search, admin = TARGET_PUBLIC_MS, TARGET_SEARCH_MS, TARGET_ADMIN_MS
    benches = [
        Bench("list", public, "public", "/quotes/"),
        Bench("list_leader", public, "public", "/quotes/" + _q(speaker=p.popular_slug)),
        Bench("list_leader_mid", public, "public", "/quotes/" + _q(speaker=p.mid_slug)),
        Bench(
            "list_leader_year",
            public,
            "public",
            "/quotes/" + _q(speaker=p.popular_slug, **year),
        ),
        Bench(
            "list_country_topic",
            public,
            "public",
            "/quotes/" + _q(country=p.country, topic=p.topic_slug),
        ),
        Bench("list_oldest", public, "public", "/quotes/" + _q(sort="oldest")),
        Bench(
            "list_page_2000",
            public,
            "public",
            "/quotes/" + deep_page_query(p),
            note=f"also <= {DEEP_PAGE_FACTOR}x list p95",
        ),
        *browse_requests(p),
        Bench("statement", public, "public", p.statement_url),
        Bench("leader", public, "public", f"/leaders/{p.popular_slug}/"),
        Bench("leader_mid", public, "public", f"/leaders/{p.mid_slug}/"),
        Bench("leaders", public, "public", "/leaders/"),
        Bench("source", public, "public", f"/sources/{p.source_id}/"),
        Bench("topic", public, "public", f"/topics/{p.topic_slug}/"),
        # A bar of the timeline: the page filtered to one month (June of the chosen year).
        Bench("leader_month", public, "public", f"/leaders/{p.popular_slug}/" + _q(**june)),
        Bench("topic_month", public, "public", f"/topics/{p.topic_slug}/" + _q(**june)),
        Bench("home", public, "public", "/"),
        Bench("feed_rss", public, "public", "/feeds/latest.rss"),
        # Each list's feed (50 items), beside the list it follows: the same filters, indexes.
        Bench("feed_list_leader", public, "feed", "/quotes/feed.atom" + _q(speaker=p.popular_slug)),
        Bench(
            "feed_list_leader_year",
            public,
            "feed",
            "/quotes/feed.atom" + _q(speaker=p.popular_slug, **year),
        ),
        Bench(
            "feed_list_country_topic",
            public,
            "feed",
            "/quotes/feed.atom" + _q(country=p.country, topic=p.topic_slug),
        ),
        Bench("feed_leader", public, "feed", f"/leaders/{p.popular_slug}/feed.atom"),
        Bench("feed_leader_mid", public, "feed", f"/leaders/{p.mid_slug}/feed.rss"),
        Bench("feed_topic", public, "feed", f"/topics/{p.topic_slug}/feed.atom"),
        Bench("feed_source", public, "feed", f"/sources/{p.source_id}/feed.atom"),
        Bench("sitemap", public, "sitemap", "/sitemap.xml"),
        Bench("sitemap_statements", TARGET_SITEMAP_MS, "sitemap", "/sitemap-statements.xml"),
        Bench(
            "sitemap_statements_last",
            TARGET_SITEMAP_MS,
            "sitemap",
            f"/sitemap-statements.xml?p={p.last_statements_sitemap_page}",
        ),
        Bench("sitemap_sources", TARGET_SITEMAP_MS, "sitemap", "/sitemap-sources.xml"),
    ]
    for label, term in SEARCH_TERMS.items():
        benches.append(Bench(f"search_{label}", search, "search", "/quotes/" + _q(q=term)))
    for label in ("common", "rare"):
        feed = "/quotes/feed.atom" + _q(q=SEARCH_TERMS[label])
        benches.append(Bench(f"feed_search_{label}", search, "feed", feed))
    benches += [
        Bench(
            "search_common_leader",
            search,
            "search",
            "/quotes/" + _q(q=SEARCH_TERMS["common"], speaker=p.popular_slug),
        ),
        Bench(
            "search_mid_leader_page",
            search,
            "search",
            f"/leaders/{p.popular_slug}/" + _q(q=SEARCH_TERMS["mid"]),
        ),
        *api_requests(p),
        Bench("admin_statements", admin, "admin", "/admin/quotes/statement/", admin=True),
        Bench(
            "admin_statements_filtered",
            admin,
            "admin",
            "/admin/quotes/statement/"
            + _q(status__exact="published", country=p.popular_country, kind__exact=p.kind),
            admin=True,
        ),
        Bench(
            "admin_statements_year",
            admin,
            "admin",
            "/admin/quotes/statement/" + _q(year=p.year),
            admin=True,
        ),
        Bench(
            "near_duplicates",
            TARGET_NEAR_DUPLICATE_MS,
            "check",
            call=lambda: find_near_duplicates(speaker=p.popular_id, text=p.near_duplicate_text),
            note="find_near_duplicates(), popular speaker",
        ),
    ]
    return benches


def browse_requests(p: Parameters) -> list[Bench]:
    """The indexes: topics, sources (a common and a rare word, the largest outlet) and the
    pages by date (the year, its busiest month and that month's busiest day)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from quotes.models import Source, Statement

    in_year = Statement.objects.published().filter(date_said__year=p.year)
    month = (
        in_year.annotate(month=ExtractMonth("date_said"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("month", flat=True)[:1][0]
    )
    day = (
        in_year.filter(date_said__month=month, date_precision="day")
        .values("date_said")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("date_said", flat=True)[:1][0]
    )
    largest_outlet = (
        Source.objects.values("publisher")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("publisher", flat=True)[:1][0]
    )
    public = TARGET_PUBLIC_MS
    return [
        Bench("browse_topics", public, "public", "/topics/"),
        Bench("browse_sources", public, "public", "/sources/"),
        Bench("browse_sources_common", public, "public", "/sources/" + _q(q="ceasefire")),
        Bench("browse_sources_rare", public, "public", "/sources/" + _q(q="rapprochement")),
        Bench(
            "browse_sources_outlet", public, "public", "/sources/" + _q(publisher=largest_outlet)
        ),
        Bench("browse_on_year", public, "public", f"/on/{p.year:04d}/"),
        Bench("browse_on_month", public, "public", f"/on/{p.year:04d}/{month:02d}/"),
        Bench("browse_on_day", public, "public", f"/on/{day:%Y/%m/%d}/"),
    ]


def api_requests(p: Parameters) -> list[Bench]:
    """The API's statements (quotes/api/), whose target is the public pages': p95 <= 50 ms."""
    api = "/api/v1/statements/"
    year = {"date_from": f"{p.year}-01-01", "date_to": f"{p.year}-12-31"}
    public = TARGET_PUBLIC_MS
    benches = [
        Bench("api_statements", public, "api", api),
        Bench("api_leader", public, "api", api + _q(speaker=p.popular_slug)),
        Bench("api_leader_mid", public, "api", api + _q(speaker=p.mid_slug)),
        Bench("api_leader_year", public, "api", api + _q(speaker=p.popular_slug, **year)),
        Bench("api_country_topic", public, "api", api + _q(country=p.country, topic=p.topic_slug)),
        Bench("api_oldest", public, "api", api + _q(sort="oldest")),
        Bench(
            "api_page_1000",
            public,
            "api",
            api + _q(cursor=p.api_deep_cursor),
            note=f"also <= {DEEP_PAGE_FACTOR}x api_statements p95",
        ),
        Bench("api_statement", public, "api", f"{api}{p.statement_id}/"),
        Bench("api_leaders", public, "api", "/api/v1/leaders/"),
        Bench("api_sources", public, "api", "/api/v1/sources/"),
        Bench("api_events", public, "api", "/api/v1/events/"),
    ]
    for label, term in SEARCH_TERMS.items():
        benches.append(Bench(f"api_search_{label}", public, "api", api + _q(q=term)))
    benches.append(
        Bench(
            "api_search_leader",
            public,
            "api",
            api + _q(q=SEARCH_TERMS["mid"], speaker=p.popular_slug),
        )
    )
    return benches


def naive_requests(p: Parameters) -> list[tuple[str, Bench]]:
    """(name of the real request, the same request on the naive baseline)."""
    pairs = [
        ("list", "/naive/quotes/"),
        ("list_leader", "/naive/quotes/" + _q(speaker=p.popular_slug)),
        ("list_page_2000", "/naive/quotes/" + _q(page=DEEP_PAGE)),
        ("search_common", "/naive/quotes/" + _q(q=SEARCH_TERMS["common"])),
        ("search_rare", "/naive/quotes/" + _q(q=SEARCH_TERMS["rare"])),
    ]
    return [(real, Bench(f"naive_{real}", math.inf, "naive", url)) for real, url in pairs]


# ----- Measuring ----------------------------------------------------------------------------


def _plan_rows_counted(plan: dict) -> int:
    """The most rows any Aggregate node of an EXPLAIN ANALYZE plan read from its inputs."""
    most = 0
    for child in plan.get("Plans", []):
        most = max(most, _plan_rows_counted(child))
    if plan.get("Node Type") == "Aggregate":
        read = sum(
            int(child.get("Actual Rows", 0)) * int(child.get("Actual Loops", 1))
            for child in plan.get("Plans", [])
        )
        most = max(most, read)
    return most


def rows_counted(captured: list[dict]) -> int | None:
    """The most rows one COUNT query of `captured` made PostgreSQL count (None elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    most = 0
    for query in captured:
        sql = query["sql"]
        if "COUNT(" not in sql.upper() or sql.lstrip().upper().startswith("EXPLAIN"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        most = max(most, _plan_rows_counted(plan[0]["Plan"]))
    return most


def evict_pages() -> None:
    """Drop every whole page from the local-memory cache, keeping the cached page parts."""
    from django.core.cache import caches

    for alias in caches:
        backend = caches[alias]
        store = getattr(backend, "_cache", None)
        if not isinstance(store, dict):
            continue
        with backend._lock:
            for key in [key for key in store if ":page:" in key]:
                del store[key]
                backend._expire_info.pop(key, None)


def publish_and_evict_pages() -> None:
    """What a publication does to the caches of lists: the "statements" scope moves on."""
    from quotes.record.cache_scopes import STATEMENTS, bump

    bump([STATEMENTS])
    evict_pages()


def _run_once(bench: Bench, clients: dict, before: Callable[[], None] | None = None):
    if before is not None:
        before()
    if bench.call is not None:
        start = time.perf_counter()
        bench.call()
        return (time.perf_counter() - start) * 1000, None
    client = clients["admin" if bench.admin else "public"]
    start = time.perf_counter()
    response = client.get(bench.url)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, response.status_code


def measure(
    benches: list[Bench],
    runs: int,
    clients: dict,
    count_rows: bool,
    before: Callable[[], None] | None = None,
) -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = [Result(bench) for bench in benches]
    for result in results:  # Warm-up, query count, rows counted.
        with CaptureQueriesContext(connection) as context:
            _, status = _run_once(result.bench, clients, before)
        result.queries = len(context.captured_queries)
        result.status = status
        if count_rows:
            result.rows_counted = rows_counted(context.captured_queries)
    for _ in range(runs):
        for result in results:
            elapsed, status = _run_once(result.bench, clients, before)
            result.times_ms.append(elapsed)
            if status is not None and status != 200:
                result.bad_statuses.add(status)
    return results


def verdict(result: Result, by_name: dict[str, Result]) -> tuple[str, str]:
    """(the target as text, "PASS" or "MISS ...")."""
    bench = result.bench
    problems = []
    if result.status not in (None, 200) or result.bad_statuses:
        problems.append(f"status {sorted({result.status, *result.bad_statuses} - {None})}")
    target = f"p95 <= {bench.target_ms:g}"
    if result.p95 > bench.target_ms:
        problems.append(f"+{result.p95 - bench.target_ms:.0f} ms")
    first_pages = {"list_page_2000": "list", "api_page_1000": "api_statements"}
    if bench.name in first_pages and first_pages[bench.name] in by_name:
        first = by_name[first_pages[bench.name]]
        limit = DEEP_PAGE_FACTOR * first.p95
        target += f", <= {DEEP_PAGE_FACTOR}x {first.bench.name} ({limit:.0f})"
        if result.p95 > limit:
            problems.append(f"{result.p95 / first.p95:.1f}x page 1")
    if result.rows_counted is not None and result.rows_counted > MAX_ROWS_COUNTED:
        problems.append(f"counts {result.rows_counted:,} rows")
    return target, ("MISS " + "; ".join(problems)) if problems else "PASS"


def print_table(headers: list[str], rows: list[list[str]], right: set[int]) -> None:
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def _rows_text(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def report(results: list[Result], naive: list[tuple[str, Result]], runs: int) -> dict:
    by_name = {result.bench.name: result for result in results}
    rows = []
    for result in results:
        target, outcome = verdict(result, by_name)
        rows.append(
            [
                result.bench.name,
                f"{result.p50:.1f}",
                f"{result.p95:.1f}",
                str(result.queries),
                _rows_text(result.rows_counted),
                str(result.status or "-"),
                target,
                outcome,
            ]
        )
    print()
    print(f"Server time over {runs} runs (ms), SQL queries per request, most rows one COUNT read")
    headers = ["request", "p50", "p95", "queries", "counted", "status", "target", "result"]
    print_table(headers, rows, right={1, 2, 3, 4})

    comparison = []
    if naive:
        print()
        print("Naive baseline (FilterView, OFFSET pages, full count, ILIKE search)")
        rows = []
        for real_name, result in naive:
            real = by_name.get(real_name)
            ratio = real.p50 and result.p50 / real.p50 if real else math.nan
            comparison.append(
                {
                    "request": real_name,
                    "naive_p50": result.p50,
                    "naive_p95": result.p95,
                    "naive_queries": result.queries,
                    "naive_rows_counted": result.rows_counted,
                    "real_p50": real.p50 if real else None,
                    "ratio_p50": ratio,
                }
            )
            rows.append(
                [
                    real_name,
                    f"{real.p50:.1f}" if real else "-",
                    f"{result.p50:.1f}",
                    f"{result.p95:.1f}",
                    str(result.queries),
                    _rows_text(result.rows_counted),
                    str(result.status),
                    f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x",
                ]
            )
        headers = ["request", "real p50", "naive p50", "naive p95", "queries", "counted"]
        print_table(headers + ["status", "naive/real"], rows, right={1, 2, 3, 4, 5, 7})

    return {
        "results": [
            {
                "request": r.bench.name,
                "url": r.bench.url,
                "p50_ms": round(r.p50, 2),
                "p95_ms": round(r.p95, 2),
                "queries": r.queries,
                "rows_counted": r.rows_counted,
                "status": r.status,
                "target_ms": r.bench.target_ms,
                "result": verdict(r, by_name)[1],
            }
            for r in results
        ],
        "naive": comparison,
    }


def search_match_counts() -> dict[str, int]:
    """How many published statements each search term matches (PostgreSQL only)."""
    from django.db import connection

    from quotes.models import Statement

    if connection.vendor != "postgresql":
        return {}
    from django.contrib.postgres.search import SearchQuery

    counts = {}
    for label, term in SEARCH_TERMS.items():
        query = SearchQuery(term, search_type="websearch", config="verbatim")
        counts[label] = Statement.objects.published().filter(search_vector=query).count()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--naive-runs", type=int, default=10)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--only", help="comma-separated request names (substring match)")
    parser.add_argument(
        "--cache",
        choices=["pages", "change", "none", "warm"],
        default="pages",
        help="pages: no whole page cached (default); change: also after a publication; "
        "none: DummyCache; warm: configured cache",
    )
    parser.add_argument("--no-count-rows", action="store_true", help="skip EXPLAIN ANALYZE")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from quotes.models import Statement

    # The API's rate limit stays on (its cost is part of each request) but never refuses.
    overrides = {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["testserver"],
        "API_RATE_LIMIT": "1000000/s",
    }
    before = None
    if args.cache == "none":
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        overrides["CACHES"] = {alias: dummy for alias in settings.CACHES}
    elif args.cache in ("pages", "change"):
        local = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
        overrides["CACHES"] = {alias: {**local, "LOCATION": alias} for alias in settings.CACHES}
        before = evict_pages if args.cache == "pages" else publish_and_evict_pages
    with override_settings(**overrides):
        started = time.perf_counter()
        total = Statement.objects.count()
        print(
            f"{connection.vendor} {connection.settings_dict.get('NAME')}: {total:,} statements; "
            f"cache {args.cache}; {args.runs} runs; make_cursor "
            f"{'present' if _make_cursor() else 'missing (page=2000)'}"
        )
        params = pick_parameters()
        print(f"parameters ({time.perf_counter() - started:.1f} s): {params}")
        counts = search_match_counts()
        if counts:
            print("search matches: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

        benches = benchmark_requests(params)
        pairs = [] if args.no_naive else naive_requests(params)
        if args.only:
            wanted = [name.strip() for name in args.only.split(",") if name.strip()]
            benches = [b for b in benches if any(w in b.name for w in wanted)]
            pairs = [(real, b) for real, b in pairs if any(w in b.name for w in wanted)]

        clients = {"public": Client()}
        if any(bench.admin for bench in benches):
            # Signing in writes (the session, the last sign-in): only when the admin is measured.
            admin, _ = User.objects.get_or_create(
                username=BENCH_USERNAME, defaults={"is_staff": True, "is_superuser": True}
            )
            clients["admin"] = Client()
            clients["admin"].force_login(admin)
        for bench in benches:
            print(f"  {bench.name:28} {bench.url or bench.note}")

        count_rows = not args.no_count_rows
        results = measure(benches, args.runs, clients, count_rows, before)
        naive_results = []
        if pairs:
            with override_settings(ROOT_URLCONF=NAIVE_URLCONF):
                naive = [b for _, b in pairs]
                measured = measure(naive, args.naive_runs, clients, count_rows, before)
            naive_results = [(real, r) for (real, _), r in zip(pairs, measured, strict=True)]
        figures = report(results, naive_results, args.runs)
        figures["search_matches"] = counts
        figures["cache"] = args.cache
        figures["runs"] = args.runs
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
