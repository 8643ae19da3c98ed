"""The import page warns when an article is not in English; every annotated article says which
it is, so the check is measured on all of them."""

from pathlib import Path

import pytest

from quotes.extraction.language import reads_as_english

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
# The annotated articles written in another language (their `about` and headline say so).
NOT_ENGLISH = {
    "zd-voa-noticias-embajadores-farrar-gross.txt",
    "zf-finland-haavisto-somalia-visit-sv.txt",
    "zg-agenciabrasil-amorim-cupula-mercosul-janeiro-jb.txt",
    "zg-agenciabrasil-mercosul-cupula-sem-paraguai-brasil247.txt",
    "zg-regjeringen-store-lourenco-angola-no.txt",
    "zg-wikinews-fr-espagne-rtve-ana-pastor.txt",
    "zg-wikinews-fr-grece-gouvernement-coalition-samaras.txt",
    "zg-wikinews-fr-montebourg-nucleaire-filiere-avenir.txt",
}


def articles():
    return sorted(DATA.glob("**/*.txt"))


def test_every_annotated_article_is_read_as_the_language_it_is_in():
    misread = [
        path.name
        for path in articles()
        if reads_as_english(path.read_text(encoding="utf-8")) == (path.name in NOT_ENGLISH)
    ]
    assert misread == []
    assert NOT_ENGLISH <= {path.name for path in articles()}


@pytest.mark.parametrize(
    "text",
    ["", "Putin: “No.”", "“We will win,” Zelenskyy said."],
)
def test_too_short_to_tell_is_taken_as_english(text):
    assert reads_as_english(text)
