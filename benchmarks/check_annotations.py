"""Check the form of annotated real articles, without running the extractor.

Run: python benchmarks/check_annotations.py [--speakers] tests/data/extraction/real/tuning [...]

For each article: the expected file exists and has every field; source_url, publisher and
licence are filled; every quotation's text stands in the article (quote marks, case and
spacing folded; the parts of an interrupted quotation each stand in it); kinds are valid;
speakers either spell a leaders.csv name exactly or are a name not in it (a warning lists
those, to catch a misspelt leader). Prints one line per problem and the corpus's totals
(articles, quotations, publishers); nothing about what the extractor would find. With
--speakers, also the speakers not in leaders.csv (to catch a misspelt leader; not for a
blind folder).
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction.directory import normalise_name  # noqa: E402
from quotes.extraction.scoring import comparable  # noqa: E402

LEADERS = ROOT / "tests" / "data" / "extraction" / "leaders.csv"
FIELDS = ("article", "source_url", "publisher", "licence", "quotations")


def leader_names() -> dict[str, str]:
    with open(LEADERS, encoding="utf-8") as f:
        return {normalise_name(row["name"]): row["name"] for row in csv.DictReader(f)}


def stands_in(words: str, folded: str) -> bool:
    """Whether the words stand in the article, whole or as consecutive pieces (the parts
    of an interrupted or multi-paragraph quotation), each piece at least a few words."""
    while words:
        cut = len(words)
        while cut > 0 and comparable(words[:cut]) not in folded:
            cut = words.rfind(" ", 0, cut)
        if cut <= 0:
            return False
        words = comparable(words[cut:])
    return True


def check_article(path: Path, leaders: dict[str, str]) -> tuple[list[str], dict]:
    problems = []
    expected_path = path.with_suffix(".expected.json")
    if not expected_path.exists():
        return [f"{path.name}: no expected file"], {}
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for name in FIELDS:
        if not expected.get(name) and name != "quotations":
            problems.append(f"{path.name}: {name} missing")
    text = path.read_text(encoding="utf-8")
    folded = comparable(" ".join(text.split()))
    for q in expected.get("quotations", []):
        for key in ("speaker", "text", "kind", "relayed_by", "mentions"):
            if key not in q:
                problems.append(f"{path.name}: quotation without {key}: {q.get('text', '')[:40]!r}")
        if q.get("kind") not in ("direct", "partial"):
            problems.append(f"{path.name}: kind {q.get('kind')!r}")
        if not stands_in(comparable(q.get("text", "")), folded):
            problems.append(f"{path.name}: text not in article: {q['text'][:60]!r}")
        speaker = q.get("speaker")
        if (
            speaker
            and normalise_name(speaker) in leaders
            and leaders[normalise_name(speaker)] != speaker
        ):
            problems.append(
                f"{path.name}: spell {speaker!r} as {leaders[normalise_name(speaker)]!r}"
            )
        for mention in q.get("mentions", []):
            if normalise_name(mention) not in leaders:
                problems.append(f"{path.name}: mention {mention!r} is not a leaders.csv name")
    return problems, expected


def main() -> None:
    leaders = leader_names()
    articles = quotations = 0
    publishers: dict[tuple[str, str], list[int]] = {}
    unlisted = set()
    all_problems = []
    arguments = sys.argv[1:]
    show_speakers = "--speakers" in arguments
    for folder in (Path(a) for a in arguments if a != "--speakers"):
        for path in sorted(folder.glob("*.txt")):
            problems, expected = check_article(path, leaders)
            all_problems += problems
            if expected:
                articles += 1
                quotations += len(expected["quotations"])
                counts = publishers.setdefault(
                    (expected.get("publisher", ""), expected.get("licence", "")), [0, 0]
                )
                counts[0] += 1
                counts[1] += len(expected["quotations"])
                for q in expected["quotations"]:
                    if q.get("speaker") and normalise_name(q["speaker"]) not in leaders:
                        unlisted.add(q["speaker"])
    for line in all_problems:
        print(line)
    print(f"{articles} articles, {quotations} quotations, {len(publishers)} publishers")
    for (publisher, licence), (n, q) in sorted(publishers.items(), key=lambda i: -i[1][0]):
        print(f"  {n:3} articles {q:4} quotations  {publisher}  ({licence})")
    if show_speakers:
        print(f"speakers not in leaders.csv ({len(unlisted)}): {', '.join(sorted(unlisted))}")
    sys.exit(1 if all_problems else 0)


if __name__ == "__main__":
    main()
