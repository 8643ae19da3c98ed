"""The shared sample article: all seven quotations, right speakers and kinds."""

import json
from pathlib import Path

import pytest

from quotes.extraction import SpeakerDirectory, extract
from quotes.extraction.scoring import comparable

# The repository keeps a copy of the sample for the demo data, and of the leaders list.
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "quotes" / "ops" / "demo_data"
LEADERS_CSV = ROOT / "tests" / "data" / "extraction" / "leaders.csv"
ARTICLE = SAMPLES / "article-putin-retaliation.txt"
EXPECTED = json.loads((SAMPLES / "article-putin-retaliation.expected.json").read_text("utf-8"))


def named_directory():
    return SpeakerDirectory.from_pairs((p["name"], p["aliases"]) for p in EXPECTED["leaders_named"])


def directories():
    found = [pytest.param(named_directory(), id="leaders_named")]
    if LEADERS_CSV.exists():
        with open(LEADERS_CSV, encoding="utf-8") as f:
            merged = named_directory().merged_with(SpeakerDirectory.from_csv(f))
        found.append(pytest.param(merged, id="leaders.csv+leaders_named"))
    return found


def candidates_by_text(directory):
    found = extract(ARTICLE.read_text("utf-8"), directory)
    return {comparable(c.text): c for c in found}


@pytest.mark.parametrize("directory", directories())
def test_the_sample_yields_all_seven_quotations_with_their_speakers_and_kinds(directory):
    found = candidates_by_text(directory)
    for quotation in EXPECTED["quotations"]:
        candidate = found.get(comparable(quotation["text"]))
        assert candidate is not None, quotation["text"]
        assert candidate.speaker == quotation["speaker"], quotation["text"]
        assert candidate.kind == quotation["kind"], quotation["text"]


@pytest.mark.parametrize("directory", directories())
def test_the_sample_names_kcna_and_the_kremlin_statement_as_relays(directory):
    found = candidates_by_text(directory)
    for quotation in EXPECTED["quotations"]:
        assert found[comparable(quotation["text"])].relayed_by == quotation["relayed_by"]


@pytest.mark.parametrize("directory", directories())
def test_the_kremlins_constructive_is_low_confidence_and_no_leaders(directory):
    constructive = candidates_by_text(directory)["constructive"]
    assert constructive.speaker is None
    assert constructive.confidence < 0.5


def test_the_sample_finds_nothing_beyond_the_seven_quotations_and_the_scare_quote():
    found = candidates_by_text(named_directory())
    assert len(found) == len(EXPECTED["quotations"]) + 1


def test_trumps_post_mentions_putin_whom_it_names():
    found = candidates_by_text(named_directory())
    first = comparable(EXPECTED["quotations"][0]["text"])
    assert found[first].mentions == ("Vladimir Putin",)
