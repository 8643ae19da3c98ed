"""Lines written in capitals throughout (radio scripts, some agency copy) are read in ordinary
case, and their quotations keep the article's own words."""

from pathlib import Path

import pytest

from quotes.extraction import SpeakerDirectory, extract
from quotes.extraction.casing import in_capitals, restore_case

LEADERS = Path(__file__).resolve().parents[1] / "data" / "extraction" / "leaders.csv"

SCRIPT = (
    "Army Radio News\n\n"
    "U-S SOLDIERS ARE BACK IN AUSTRALIA FOR AN EXERCISE. COLONEL DANA WHITLOCK SAYS THIS "
    "TRAINING IS VITAL FOR THE SECURITY OF THE REGION.\n\n"
    '"THIS IS A GREAT OPPORTUNITY FOR US TO WORK WITH THE AUSTRALIANS."\n\n'
    "SERGEANT TOM BRELLIN, A MEDIC, SAYS HE HAS TRAINED HERE BEFORE.\n\n"
    '"WE LEARN SOMETHING NEW EVERY TIME."\n'
)


@pytest.fixture(scope="module")
def leaders():
    with open(LEADERS, encoding="utf-8") as f:
        return SpeakerDirectory.from_csv(f)


def test_a_line_in_capitals_is_put_in_ordinary_case_with_the_same_length(leaders):
    recased = restore_case(SCRIPT, leaders)
    assert len(recased) == len(SCRIPT)
    assert "Colonel Dana Whitlock says this training is vital for the security" in recased
    assert "with the Australians." in recased
    assert recased.startswith("Army Radio News\n\nU-S soldiers are back in Australia")


def test_lines_in_ordinary_case_are_left_as_they_are(leaders):
    text = "President Emmanuel Macron said the NATO summit was “A TURNING POINT” for Europe."
    assert not in_capitals(text)
    assert restore_case(text, leaders) == text


def test_the_speaker_of_a_script_in_capitals_is_the_name_after_the_title(leaders):
    found = extract(SCRIPT, leaders)
    assert [c.unlisted_speaker for c in found] == ["Dana Whitlock", "Tom Brellin"]


def test_the_quotations_keep_the_articles_capitals(leaders):
    found = extract(SCRIPT, leaders)
    assert found[0].text == "THIS IS A GREAT OPPORTUNITY FOR US TO WORK WITH THE AUSTRALIANS."
    assert found[0].kind == "direct"
    assert found[0].context == '"' + found[0].text + '"'


@pytest.mark.parametrize(
    "reported, speaker",
    [
        # a leader of the directory, in capitals
        (
            "PRESIDENT EMMANUEL MACRON SAID ON MONDAY THAT EUROPE MUST DEFEND ITSELF.",
            "Emmanuel Macron",
        ),
        # two words right before a speech verb
        (
            "THE BRIDGE REOPENED ON MONDAY. DANA WHITLOCK SAYS THE REPAIRS TOOK A YEAR.",
            "Dana Whitlock",
        ),
    ],
)
def test_a_name_in_capitals_gives_the_next_quotation_its_speaker(reported, speaker, leaders):
    text = f'WORLD NEWS IN BRIEF\n\n{reported}\n\n"WE WILL NOT WAIT FOR ANYONE ELSE TO ACT."\n'
    found = extract(text, leaders)[-1]
    assert (found.speaker or found.unlisted_speaker) == speaker


def test_a_title_of_a_body_does_not_make_the_next_words_a_name(leaders):
    line = "TROOPS TRAINED IN COMBINED TASK FORCE OPERATIONS FOR THE SECURITY OF THE REGION."
    recased = restore_case(line, leaders)
    assert (
        recased
        == "Troops trained in combined task force operations for the security of the region."
    )


@pytest.mark.parametrize(
    "line, name",
    [
        ("BRITISH MAJOR DANA WHITLOCK AGREES, SAYING THE TRAINING IS REAL.", "Dana Whitlock"),
        ("STAFF SERGEANT DANA WHITLOCK WORKS WITH NATO ALLIES IN THE JOB.", "Dana Whitlock"),
        (
            "US AMBASSADOR TO THE REPUBLIC OF MACEDONIA DANA WHITLOCK SAYS IT WORKS.",
            "Dana Whitlock",
        ),
        (
            "LIEUTENANT COLONEL DANA J. WHITLOCK SAYS IT WORKS FOR EVERYONE HERE.",
            "Dana J. Whitlock",
        ),
    ],
)
def test_a_name_after_a_title_stops_before_the_verb(line, name, leaders):
    recased = restore_case(line, leaders)
    assert f" {name} " in recased
    assert recased.split(name)[1].split()[0].islower()  # the verb after the name
