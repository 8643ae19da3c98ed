"""Every kind of filter combination of the statements list, cold, and the worst of them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_filter_combinations.py [--triples 150] [--seed 1] [--worst 10]
        [--having topic --explain-all]

The list's filters each get a few values read from the record, common and rare (every kind,
channel and verification; a small and a large country; a frequent and a rare topic and
publisher; a recent month and a far year; a frequent, a rare and an absent word, a phrase of
two names in reverse order), and the benchmark requests:

- each value alone, in both orders (newest and oldest first);
- every pair of filters, with the rarest and the commonest value of each;
- `--triples` triples drawn at random (`--seed`), rare values favoured.

Each request goes through Django's test client with the cache emptied first (`--cache empty`,
the default: nothing cached, as after a deploy), or (`--cache change`) with whole pages evicted
and the "statements" scope moved on as a publication moves it, so that counts, search ids and
filter choices are worked out again while the cards and names stay cached: the first reader
after a publication. For the worst ten by time, every query the page ran is explained
(`EXPLAIN (ANALYZE, BUFFERS)`), and the rows its scans read are added up: rows returned, and
rows removed by a filter or an index recheck, over every loop. Prints the p50/p95/max time,
the requests over the targets (100 ms cold) and the worst ten with their heaviest plan.

`--having topic` keeps only the combinations that use that filter (and, for the topic, adds
the topic page with a few filters); `--explain-all` explains every request, not only the worst
ten, and prints how many read more than 100,000 rows and the ones that read the most.
"""

import argparse
import gc
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

TARGET_COLD_MS = 100
MAX_ROWS_READ = 100_000


def filter_values() -> dict[str, list[str]]:
    """Each filter's values to try, rarest first."""
    from django.db.models import Count

    from quotes.models import Citation, Leader, Statement

    published = Statement.objects.published()

    def by_frequency(field):
        rows = published.order_by().values(field).annotate(n=Count("pk")).order_by("n", field)
        return [str(row[field]) for row in rows if row[field]]

    countries = list(
        Leader.objects.filter(published_tally__statements__gt=0)
        .order_by("published_tally__statements")
        .values_list("country", flat=True)
    )
    topics = list(
        Statement.topics.through.objects.filter(statement__status="published")
        .values("topic__slug")
        .annotate(n=Count("pk"))
        .order_by("n")
        .values_list("topic__slug", flat=True)
    )
    publishers = list(
        Citation.objects.filter(statement__status="published")
        .values("source__publisher")
        .annotate(n=Count("pk"))
        .order_by("n")
        .values_list("source__publisher", flat=True)
    )
    newest = published.order_by("-date_said").values_list("date_said", flat=True)[0]
    oldest = published.order_by("date_said").values_list("date_said", flat=True)[0]
    speakers = list(
        Leader.objects.filter(published_tally__statements__gt=0)
        .order_by("published_tally__statements")
        .values_list("slug", "name")
    )
    first_names = [name.split()[0] for _, name in speakers[-2:]]
    return {
        "kind": by_frequency("kind"),
        "channel": by_frequency("channel"),
        "verification": by_frequency("verification"),
        "country": [countries[0], countries[-1]],
        "topic": [topics[0], topics[-1]],
        "publisher": [publishers[0], publishers[-1]],
        "speaker": [speakers[0][0], speakers[-1][0]],
        "dates": [
            f"{oldest.year}-01-01..{oldest.year}-12-31",
            f"{newest:%Y-%m}-01..{newest.isoformat()}",
        ],
        "q": ["rapprochement", "people", "zzyzxnothing", f'"{first_names[1]} {first_names[0]}"'],
    }


def query_for(choice: dict[str, str]) -> dict[str, str]:
    query = {}
    for name, value in choice.items():
        if name == "dates":
            query["date_from"], query["date_to"] = value.split("..")
        else:
            query[name] = value
    return query


