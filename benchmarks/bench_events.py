"""Time the events' pages, the event and language filters and the languages' choices on a
large record.

Run against a copy of the large record of docs/PERFORMANCE.md, never a shared one: `--setup`
writes to it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_events_bench \\
        python benchmarks/bench_events.py --setup      # once: events and translations
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_events_bench \\
        python benchmarks/bench_events.py [--runs 20]

`--setup` adds `--events` events (200), each with two or three of the thirty most quoted
leaders as participants and up to six of each one's published statements from the ten days
after the event's date, and gives one published statement in twelve an original language (six
languages, each with a news agency as translator). It writes with `QuerySet.update()` and
plain SQL, as a bulk load does, moves every cache scope on, and analyses the tables.

Each request then goes through Django's test client, once to warm up and count its queries,
then `--runs` times, with (`--cache`):

- `none`: nothing cached (Django's DummyCache): every count, choice and card worked out again,
  as after a deploy;
- `parts` (the default): whole pages never cached, the parts of pages and the cards cached in
  local memory as the warm-up left them: a reader's first view of a page whose parts have not
  changed since (after a publication elsewhere in the record, say).
 Prints each request's median and 95th percentile, its
queries, and the plans of the two filters' queries of statements.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

LANGUAGES = ["ar", "fr", "ko", "ru", "uk", "zh-Hans"]
TRANSLATED_ONE_IN = 12
MOST_QUOTED = 30
PER_PARTICIPANT = 6


def set_up(events: int, seed: int) -> None:
    from django.db import connection, transaction

    from quotes.models import Event, Leader, Statement
    from quotes.record.versions import record_changed

    rng = random.Random(seed)
    leaders = list(
        Leader.objects.filter(published_tally__statements__gt=0).order_by(
            "-published_tally__statements"
        )[:MOST_QUOTED]
    )
    newest = (
        Statement.objects.published().order_by("-date_said").values_list("date_said", flat=True)[0]
    )
    made = attached = translated = 0
    with transaction.atomic():
        for number in range(events if not Event.objects.exists() else 0):
            participants = rng.sample(leaders, rng.choice((2, 2, 3)))
            day = newest - datetime.timedelta(days=rng.randrange(10, 3650))
            event = Event.objects.create(
                title=f"Call between {' and '.join(leader.name for leader in participants)}",
                slug=f"bench-event-{number}",
                kind=rng.choice(Event.Kind.values),
                date=day,
                place="By telephone",
            )
            event.participants.set(participants)
            ids = []
            for leader in participants:
                ids += (
                    Statement.objects.published()
                    .filter(
                        speaker=leader,
                        date_said__gte=day,
                        date_said__lte=day + datetime.timedelta(days=10),
                    )
                    .values_list("pk", flat=True)[: rng.randrange(2, PER_PARTICIPANT + 1)]
                )
            attached += Statement.objects.filter(pk__in=ids).update(event=event)
            made += 1
        if not Statement.objects.exclude(original_language="").exists():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE quotes_statement "
                    "SET original_language = (%s::text[])[(id / %s) %% %s + 1], "
                    "translated_by = 'agency', translation_source = 'TASS' "
                    "WHERE status = 'published' AND id %% %s = 0",
                    [LANGUAGES, TRANSLATED_ONE_IN, len(LANGUAGES), TRANSLATED_ONE_IN],
                )
                translated = cursor.rowcount
        record_changed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quotes_statement")
        cursor.execute("ANALYZE quotes_event")
        cursor.execute("ANALYZE quotes_event_participants")
    print(f"{made} events, {attached} statements attached to them, {translated} translated.")


def requests() -> dict[str, str]:
    from django.db.models import Count

    from quotes.models import Event, Leader

    events = list(
        Event.objects.public().annotate(accounts=Count("statements")).order_by("-accounts", "slug")
    )
    if not events:
        sys.exit("No event in this record: run with --setup first (on a copy of the record).")
    largest, middle = events[0], events[len(events) // 2]
    popular = Leader.objects.order_by("-published_tally__statements").first()
    return {
        "list, no filter (for comparison)": "/quotes/",
        f"event page, largest ({largest.accounts} statements)": largest.get_absolute_url(),
        f"event page, median ({middle.accounts} statements)": middle.get_absolute_url(),
        "events list": "/events/",
        "events of the most quoted leader": f"/events/?leader={popular.slug}",
        "list ?event= (largest)": f"/quotes/?event={largest.slug}",
        "list ?event= (largest), oldest first": f"/quotes/?event={largest.slug}&sort=oldest",
        "list ?language=ko": "/quotes/?language=ko",
        "list ?language=ko, most quoted leader": f"/quotes/?language=ko&speaker={popular.slug}",
        "most quoted leader's page (with its events)": popular.get_absolute_url(),
        "search 'people' (with events matching)": "/quotes/?q=people",
        "search 'call' (events matching: many)": "/quotes/?q=call",
    }


def explain_filters() -> None:
    from django.db import connection

    from quotes.models import Event, Statement

    event = Event.objects.public().order_by("slug").first()
    published = Statement.objects.published()
    queries = {
        "?event=": published.filter(event=event).order_by("-date_said", "-id")[:21],
        "?language=ko": published.filter(original_language="ko").order_by("-date_said", "-id")[:21],
    }
    for name, queryset in queries.items():
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"\nPlan of the {name} page's statements:")
        print("\n".join(f"    {line}" for line in plan))


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help="add events and translations")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cache", choices=["none", "parts"], default="parts")
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    from quotes.public.filters import distinct_languages

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: DATABASE_URL=postgres://… (a copy of the large record).")
    if args.setup:
        set_up(args.events, args.seed)
        return
    setup_test_environment()
    if args.cache == "none":
        backend = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    overrides = {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["testserver"],
        "CACHES": {alias: {**backend, "LOCATION": alias} for alias in settings.CACHES},
        "VERBATIM_PAGE_CACHE": False,
    }
    with override_settings(**overrides):
        client = Client()
        paths = requests()
        print(f"{'request':52} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, path in paths.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            queries = len(captured)  # before the next request empties Django's log of them
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            print(f"{name:52} {statistics.median(times):8.1f} {p95:8.1f} {queries:8}")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            languages = distinct_languages()
            times.append((time.perf_counter() - start) * 1000)
        print(f"{'the languages offered (' + str(len(languages)) + ')':52} "
              f"{statistics.median(times):8.1f}")  # fmt: skip
        explain_filters()


if __name__ == "__main__":
    main()
