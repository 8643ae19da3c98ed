"""Scoring the extractor against annotated articles (an article .txt and its .expected.json).

An expected file lists `leaders_named` (the directory for that article), `quotations`
(each with speaker, text, kind, relayed_by, mentions) and `not_quotations_of_leaders`
(scare quotes and the like). Texts are compared after folding quote marks, case,
whitespace and end punctuation.

Figures:
- recall: share of expected quotations found by a candidate (any confidence);
- confident precision: share of candidates with confidence >= 0.5 that are expected
  quotations;
- attribution: share of found quotations whose speaker is right (a directory name, or the
  name of an unlisted person, or none when the expected speaker is null);
- kind and relayed_by accuracy over found quotations; scare quotes kept low and unattributed.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .directory import SpeakerDirectory, normalise_name
from .engine import extract

CONFIDENT = 0.5
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2014": "-",
        "\u2013": "-",
    }
)


def comparable(text: str) -> str:
    """Quote text as compared: typography, case, spacing, end punctuation and commas
    folded. Commas, as the annotations differ on one printed outside the marks where an
    interrupted quotation's parts meet (“A”, she said. “B”: "A, B" or "A B")."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD).casefold()
    text = re.sub(r",(?=\s)", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \"'.,;:!?-\u2026")


def relay_matches(expected: str | None, found: str | None) -> bool:
    """Loose: both empty, or sharing a significant word ('Kremlin' ~ 'Kremlin statement')."""
    if not expected or not found:
        return not expected and not found
    # Case is folded after the test, so that letters ("BBC", "KCNA") count as significant.
    words = lambda s: {w.casefold() for w in re.findall(r"\w+", s) if len(w) > 3 or w.isupper()}  # noqa: E731
    return bool(words(expected) & words(found)) or expected.casefold() == found.casefold()


_GENERATION = re.compile(r" (?:jr|sr|ii|iii|iv)$")


def same_person(expected: str, found: str) -> bool:
    """Names compared as `normalise_name` folds them, a generation's suffix and a nickname in
    quotation marks left out: the article's "Gen. CQ Brown, Jr." and "CQ Brown" are one
    person, as are "Michael “Erik” Kurilla" and "Michael Kurilla"."""

    def folded(name: str) -> str:
        return _GENERATION.sub("", normalise_name(_NICKNAME.sub(" ", name)))

    return folded(expected) == folded(found)


_NICKNAME = re.compile(r"\s[\u201c\"\u2018'][^\u201d\"\u2019']{1,20}[\u201d\"\u2019']\s")


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    confident: int = 0
    confident_true: int = 0
    speaker_right: int = 0
    kind_right: int = 0
    relay_expected: int = 0
    relay_right: int = 0
    scare_total: int = 0
    scare_ok: int = 0
    wrong_leader: int = 0  # found, and given to a directory leader who did not say it
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            if name == "errors":
                self.errors.extend(other.errors)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.confident_true / self.confident if self.confident else 1.0

    @property
    def attribution(self) -> float:
        return self.speaker_right / self.found if self.found else 1.0

    @property
    def wrong_leader_rate(self) -> float:
        return self.wrong_leader / self.found if self.found else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.found if self.found else 1.0

    @property
    def relay_accuracy(self) -> float:
        return self.relay_right / self.relay_expected if self.relay_expected else 1.0

    def summary(self) -> dict:
        return {
            "quotations": self.expected,
            "recall": round(self.recall, 3),
            "confident_precision": round(self.precision, 3),
            "attribution": round(self.attribution, 3),
            "wrong_leader": f"{self.wrong_leader} ({self.wrong_leader_rate:.1%})",
            "kind": round(self.kind_accuracy, 3),
            "relayed_by": round(self.relay_accuracy, 3),
            "scare_quotes_kept_low": f"{self.scare_ok}/{self.scare_total}",
        }


def load_expected(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def article_directory(expected: dict, extra: SpeakerDirectory | None = None) -> SpeakerDirectory:
    if not expected["leaders_named"] and extra is not None:
        return extra  # a real article: the whole directory, nothing told about the article
    named = SpeakerDirectory.from_pairs(
        (leader["name"], leader.get("aliases") or []) for leader in expected["leaders_named"]
    )
    return named.merged_with(extra) if extra is not None else named


def score_article(text_path: Path, extra: SpeakerDirectory | None = None, ranker=None) -> Score:
    """ranker: as for extract() (None, the default, for the hand rules alone)."""
    expected = load_expected(text_path.with_suffix(".expected.json"))
    text = text_path.read_text(encoding="utf-8")
    candidates = extract(text, article_directory(expected, extra), ranker=ranker)
    # The same words quoted twice ("null and void") are matched in order of appearance.
    by_text: dict[str, list] = {}
    for candidate in candidates:
        by_text.setdefault(comparable(candidate.text), []).append(candidate)
    score = Score(expected=len(expected["quotations"]))
    real = set()
    name = text_path.name
    for quotation in expected["quotations"]:
        key = comparable(quotation["text"])
        real.add(key)
        waiting = by_text.get(key)
        if not waiting:
            score.errors.append(f"{name}: missed {quotation['text'][:60]!r}")
            continue
        candidate = waiting.pop(0) if len(waiting) > 1 else waiting[0]
        score.found += 1
        proposed = candidate.speaker or candidate.unlisted_speaker
        want = quotation["speaker"]
        if (want is None and proposed is None) or (
            want is not None and proposed is not None and same_person(want, proposed)
        ):
            score.speaker_right += 1
        else:
            if candidate.speaker is not None:
                score.wrong_leader += 1
            score.errors.append(
                f"{name}: speaker {proposed!r} for {quotation['text'][:50]!r} (want {want!r})"
            )
        if candidate.kind == quotation["kind"]:
            score.kind_right += 1
        else:
            score.errors.append(f"{name}: kind {candidate.kind} for {quotation['text'][:50]!r}")
        if quotation.get("relayed_by"):
            score.relay_expected += 1
            if relay_matches(quotation["relayed_by"], candidate.relayed_by):
                score.relay_right += 1
            else:
                score.errors.append(
                    f"{name}: relayed_by {candidate.relayed_by!r} for "
                    f"{quotation['text'][:40]!r} (want {quotation['relayed_by']!r})"
                )
    for scare in expected.get("not_quotations_of_leaders", []):
        score.scare_total += 1
        candidate = (by_text.get(comparable(scare["text"])) or [None])[0]
        # Kept low: not a confident candidate (a speaker may be suggested, unticked).
        if candidate is None or candidate.confidence < CONFIDENT:
            score.scare_ok += 1
        else:
            score.errors.append(
                f"{name}: scare quote {scare['text']!r} kept at {candidate.confidence} "
                f"for {candidate.speaker!r}"
            )
    for candidate in candidates:
        if candidate.confidence >= CONFIDENT:
            score.confident += 1
            if comparable(candidate.text) in real:
                score.confident_true += 1
            else:
                score.errors.append(
                    f"{name}: confident false candidate {candidate.text[:50]!r} "
                    f"({candidate.confidence})"
                )
    return score


def score_folder(
    folder: Path, extra: SpeakerDirectory | None = None, ranker=None
) -> tuple[Score, dict]:
    """The total score over every annotated article of a folder, and each article's."""
    total, per_article = Score(), {}
    for text_path in sorted(folder.glob("*.txt")):
        if not text_path.with_suffix(".expected.json").exists():
            continue  # not annotated yet
        article = score_article(text_path, extra, ranker)
        per_article[text_path.stem] = article
        total.add(article)
    return total, per_article
