"""The daily run of the e-mail alerts (`send_alerts`) at a million statements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_alerts_bench \\
        python benchmarks/bench_alerts.py [--addresses 2000] [--without-index]

Needs a generated record in a database of its own that the script may write to (never the
shared `verbatim_bench`, which it refuses): `generate_record` leaves `published_at` empty, so
the first run gives every published statement one, the day after its date said, as the review
workflow would have. Everything else it writes (addresses, their lists, what was sent) is rolled
back at the end, so it can run again.

The run's day is the record's last: the statements published in the 24 hours before it (the
generator puts several thousand statements on the last day of a million, a very busy newsroom).
Each address follows one to three lists, in turn: a leader (the most quoted are followed most,
as readers would), a topic, a leader on a topic, a country, a search, a choice of kind and
verification, everything. The mails go to a backend that keeps them in memory.

`--without-index` drops the `statement_published_at` index inside the transaction first, to
show what it saves. Prints the time of the whole run, per address (p50, p95, max), queries per
address and what the digests listed.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

SHARED_BENCHMARK_DATABASE = "verbatim_bench"


class Rollback(Exception):
    pass


def give_publication_times(connection) -> int:
    """Every published statement without a publication time gets one: the day after it was
    said. Once per database; `ANALYZE` after, for the planner."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE quotes_statement SET published_at = date_said + interval '1 day 6 hours' "
            "WHERE status = 'published' AND published_at IS NULL"
        )
        updated = cursor.rowcount
        if updated:
            cursor.execute("ANALYZE quotes_statement")
    return updated


def followed_queries(rng: random.Random, count: int) -> list[str]:
    """`count` lists as readers would follow them (canonical queries)."""
    from django.db.models import F

    from quotes.models import Leader, PublishedTally, Topic

    tallies = list(
        PublishedTally.objects.filter(statements__gt=0)
        .order_by(F("statements").desc())
        .values_list("leader__slug", "statements")
    )
    slugs = [slug for slug, _ in tallies]
    weights = [statements for _, statements in tallies]
    topics = list(Topic.objects.values_list("slug", flat=True))
    countries = list(Leader.objects.values_list("country", flat=True).distinct())
    words = ["people", "peace", "sanctions", "trade", "election", "war"]

    def leader():
        return rng.choices(slugs, weights)[0]

    kinds = [
        lambda: f"speaker={leader()}",
        lambda: f"topic={rng.choice(topics)}",
        lambda: f"speaker={leader()}&topic={rng.choice(topics)}",
        lambda: f"country={rng.choice(countries)}",
        lambda: f"q={rng.choice(words)}",
        lambda: "kind=direct&verification=verified",
        lambda: "",
    ]
    return [kinds[number % len(kinds)]() for number in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addresses", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--without-index", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Max

    from quotes.alerts import digests
    from quotes.alerts.lists import canonical_query
    from quotes.alerts.models import FollowedList, Follower
    from quotes.models import Statement

    if connection.vendor != "postgresql":
        sys.exit("A PostgreSQL database with a generated record, please (DATABASE_URL).")
    if settings.DATABASES["default"]["NAME"] == SHARED_BENCHMARK_DATABASE:
        sys.exit(f"{SHARED_BENCHMARK_DATABASE} is shared and read-only: use a database of its own.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    given = give_publication_times(connection)
    if given:
        print(f"gave {given:,} published statements a publication time")
    last = Statement.objects.published().aggregate(last=Max("published_at"))["last"]
    now = last + digests.SETTLE + datetime.timedelta(minutes=1)
    day_before = now - datetime.timedelta(days=1)
    published_that_day = Statement.objects.published().filter(
        published_at__gte=day_before, published_at__lt=now - digests.SETTLE
    )
    rng = random.Random(args.seed)

    timings, queries = [], []
    real_send_digest = digests.send_digest

    def timed_send_digest(*a, **kw):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            real_send_digest(*a, **kw)
        timings.append(time.perf_counter() - started)
        queries.append(count[0])

    digests.send_digest = timed_send_digest
    try:
        with transaction.atomic():
            if args.without_index:
                with connection.cursor() as cursor:
                    cursor.execute("DROP INDEX statement_published_at")
            queries_of_lists = [
                canonical_query(query) for query in followed_queries(rng, args.addresses * 2)
            ]
            lists = []
            for number in range(args.addresses):
                follower = Follower.objects.create(email=f"reader{number}@example.org")
                for query in set(rng.sample(queries_of_lists, rng.choice((1, 1, 2, 3)))):
                    lists.append(
                        FollowedList(
                            follower=follower,
                            query=query,
                            confirmed_at=day_before,
                            mailed_until=day_before,
                        )
                    )
            FollowedList.objects.bulk_create(lists)
            started = time.perf_counter()
            report = digests.send_alerts(now=now)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    finally:
        digests.send_digest = real_send_digest

    ordered = sorted(timings)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"record: {Statement.objects.count():,} statements; published on the day: "
        f"{published_that_day.count():,}"
    )
    print(
        f"{args.addresses:,} addresses following {len(lists):,} lists"
        f"{' (without the published_at index)' if args.without_index else ''}"
    )
    print(f"run: {elapsed:.1f} s; {report}")
    print(
        f"per address: p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms; "
        f"queries p50 {statistics.median(queries):.0f}, max {max(queries)}"
    )
    if mail.outbox:
        sizes = [len(message.message().as_bytes()) for message in mail.outbox]
        print(f"mails: {len(sizes):,}, {statistics.mean(sizes) / 1000:.1f} kB on average")


if __name__ == "__main__":
    main()
