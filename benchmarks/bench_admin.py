"""The editors' admin at scale: every changelist, its filters, search, sorts and pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_admin.py [--repeat 5] [--only TEXT]

Requests go through Django's test client in this process, signed in as a superuser made for the
run (and removed after), with the cache emptied before each request so that nothing is warm
but PostgreSQL's own buffers. Prints the median and the slowest of `--repeat` runs of each
address, its number of queries, and whether the page shows rows; the slowest ten last.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")


def addresses(leader, year) -> list[str]:
    statements = "/admin/quotes/statement/"
    return [
        statements,
        f"{statements}?p=2",
        f"{statements}?p=99",
        f"{statements}?p=2000",
        f"{statements}?p=10004",
        f"{statements}?_facets=True",
        f"{statements}?status__exact=draft",
        f"{statements}?status__exact=submitted",
        f"{statements}?verification__exact=misattributed",
        f"{statements}?kind__exact=paraphrase&channel__exact=other",
        f"{statements}?kind__exact=paraphrase&channel__exact=other&verification__exact=misattributed",
        f"{statements}?country={leader.country}",
        f"{statements}?year={year}",
        f"{statements}?q=people",
        f"{statements}?q=zzzznothing",
        f"{statements}?o=1",
        f"{statements}?o=2",
        f"{statements}?o=-3",
        f"{statements}?speaker__id__exact={leader.pk}",
        "/admin/quotes/leader/",
        "/admin/quotes/leader/?q=macron",
        "/admin/quotes/leader/?o=4",
        "/admin/quotes/source/",
        "/admin/quotes/source/?p=500",
        "/admin/quotes/source/?q=reuters",
        "/admin/quotes/source/?kind__exact=article",
        "/admin/quotes/citation/",
        "/admin/quotes/citation/?q=people",
        "/admin/quotes/officeheld/",
        "/admin/quotes/topic/",
        "/admin/quotes/correction/",
        "/admin/quotes/errorreport/",
        "/admin/quotes/statement/review/",
    ]


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    from quotes.models import Leader, Statement

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # to count queries
    user = User.objects.create_superuser(f"bench-{os.getpid()}", password=None)
    client = Client()
    client.force_login(user)
    leader = Leader.objects.order_by("id").first()
    year = Statement.objects.order_by("-date_said").values_list("date_said", flat=True)[0].year
    results = []
    try:
        for address in addresses(leader, year):
            if args.only and args.only not in address:
                continue
            times, status, queries, rows = [], None, 0, None
            for _ in range(args.repeat):
                cache.clear()
                reset_queries()
                started = time.perf_counter()
                response = client.get(address)
                times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
                queries = len(connection.queries)
                context = getattr(response, "context_data", None) or {}
                changelist = context.get("cl")
                rows = len(changelist.result_list) if changelist is not None else None
            results.append((address, statistics.median(times), max(times), status, queries, rows))
            print(
                f"{statistics.median(times):8.0f} ms  max {max(times):6.0f}  {status}  "
                f"{queries:3} queries  rows {rows!s:>4}  {address}",
                flush=True,
            )
    finally:
        user.delete()
    print("\nslowest ten (by the slowest run):")
    for address, _, slowest, *_ in sorted(results, key=lambda r: -r[2])[:10]:
        print(f"{slowest:8.0f} ms  {address}")


if __name__ == "__main__":
    main()