def combinations(values: dict[str, list[str]], triples: int, seed: int) -> list[dict]:
    chosen = []
    for name, options in values.items():
        for value in options:
            chosen.append({name: value})
            chosen.append({name: value, "sort": "oldest"})
    names = list(values)
    for first, second in itertools.combinations(names, 2):
        for a in {values[first][0], values[first][-1]}:
            for b in {values[second][0], values[second][-1]}:
                chosen.append({first: a, second: b})
    generator = random.Random(seed)
    for _ in range(triples):
        three = generator.sample(names, 3)
        # Rare values favoured: the first of each list three times in four.
        choice = {
            name: values[name][0] if generator.random() < 0.75 else generator.choice(values[name])
            for name in three
        }
        if generator.random() < 0.3:
            choice["sort"] = "oldest"
        chosen.append(choice)
    return chosen


def rows_read(plan: dict) -> int:
    """Rows a plan's scans read: returned, removed by a filter or a recheck, over every loop."""
    total = 0
    if "Scan" in plan.get("Node Type", ""):
        per_loop = (
            plan.get("Actual Rows", 0)
            + plan.get("Rows Removed by Filter", 0)
            + plan.get("Rows Removed by Index Recheck", 0)
        )
        total += per_loop * plan.get("Actual Loops", 1)
    for child in plan.get("Plans", []):
        total += rows_read(child)
    return total


def explain(sql: str) -> tuple[int, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    return rows_read(plan[0]["Plan"]), text


def heaviest_plan(captured) -> tuple[int, str, str]:
    """(rows read, plan, SQL) of the query of a request that read the most rows."""
    heaviest = (0, "", "")
    for query in captured:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        read, text = explain(sql)
        if read >= heaviest[0]:
            heaviest = (read, text, sql)
    return heaviest


def main() -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--having", help="only the combinations that use this filter")
    parser.add_argument("--explain-all", action="store_true", help="rows read by every request")
    parser.add_argument("--cache", choices=["empty", "change"], default="empty")
    parser.add_argument(
        "--path", action="append", help="only these addresses (repeatable), e.g. /quotes/?q=x"
    )
    args = parser.parse_args()
    setup_test_environment()
    if args.cache == "change":
        from bench_pages import publish_and_evict_pages
        from django.test import override_settings

        local = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
        override_settings(CACHES={"default": local}).enable()
        before_each = publish_and_evict_pages
    else:
        before_each = cache.clear
    client = Client()
    values = filter_values()
    chosen = combinations(values, args.triples, args.seed)
    if args.having:
        chosen = [choice for choice in chosen if args.having in choice]
    paths = ["/quotes/?" + urlencode(query_for(choice)) for choice in chosen]
    if args.path:
        paths = args.path
    if args.having == "topic":
        page = f"/topics/{values['topic'][-1]}/"
        paths += [page] + [
            f"{page}?{urlencode({name: values[name][-1]})}"
            for name in ("channel", "kind", "publisher", "speaker")
        ]
    timings = []
    if args.cache == "change":
        for path in paths:  # the cards and names a publication leaves cached
            client.get(path)
    for path in paths:
        before_each()
        gc.collect()  # a collection of the whole heap is not a request's own cost
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        timings.append((elapsed, path, response.status_code, list(queries.captured_queries)))
    times = sorted(t[0] for t in timings)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{len(timings)} requests, cache {args.cache}: p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms; "
        f"over {TARGET_COLD_MS} ms: {sum(1 for t in times if t > TARGET_COLD_MS)}"
    )
    if args.explain_all:
        read_by = sorted(
            ((heaviest_plan(captured)[0], path) for _, path, _, captured in timings), reverse=True
        )
        over = sum(1 for read, _ in read_by if read > MAX_ROWS_READ)
        print(f"requests reading more than {MAX_ROWS_READ:,} rows in one query: {over}")
        for read, path in read_by[: args.worst]:
            print(f"  {read:>9,}  {path}")
    print(f"\nthe worst {args.worst}:")
    for elapsed, path, status, captured in sorted(timings, key=lambda t: -t[0])[: args.worst]:
        heaviest = heaviest_plan(captured)
        flag = "  OVER 100,000 ROWS" if heaviest[0] > MAX_ROWS_READ else ""
        print(f"\n{elapsed:7.0f} ms  {status}  {path}\n  rows read by its heaviest query: "
              f"{heaviest[0]:,}{flag}")  # fmt: skip
        print("  " + heaviest[1].replace("\n", "\n  "))


if __name__ == "__main__":
    main()
