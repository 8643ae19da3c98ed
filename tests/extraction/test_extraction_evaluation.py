"""The annotated articles: the extractor must clear the quality bars on all of them.

The real published articles (`real/tuning`, `real/blind`) are read against the whole
leaders list, as an editor's import would be; the articles written for the project stay as
unit cases, read with their own leaders merged into the same list.
"""

from pathlib import Path

import pytest

from quotes.extraction import SpeakerDirectory
from quotes.extraction.scoring import comparable, relay_matches, same_person, score_folder

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"


@pytest.fixture(scope="module")
def leaders():
    with open(DATA / "leaders.csv", encoding="utf-8") as f:
        return SpeakerDirectory.from_csv(f)


@pytest.mark.parametrize("part", ["tuned", "heldout"])
def test_the_written_articles_clear_recall_precision_and_attribution_bars(part, leaders):
    score, _ = score_folder(DATA / part, leaders)
    assert score.expected >= 25
    report = "\n".join(score.errors)
    assert score.recall >= 0.95, report
    assert score.precision >= 0.95, report
    assert score.attribution >= 0.90, report


# Bars a little under the figures measured (docs/EXTRACTION.md), so that a change that
# loses ground on real text fails here; the goals themselves are in the docs.
REAL_BARS = {
    # The tuning part with the thirty-second blind part joined (1,261 articles, 3,694
    # quotations, eight of the articles in other languages), after round 30: recall 0.974,
    # precision 0.970, speaker 0.930, five wrong leaders.
    "tuning": {"recall": 0.965, "precision": 0.965, "attribution": 0.925, "wrong_leader": 0.005},
    # The thirty-third blind part, a little under what it measured, scored once after round
    # 30 (recall 0.966, precision 0.967, speaker 0.893, 1 wrong leader of 116:
    # docs/EXTRACTION.md): a guard against losing ground on text nobody tuned to, not the
    # goal, which it misses.
    "blind": {"recall": 0.96, "precision": 0.955, "attribution": 0.88, "wrong_leader": 0.03},
}


@pytest.mark.parametrize("part", ["tuning", "blind"])
def test_real_published_articles_clear_their_bars(part, leaders):
    if part == "blind" and not any((DATA / "real" / "blind").glob("*.txt")):
        pytest.skip("no blind part: the last one joined tuning and the next is being annotated")
    score, articles = score_folder(DATA / "real" / part, leaders)
    bars = REAL_BARS[part]
    # Some blind parts are smaller than the earlier ones (the twenty-first: 36 articles, 77
    # quotations): what the stored openly licensed pages still held; their figures are read as
    # such in the docs.
    minimum = (250, 800) if part == "tuning" else (15, 40)
    assert len(articles) >= minimum[0] and score.expected >= minimum[1]
    # The blind part's errors are not printed: nobody reads them while tuning.
    report = "\n".join(score.errors) if part == "tuning" else str(score.summary())
    assert score.recall >= bars["recall"], report
    assert score.precision >= bars["precision"], report
    assert score.attribution >= bars["attribution"], report
    assert score.wrong_leader_rate <= bars["wrong_leader"], report


def test_every_annotated_article_has_its_expected_file_and_real_ones_their_licence():
    articles = sorted(DATA.glob("*/*.txt")) + sorted(DATA.glob("real/*/*.txt"))
    assert len(articles) >= 14 + 250
    for article in articles:
        assert article.with_suffix(".expected.json").exists(), article
    for expected in DATA.glob("real/*/*.expected.json"):
        text = expected.read_text(encoding="utf-8")
        for field in ('"source_url"', '"licence"', '"publisher"'):
            assert field in text, (expected.name, field)


def test_no_scare_quote_of_the_annotated_set_is_confidently_given_to_a_leader(leaders):
    # The blind part's scare quotes are measured (docs/EXTRACTION.md), not tuned to; the
    # tuning part holds the former blind parts, whose last few legal terms, titles and
    # slogans stay confident (319 of 348 kept low with the thirty-second part joined; three
    # of the others go to a leader: a constitution's "We the people", a programme's title,
    # a summit's formula).
    for part in ("tuned", "heldout"):
        score, _ = score_folder(DATA / part, leaders)
        assert score.scare_ok == score.scare_total, score.errors
    score, _ = score_folder(DATA / "real" / "tuning", leaders)
    assert score.scare_ok >= 0.91 * score.scare_total, score.errors


def test_every_real_annotation_is_well_formed_and_its_words_stand_in_its_article():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "check_annotations.py"
    spec = importlib.util.spec_from_file_location("check_annotations", path)
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    leaders = checker.leader_names()
    publishers = set()
    for article in sorted(DATA.glob("real/*/*.txt")):
        problems, expected = checker.check_article(article, leaders)
        assert problems == [], problems
        publishers.add(expected["publisher"])
    assert len(publishers) >= 20


@pytest.mark.parametrize(
    "expected, found, matches",
    [
        ("BBC Sport", "BBC", True),
        ("Korean Central News Agency (KCNA)", "KCNA", True),
        ("Kremlin", "Kremlin statement", True),
        ("BBC", "CNN", False),
        ("the palace", None, False),
    ],
)
def test_a_relay_matches_on_a_significant_word_letters_included(expected, found, matches):
    assert relay_matches(expected, found) is matches


@pytest.mark.parametrize(
    "expected, found, same",
    [
        ("CQ Brown, Jr.", "CQ Brown", True),
        ("Lloyd J. Austin III", "Lloyd J. Austin", True),
        ("Zoë Ng", "Zoe Ng", True),
        ("George Bush", "George W. Bush", False),
        ("Jo Ng", "Jo Nguyen", False),
        ("Michael “Erik” Kurilla", "Michael Kurilla", True),
        ('Juan Miguel "Migz" Zubiri', "Juan Miguel Zubiri", True),
    ],
)
def test_a_speakers_name_matches_without_its_generation(expected, found, same):
    assert same_person(expected, found) is same


@pytest.mark.parametrize(
    "expected, found, same",
    [
        (
            "Africa is ashamed of him, Guineans are right",
            "Africa is ashamed of him Guineans are right",
            True,
        ),
        ("“We will win.”", "we will win", True),
        ("We will win", "We will lose", False),
        ("1,000 troops", "1000 troops", False),
    ],
)
def test_quotations_compare_without_commas_between_words(expected, found, same):
    # Annotators differ on a comma printed outside the marks where two parts meet.
    assert (comparable(expected) == comparable(found)) is same
