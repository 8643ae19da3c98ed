"""A fingerprint of the extractor's whole output on every annotated article.

Run: python benchmarks/extraction_fingerprint.py

For each part (the written articles, real/tuning, real/blind, the shared sample) prints the
number of articles and candidates and a SHA-256 of every candidate's fields (text, offsets,
speaker, kind, relay, mentions, confidence, evidence, reason, context, written name), each
article read with the directory score_extraction.py gives it. Run it before and after a
change meant to leave the output alone (a speed-up): the lines must be the same. Only
digests are printed, so that the blind part's output stays unread.
"""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction import SpeakerDirectory, extract  # noqa: E402
from quotes.extraction.scoring import article_directory, load_expected  # noqa: E402

DATA = ROOT / "tests" / "data" / "extraction"
SAMPLE = ROOT / "quotes" / "ops" / "demo_data" / "article-putin-retaliation.txt"


def annotated(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.glob("*.txt")) if p.with_suffix(".expected.json").exists()]


def fingerprint(paths: list[Path], extra: SpeakerDirectory | None) -> str:
    digest = hashlib.sha256()
    candidates = 0
    for path in paths:
        directory = article_directory(load_expected(path.with_suffix(".expected.json")), extra)
        found = [c.as_dict() for c in extract(path.read_text(encoding="utf-8"), directory)]
        candidates += len(found)
        digest.update(json.dumps([path.name, found], sort_keys=True).encode())
    return f"{len(paths)} articles, {candidates} candidates, sha256 {digest.hexdigest()[:24]}"


def main() -> None:
    with open(DATA / "leaders.csv", encoding="utf-8") as f:
        leaders = SpeakerDirectory.from_csv(f)
    written = annotated(DATA / "tuned") + annotated(DATA / "heldout")
    print(f"written: {fingerprint(written, None)}")
    print(f"written with the leaders list: {fingerprint(written, leaders)}")
    for part in ("tuning", "blind"):
        print(f"real/{part}: {fingerprint(annotated(DATA / 'real' / part), leaders)}")
    if SAMPLE.exists():
        print(f"sample: {fingerprint([SAMPLE], None)}")


if __name__ == "__main__":
    main()
