"""How long a statement's share image takes to draw, and how large it is.

    python benchmarks/bench_share_image.py [--runs 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_share_image.py --runs 3 --statements 200

Draws each kind of statement `--runs` times (Pillow only, no database, no cache): short,
typical and long English words, words far too long for the image (cut to 600 characters before
layout), one enormous word, Arabic, Chinese and emoji. With `--statements N` it also draws the
images of the N newest published statements of the database (read only), as a reader's first
request after a change would. Then a cached image: what every later request costs.
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

TYPICAL = (
    "We will respond to the attack on our airfields, and the response will be decided by the "
    "military."
)
CASES = {
    "short (6 words)": "We will never give up our land.",
    "typical (100 characters)": TYPICAL,
    "long (400 characters)": (TYPICAL + " ") * 4,
    "too long (10,000 characters)": (TYPICAL + " ") * 100,
    "one word of 1,000,000 letters": "x" * 1_000_000,
    "Arabic": "لن نتخلى عن حقوقنا المشروعة في الدفاع عن أرضنا وشعبنا مهما كلف الأمر",
    "Chinese": "我们坚持和平发展道路，同时决不放弃我们的正当权益，决不能牺牲国家核心利益。",
    "emoji and controls": "Peace 🕊️ now 👨‍👩‍👧 \x07\u202e and 🇺🇦 " * 5,
}


def statement_saying(words: str):
    import datetime

    from quotes.models import Leader, Statement

    return Statement(
        speaker=Leader(name="Vladimir Putin"), text=words, date_said=datetime.date(2025, 6, 4)
    )


def time_drawing(statement, runs: int) -> tuple[list[float], list[float], int]:
    """Each drawing's wall-clock and CPU milliseconds, and the PNG's size."""
    from quotes.public.share_images import draw_image, what_it_shows

    timings, cpu, size = [], [], 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        png = draw_image(what_it_shows(statement))
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        size = len(png)
    return timings, cpu, size


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(name: str, timings: list[float], cpu: list[float], size: int) -> None:
    print(
        f"| {name} | {statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} "
        f"| {max(timings):.1f} | {statistics.median(cpu):.1f} | {size / 1024:.0f} |"
    )


def time_cached(runs: int) -> list[float]:
    """A cached image: a digest of what it shows and one read of the configured cache (local
    memory unless REDIS_URL is set)."""
    from django.core.cache import cache

    from quotes.public.share_images import share_image_png

    statement = statement_saying(TYPICAL)
    statement.pk = 1
    cache.clear()
    share_image_png(statement)
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        share_image_png(statement)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return timings, cpu


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="drawings of each kind")
    parser.add_argument(
        "--statements", type=int, default=0, help="also draw the N newest published statements"
    )
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from PIL import features

    layout = "libraqm" if features.check("raqm") else "basic"
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"Pillow layout: {layout}; cache: {cache}; {options.runs} drawings of each\n")
    print("| statement | p50 ms | p95 ms | max ms | CPU p50 ms | PNG KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, words in CASES.items():
        report(name, *time_drawing(statement_saying(words), options.runs))

    if options.statements:
        from quotes.models import Statement

        statements = list(
            Statement.objects.published()
            .for_cards()
            .order_by("-date_said", "-id")[: options.statements]
        )
        timings, cpu, sizes = [], [], []
        for statement in statements:
            drawn, drawn_cpu, size = time_drawing(statement, options.runs)
            timings.extend(drawn)
            cpu.extend(drawn_cpu)
            sizes.append(size)
        if statements:
            name = f"{len(statements)} newest published statements"
            report(name, timings, cpu, int(statistics.mean(sizes)))
    report("a cached image (digest and cache read)", *time_cached(options.runs * 10), 0)


if __name__ == "__main__":
    main()
