"""Score the extractor on the annotated articles: detection precision/recall, attribution.

Run: python benchmarks/score_extraction.py [--leaders FILE.csv] [--verbose]
Prints the figures for the development set (tuned), the held-out set and the shared sample.
With --leaders, each article's directory is its `leaders_named` merged with the CSV.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction import SpeakerDirectory  # noqa: E402
from quotes.extraction.scoring import Score, score_article, score_folder  # noqa: E402

DATA = ROOT / "tests" / "data" / "extraction"
SAMPLE = Path("/work/shared/samples/article-putin-retaliation.txt")


def show(label: str, score: Score, verbose: bool) -> None:
    figures = ", ".join(f"{k} {v}" for k, v in score.summary().items())
    print(f"{label}: {figures}")
    if verbose:
        for error in score.errors:
            print(f"    {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaders", type=Path, help="merge this leaders CSV into each directory")
    parser.add_argument("--verbose", action="store_true", help="list every miss and error")
    args = parser.parse_args()
    extra = None
    if args.leaders:
        with open(args.leaders, encoding="utf-8") as f:
            extra = SpeakerDirectory.from_csv(f)
    for part in ("tuned", "heldout"):
        score, _ = score_folder(DATA / part, extra)
        show(part, score, args.verbose)
    if SAMPLE.exists():
        show("sample", score_article(SAMPLE, extra), args.verbose)


if __name__ == "__main__":
    main()
