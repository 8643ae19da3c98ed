"""The annotated articles: the extractor must clear the quality bars on all of them."""

from pathlib import Path

import pytest

from quotes.extraction.scoring import score_folder

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"


@pytest.mark.parametrize("part", ["tuned", "heldout"])
def test_the_annotated_articles_clear_recall_precision_and_attribution_bars(part):
    score, _ = score_folder(DATA / part)
    assert score.expected >= 30
    report = "\n".join(score.errors)
    assert score.recall >= 0.95, report
    assert score.precision >= 0.95, report
    assert score.attribution >= 0.90, report


def test_the_annotated_set_has_at_least_fourteen_articles_each_with_its_expected_file():
    articles = sorted(DATA.glob("*/*.txt"))
    assert len(articles) >= 14
    for article in articles:
        assert article.with_suffix(".expected.json").exists(), article


def test_no_scare_quote_of_the_annotated_set_is_confidently_given_to_a_leader():
    for part in ("tuned", "heldout"):
        score, _ = score_folder(DATA / part)
        assert score.scare_ok == score.scare_total, score.errors
