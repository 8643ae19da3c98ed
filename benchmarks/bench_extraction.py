"""Time extract() on a 2,000-word article with the full leaders directory.

Run: python benchmarks/bench_extraction.py [--runs N] [--leaders FILE.csv]
The article is the annotated articles of tests/data/extraction joined and cut to 2,000
words, so it is dense with quotations (denser than real news).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction import SpeakerDirectory, extract  # noqa: E402

DATA = ROOT / "tests" / "data" / "extraction"
DEFAULT_LEADERS = ROOT / "tests" / "data" / "extraction" / "leaders.csv"


def article_of(words: int, source: str = "written") -> str:
    """The annotated articles joined to `words` words: the written ones (dense with
    quotations: the worst case) or the real published ones (real/tuning)."""
    paragraphs = []
    count = 0
    folder = DATA / "real" / "tuning" if source == "real" else DATA
    pattern = "*.txt" if source == "real" else "*/*.txt"
    texts = [p.read_text("utf-8") for p in sorted(folder.glob(pattern))]
    while count < words:
        for text in texts:
            for paragraph in text.splitlines():
                paragraphs.append(paragraph)
                count += len(paragraph.split())
                if count >= words:
                    return "\n".join(paragraphs)
    return "\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--leaders", type=Path, default=DEFAULT_LEADERS)
    parser.add_argument("--source", choices=["written", "real"], default="written")
    args = parser.parse_args()

    if args.leaders.exists():
        with open(args.leaders, encoding="utf-8") as f:
            directory = SpeakerDirectory.from_csv(f)
    else:
        directory = SpeakerDirectory()
    text = article_of(args.words, args.source)
    extract(text, directory)  # warm-up: compiled regexes, caches
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        candidates = extract(text, directory)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(
        f"{len(text.split())} words, {len(candidates)} candidates, "
        f"{len(directory)} leaders in the directory, {args.runs} runs"
    )
    print(
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
        f"min {timings[0]:.2f} ms, max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
