"""A learned ranker over the speakers the hand rules considered for each quotation.

For every quotation the rules have read, `options()` gathers the people they could have
chosen: those named near the quotation (in its sentence, the two before and the one after),
those a pronoun or a title there stands for, the speaker of the previous and of the next
quotation, and the rules' own choice. Each option is described by a few numbers (distance,
before or after, same sentence or paragraph, a speech verb beside the name, subject role,
leader or not, the rules' choice and reason, …). A logistic model over them, trained on the
tuning articles by `benchmarks/train_speaker_ranker.py`, scores each option; the best one
speaks if its score reaches 0.5, otherwise nobody does (no leader is guessed).

This is an experiment and no model is shipped: cross-validated by article on the tuning
part it gains about one point of speaker accuracy, short of the two the issue asks for
(docs/EXTRACTION.md, "Learned ranker"). `extract(text, directory, ranker=...)` uses one when
given; the score is computed by hand from JSON coefficients, with no third-party library.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .attribution import Attribution
from .lexicon import INSTITUTIONS, ORGANISATION_WORDS
from .mentions import BARE, NAME, PRONOUN, ROLE

THRESHOLD = 0.5

# Reasons the rules give (Attribution.evidence), as classes of features.
EVIDENCE = (
    "named",
    "according",
    "relayed",
    "pronoun",
    "title",
    "continuation",
    "subject",
    "repeated",
    "institution",
    "unnamed",
    "blocked",
    "none",
)
_ORGANISATION = ORGANISATION_WORDS | {w.lower() for w in INSTITUTIONS}


@dataclass
class Option:
    """A person the quotation could be given to, with what describes them here."""

    key: tuple  # ("d", directory index) or ("u", unlisted name)
    written: str | None
    how: str  # the evidence if chosen: named, pronoun, title or continuation
    features: dict


def _key(person: int | None, unlisted: str | None) -> tuple | None:
    if person is not None:
        return ("d", person)
    if unlisted:
        return ("u", unlisted)
    return None


def _key_of(attribution: Attribution) -> tuple | None:
    return _key(attribution.speaker, attribution.unlisted)


def _squash(x: float, scale: float) -> float:
    """0 near, toward 1 far: a distance on a bounded scale."""
    return x / (x + scale)


def options(reading, index: int) -> list[Option]:
    """The people the quotation `index` of a reading could be given to, with features."""
    text, span = reading.text, reading.spans[index]
    attributor, mentions = reading.attributor, reading.mentions
    sentences = reading.sentences
    rule = reading.attributions[index]
    rule_key = _key_of(rule)
    first = attributor.sentence_index(span.outer_start)
    last = attributor.sentence_index(max(span.outer_end - 1, span.outer_start))
    paragraph = sentences[first].paragraph
    window_first = max(0, first - 2)
    window_last = min(len(sentences) - 1, last + 1)
    window_start, window_end = sentences[window_first].start, sentences[window_last].end

    verbs = attributor._verbs(window_start, window_end)
    verb_starts = [v[0] for v in verbs]
    verb_ends = [v[1] for v in verbs]

    found: dict[tuple, dict] = {}

    def note(key, mention, naming, how):
        start, end = mention.start, mention.end
        if start >= span.outer_end:
            where, distance = "after", start - span.outer_end
        elif end <= span.outer_start:
            where, distance = "before", span.outer_start - end
        else:
            where, distance = "inside", 0
            for gap_start, _ in span.gaps:
                if gap_start <= start:
                    distance = start - gap_start
        sentence = attributor.sentence_index(start)
        verb_after = any(0 <= v - end <= 25 for v in verb_starts)
        verb_before = any(0 <= start - v <= 12 for v in verb_ends)
        at_start = not any(True for _ in mentions.reporter_tokens(sentences[sentence].start, start))
        row = {
            "distance": _squash(distance, 40.0),
            "before": where == "before",
            "after": where == "after",
            "inside": where == "inside",
            "same_sentence": first <= sentence <= last,
            "sentence_before": sentence < first,
            "sentence_after": sentence > last,
            "same_paragraph": sentences[sentence].paragraph == paragraph,
            "verb_after_name": verb_after,
            "verb_before_name": verb_before,
            "subject": mention.subject_like,
            "possessive": mention.possessive,
            "after_preposition": mention.after_preposition,
            "by_name": mention.kind in (NAME, BARE),
            "by_pronoun": mention.kind == PRONOUN,
            "by_title": mention.kind == ROLE,
            "opens_sentence": at_start,
            "speaks_just_before": sentence == first - 1 and (verb_after or verb_before),
            "speaks_just_after": sentence == last + 1 and (verb_after or verb_before),
            "colon_before": sentence == first - 1
            and text[sentences[sentence].start : sentences[sentence].end].rstrip().endswith(":"),
        }
        old = found.get(key)
        if old is None:
            found[key] = {"row": row, "count": 1, "naming": naming, "how": how, "d": distance}
            return
        old["count"] += 1
        if distance < old["d"] or (distance == old["d"] and row["verb_after_name"]):
            # The nearest mention describes the option; the others add to its count and to
            # its speech-verb evidence.
            row["verb_after_name"] = row["verb_after_name"] or old["row"]["verb_after_name"]
            row["verb_before_name"] = row["verb_before_name"] or old["row"]["verb_before_name"]
            old.update(row=row, naming=naming, how=how, d=distance)
        else:
            old["row"]["verb_after_name"] |= row["verb_after_name"]
            old["row"]["verb_before_name"] |= row["verb_before_name"]

    for m in mentions.between(window_start, window_end):
        if m.kind in (NAME, BARE):
            if not m.is_person:
                continue
            key, naming, how = _key(m.person, m.unlisted), m, "named"
        elif m.kind in (PRONOUN, ROLE):
            person, unlisted, how, naming = attributor.resolve_naming(m)
            key = _key(person, unlisted)
        else:
            continue
        if key is not None:
            note(key, m, naming, how)

    previous = _key_of(reading.attributions[index - 1]) if index > 0 else None
    following = (
        _key_of(reading.attributions[index + 1]) if index + 1 < len(reading.attributions) else None
    )
    extra = {}
    for key, how in ((rule_key, rule.evidence), (previous, "continuation")):
        if key is not None and key not in found:
            extra[key] = how

    inside_quote = {
        _key(m.person, m.unlisted)
        for m in mentions.inside(span.start, span.end)
        if m.in_quote and m.kind == NAME and m.is_person
    }
    direct = not span.parts or text[span.start : span.start + 1][:1].isupper()
    quote_words = len(text[span.start : span.end].split())
    pre_empty = not any(
        True for _ in mentions.reporter_tokens(sentences[first].start, span.outer_start)
    )
    opens_paragraph = first == 0 or sentences[first - 1].paragraph != paragraph
    opens_paragraph = opens_paragraph and pre_empty
    shared = {"rule_" + evidence: rule.evidence == evidence for evidence in EVIDENCE}
    shared.update(
        {
            "rule_has_speaker": rule_key is not None,
            "starts_capital": direct,
            "short_quote": quote_words <= 4,
            "opens_paragraph": opens_paragraph,
            "nothing_before": pre_empty,
            "rule_speech_verb": rule.speech_verb,
        }
    )
    directory = reading.directory
    result = []
    keys = list(found) + list(extra)
    for key in keys:
        if key in found:
            item = found[key]
            row = dict(item["row"])
            count, naming, how = item["count"], item["naming"], item["how"]
            written = naming.text if naming is not None else None
            row["in_window"] = True
        else:
            row = {"in_window": False, "distance": 1.0}
            count, how = 0, extra[key]
            written = reading.attributor.written_names.get(key)
        name = directory.name_of(key[1]) if key[0] == "d" else key[1]
        words = name.lower().replace("-", " ").split()
        chosen = key == rule_key
        row.update(shared)
        row.update(
            {
                "mentions": _squash(count, 2.0),
                "leader": key[0] == "d",
                "unlisted": key[0] == "u",
                "one_word": len(words) == 1,
                "organisation_word": any(w in _ORGANISATION for w in words),
                "named_in_quote": key in inside_quote,
                "previous_speaker": key == previous,
                "next_speaker": key == following,
                "rule_choice": chosen,
                "candidates": _squash(len(keys), 3.0),
            }
        )
        for evidence in EVIDENCE:
            row["chosen_" + evidence] = chosen and rule.evidence == evidence
        row["one_word_opens_sentence"] = row["one_word"] and row.get("opens_sentence", False)
        if rule_key is None:
            # The rules found nobody: what would make this person the speaker after all.
            for name in _WHEN_RULES_FOUND_NOBODY:
                row["nobody_" + name] = row.get(name, False)
        result.append(Option(key=key, written=written, how=how, features=row))
    _relative(result)
    return result


def _relative(found: list[Option]) -> None:
    """Each option against the others: the nearest, the nearest with a speech verb."""

    def nearest(among):
        return min(among, key=lambda o: o.features["distance"], default=None)

    marks = {
        "nearest": nearest(found),
        "nearest_with_verb": nearest(
            [
                o
                for o in found
                if o.features.get("verb_after_name") or o.features.get("verb_before_name")
            ]
        ),
        "nearest_person_named": nearest(
            [o for o in found if o.features.get("by_name") and not o.features["one_word"]]
        ),
    }
    for name, option in marks.items():
        if option is not None and option.features.get("in_window"):
            option.features[name] = True


class SpeakerRanker:
    """A logistic score over an option's features, from coefficients in a JSON file."""

    def __init__(self, coefficients: dict, intercept: float, threshold: float = THRESHOLD):
        self.coefficients = coefficients
        self.intercept = intercept
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> "SpeakerRanker":
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return cls(data["coefficients"], data["intercept"], data.get("threshold", THRESHOLD))

    def score(self, features: dict) -> float:
        z = self.intercept
        coefficients = self.coefficients
        for name, value in features.items():
            if value:
                z += coefficients.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-z))

    def choose(self, found: list[Option]) -> tuple[Option | None, float]:
        best, best_score = None, 0.0
        for option in found:
            score = self.score(option.features)
            if score > best_score:
                best, best_score = option, score
        if best is None or best_score < self.threshold:
            return None, best_score
        return best, best_score

    def rerank(self, reading) -> None:
        """Give each quotation to the best-scoring option, or to nobody. Every quotation's
        options are read from the rules' choices (as in training) before any is changed."""
        rules = list(reading.attributions)
        weighed = [
            None if rule.evidence in ("institution", "unnamed") else options(reading, index)
            for index, rule in enumerate(rules)
        ]
        for index, (rule, found) in enumerate(zip(rules, weighed, strict=True)):
            if found is None:
                continue  # an institution or an unnamed person speaks: the rules' stop
            best, score = self.choose(found)
            rule_key = _key_of(rule)
            key = best.key if best is not None else None
            if key == rule_key:
                continue
            if best is None:
                reading.attributions[index] = Attribution(
                    relayed_by=rule.relayed_by,
                    evidence="none",
                    reason=f"no speaker sure enough (the best scored {score:.2f})",
                )
                continue
            person, unlisted = (best.key[1], None) if best.key[0] == "d" else (None, best.key[1])
            reading.attributions[index] = Attribution(
                speaker=person,
                unlisted=unlisted,
                relayed_by=rule.relayed_by,
                evidence=best.how if best.how in _EVIDENCE_OF_CHOICE else "named",
                written=best.written,
                reason=f"{best.written or 'this speaker'} ranked first by the learned ranker",
            )


_WHEN_RULES_FOUND_NOBODY = (
    "distance",
    "same_sentence",
    "verb_after_name",
    "verb_before_name",
    "previous_speaker",
    "next_speaker",
    "speaks_just_before",
    "speaks_just_after",
    "colon_before",
    "leader",
    "one_word",
    "subject",
    "by_pronoun",
    "by_title",
)
_EVIDENCE_OF_CHOICE = frozenset({"named", "pronoun", "title", "continuation"})
