"""The speaker directory: name matching rules and the CSV loader."""

import io

import pytest

from quotes.extraction import DirectoryError, SpeakerDirectory, extract

NAMESAKES = SpeakerDirectory.from_pairs(
    [
        ("Boris Johnson", []),
        ("Lyndon Johnson", []),
        ("Kim Jong-un", []),
        ("Kim Tok-hun", []),
        ("Olaf Scholz", []),
    ]
)


def speaker(text, directory=NAMESAKES):
    (candidate,) = extract(text, directory)
    return candidate.speaker


def test_an_ambiguous_surname_alone_is_not_matched():
    assert speaker("“We will see,” Johnson said.") is None


def test_an_ambiguous_surname_is_matched_once_the_article_names_the_person_in_full():
    text = "Boris Johnson spoke in London. “We will see,” Johnson said."
    assert speaker(text) == "Boris Johnson"


def test_a_surname_unique_in_the_directory_is_matched_without_the_full_name():
    assert speaker("“Germany is ready,” Scholz said.") == "Olaf Scholz"


def test_a_family_name_first_surname_follows_the_same_rule():
    assert speaker("“We are ready,” Kim said.") is None
    assert speaker("Kim Jong Un watched a launch. “We are ready,” Kim said.") == "Kim Jong-un"


def test_hyphens_case_and_accents_do_not_matter_in_full_names():
    directory = SpeakerDirectory.from_pairs([("Recep Tayyip Erdoğan", [])])
    assert speaker("“Enough,” Recep Tayyip Erdogan said.", directory) == "Recep Tayyip Erdoğan"


def test_a_full_name_not_in_the_directory_is_not_its_surnames_namesake():
    (candidate,) = extract("“We will see,” Mike Johnson said.", NAMESAKES)
    assert candidate.speaker is None
    assert candidate.unlisted_speaker == "Mike Johnson"


def test_from_pairs_merges_rows_of_the_same_person_and_pools_aliases():
    directory = SpeakerDirectory.from_pairs(
        [("Kim Jong Un", ["Kim"]), ("Kim Jong-un", ["Kim Jong-eun"]), ("Olaf Scholz", None)]
    )
    assert len(directory) == 2
    assert directory.people[0].aliases == ("Kim", "Kim Jong-eun")


def test_from_csv_reads_names_and_semicolon_separated_aliases():
    csv_text = "name,country,aliases\nVolodymyr Zelenskyy,UA,Zelensky;Zelenskiy\n"
    directory = SpeakerDirectory.from_csv(io.StringIO(csv_text))
    assert speaker("“Enough,” Zelenskiy said.", directory) == "Volodymyr Zelenskyy"


@pytest.mark.parametrize(
    "csv_text, message",
    [
        ("", "header"),
        ("country,aliases\nUA,Zelensky\n", "'name' column"),
        ("name,aliases\n,Zelensky\n", "empty name on line 2"),
        ("name,aliases\nA,B,C\n", "too many fields on line 2"),
        ("name,aliases\n", "lists no one"),
    ],
)
def test_from_csv_rejects_a_malformed_file_with_a_clear_message(csv_text, message):
    with pytest.raises(DirectoryError, match=message):
        SpeakerDirectory.from_csv(io.StringIO(csv_text))


def test_the_real_leaders_list_loads(tmp_path):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "extraction" / "leaders.csv"
    with open(path, encoding="utf-8") as f:
        directory = SpeakerDirectory.from_csv(f)
    assert len(directory) > 500
    assert speaker("“No,” Putin said.", directory) == "Vladimir Putin"
