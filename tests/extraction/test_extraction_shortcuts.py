"""The extractor's speed shortcuts give what the slow way gives.

Each shortcut (a substring test before a regular expression, a scan for cue words, a
one-pass walk instead of a search per word) is checked against the plain computation on
every written and tuning article, and on sentences made to reach its edges.
"""

from pathlib import Path

import pytest

from quotes.extraction import attribution, mentions
from quotes.extraction.attribution import _MEDIA_CUE, _SENTENCE_RELAYS, _media_cues
from quotes.extraction.directory import SpeakerDirectory
from quotes.extraction.engine import read
from quotes.extraction.mentions import (
    _DEPARTMENT,
    _DEPARTMENT_WORDS,
    _ROLE_BEFORE_NAME,
    _ROLE_OF_COUNTRY_BEFORE_NAME,
    _ends_with_role,
    _role_of_country_before,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
# The written articles and the real ones read while tuning (never the blind part).
ARTICLES = [
    path.read_text(encoding="utf-8")
    for folder in ("tuned", "heldout", "real/tuning")
    for path in sorted((DATA / folder).glob("*.txt"))
]
EDGES = [
    "said Prime Minister Keir Starmer",
    "said the Prime Minister , Keir Starmer",
    "the Foreign Minister,\nSergei Lavrov",
    "Russian President  Vladimir Putin",
    "President of the Republic of Korea Lee Jae-myung",
    "President\u00a0of\u00a0Ukraine Volodymyr Zelenskyy",
    "Ford said in its filing",
    "the Ministry of Foreign Affairs said",
    "Secretariat\nof the Council said",
    "according to The Atlantic, which told Reuters and spoke with the newspaper El País",
    "told The Atlantic; in an interview with the BBC, on Bonesha FM radio, via KCNA",
    "xtold The Atlantic, pluto with ABC News, ontold Bloomberg",
    "he told NTV on Monday; she told Reuters, adding in an interview on state television",
    "she told the Daily Mail.",
]
TEXTS = ARTICLES + EDGES


def _match(found):
    return None if found is None else (found.span(), found.groups())


def test_the_articles_are_there():
    assert len(ARTICLES) > 300


@pytest.mark.parametrize("text", TEXTS[:5] + EDGES)
def test_a_role_before_a_name_is_only_looked_for_where_a_role_ends_the_window(text):
    for end in range(1, len(text) + 1):
        window = text[max(0, end - 45) : end]
        if not _ends_with_role(window):
            assert _ROLE_BEFORE_NAME.search(window) is None, window


def test_a_role_before_a_name_on_every_article():
    for text in TEXTS:
        for start in {m.start() for m in mentions._TOKEN.finditer(text)}:
            window = text[max(0, start - 45) : start]
            if not _ends_with_role(window):
                assert _ROLE_BEFORE_NAME.search(window) is None, window


def test_a_role_of_a_country_is_found_as_the_full_search_finds_it():
    for text in TEXTS:
        for token in mentions._TOKEN.finditer(text):
            start = max(0, token.start() - 70)
            assert _match(_role_of_country_before(text, start, token.start())) == _match(
                _ROLE_OF_COUNTRY_BEFORE_NAME.search(text, start, token.start())
            )
    name = EDGES[4].index("Lee")
    assert _role_of_country_before(EDGES[4], 0, name).group(1) == "President"


def test_departments_are_only_looked_for_where_their_words_are():
    for text in TEXTS:
        if _DEPARTMENT_WORDS.search(text) is None:
            assert _DEPARTMENT.search(text) is None
    assert _DEPARTMENT.search(EDGES[7]) and _DEPARTMENT_WORDS.search(EDGES[7])


def test_outlet_cues_are_the_matches_of_the_full_expression():
    for text in TEXTS:
        assert [_match(m) for m in _media_cues(text)] == [
            _match(m) for m in _MEDIA_CUE.finditer(text)
        ]
    assert len(list(_media_cues(EDGES[9]))) >= 2


def test_sentence_relays_are_only_looked_for_where_their_words_are():
    for text in TEXTS:
        for line in text.splitlines():
            for pattern in _SENTENCE_RELAYS:
                words = attribution._SENTENCE_RELAY_WORDS[pattern]
                if not any(word in line for word in words):
                    assert pattern.search(line) is None, (pattern.pattern, line)
    # Each pattern matches one of the edge sentences, so none is left untried.
    assert all(any(p.search(edge) for edge in EDGES) for p in _SENTENCE_RELAYS)


def test_relays_named_in_a_sentence_are_kept_once_found():
    reading = read(EDGES[10] + ": “We will go on.”", SpeakerDirectory())
    first = reading.attributor.sentence_relay(0, len(EDGES[10]))
    assert first == reading.attributor.sentence_relay(0, len(EDGES[10])) is not None


def test_quoted_words_are_flagged_as_in_quote_flags_them():
    directory = SpeakerDirectory()
    for text in ARTICLES[:40]:
        reading = read(text, directory)
        m = reading.mentions
        offsets = range(len(reading.text))
        assert m._quoted_flags(offsets) == [m.in_quote(pos) for pos in offsets]
        assert m.reporter_tokens(0, len(text)) == [t for t in m.tokens if not m.in_quote(t[0])]


def test_the_sentence_of_an_offset_is_the_last_one_starting_at_or_before_it():
    directory = SpeakerDirectory()
    for text in ARTICLES[:40]:
        reading = read(text, directory)
        sentences = reading.sentences
        for pos in range(-1, len(reading.text) + 1, 7):
            expected = max([i for i, s in enumerate(sentences) if s.start <= pos] or [0])
            assert reading.attributor.sentence_index(pos) == expected


def test_a_word_the_article_calls_it_is_found_only_as_a_whole_word():
    directory = SpeakerDirectory()
    m = read("Ford said in its filing that Bradford agreed. Oxford rose.", directory).mentions
    assert m._called_it("Ford")
    assert not m._called_it("Oxford")
    later = read("AutoFord said in its report. Ford said", directory).mentions
    assert not later._called_it("Ford")


def test_phrases_are_found_with_and_without_a_possessive():
    text = "The Kremlin's spokesman spoke. Kremlin officials said. A senior official said."
    tokens = [(m.start(), m.end(), m.group()) for m in mentions._TOKEN.finditer(text)]
    found = [p for _, _, p in mentions._INSTITUTION_FINDER.finditer(text, tokens)]
    assert found.count("Kremlin") == 2
    unnamed = [p for _, _, p in mentions._UNNAMED_FINDER.finditer(text, tokens)]
    assert "officials" in unnamed and "official" in unnamed
