"""Score the extractor on the annotated articles: detection precision/recall, attribution.

Run: python benchmarks/score_extraction.py [--leaders FILE.csv] [--verbose] [--blind-errors]

Prints the figures for the real published articles (`real/tuning`, read while tuning, and
`real/blind`, never read: only its figures are printed unless --blind-errors is given, and it
is skipped when it holds no article, between two blind parts), then the articles written for
the project (`tuned`, `heldout`) and the shared sample. The real articles are read against
the 557-row leaders list in tests/data/extraction/leaders.csv (or --leaders); with --leaders,
each written article's `leaders_named` is merged with it too.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction import SpeakerDirectory  # noqa: E402
from quotes.extraction.scoring import Score, score_article, score_folder  # noqa: E402

DATA = ROOT / "tests" / "data" / "extraction"
LEADERS = DATA / "leaders.csv"
SAMPLE = ROOT / "quotes" / "ops" / "demo_data" / "article-putin-retaliation.txt"


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
    parser.add_argument(
        "--blind-errors", action="store_true", help="list the blind part's errors too"
    )
    args = parser.parse_args()
    with open(args.leaders or LEADERS, encoding="utf-8") as f:
        leaders = SpeakerDirectory.from_csv(f)
    for part in ("tuning", "blind"):
        score, articles = score_folder(DATA / "real" / part, leaders)
        if not articles:
            # The last blind part joined tuning once read; the next one is not added yet.
            print(f"real/{part}: no annotated article (skipped)")
            continue
        show(f"real/{part}", score, args.verbose and (part != "blind" or args.blind_errors))
    extra = leaders if args.leaders else None
    for part in ("tuned", "heldout"):
        score, _ = score_folder(DATA / part, extra)
        show(part, score, args.verbose)
    if SAMPLE.exists():
        show("sample", score_article(SAMPLE, extra), args.verbose)


if __name__ == "__main__":
    main()
