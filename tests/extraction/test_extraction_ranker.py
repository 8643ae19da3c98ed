"""The experimental speaker ranker: the options it weighs and how it decides (none is shipped)."""

import json

from quotes.extraction import SpeakerDirectory, extract
from quotes.extraction.engine import read
from quotes.extraction.ranker import SpeakerRanker, options

TEXT = (
    "Ukrainian President Volodymyr Zelensky met French President Emmanuel Macron in Kyiv.\n\n"
    "\u201cWe will win,\u201d Zelensky said.\n\n"
    "\u201cFrance stands with Ukraine,\u201d Macron told reporters.\n"
)


def directory() -> SpeakerDirectory:
    return SpeakerDirectory.from_pairs(
        [("Volodymyr Zelenskyy", ["Zelensky"]), ("Emmanuel Macron", [])]
    )


def named(reading, found):
    return {reading.directory.name_of(o.key[1]): o.features for o in found}


def test_options_hold_the_rules_choice_and_the_other_people_near():
    reading = read(TEXT, directory())
    first = named(reading, options(reading, 0))
    assert set(first) == {"Volodymyr Zelenskyy", "Emmanuel Macron"}
    zelensky = first["Volodymyr Zelenskyy"]
    assert zelensky["rule_choice"] and zelensky["chosen_named"]
    assert zelensky["same_sentence"] and zelensky["after"] and zelensky["verb_after_name"]
    assert zelensky["leader"] and zelensky["nearest"]
    assert not first["Emmanuel Macron"]["rule_choice"]
    second = named(reading, options(reading, 1))
    assert second["Volodymyr Zelenskyy"]["previous_speaker"]
    assert second["Emmanuel Macron"]["rule_choice"]


def test_without_a_ranker_the_rules_decide():
    found = extract(TEXT, directory())
    assert [c.speaker for c in found] == ["Volodymyr Zelenskyy", "Emmanuel Macron"]
    assert found == extract(TEXT, directory(), ranker=None)


def test_a_ranker_picks_the_best_option_and_guesses_no_leader_below_half(tmp_path):
    # Prefers whoever spoke before: the second quotation goes to Zelensky.
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"intercept": -1.0, "coefficients": {"previous_speaker": 3.0}}))
    ranker = SpeakerRanker.load(path)
    found = extract(TEXT, directory(), ranker=ranker)
    assert found[1].speaker == "Volodymyr Zelenskyy"
    assert "learned ranker" in found[1].reason
    # Nobody scores 0.5: no speaker at all rather than a guess.
    unsure = SpeakerRanker({"rule_choice": 1.0}, intercept=-2.0)
    found = extract(TEXT, directory(), ranker=unsure)
    assert [c.speaker for c in found] == [None, None]
    assert all(c.unlisted_speaker is None for c in found)
