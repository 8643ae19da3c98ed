"""manage.py extract_quotes: a thin command over quotes.extraction.cli."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

ARTICLE = "Kim Jong Un spoke. “We will win,” Zelensky said, “no matter what.”\n"
CSV = "name,aliases\nVolodymyr Zelenskyy,Zelensky;Zelenskiy\nKim Jong Un,Kim\n"


@pytest.fixture
def files(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    leaders = tmp_path / "leaders.csv"
    leaders.write_text(CSV, encoding="utf-8")
    return article, leaders


def run(*args, **options):
    out = io.StringIO()
    call_command("extract_quotes", *args, stdout=out, **options)
    return out.getvalue()


def test_the_command_prints_a_readable_listing(files):
    article, leaders = files
    output = run(str(article), "--leaders", str(leaders))
    assert "Volodymyr Zelenskyy" in output
    assert "“We will win, no matter what.”" in output


def test_json_output_has_the_documented_keys(files):
    article, leaders = files
    (candidate,) = json.loads(run(str(article), "--leaders", str(leaders), "--json"))
    keys = {"text", "speaker", "kind", "start", "end", "relayed_by", "mentions", "confidence"}
    assert keys <= set(candidate)
    assert candidate["speaker"] == "Volodymyr Zelenskyy"
    assert candidate["kind"] == "direct"


def test_a_dash_reads_the_article_from_standard_input(files):
    _, leaders = files
    output = run("-", "--leaders", str(leaders), "--json", stdin=io.StringIO(ARTICLE))
    assert json.loads(output)[0]["text"] == "We will win, no matter what."


@pytest.mark.django_db
def test_without_a_csv_the_directory_comes_from_the_database(files):
    from quotes.models import Leader

    Leader.objects.create(
        name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", aliases=["Zelensky"], country="UA"
    )
    article, _ = files
    (candidate,) = json.loads(run(str(article), "--json"))
    assert candidate["speaker"] == "Volodymyr Zelenskyy"


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nowhere.txt"), "--leaders", str(tmp_path / "x.csv"))


def test_an_empty_text_is_a_command_error(files, tmp_path):
    _, leaders = files
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        run(str(empty), "--leaders", str(leaders))


def test_a_malformed_csv_is_a_command_error(files, tmp_path):
    article, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("country,office\nUA,President\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'name' column"):
        run(str(article), "--leaders", str(bad))


def test_a_missing_csv_is_a_command_error(files, tmp_path):
    article, _ = files
    with pytest.raises(CommandError, match="no such leaders file"):
        run(str(article), "--leaders", str(tmp_path / "missing.csv"))
