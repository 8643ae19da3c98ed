"""A newsroom's day: readers browse while editors publish, the caches as in production.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        python benchmarks/newsroom_day.py [--duration 300] [--write-every 30] \\
            [--invalidate scoped|everything]

- Readers: wrk (2 threads, 16 connections) opens addresses drawn at random from a population
  shaped like a quote record's traffic: leader pages (leaders drawn by how much they are
  quoted), recent statements' pages, the list with and without filters, searches, topic pages,
  the home page and feeds (`reader_addresses`).
- Editors: this process publishes a statement every `--write-every` seconds, through the models
  as the admin does (a leader drawn the same way, one of the newest sources, a topic), so every
  publication moves on the cache scopes it reaches (quotes/record/cache_scopes.py).
- `--invalidate everything` makes every publication also stale every page and card, as when the
  record had a single version: the same run with and without it shows what the scopes buy.

gunicorn runs with the repository's gunicorn.conf.py (threaded workers), DEBUG off, the page
cache in Redis under a key prefix new to the run, cold at the start. Prints requests/s, p50 and
p99, the share of pages the cache served (the `X-Cache` header) and Redis's hit rate over the
run. The statements it published are taken out of the record at the end.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

from benchmarks.load_test import (  # noqa: E402
    Server,
    lua_strings,
    parse_wrk,
    server_environment,
    wrk_output,
)

MARKER = "Published during the newsroom-day benchmark."
ADDRESSES = 5_000
SEARCH_TERMS = ["people", "ceasefire", "rapprochement", "nuclear weapon", '"peace talks"']

LUA = """
local urls = {%(urls)s}
hits, misses = 0, 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%%x+)"), 16) %% 100000)
end
request = function()
  return wrk.format("GET", urls[math.random(#urls)])
end
response = function(status, headers, body)
  local served = headers["X-Cache"]
  if served == "hit" then hits = hits + 1 elseif served == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits")
    m = m + t:get("misses")
  end
  io.write(string.format("XCACHE hits=%%d misses=%%d\\n", h, m))
end
"""


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def reader_addresses(rng: random.Random, count: int = ADDRESSES) -> list[str]:
    """Addresses drawn by how often readers of a quote record open each kind of page."""
    from django.db.models import Count

    from quotes.models import Leader, Statement, Topic

    leaders = list(
        Leader.objects.order_by("-published_tally__statements").values_list("slug", flat=True)
    )
    leader_weights = zipf_weights(len(leaders))
    topics = list(
        Topic.objects.annotate(n=Count("statements")).order_by("-n").values_list("slug", flat=True)
    )
    topic_weights = zipf_weights(len(topics))
    recent = list(Statement.objects.published().newest_first().select_related("speaker")[:20_000])
    statement_urls = [s.get_absolute_url() for s in recent]
    years = [2026, 2025, 2024, 2020, 2010]

    def leader() -> str:
        return rng.choices(leaders, leader_weights)[0]

    kinds = [
        (10, lambda: "/"),
        (10, lambda: "/quotes/"),
        (5, lambda: f"/quotes/?speaker={leader()}"),
        (3, lambda: f"/quotes/?year={rng.choice(years)}"),
        (3, lambda: f"/quotes/?kind={rng.choice(['direct', 'partial', 'paraphrase'])}"),
        (5, lambda: f"/quotes/?q={rng.choice(SEARCH_TERMS).replace(' ', '+')}"),
        (2, lambda: "/quotes/?last=1"),
        (22, lambda: f"/leaders/{leader()}/"),
        (25, lambda: rng.choice(statement_urls)),
        (8, lambda: f"/topics/{rng.choices(topics, topic_weights)[0]}/"),
        (3, lambda: "/leaders/"),
        (2, lambda: "/feeds/latest.rss"),
        (2, lambda: f"/leaders/{leader()}/feed.rss"),
    ]
    weights = [weight for weight, _ in kinds]
    makers = [make for _, make in kinds]
    return [rng.choices(makers, weights)[0]() for _ in range(count)]


class Newsroom(threading.Thread):
    """Publishes a statement every `every` seconds until stopped."""

    def __init__(self, every: float, invalidate_everything: bool, seed: int):
        super().__init__(daemon=True)
        self.every = every
        self.invalidate_everything = invalidate_everything
        self.rng = random.Random(seed)
        self.stopped = threading.Event()
        self.published = 0
        self.write_ms: list[float] = []

    def run(self):
        from django.db import connection

        from quotes.models import Leader, Source, Topic

        leaders = list(Leader.objects.order_by("-published_tally__statements"))
        weights = zipf_weights(len(leaders))
        sources = list(Source.objects.order_by("-id")[:500])
        topics = list(Topic.objects.all())
        try:
            while not self.stopped.wait(self.every):
                started = time.perf_counter()
                self.publish(self.rng.choices(leaders, weights)[0], sources, topics)
                self.write_ms.append((time.perf_counter() - started) * 1000)
                self.published += 1
        finally:
            connection.close()

    def publish(self, leader, sources, topics):
        from django.db import transaction
        from django.utils import timezone

        from quotes.models import Citation, Statement
        from quotes.record import cache_scopes

        with transaction.atomic():
            statement = Statement.objects.create(
                speaker=leader,
                text=f"Statement {self.published + 1} of the day, {time.time():.6f}.",
                date_said=timezone.localdate(),
                kind=Statement.Kind.DIRECT,
                status=Statement.Status.PUBLISHED,
                published_at=timezone.now(),
                context=MARKER,
            )
            Citation.objects.create(statement=statement, source=self.rng.choice(sources))
            statement.topics.add(self.rng.choice(topics))
            if self.invalidate_everything:
                cache_scopes.everything_changed()


def remove_published() -> int:
    """Take the benchmark's statements out of the record again (drafts first: a published
    statement is never deleted)."""
    from django.db import transaction

    from quotes.models import Statement
    from quotes.record import cache_scopes

    with transaction.atomic():
        mine = Statement.objects.filter(context=MARKER)
        count = mine.update(status=Statement.Status.DRAFT)
        Statement.history.filter(context=MARKER).delete()
        mine.delete()
        Statement.history.filter(context=MARKER).delete()
        cache_scopes.everything_changed()
    return count


def redis_stats(url: str) -> tuple[int, int]:
    import redis

    info = redis.Redis.from_url(url).info("stats")
    return info["keyspace_hits"], info["keyspace_misses"]


def run_readers(base: str, urls: list[str], duration: int, workdir: Path) -> dict:
    output = wrk_output(base + "/", LUA % {"urls": lua_strings(urls)}, duration, workdir)
    figures = parse_wrk(output)
    for line in output.splitlines():
        if line.startswith("XCACHE"):
            parts = dict(item.split("=") for item in line.split()[1:])
            figures["hits"], figures["misses"] = int(parts["hits"]), int(parts["misses"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of reading")
    parser.add_argument("--write-every", type=float, default=30, help="seconds between writes")
    parser.add_argument("--invalidate", choices=["scoped", "everything"], default="scoped")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: the config's)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL")
    if not os.environ.get("DATABASE_URL") or not redis_url:
        sys.exit("Set DATABASE_URL to the benchmark database and REDIS_URL to a Redis.")

    import django

    django.setup()
    rng = random.Random(args.seed)
    urls = reader_addresses(rng)

    with tempfile.TemporaryDirectory(prefix="verbatim-newsroom-") as tmp:
        workdir = Path(tmp)
        env = server_environment(
            workdir,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=f"verbatim-newsroom-{int(time.time())}",
        )
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        newsroom = Newsroom(args.write_every, args.invalidate == "everything", args.seed)
        with Server("quotes.wsgi", 0, 0, env, config=str(ROOT / "gunicorn.conf.py")) as server:
            hits_before, misses_before = redis_stats(redis_url)
            newsroom.start()
            try:
                figures = run_readers(server.base, urls, args.duration, workdir)
            finally:
                newsroom.stopped.set()
                newsroom.join()
            hits_after, misses_after = redis_stats(redis_url)
    removed = remove_published()

    served = figures.get("hits", 0) + figures.get("misses", 0)
    redis_gets = (hits_after - hits_before) + (misses_after - misses_before)
    print(
        f"invalidation {args.invalidate}; {len(set(urls))} distinct addresses; "
        f"{newsroom.published} publications, one every {args.write_every:g} s "
        f"(write p50 {sorted(newsroom.write_ms)[len(newsroom.write_ms) // 2]:.0f} ms); "
        f"{args.duration} s; {os.cpu_count()} CPUs"
        if newsroom.write_ms
        else f"invalidation {args.invalidate}; no publication in {args.duration} s"
    )
    print(
        f"  {figures['rps']:.1f} req/s  p50 {figures['p50']:.1f} ms  p99 {figures['p99']:.1f} ms  "
        f"requests {figures['requests']}  non-2xx {figures['non_2xx']}"
    )
    if served:
        print(f"  pages from the cache: {figures['hits'] / served:.1%} of {served}")
    if redis_gets:
        print(
            f"  Redis hit rate (pages, parts, cards): "
            f"{(hits_after - hits_before) / redis_gets:.1%} of {redis_gets} lookups"
        )
    print(f"  {removed} benchmark statements taken out of the record again")


if __name__ == "__main__":
    main()
