"""Profile a warm hit in process: Python function calls of a page served whole from the cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/profile_warm.py [URL ...] [--top 0] [--runs 1000]

Each URL (by default `/quotes/`, `/leaders/` and `/quotes/?q=people`) is requested three times
through Django's test client (DEBUG off, every cache in local memory), so that the page is in
the page cache, then once under cProfile. Printed for each: "calls", every function call of
the request as the test client makes it (the load test's scenario mix_warm serves such hits
from Redis), and "in the handler", the calls under Django's `BaseHandler.get_response` (the
middleware, the URL's resolution and the view: what gunicorn's worker runs too, without the
test client's own work). With `--top N`, the N functions with the most calls under them.
Then the CPU time of this process per request, `--runs` rounds of the URLs without the
profiler.
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

DEFAULT_URLS = ["/quotes/", "/leaders/", "/quotes/?q=people"]


def calls_under_each_function(client, url):
    """Every call of one request, and for each function the calls made while it ran."""
    under = Counter()
    stack = []

    def profile(frame, event, arg):
        if event in ("call", "c_call"):
            code = frame.f_code
            name = (
                f"{code.co_filename}:{code.co_firstlineno}({code.co_name})"
                if event == "call"
                else f"<built-in {getattr(arg, '__qualname__', arg)}>"
            )
            for caller in set(stack):
                under[caller] += 1
            under[name] += 1
            stack.append(name)
        elif event in ("return", "c_return", "c_exception") and stack:
            stack.pop()

    sys.setprofile(profile)
    try:
        response = client.get(url)
    finally:
        sys.setprofile(None)
    return response, under


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    caches = {alias: dict(local, LOCATION=alias) for alias in settings.CACHES}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], CACHES=caches):
        client = Client()
        for url in args.urls:
            for _ in range(3):
                client.get(url)
            response, under = calls_under_each_function(client, url)
            total = under.most_common(1)[0][1]
            handler = max(
                (count for name, count in under.items() if name.endswith("(get_response)")),
                default=0,
            )
            print(
                f"{url}: {response.status_code} X-Cache={response.get('X-Cache')} "
                f"calls {total}, in the handler {handler}"
            )
            for name, count in under.most_common(args.top):
                print(f"  {count:6d} {name}")
        started = time.process_time()
        for _ in range(args.runs):
            for url in args.urls:
                client.get(url)
        spent = time.process_time() - started
        print(f"CPU per request: {spent * 1000 / (args.runs * len(args.urls)):.3f} ms")


if __name__ == "__main__":
    main()
