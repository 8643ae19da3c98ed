"""Profile the public pages in process: Python function calls per request, and where they go.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/profile_pages.py [--cache pages|none] [--runs 5] [--only NAME[,NAME]]
        [--top 30] [--sort tottime|cumulative]

The requests are bench_pages.py's public pages and searches, through Django's test client with
the settings bench_pages.py uses (DEBUG off; `--cache pages`: whole pages evicted before each
request, their parts kept; `--cache none`: nothing cached). Each is made once unprofiled (the
warm-up), then `--runs` times under cProfile.

The count of function calls per request is the figure to compare between two versions of the
code: unlike a time, it does not move with the load of a shared machine. Beside it, the time
under the profiler (inflated by the profiler's own cost) and the median CPU time of this
process per request without the profiler, `--runs` times before the profiled runs: Python's
own time, without PostgreSQL's, and less moved by other work than the time on the clock.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", choices=["pages", "none"], default="pages")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated request names (substring match)")
    parser.add_argument("--top", type=int, default=0, help="print the top functions of all")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--dump", type=Path, help="also write the profile of all to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from benchmarks.bench_pages import benchmark_requests, evict_pages, pick_parameters

    overrides = {"DEBUG": False, "ALLOWED_HOSTS": ["testserver"]}
    before = None
    if args.cache == "none":
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        overrides["CACHES"] = {alias: dummy for alias in settings.CACHES}
    else:
        local = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
        overrides["CACHES"] = {alias: {**local, "LOCATION": alias} for alias in settings.CACHES}
        before = evict_pages
    with override_settings(**overrides):
        benches = [
            b
            for b in benchmark_requests(pick_parameters())
            if b.url and b.group in ("public", "search")
        ]
        if args.only:
            wanted = [name.strip() for name in args.only.split(",") if name.strip()]
            benches = [b for b in benches if any(w in b.name for w in wanted)]
        client = Client()
        everything = None
        total_calls = 0
        total_cpu = 0.0
        print(
            f"cache {args.cache}; {args.runs} runs; per request: calls and time under the "
            "profiler, then the median CPU time of this process without it"
        )
        for bench in benches:
            if before:
                before()
            status = client.get(bench.url).status_code
            cpu = []
            for _ in range(args.runs):
                if before:
                    before()
                started = time.process_time()
                client.get(bench.url)
                cpu.append((time.process_time() - started) * 1000)
            total_cpu += statistics.median(cpu)
            profile = cProfile.Profile()
            started = time.perf_counter()
            for _ in range(args.runs):
                if before:
                    before()
                profile.enable()
                client.get(bench.url)
                profile.disable()
            elapsed = (time.perf_counter() - started) * 1000 / args.runs
            stats = pstats.Stats(profile)
            calls = stats.total_calls // args.runs
            # One profiler at a time (each replaces the other's hook): the sum is added up.
            everything = stats if everything is None else everything.add(stats)
            total_calls += calls
            print(
                f"  {bench.name:26} {status} {calls:>9,} calls {elapsed:7.1f} ms profiled "
                f"{statistics.median(cpu):6.2f} ms CPU"
            )
        print(f"  {'all':26}     {total_calls:>9,} calls {'':19} {total_cpu:7.1f} ms CPU")
        if args.dump and everything is not None:
            everything.dump_stats(args.dump)
        if args.top and everything is not None:
            everything.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
