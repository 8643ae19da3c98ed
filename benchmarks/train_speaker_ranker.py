"""Cross-validate the learned speaker ranker by article on the tuning part, or train one.

Run:
    python benchmarks/train_speaker_ranker.py                 # 5-fold figures, rules vs ranker
    python benchmarks/train_speaker_ranker.py --cv 10
    python benchmarks/train_speaker_ranker.py --output FILE   # a model trained on all of tuning

Needs scikit-learn (`pip install scikit-learn`); the engine does not. Only
`tests/data/extraction/real/tuning/` is read: the blind part is never opened here. Folds are
dealt from the articles with a fixed seed; a model file is written deterministically (sorted
keys, rounded coefficients) and loads with `SpeakerRanker.load(FILE)`. No model is shipped:
see docs/EXTRACTION.md, "Learned ranker".
"""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.extraction import SpeakerDirectory  # noqa: E402
from quotes.extraction.directory import normalise_name  # noqa: E402
from quotes.extraction.engine import _quoted_text, read  # noqa: E402
from quotes.extraction.ranker import THRESHOLD, SpeakerRanker, options  # noqa: E402
from quotes.extraction.scoring import (  # noqa: E402
    Score,
    article_directory,
    comparable,
    load_expected,
    score_article,
)

DATA = ROOT / "tests" / "data" / "extraction"
TUNING = DATA / "real" / "tuning"
LEADERS = DATA / "leaders.csv"
C = 1.0  # inverse regularisation strength
SEED = 20240601


def leaders() -> SpeakerDirectory:
    with open(LEADERS, encoding="utf-8") as f:
        return SpeakerDirectory.from_csv(f)


def articles(folder: Path = TUNING) -> list[Path]:
    return [p for p in sorted(folder.glob("*.txt")) if p.with_suffix(".expected.json").exists()]


def quotations(text_path: Path, extra: SpeakerDirectory) -> list[dict]:
    """Each expected quotation the rules found: its options (with labels) and the rules'
    choice, matched to the annotation as the scoring module matches them."""
    expected = load_expected(text_path.with_suffix(".expected.json"))
    directory = article_directory(expected, extra)
    reading = read(text_path.read_text(encoding="utf-8"), directory)
    by_text: dict[str, list[int]] = {}
    for index, span in enumerate(reading.spans):
        by_text.setdefault(comparable(_quoted_text(reading.text, span)), []).append(index)
    found = []
    for quotation in expected["quotations"]:
        waiting = by_text.get(comparable(quotation["text"]))
        if not waiting:
            continue
        index = waiting.pop(0) if len(waiting) > 1 else waiting[0]
        want = quotation["speaker"]
        rows = []
        for option in options(reading, index):
            name = directory.name_of(option.key[1]) if option.key[0] == "d" else option.key[1]
            right = want is not None and normalise_name(want) == normalise_name(name)
            rows.append((option.features, right))
        found.append({"rows": rows, "want": want, "evidence": reading.attributions[index].evidence})
    return found


def fit(items: list[dict]) -> dict:
    """Logistic regression over every option of every quotation; coefficients as a dict."""
    from sklearn.linear_model import LogisticRegression

    names = sorted({name for item in items for features, _ in item["rows"] for name in features})
    X = [[float(features.get(n, 0.0)) for n in names] for i in items for features, _ in i["rows"]]
    y = [int(right) for item in items for _, right in item["rows"]]
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(X, y)
    coefficients = {n: round(float(c), 6) for n, c in zip(names, model.coef_[0], strict=True)}
    return {
        "model": "logistic regression over the options of each quotation (ranker.options)",
        "built_by": "python benchmarks/train_speaker_ranker.py --output FILE",
        "trained_on": f"tests/data/extraction/real/tuning ({len({i['article'] for i in items})} "
        f"articles, {len(items)} quotations found, {len(y)} options)",
        "regularisation_C": C,
        "threshold": THRESHOLD,
        "intercept": round(float(model.intercept_[0]), 6),
        "coefficients": coefficients,
    }


def collect(paths: list[Path], extra: SpeakerDirectory) -> list[dict]:
    items = []
    for path in paths:
        for item in quotations(path, extra):
            item["article"] = path.stem
            items.append(item)
    return items


def folds(paths: list[Path], k: int) -> list[list[Path]]:
    """Articles shuffled with a fixed seed and dealt into k folds (grouped by article)."""
    shuffled = list(paths)
    random.Random(SEED).shuffle(shuffled)
    return [shuffled[i::k] for i in range(k)]


def cross_validate(k: int, extra: SpeakerDirectory) -> None:
    paths = articles()
    items = collect(paths, extra)
    by_article: dict[str, list[dict]] = {}
    for item in items:
        by_article.setdefault(item["article"], []).append(item)
    rules, ranked = Score(), Score()
    for n, held_out in enumerate(folds(paths, k)):
        held = {p.stem for p in held_out}
        model = fit([i for i in items if i["article"] not in held])
        ranker = SpeakerRanker(model["coefficients"], model["intercept"], model["threshold"])
        fold_rules, fold_ranked = Score(), Score()
        for path in held_out:
            fold_rules.add(score_article(path, extra, ranker=None))
            fold_ranked.add(score_article(path, extra, ranker=ranker))
        rules.add(fold_rules)
        ranked.add(fold_ranked)
        print(
            f"fold {n + 1}: {len(held_out)} articles, {fold_rules.found} found; speaker right "
            f"{fold_rules.attribution:.3f} -> {fold_ranked.attribution:.3f}, wrong leader "
            f"{fold_rules.wrong_leader} -> {fold_ranked.wrong_leader}"
        )
    for label, score in (("rules", rules), ("ranker (cross-validated)", ranked)):
        print(
            f"{label}: {score.found} found of {score.expected}, speaker right "
            f"{score.speaker_right} ({score.attribution:.3f}), wrong leader {score.wrong_leader} "
            f"({score.wrong_leader_rate:.1%}), confident precision {score.precision:.3f}"
        )
    # Errors of the rules no ranker can fix: the right speaker is not among the options.
    wrong = [i for i in items if not _rules_right(i)]
    absent = [i for i in wrong if i["want"] is not None and not any(r for _, r in i["rows"])]
    print(
        f"rules' speaker errors: {len(wrong)}; the right speaker not among the options: "
        f"{len(absent)} ({len(absent) / max(1, len(wrong)):.0%}); expected none: "
        f"{sum(1 for i in wrong if i['want'] is None)}"
    )


def _rules_right(item: dict) -> bool:
    chosen = [right for features, right in item["rows"] if features.get("rule_choice")]
    if item["want"] is None:
        return not chosen
    return bool(chosen) and chosen[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", type=int, metavar="K", default=5, help="folds (default 5)")
    parser.add_argument("--output", type=Path, help="train on all of tuning, write the model")
    args = parser.parse_args()
    extra = leaders()
    if args.output is None:
        cross_validate(args.cv, extra)
        return
    model = fit(collect(articles(), extra))
    text = json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {model['trained_on']}")


if __name__ == "__main__":
    main()
