"""The ways real news names, relays and continues a speaker, each as a short case.

The directory is the whole leaders list (tests/data/extraction/leaders.csv), with its
countries and offices, as an editor's import reads an article.
"""

from pathlib import Path

import pytest

from quotes.extraction import SpeakerDirectory, extract

LEADERS = Path(__file__).resolve().parents[1] / "data" / "extraction" / "leaders.csv"


@pytest.fixture(scope="module")
def leaders():
    with open(LEADERS, encoding="utf-8") as f:
        return SpeakerDirectory.from_csv(f)


def last(text, directory):
    return extract(text, directory)[-1]


def who(candidate):
    return candidate.speaker or candidate.unlisted_speaker


# --- 1. spellings the directory does not list ------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“We will not give up,” Zelenskiy said.", "Volodymyr Zelenskyy"),
        ("“We will not give up,” President Volodymyr Zelenskiy said.", "Volodymyr Zelenskyy"),
        ("“Enough,” Tayyip Erdogan told reporters.", "Recep Tayyip Erdoğan"),
        (
            "Brazil's Lula said the talks were “a step forward for the whole region.”",
            "Luiz Inácio Lula da Silva",
        ),
        (
            "“The country is at peace with itself,” AMLO told reporters.",
            "Andrés Manuel López Obrador",
        ),
        ("“We stand with Ukraine,” said President Joseph Biden.", "Joe Biden"),
        ("“We will defend every inch,” President Ferdinand R. Marcos Jr. said.", "Bongbong Marcos"),
    ],
)
def test_spellings_and_forms_the_directory_lacks_find_the_leader(text, speaker, leaders):
    assert last(text, leaders).speaker == speaker


def test_a_name_written_differently_is_returned_as_written_for_the_editor(leaders):
    candidate = last("“We will not give up,” Zelenskiy said.", leaders)
    assert candidate.written_name == "Zelenskiy"


@pytest.mark.parametrize(
    "text, unlisted",
    [
        # A full name not in the directory is someone else, even with a leader's surname.
        (
            "House Speaker Mike Johnson praised the bill. “A great day,” Johnson said.",
            "Mike Johnson",
        ),
        ("“We talked for hours,” Foreign Minister Sergei Lavrov told reporters.", "Sergei Lavrov"),
        # "U.S." must not sound like anyone's name; a first name after the full name.
        (
            "U.S. Defense Secretary Lloyd J. Austin met Marcos. “We have your back,” Lloyd said.",
            "Lloyd J. Austin",
        ),
    ],
)
def test_people_who_are_not_leaders_keep_their_name_and_get_no_leader(text, unlisted, leaders):
    candidate = last(text, leaders)
    assert candidate.speaker is None
    assert candidate.unlisted_speaker == unlisted


def test_a_country_or_an_organisation_is_not_part_of_a_name(leaders):
    text = (
        "Defense Secretary Lloyd J. Austin III convened the Ukraine Defense Contact Group "
        "and urged nations to “not lose steam” in their efforts."
    )
    assert who(last(text, leaders)) == "Lloyd J. Austin III"


# --- 2. quotation paragraphs with no attribution ----------------------------------------


def test_several_paragraphs_of_quotation_continue_the_speaker(leaders):
    text = (
        "German Chancellor Friedrich Merz said on Friday that Europe must act.\n\n"
        "“We cannot wait for Washington,” he said.\n\n"
        "“Europe must defend itself.”\n\n"
        "“And it must do so now.”"
    )
    found = extract(text, leaders)
    assert [c.speaker for c in found] == ["Friedrich Merz"] * 3
    assert found[-1].evidence == "continuation"


def test_a_quotation_paragraph_continues_the_speaker_of_the_paragraph_before(leaders):
    text = (
        "Hasina alleged that a crisis had been stirred up on purpose.\n\n"
        "“We have to remain alert so that no one can foil our democracy.”"
    )
    candidate = last(text, leaders)
    assert candidate.speaker == "Sheikh Hasina"
    assert "paragraph before" in candidate.reason


def test_someone_named_in_between_ends_the_turn(leaders):
    text = (
        "“We will win,” Zelenskyy said.\n\n"
        "Analysts said the plan was fragile.\n\n"
        "“The winter will decide everything.”"
    )
    assert last(text, leaders).speaker is None


# --- 3. roles instead of names ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Turkish President Tayyip Erdogan spoke in Ankara.\n\n"
            "“Never,” the Turkish leader said.",
            "Recep Tayyip Erdoğan",
        ),
        (
            "Modi met Xi Jinping in Kazan.\n\n“Our ties are growing,” the Indian premier said.",
            "Narendra Modi",
        ),
        (
            "Putin met Xi.\n\n“The partnership has no limits,” the Chinese leader said.",
            "Xi Jinping",
        ),
        # The directory's offices: "the Argentine president" is Milei, Lula is Brazil's.
        (
            "Lula hosted the summit that Argentina's Javier Milei skipped. In Buenos Aires, "
            "the Argentine president answered on X. "
            "“I will not go to be lectured,” he wrote.",
            "Javier Milei",
        ),
        # A bare "the president" is the one titled without a country.
        (
            "“NATO has never been more united,” said President Joe Biden. Russian President "
            "Vladimir Putin was not invited. The president noted the summit's unity. “It was "
            "our objective,” he said.",
            "Joe Biden",
        ),
    ],
)
def test_roles_are_bound_through_titles_offices_and_countries(text, speaker, leaders):
    assert last(text, leaders).speaker == speaker


# --- 4. relays ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, relay",
    [
        ("Russian President Vladimir Putin was quoted by TASS as saying: “We are ready.”", "TASS"),
        ("TASS quoted Putin as saying “we are ready for talks on any day.”", "TASS"),
        (
            "Pyongyang's state media reported that Kim Jong Un called the weapons a “powerful "
            "deterrent for the country.” He also said the talks were “a complicated matter for "
            "everyone.”",
            "state media",
        ),
    ],
)
def test_the_relaying_agency_is_never_the_speaker(text, relay, leaders):
    candidate = last(text, leaders)
    assert candidate.speaker in ("Vladimir Putin", "Kim Jong-un")
    assert relay.lower() in (candidate.relayed_by or "").lower()


# --- 5 and 6. subjects, and people who are not leaders ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Putin spoke with Erdogan. “The situation is difficult,” a Kremlin official said.",
        "Macron arrived in Berlin. “This is unacceptable,” a diplomat familiar with the "
        "matter said.",
        "Macron spoke first. Analysts said the plan was “unlikely to survive the winter.”",
        "Zelenskyy ordered officials to report on programmes whose funds are “currently "
        "suspended and frozen by the administration.”",
    ],
)
def test_unnamed_people_speak_for_no_leader(text, leaders):
    candidate = last(text, leaders)
    if "Zelenskyy ordered" in text:
        # "to report" is not a speech: the subject is Zelenskyy, not the officials.
        assert candidate.speaker == "Volodymyr Zelenskyy"
    else:
        assert candidate.speaker is None
        assert candidate.confidence < 0.5


def test_an_unnamed_speaker_gives_no_leader_even_after_a_leader_spoke(leaders):
    text = "“We will win,” Putin said. “It is over,” a senior diplomat said."
    assert last(text, leaders).speaker is None


# --- 7. typography of real pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Putin said: ”We are ready for talks at any moment.”",
        "Putin said: ``We are ready for talks at any moment.''",
        "Putin said: \"We are ready for talks at any moment.''",
        "Putin said: We are ready for talks at any moment.” The Kremlin added nothing.",
        "Putin said: “We are ready for talks at any moment.\n\nThe Kremlin added nothing.",
        "Putin told the forum: “We are ready [for talks] at any moment.”",
    ],
)
def test_quotations_as_real_pages_print_them(text, leaders):
    candidate = extract(text, leaders)[0]
    assert candidate.speaker == "Vladimir Putin"
    assert candidate.text.startswith("We are ready")
    assert candidate.text.rstrip(".").endswith("at any moment")


def test_a_second_verb_in_the_attribution_opens_a_quotation_of_its_own(leaders):
    text = (
        '"Because the threat reaches us all," Jonas Merle said, "Many of us have seen '
        'attacks," he said, adding "this is the moment for us all to do more."'
    )
    first, second = extract(text, leaders)
    assert first.text == "Because the threat reaches us all, Many of us have seen attacks,"
    assert second.text == "this is the moment for us all to do more."
    assert who(second) == "Jonas Merle"


def test_a_full_stop_in_place_of_a_comma_before_the_attribution(leaders):
    text = "“We have to remain alert.” Hasina said, urging the opposition to return."
    assert last(text, leaders).speaker == "Sheikh Hasina"


# --- 8. scare quotes and single words ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['Trump called the deal "historic" and left.', "It crossed the “red lines” again."]
)
def test_single_words_and_scare_quotes_stay_below_half(text, leaders):
    assert last(text, leaders).confidence < 0.5


def test_each_candidate_says_why_its_speaker_was_chosen_and_its_sentence(leaders):
    text = "Indian Prime Minister Narendra Modi met Xi.\n\n“Our ties are growing,” the PM said."
    candidate = last(text, leaders)
    assert candidate.speaker == "Narendra Modi"
    assert candidate.reason == "“the PM” = Narendra Modi"
    assert candidate.context == "“Our ties are growing,” the PM said."


def test_a_title_case_headline_names_the_speaker_the_body_names_in_full(leaders):
    text = (
        "Austin Convenes Contact Group at 'Pivotal Moment' for Ukraine\n\n"
        "Defense Secretary Lloyd J. Austin III convened the group on Tuesday."
    )
    candidate = extract(text, leaders)[0]
    assert who(candidate) == "Lloyd J. Austin III"
    # A headline in title case is not a run of one long name.
    text = "Kim Calls Nuclear Weapons a 'Treasured Sword'\n\nNorth Korean leader Kim Jong Un spoke."
    assert extract(text, leaders)[0].speaker == "Kim Jong-un"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # An unlisted person named without a title, then "he": not the leader named before.
        (
            "Ketumile Masire spoke first. Mahamane Ousmane, former president of Niger, agreed, "
            'saying "great progress has been made," but he cautioned, "But it is not enough."',
            "Mahamane Ousmane",
        ),
        # The appositive role is the name's, and the outlet told is not the speaker.
        (
            'Describing Africa as "a continent in quest for a better way," Antonio Monteiro, the '
            "former president of Cape Verde, told the Voice of America today.",
            "Antonio Monteiro",
        ),
        # A father's surname first, and the article's own misspelling of a surname.
        (
            'Tabaré Ramón Vázquez Rosas took office. Vázquez said "no official has expressed any '
            'concern to him."',
            "Tabaré Ramón Vázquez Rosas",
        ),
        ('John Kufuor spoke. "Every bit of aid counts," Kufor said.', "John Kufuor"),
        # "claims to have won" is not a speech; Pompeo called it a sham.
        (
            'Pompeo called the election that Maduro claims to have won a "sham and a fraud," '
            "he said.",
            None,
        ),
    ],
)
def test_people_the_directory_does_not_list_keep_their_words(text, speaker, leaders):
    candidate = extract(text, leaders)[0]
    if speaker is None:
        assert candidate.speaker != "Nicolás Maduro"
    else:
        assert who(candidate) == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        # The subject stands before the relative clause that names a leader.
        (
            "The U.S. government, which has been pressuring President Nicolas Maduro to step "
            'down, expressed full support for the "Venezuelan people and their quest".',
            None,
        ),
        # The owner of an announcement said the fragment in it.
        (
            "The United States condemns President Putin’s announcement that Russia recognizes the "
            "republics as quote, “independent and sovereign states,” unquote.",
            "Vladimir Putin",
        ),
        # "and" between two quotations, then the attribution for both.
        (
            "Prime Minister Narendra Modi spoke. ASEAN plays a role in “keeping the peace "
            "together” and “lowering tensions in our area,” added the prime minister.",
            "Narendra Modi",
        ),
        # A title-case headline capitalises its verbs.
        (
            "“Come What May, I Must Return to My Homeland” : Hasina Expresses Her Determination\n\n"
            "Sheikh Hasina, the former prime minister, spoke in London.",
            "Sheikh Hasina",
        ),
    ],
)
def test_subjects_owners_and_headlines(text, speaker, leaders):
    assert extract(text, leaders)[0].speaker == speaker


def test_a_fragment_repeating_an_attributed_quotation_is_that_speaker_s(leaders):
    text = (
        "Guatemalan Leader Calls US 'our great partner in trade'\n\n"
        '"The United States is our great partner in trade and in the fight against drug '
        'trafficking," Alvaro Colom said.'
    )
    headline = extract(text, leaders)[0]
    assert who(headline) == "Alvaro Colom"
    assert headline.evidence == "repeated"


def test_a_paragraph_naming_no_one_does_not_end_the_speaker_s_turn(leaders):
    text = (
        "At a press conference, Defense Secretary Lloyd Austin cited several challenges:\n\n"
        "“We are deeply concerned by the coercive behavior we see.”\n\n"
        "North Korea’s missile programs also threaten peace in the region.\n\n"
        "“As we face these shared challenges, I am here to reaffirm our commitment.”"
    )
    assert who(last(text, leaders)) == "Lloyd Austin"


def test_a_title_picks_the_one_of_two_leaders_with_the_same_family_name(leaders):
    text = "President Lee met Kishida. “We agreed to cooperate,” Lee said."
    assert last(text, leaders).speaker == "Lee Jae Myung"


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            'General Zekai Aksakalli told NTV, "Those who are attempting a coup will not succeed."',
            "NTV",
        ),
        (
            '"The strikes will continue," said a statement released by the government via the '
            "Korean Central News Agency (KCNA).",
            "Korean Central News Agency (KCNA)",
        ),
        (
            "“The president is dismissed,” Niyombare read in a statement on Bonesha FM radio.",
            "Bonesha FM radio",
        ),
        (
            "Putin said in an interview on state television that talks were possible. “We can "
            "talk,” he said.",
            "state television",
        ),
        (
            'Interviewed by Fox News, Vice President Dick Cheney said: "We support the reformers."',
            "Fox News",
        ),
    ],
)
def test_relays_named_in_the_reporter_s_sentence(text, relay, leaders):
    assert last(text, leaders).relayed_by == relay


def test_a_platform_is_a_channel_not_a_relay(leaders):
    assert last("Trump wrote via Twitter: “The deal is done.”", leaders).relayed_by is None


def test_a_speech_quoted_over_paragraphs_with_one_opening_and_one_closing_mark(leaders):
    text = (
        "Vladimir Putin: “Colleagues, good afternoon.\n\n"
        "We are meeting today to discuss the economy. The situation is stable.\n\n"
        "I would like to thank the Government for its work.”\n\n"
        "The meeting continued behind closed doors."
    )
    (candidate,) = extract(text, leaders)
    assert candidate.text.startswith("Colleagues, good afternoon. We are meeting")
    assert candidate.text.endswith("for its work.")
    assert candidate.speaker == "Vladimir Putin"
    assert candidate.evidence == "named"


def test_a_quotation_interrupted_by_a_bare_attribution_without_commas_is_one(leaders):
    text = '"We stand ready" tweeted Johnson "to provide whatever help we can."'
    (candidate,) = extract(text, leaders)
    assert candidate.text == "We stand ready to provide whatever help we can."


def test_a_reporter_s_clause_between_two_fragments_keeps_them_apart(leaders):
    text = (
        "Donald Trump called the gathering “a total disgrace” and said the United States "
        "would “not be attending”."
    )
    assert [c.text for c in extract(text, leaders)] == ["a total disgrace", "not be attending"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A name used as an adjective is nobody speaking.
        (
            "Defense Secretary Lloyd Austin visited Kenya.\n\nHe said the Biden administration "
            "would work with Congress.\n\n“The United States stands ready to help,” he said.",
            "Lloyd Austin",
        ),
        # A common surname alone is not the one leader who bears it.
        ('A university student named Wong said, "Hong Kong people never back down."', "Wong"),
        ('Protesters marched. "We will be back," Lee said.', "Lee"),
    ],
)
def test_attributive_names_and_common_surnames_name_no_leader(text, speaker, leaders):
    candidate = last(text, leaders)
    assert who(candidate) == speaker
    assert candidate.speaker is None or candidate.speaker == "Lloyd Austin"


def test_a_sentence_opening_with_he_passes_the_pronoun_on_to_the_one_before(leaders):
    text = (
        "Defense Secretary Lloyd Austin arrived in Nairobi.\n\n"
        "He met President William Ruto at State House.\n\n"
        "“The United States stands ready to help,” he said."
    )
    assert who(last(text, leaders)) == "Lloyd Austin"


# Each way real news names, titles, relays and continues a speaker, by class: the class
# is the case's id (`pytest -k <class>`).
NAMED_SPEAKER_CASES = [
    pytest.param(
        "Putin met the governor. “We need more roads,” the governor said.",
        None,
        id="words_of_people_around_a_leader_are_not_the_leader_s-1",
    ),
    pytest.param(
        "Ukraine's foreign minister said Zelenskyy would attend. “He will be there,” the "
        "minister said.",
        None,
        id="words_of_people_around_a_leader_are_not_the_leader_s-2",
    ),
    pytest.param(
        "Putin spoke. His press secretary later added: “There will be no comment.”",
        None,
        id="words_of_people_around_a_leader_are_not_the_leader_s-3",
    ),
    pytest.param(
        "Zelenskyy thanked Biden.\n\n“We will continue our support,” the White House said "
        "in a statement.",
        None,
        id="words_of_people_around_a_leader_are_not_the_leader_s-4",
    ),
    pytest.param(
        "Ramaphosa said Trump had been misinformed. “We explained the facts,” said Cyril "
        "Ramaphosa's spokesperson Vincent Magwenya.",
        "Vincent Magwenya",
        id="words_of_people_around_a_leader_are_not_the_leader_s-5",
    ),
    pytest.param(
        "“We will win,” Zelenskyy said. His chief of staff, Andriy Yermak, added: “The front "
        "is holding.”",
        "Andriy Yermak",
        id="words_of_people_around_a_leader_are_not_the_leader_s-6",
    ),
    pytest.param(
        'Defense Secretary Lloyd J. Austin III met his counterpart. "The alliance has never '
        'been stronger," the secretary said.',
        "Lloyd J. Austin III",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-1",
    ),
    pytest.param(
        '"We are ready," said Army Gen. Mark A. Milley, chairman of the Joint Chiefs of Staff.',
        "Mark A. Milley",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-2",
    ),
    pytest.param(
        '"It\'s an honor," said Marine Corps Lt. Gen. James Bierman.',
        "James Bierman",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-3",
    ),
    pytest.param(
        'Ghana\'s President Nana Akufo-Addo welcomed the troops. "You are welcome here," '
        "Akufo-Addo said.",
        "Nana Akufo-Addo",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-4",
    ),
    pytest.param(
        'Kenyan President William Ruto said his country was ready. "We will not fail," the '
        "Kenyan leader said.",
        "William Ruto",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-5",
    ),
    pytest.param(
        'Indonesian Defense Minister Prabowo Subianto attended the talks. "We appreciate the '
        'cooperation," Prabowo said.',
        "Prabowo Subianto",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-6",
    ),
    pytest.param(
        "Navy Adm. John C. Aquilino, commander of U.S. Indo-Pacific Command, spoke first. "
        '"This is about deterrence," Aquilino said.',
        "John C. Aquilino",
        id="titles_and_ranks_of_officials_and_leaders_in_defence_news-7",
    ),
    pytest.param(
        "General Michael “Erik” Kurilla visited Baghdad. Kurilla issued this statement:\n\n"
        "“This short visit crystallized the progress we made.”",
        "Michael Kurilla",
        id="officials_in_defence_and_government_news-1",
    ),
    pytest.param(
        "“We thank you so much,” said the Minister of Foreign Affairs, the Honorable Milner "
        "Tozaka.",
        "Milner Tozaka",
        id="officials_in_defence_and_government_news-2",
    ),
    pytest.param(
        "“Two weeks ago we began our mission,” said Commodore, Task Force Forager, Capt. James "
        "Meyer, during a reception.",
        "James Meyer",
        id="officials_in_defence_and_government_news-3",
    ),
    pytest.param(
        '"Our ties with Japan form the core of our alliances," Pentagon Press Secretary Air '
        'Force Maj. Gen. Pat Ryder said. Ryder took questions. "It\'s a sovereign decision," '
        "the general said.",
        "Pat Ryder",
        id="officials_in_defence_and_government_news-4",
    ),
    pytest.param(
        "Defense Secretary Lloyd J. Austin III welcomed Ng Eng Hen.\n\nThe region is changing "
        'fast, Austin said. "Our partnership will remain central."',
        "Lloyd J. Austin III",
        id="officials_in_defence_and_government_news-5",
    ),
    pytest.param(
        "President Obama announced the decision. In an interview with VOA, Abdullah Abdullah, "
        "Ghani's partner in the government, stressed his commitment. \"Those who expect it "
        'to collapse," he said, "will be disappointed."',
        "Abdullah Abdullah",
        id="officials_in_defence_and_government_news-6",
    ),
    pytest.param(
        "Volodymyr Zelenskyy met the Prime Minister of Denmark Mette Frederiksen.\n\n"
        "“We will send more aid,” she said.",
        "Mette Frederiksen",
        id="pronouns_and_titles_in_official_news-1",
    ),
    pytest.param(
        "Zelenskyy met Danish Prime Minister Mette Frederiksen.\n\n“We are grateful,” the Head "
        "of State said.",
        "Volodymyr Zelenskyy",
        id="pronouns_and_titles_in_official_news-2",
    ),
    pytest.param(
        "The President of Ukraine met with Foreign Secretary of the United Kingdom James "
        "Cleverly.\n\n“Britain will stand with Ukraine,” the Foreign Secretary said.",
        "James Cleverly",
        id="pronouns_and_titles_in_official_news-3",
    ),
    pytest.param(
        "Secretary of State Mike Pompeo honored the veterans. “We are forever grateful,” the "
        "secretary said.",
        "Mike Pompeo",
        id="pronouns_and_titles_in_official_news-4",
    ),
    pytest.param(
        'Volodymyr Zelenskyy held talks with President of Poland Andrzej Duda. "Poland is our '
        'friend," the Head of State emphasized.',
        "Volodymyr Zelenskyy",
        id="the_president_of_the_article_and_its_visitors-1",
    ),
    pytest.param(
        'Volodymyr Zelenskyy held talks with President of Poland Andrzej Duda. "Ukraine can '
        'count on us," the President of Poland said.',
        "Andrzej Duda",
        id="the_president_of_the_article_and_its_visitors-2",
    ),
    pytest.param(
        "Prime Minister Keir Starmer said:\n\n“We will deliver for working people.”",
        "Keir Starmer",
        id="the_president_of_the_article_and_its_visitors-3",
    ),
    pytest.param(
        "Biden met Netanyahu. Afterwards, a senior administration official told reporters: "
        "“It was a frank conversation.”",
        None,
        id="the_president_of_the_article_and_its_visitors-4",
    ),
    pytest.param(
        'The bill was drafted by Alex Greenwich who said on the parliament floor, "It follows '
        'decades of work."',
        "Alex Greenwich",
        id="wikinews_style_attributions-1",
    ),
    pytest.param(
        'The mayor of London, Sadiq Khan, thanked "the police and emergency services staff for '
        'their response".',
        "Sadiq Khan",
        id="wikinews_style_attributions-2",
    ),
    pytest.param(
        'NATO Secretary-General Jens Stoltenberg wrote, "I count on Turkey to act with restraint."',
        "Jens Stoltenberg",
        id="wikinews_style_attributions-3",
    ),
    pytest.param(
        "Adil Abdul-Mahdi, the acting Prime Minister of Iraq, spoke out against the attack, "
        'calling it "an aggression on Iraq as a state".',
        "Adil Abdul-Mahdi",
        id="wikinews_style_attributions-4",
    ),
    pytest.param(
        "NYC Mayor de Blasio ends his campaign.\n\nYesterday, Bill de Blasio, the mayor of New "
        'York, ended his campaign. Mayor de Blasio said: "It is clearly not my time."',
        "Bill de Blasio",
        id="wikinews_style_attributions-5",
    ),
    pytest.param(
        'In an interview, Pelosi told NBC the call was a "breach of his constitutional '
        'responsibilities".',
        "Pelosi",
        id="wikinews_style_attributions-6",
    ),
    pytest.param(
        'Chief Executive of Hong Kong Carrie Lam said: "We will restore order."',
        "Carrie Lam",
        id="wikinews_style_attributions-7",
    ),
    pytest.param(
        'Calling Poland a "model ally to the United States on the Eastern flank of NATO," '
        "Hegseth commended his counterpart.",
        "Hegseth",
        id="ministers_after_their_president_and_titles_of_every_trade-1",
    ),
    pytest.param(
        "Satyendra Jain, the city's home minister, said \"Buildings can only be four floors "
        'high in Delhi."',
        "Satyendra Jain",
        id="ministers_after_their_president_and_titles_of_every_trade-2",
    ),
    pytest.param(
        'President Andrzej Duda said it was an "appalling tragedy" while Interior Minister '
        'Joachim Brudziński wrote he had ordered checks. He tweeted, "I want to express my '
        'sympathy to the families."',
        "Joachim Brudziński",
        id="ministers_after_their_president_and_titles_of_every_trade-3",
    ),
    pytest.param(
        "President Vladimir Putin was briefed. In a meeting he was told by Emergencies "
        'Minister Yevgeny Zinichev there were "presumably between 36 and 40 people under '
        'the rubble".',
        "Yevgeny Zinichev",
        id="ministers_after_their_president_and_titles_of_every_trade-4",
    ),
    pytest.param(
        'Broadcaster Piers Morgan tweeted: "The guy with the whale tusk is a hero."',
        "Piers Morgan",
        id="ministers_after_their_president_and_titles_of_every_trade-5",
    ),
    pytest.param(
        'Senate Minority Leader Democrat Chuck Schumer said he "was a great man, a true leader."',
        "Chuck Schumer",
        id="ministers_after_their_president_and_titles_of_every_trade-6",
    ),
    pytest.param(
        "The bill was criticised by archbishop Monsenor Jorge Eduardo Scheinig. Calling it a "
        '"culture of death" the archbishop said "We need to pray."',
        "Jorge Eduardo Scheinig",
        id="clergy_participles_and_people_of_an_organisation-1",
    ),
    pytest.param(
        'Rescue was suspended, with Zinichev describing the "real threat of another part of '
        'the building collapsing".',
        "Zinichev",
        id="clergy_participles_and_people_of_an_organisation-2",
    ),
    pytest.param(
        "In remarks to the Agence France-Presse news service, Sheldon Yett of UNICEF observed, "
        '"I\'ve seen mass mobilisation campaigns before."',
        "Sheldon Yett",
        id="clergy_participles_and_people_of_an_organisation-3",
    ),
    pytest.param(
        "Bernie Sanders shared his reasoning, pointing out he had fewer delegates than former "
        'Vice President Joe Biden, saying "the path toward victory is virtually impossible".',
        "Bernie Sanders",
        id="main_clauses_ranks_after_names_and_namesakes_of_outlets-1",
    ),
    pytest.param(
        'Prosecutor Kama Melly QC said the victims were "ripe and vulnerable to manipulation".',
        "Kama Melly",
        id="main_clauses_ranks_after_names_and_namesakes_of_outlets-2",
    ),
    pytest.param(
        'Michael Bloomberg endorsed his former rival, Joe Biden. "Three months ago," he '
        'said, "I entered the race."',
        "Michael Bloomberg",
        id="main_clauses_ranks_after_names_and_namesakes_of_outlets-3",
    ),
    pytest.param(
        'Immunologist Kristian Andersen said: "This virus spreads easily."',
        "Kristian Andersen",
        id="occupations_before_a_name_are_not_part_of_it-1",
    ),
    pytest.param(
        'Co-author Jing-Shan Zhao said: "Our work shows the motion of flapping."',
        "Jing-Shan Zhao",
        id="occupations_before_a_name_are_not_part_of_it-2",
    ),
    pytest.param(
        'NASA Administrator Jim Bridenstine said: "I\'m breathing a sigh of relief."',
        "Jim Bridenstine",
        id="occupations_before_a_name_are_not_part_of_it-3",
    ),
    pytest.param(
        'Assemblywoman Selena Torres said: "It\'s exciting to be part of this majority."',
        "Selena Torres",
        id="occupations_before_a_name_are_not_part_of_it-4",
    ),
    # Rounds 12 and 13: the thirteenth and fourteenth blind parts' errors.
    pytest.param(
        "Talks\n\nDana Whitlock, first deputy director of the security office, on Sept. 15 "
        "told a media briefing at the presidential office, “We are pushing for talks.”",
        "Dana Whitlock",
        id="a_month_abbreviated_before_its_day_does_not_end_the_sentence",
    ),
    pytest.param(
        "Talks\n\nInformation Minister Jonas Merle said the talks would go on.\n\n"
        "“We are not going to answer this rhetoric,” Mele said.",
        "Jonas Merle",
        id="a_surname_missing_a_letter_is_the_person_named_in_full",
    ),
    pytest.param(
        "Call\n\nShortly after, President Zelenskyy took to social media to say:\n\n"
        "“Coordinated actions with our partners. We defend Ukraine.”",
        "Volodymyr Zelenskyy",
        id="a_paragraph_ending_to_say_with_a_colon_opens_the_next",
    ),
    pytest.param(
        "Test\n\nDana Whitlock landed an interview with the minister minutes after North "
        "Korea announced it had conducted a test of “several kilotons.”",
        None,
        id="a_country_that_announces_is_no_one",
    ),
    pytest.param(
        "Test\n\nDana Whitlock of Georgia said, “The test was a provocation.”",
        "Dana Whitlock",
        id="a_place_of_origin_is_no_subject",
    ),
    pytest.param(
        "Visit\n\nJonas Merle visited the troops.\n\nSpeaking from the capital on his tour "
        "of the Gulf, the PM said it was “a proud day”.",
        "Jonas Merle",
        id="a_place_after_of_the_is_no_person_before_a_title",
    ),
    pytest.param(
        "Visit\n\nJonas Merle visited the troops.\n\nAppearing on the BBC’s Radio Solent, "
        "the Prime Minister said it was “a proud day”.",
        "Jonas Merle",
        id="a_station_is_no_person_before_a_title",
    ),
    # A minister is someone's staff, never found by elimination: "the Prime Minister" must
    # not be read as "the Prime" + "minister".
    pytest.param(
        "Call\n\nJonas Merle said he had spoken to the salt makers.\n\nLater the Prime "
        "Minister said, “We are doing all we can.”",
        "Jonas Merle",
        id="the_prime_minister_in_capitals_is_no_minister",
    ),
    pytest.param(
        "Call\n\nPrime Minister Jonas Merle has congratulated the captain.\n\n"
        "In a video call, the Prime Minister offered “massive congratulations”.",
        "Jonas Merle",
        id="prime_minister_before_a_name_is_one_title",
    ),
    pytest.param(
        'Aid\n\nPresident Jonas Merle said: "We stand by them."\n\n'
        "“We have moved from words to actions,” added Commissioner for Regional Policy "
        "Dana Whitlock.",
        "Dana Whitlock",
        id="a_title_and_its_portfolio_before_an_inverted_attributions_name",
    ),
    pytest.param(
        "Statement by President Putin on the anniversary\n\n“We remember every one of them.”",
        "Vladimir Putin",
        id="a_heading_naming_a_statements_author_a_leader",
    ),
    pytest.param(
        "Remarks by Dana Whitlock at the summit\n\n“We remember every one of them.”",
        "Dana Whitlock",
        id="a_heading_naming_a_statements_author",
    ),
    pytest.param(
        "Statement by the Prime Minister of Ruritania\n\n“We remember every one of them.”",
        None,
        id="a_heading_with_no_name_names_no_one",
    ),
    pytest.param(
        "Congratulations\n\nPrime Minister Christopher Luxon has congratulated the winners.\n\n"
        "'I have been in touch with both leaders,' Mr Luxon says.\n\n"
        "'When we spoke, we affirmed our relationship.\n\n"
        "'I look forward to working with them.'\n\n"
        "Mr Luxon has also congratulated Lawrence Wong on his victory in Singapore.\n\n"
        "'Singapore is a key partner for New Zealand.'",
        "Christopher Luxon",
        id="a_turn_quoted_over_paragraphs_goes_on_from_where_it_ended",
    ),
    pytest.param(
        "Appeal\n\nForeign Minister Winston Peters has appealed for the pilot's release."
        "\n\n“We urge them to release him,” Mr Peters said.\n\n"
        "For the last year, agencies have been working towards securing Phillip’s release "
        "and supporting his family.\n\n“There can never be any justification for this.”",
        "Winston Peters",
        id="a_paragraph_naming_people_only_in_passing_does_not_end_the_turn",
    ),
    pytest.param(
        "Appeal\n\n“We urge them to release him,” Mr Peters said.\n\n"
        "Phillip’s mother has written to the captors.\n\n“Let him come home.”",
        None,
        id="a_paragraph_whose_subject_is_someone_else_ends_the_turn",
    ),
    pytest.param(
        "Aid for farmers\n\nThe farmers received cash.\n\n“We will rebuild,” Pres. Marcos said.",
        "Bongbong Marcos",
        id="pres_abbreviated_is_a_title",
    ),
    pytest.param(
        "Funding\n\nFirst Minster Dana Whitlock said:\n\n“This is heroic work.”",
        "Dana Whitlock",
        id="a_misprinted_minster_is_still_a_title",
    ),
    pytest.param(
        "Visit\n\n“We hope,” said U.S. Ambassador to Ruritania, Jonas Merle, at a reception.",
        "Jonas Merle",
        id="titles_run_to_a_name_a_comma_parts_from_the_sentence",
    ),
    pytest.param(
        "Visit\n\n“We hope,” said Director General Operation for Ruritania Navy Rear Adm. "
        "Jonas Merle, who attended.",
        "Jonas Merle",
        id="an_abbreviated_rank_does_not_end_the_titles",
    ),
    pytest.param(
        "Visit\n\n“We are grateful,” said His Excellency Jonas Merle, Vice President for the "
        "Republic of Ruritania.",
        "Jonas Merle",
        id="his_excellency_is_a_title",
    ),
    pytest.param(
        "Talks\n\nSenate President Jonas Merle met the envoy.\n\n“We are interested,” SP Merle "
        "said.",
        "Jonas Merle",
        id="sp_is_a_title",
    ),
    pytest.param(
        "Return\n\n“I'm excited,” said Airman 1st Class Jonas Merle, an aviation manager.",
        "Jonas Merle",
        id="class_after_an_ordinal_is_part_of_the_rank",
    ),
    pytest.param(
        "Opening\n\n“The partnership is long-standing,” said Deputy Mayor of Dunmoor Jonas Merle.",
        "Jonas Merle",
        id="a_mayor_of_a_place_before_the_name",
    ),
    pytest.param(
        "Trade\n\nPresident Ricardo Maduro of Honduras pointed out the benefits, saying, “The "
        "pact will give our government growth.”",
        "Ricardo Maduro",
        id="a_country_after_the_name_rules_out_the_leader_of_another",
    ),
    pytest.param(
        "Trade\n\nPresident Ferdinand R. Marcos Jr. of the Philippines pointed out the "
        "benefits, saying, “The pact will give our government growth.”",
        "Bongbong Marcos",
        id="a_country_after_the_name_that_fits_the_leader",
    ),
    pytest.param(
        "Kids\n\nMinister for the Welsh Language, Jonas Merle AM said:\n\n“I am very pleased.”",
        "Jonas Merle",
        id="letters_of_a_seat_after_the_name",
    ),
    pytest.param(
        "Speech\n\nPresident Isaias Afewerki said Eritrea must “protect national security”.",
        "Isaias Afwerki",
        id="the_same_first_name_and_a_surname_a_letter_apart",
    ),
    pytest.param(
        "Remarks\n\nDeputy Secretary of State Jonas Merle, in remarks to the School for "
        "Communication and Journalism, said the partners were “dynamic and growing”.",
        "Jonas Merle",
        id="a_field_of_study_is_no_one",
    ),
    pytest.param(
        "Kids\n\nBuilding on the progress Cymraeg for Kids has made, a contract was awarded."
        "\n\nMinister Jonas Merle said:\n\n“I am pleased. Cymraeg 2050 emphasises the family.”"
        "\n\nDana Whitlock, National Manager, Cymraeg for Kids added:\n\n“It has gone "
        "from strength to strength.”",
        "Dana Whitlock",
        id="a_programme_for_someone_is_no_one",
    ),
    pytest.param(
        "Presidential Chief of Staff Noh Young-min (center) on Nov. 10 delivers his opening "
        "statement. On his left is National Security Director Chung Eui-yong.\n\n"
        "By Kim Eun-young and Kim Hwaya\n\n"
        "Presidential Chief of Staff Noh Young-min on Nov. 10 held a news conference.\n\n"
        "Accompanied by Policy Secretary Kim Sang-jo and Security Director Chung Eui-yong, Noh "
        "said, “The government focused on growth.”",
        "Noh Young-min",
        id="a_korean_family_name_before_the_given_name",
    ),
    pytest.param(
        "Briefing\n\nPresidential Chief of Staff Jonas Merle held a conference on the plans of "
        "President Moon Jae-in.\n\nOn the president's term, the chief of staff said, “We will "
        "push for reform.”",
        "Jonas Merle",
        id="the_chief_of_staff_is_not_the_chief",
    ),
    pytest.param(
        "Condolences\n\nJonas Merle sent his condolences to the victims.\n\nThe message reads, "
        "in part:\n\n“I was deeply shaken.\n\nWe are ready to help.”",
        "Jonas Merle",
        id="a_message_sent_by_a_full_name",
    ),
    pytest.param(
        "Shame\n\nSenegalese blogger Seckasysteme is unhappy with the government.\n\n“Africa "
        "is ashamed”, concludes the blogger.",
        "Seckasysteme",
        id="the_blogger_is_the_one_introduced_as_one",
    ),
    pytest.param(
        "Zimbabwe\n\nEthan discusses the latest events in Zimbabwe, “Once you have thrown an "
        "election, the next step is to return to normalcy.”",
        "Ethan",
        id="a_blogger_discusses",
    ),
    pytest.param(
        "Meeting\n\nThe Union will step up support. High Representative/Vice-President Dana "
        "Whitlock confirmed this today when she met Colombian President Jonas Merle. High "
        "Representative Whitlock and President Merle had met previously.\n\n“The EU”, said the "
        "High Representative, “will ensure its engagement.”",
        "Dana Whitlock",
        id="the_high_representative",
    ),
    pytest.param(
        "Opening\n\n“This is the biggest exercise,” said Australian Brigadier Jonas Merle, the "
        "Director-General.",
        "Jonas Merle",
        id="brigadier_is_a_title",
    ),
    pytest.param(
        "Exercise\n\nThe training included exchanges.\n\n“Our partnerships are crucial.” "
        "Capt. Jonas Merle, Logistics Officer for Headquarters Battalion",
        "Jonas Merle",
        id="a_caption_of_titles_and_name_after_the_words",
    ),
    pytest.param(
        "Quote of the week\n\n“Cooperation helps millions.” Commissioner for International "
        "Cooperation and Development Jonas Merle commenting on the report.",
        "Jonas Merle",
        id="a_caption_with_a_portfolio_in_two_parts_commenting",
    ),
    pytest.param(
        "HISTORIC PRESS RELEASE : Jonas Merle meets Ruritanian leader [December 2009]\n\n"
        "The Prime Minister met the Ruritanian leader, Dana Whitlock, today.\n\n"
        "Mr Merle took the opportunity to discuss the talks.\n\nThe Prime Minister said:\n\n"
        "“Having striven for a settlement, Dana Whitlock knows how vital it is.”",
        "Jonas Merle",
        id="the_pm_is_the_one_acting_whom_the_pm_did_not_meet",
    ),
    pytest.param(
        "HISTORIC PRESS RELEASE : Dr Dana Whitlock welcomed [December 2009]\n\n"
        "The Prime Minister has met Dr Dana Whitlock, vice-President of FIFA.\n\n"
        "Jonas Merle and Dr Whitlock discussed their cooperation.\n\n"
        "Before the meeting the PM said they would discuss the bid.\n\n"
        "“We have an outstanding bid.”",
        "Jonas Merle",
        id="two_subjects_of_one_verb_and_the_one_the_pm_met",
    ),
    pytest.param(
        "HISTORIC PRESS RELEASE : Prime Minister congratulates Whitlock on Victory [2008]\n\n"
        "Jonas Merle congratulated Dana Whitlock on her victory.\n\n"
        "Speaking to journalists the PM said:\n\n“I have sent my warmest congratulations.”"
        "\n\nMs Whitlock will be inaugurated in January.",
        "Jonas Merle",
        id="the_one_a_headline_has_the_pm_congratulate_is_someone_else",
    ),
    pytest.param(
        "President Marcos strengthens dairy\n\nPresident Ferdinand R. Marcos Jr. inaugurated "
        "the plant on Friday.\n\n“None of this would have been possible,” said the President.",
        "Bongbong Marcos",
        id="a_headline_surname_of_a_leader_named_in_full_with_a_title_is_the_leader",
    ),
    pytest.param(
        "Aid\n\nCommissioner for Crisis Management Dana Whitlock is visiting Panama.\n\n"
        "“Several emergencies overlap,” said Ms Whitlock.",
        "Dana Whitlock",
        id="a_portfolio_after_a_title_word_is_not_part_of_the_name",
    ),
    pytest.param(
        "Audit\n\nThe report was welcomed by Minister of Foreign Affairs Jonas Barth Merle."
        "\n\n“It is encouraging,” said Mr Merle.",
        "Jonas Barth Merle",
        id="foreign_affairs_after_minister_of_is_a_portfolio",
    ),
    pytest.param(
        "Ministers\n\n“Certainly, the President will decide on his return”, highlighted Jonas "
        "Merle when speaking at an event.",
        "Jonas Merle",
        id="highlighted_is_a_speech_verb",
    ),
    pytest.param(
        "Reports\n\nWest Africa researcher for Human Rights Watch Dana Whitlock says:”Residents "
        "are consumed by fear.” A platform was set up.",
        "Dana Whitlock",
        id="a_researcher_for_an_organisation_before_the_name",
    ),
    pytest.param(
        "Reports\n\nHowever, the country's “human rights record is particularly concerning”, as "
        "highlights writer Dana Whitlock in an article published on February 19:",
        "Dana Whitlock",
        id="as_alone_before_the_verb_attributes",
    ),
    pytest.param(
        "Honour\n\nElena Kubitzki from Germany, who attended the event, said, “Having the "
        "opportunity was a great honor.”",
        "Elena Kubitzki",
        id="a_name_from_a_place_and_a_who_clause_before_said",
    ),
    pytest.param(
        "Condolences on the passing of a veteran\n\nVladimir Putin offered condolences to the "
        "family.\n\nApril 18, 2022\n\nThe message reads, in part:\n\n“A man of great "
        "personal courage, he was a true patriot.”",
        "Vladimir Putin",
        id="a_message_offered_with_a_date_line_between",
    ),
    pytest.param(
        "Visit\n\nOn January 12 (local time), Prime Minister Jonas Merle visited Manila after a "
        "press conference.\n\nThe Prime Minister held a summit meeting with H.E. Mr. Rodrigo R. "
        "Duterte, President of the Philippines.\n\nThe Prime Minister said the following in his "
        "address at the banquet,\n\n“I thank you for the grand welcome you have given me.”",
        "Jonas Merle",
        id="a_title_after_a_date_in_brackets_and_a_paragraph_ending_with_a_comma",
    ),
    pytest.param(
        "Visit\n\nThe delegation met President Rodrigo Duterte in Manila.\n\n“We are grateful "
        "for the welcome,” the Prime Minister said.",
        None,
        id="the_one_leader_named_is_not_a_prime_minister_the_directory_calls_president",
    ),
    pytest.param(
        "Outreach\n\nWashington - The United States plans to expand its exchange and "
        "English-language programs, says Under Secretary Jonas Merle.\n\nIn remarks to the "
        "conference, Merle said the department hopes to grow.\n\nMerle, who described himself "
        "as “a big fan” of English-language teaching programs, said he would ask for more.",
        "Jonas Merle",
        id="a_hyphenated_adjective_is_no_one",
    ),
    pytest.param(
        "Talks\n\nAustin said the two leaders would discuss ways to bolster the free and open "
        "Indo-Pacific and said the United States would deepen cooperation, “including with "
        "Australia.”",
        "Austin",
        id="the_indo_pacific_is_a_place",
    ),
    pytest.param(
        "Latin America\n\n‘The army didn't kill anyone,’ says Bolsonaro after soldiers fire at "
        "a car.\n\n“The army is of the people,” said Brazil's president six days after the "
        "incident.\n\n“Your language is worthless,” they were told repeatedly.",
        None,
        id="the_ones_told_in_the_passive_do_not_speak",
    ),
    pytest.param(
        "Training\n\n“We enhanced our tactical skills,” said CDR NAKAZAWA Noriya, the "
        "commanding officer.",
        "NAKAZAWA Noriya",
        id="cdr_is_a_title",
    ),
    pytest.param(
        "New port to bring jobs, says Jonas Merle\n\nJonas Merle and Business Secretary Lord "
        "Whitlock visited the site this morning.\n\nThe PM said:\n\n“The port is a "
        "significant investment.”",
        "Jonas Merle",
        id="a_secretary_acting_beside_the_pm_is_not_the_pm",
    ),
    pytest.param(
        "EU suspends its aid\n\nCommissioner Jonas Merle made the following statement today:"
        "\n\n“I decided to suspend our operations in the country.”",
        "Jonas Merle",
        id="the_following_statement_a_subject_made",
    ),
    pytest.param(
        "Strategy\n\nThe Government has approved the strategy today.\n\nAccording to Minister "
        "for Foreign Affairs Jonas Merle, significant changes have taken place. “Many countries "
        "have experienced strong growth.”",
        "Jonas Merle",
        id="according_to_someone_then_the_words",
    ),
    pytest.param(
        "Aid\n\nThe funding will support food assistance.\n\nCommissioner for Equality, "
        "Preparedness and Crisis Management, Dana Whitlock:\n\n‘The EU is stepping up at a "
        "moment when needs remain high.’",
        "Dana Whitlock",
        id="a_paragraph_of_titles_and_a_name_before_a_colon",
    ),
    pytest.param(
        "Greeting to a film festival\n\nVladimir Putin sent his greetings to the participants."
        "\n\nJuly 8, 2018 - 14:00\n\nThe telegram reads, in part:\n\n“Over many years, "
        "your forum has been bringing together cinematographers.”",
        "Vladimir Putin",
        id="a_date_line_with_its_time_between_sender_and_message",
    ),
    pytest.param(
        "Sport\n\nJonas Merle toured the stadium. Following the tour, the Prime Minister "
        "announced that the English Football Association and the Brazilian Football "
        "Confederation will team up.\n\nHe said:\n\n“We will share expertise.”",
        "Jonas Merle",
        id="a_confederation_is_no_one_he_stands_for",
    ),
    pytest.param(
        "School\n\n“Our main objective is to set up walls,” said 2nd Lt. Jonas Merle, the "
        "Engineering Platoon Commander with CLB 31.",
        "Jonas Merle",
        id="an_ordinal_rank_before_an_inverted_attributions_name",
    ),
    pytest.param(
        "Insults\n\n“I write down the names,” said [es] Jonas Merle, the vice president, on "
        "October 20.",
        "Jonas Merle",
        id="a_links_language_tag_between_verb_and_name",
    ),
    pytest.param(
        "Harbour\n\nDuring her visit to Porto Belo, Santa Catarina, Marta Quelle praised the "
        "council, noting that the town had built “a far stronger harbour than before.”",
        "Marta Quelle",
        id="a_place_named_after_a_saint_is_no_one",
    ),
    pytest.param(
        "Drill\n\n“Our forces have trained together for ten years,” said Lt. Gen. Kh. "
        "Dorjsuren, chief of general staff.",
        "Kh. Dorjsuren",
        id="a_patronymic_initial_of_two_letters",
    ),
    pytest.param(
        "Rifles\n\n“We do not accept threats against our neighbours,” said Jonas Merle.\n\n"
        "Last month, the visiting minister Ota Brenner criticized the island's plan to buy "
        "rifles.\n\n“We can look after our own affairs,” he completed.",
        "Jonas Merle",
        id="a_verb_of_going_on_gives_the_one_already_quoted",
    ),
    pytest.param(
        "Mourning\n\nThe mayor died this afternoon, Minister Jonas Merle said on television.\n\n"
        'The city had re-elected him in October.\n\n"Let there be no violence, only unity" '
        "((es))Spanish language: Que no haya violencia. Solo unidad, Merle said after the "
        "announcement.",
        "Jonas Merle",
        id="the_words_in_their_own_language_between_quotation_and_attribution",
    ),
    pytest.param(
        "Summit\n\nLeaders took stock of the Readiness Plan. As President Ana Roble explained, "
        "ten states have joined.\n\nPresident Ana Roble informed the leaders about her "
        "meeting with President Trump in Rome.\n\n“We are ready for a deal,” the President "
        "told journalists.",
        "Ana Roble",
        id="the_president_a_sentence_opened_with_not_the_one_she_met",
    ),
    pytest.param(
        "Talks\n\nPresident of Ukraine Volodymyr Zelenskyy states that he expects little. The "
        "world must bring President of the Russian Federation Vladimir Putin to the table. "
        "This was stated by the President in an interview.\n\n“I do not expect great "
        "results,” he said.",
        "Volodymyr Zelenskyy",
        id="the_agent_of_a_speech_in_the_passive",
    ),
    pytest.param(
        "Trade\n\nIn a speech at the side of the host's president, Ota Brenner, Jonas Merle "
        "attacked protectionism, saying trade must be fair. “We do not seek to overwhelm "
        "anyone,” he said.",
        "Jonas Merle",
        id="a_name_between_commas_before_the_sentence_s_subject",
    ),
    pytest.param(
        "Port\n\nGovernor Ana Ruiz-Tagle visited the port on Monday.\n\n“We will rebuild "
        "the piers,” Governor Tagle said.",
        "Ana Ruiz-Tagle",
        id="the_last_part_of_a_double_surname",
    ),
    pytest.param(
        "Aid\n\n“We must not forget the emergency.” With these words, Ana Roble, the "
        "Commissioner for Humanitarian Aid and Crisis Response, opened the conference.",
        "Ana Roble",
        id="with_these_words_names_the_speaker_after_the_quotation",
    ),
    pytest.param(
        "Aid\n\nCommissaris Ana Roble spoke in New York.\n\n“We need to maintain the "
        "momentum,” Roble said.",
        "Ana Roble",
        id="a_dutch_title_is_not_part_of_the_name",
    ),
    pytest.param(
        "Meeting\n\n“I am happy to host,” said Minister for Foreign Affairs Haavisto.",
        None,
        id="a_portfolio_is_not_part_of_the_name",
    ),
    pytest.param(
        "Visit\n\nPresident Ferdinand R. Marcos Jr. will meet the visiting premier, the "
        "Presidential Communications Office (PCO) confirmed.\n\n“The premier will undertake "
        "an official visit,” the PCO announced.",
        None,
        id="a_subject_the_rules_do_not_know_speaks_not_the_leader_before",
    ),
    pytest.param(
        "Aid\n\nToday Minister Colm Rafter TD began his first day in office.\n\nMinister "
        "Rafter said:\n\n“Strong communities play a key role.”",
        "Colm Rafter",
        id="letters_after_a_name_are_not_its_surname",
    ),
    pytest.param(
        "Visit\n\nThe president met in Kyiv with Prime Minister of the Grand Duchy of "
        "Luxembourg Xavier Bettel.\n\nThe Prime Minister said that his country advised the "
        "other members to support the decision.\n\n“I think there will be a decision,” he "
        "said.",
        "Xavier Bettel",
        id="a_duchy_is_no_one_he_stands_for",
    ),
    pytest.param(
        "Mourning\n\nPremier of Tasmania Ana Roble announced a day of mourning.\n\n“So many "
        "lives have been lost,” Ms Roble said.",
        "Ana Roble",
        id="a_state_between_a_premier_s_title_and_her_name",
    ),
    pytest.param(
        "Embassy\n\n“This new facility is a strong symbol,” said State Department "
        "Undersecretary Ota Brenner.",
        "Ota Brenner",
        id="an_undersecretary_s_title_is_not_part_of_the_name",
    ),
    pytest.param(
        "Ministers\n\nOn the situation in the Middle East, the Tánaiste said:\n\n“The war is "
        "completely unacceptable.”",
        None,
        id="the_tanaiste_is_a_title_not_a_name",
    ),
    pytest.param(
        "Reception\n\n“Brilliantly British captures everything we love,” said Ana Roble CMG, "
        "the High Commissioner.",
        "Ana Roble",
        id="an_order_s_letters_after_a_name",
    ),
    pytest.param(
        "Departure\n\n“It is a mission that provides services,” said Manasseh Sogavere, Prime "
        "Minister of the Solomon Islands.",
        "Manasseh Sogavare",
        id="a_leader_s_surname_misspelt_after_the_right_first_name",
    ),
    pytest.param(
        "Park\n\nFederal Member for Braddon Sid Roble joined the families.\n\n“The new "
        "facilities have created great excitement,” Mr Roble said.",
        "Sid Roble",
        id="a_seat_between_a_member_s_title_and_his_name",
    ),
    pytest.param(
        "Seminar\n\nMaj. Gen. Ota Brenner Deputy Commander, Ninth Air Force, spoke on that "
        "importance.\n\n“This iteration underscores our commitment,” he continued.",
        "Ota Brenner",
        id="an_office_after_the_name_with_its_comma_forgotten",
    ),
    pytest.param(
        "Reactions\n\nFellow Jamaican Ana Roble agreed that “a page of history was written today”.",
        "Ana Roble",
        id="fellow_opens_no_name",
    ),
    pytest.param(
        "Visit\n\n“We will help,” said Volodymyr Zelenskyy.\n\nFor his part, Justin Trudeau "
        "reaffirmed his support.\n\nRegarding arms, he said Canada would provide anti-tank "
        "systems. “We will fund demining,” he added.",
        "Justin Trudeau",
        id="he_added_after_his_own_reported_words_in_the_paragraph",
    ),
    pytest.param(
        "Visit\n\n“We will help,” said Volodymyr Zelenskyy.\n\nMette Frederiksen said that she "
        "had visited Borodyanka. The Prime Minister of Denmark emphasized her support.\n\n"
        "“We must ensure that all those responsible are punished,” she added.",
        "Mette Frederiksen",
        id="she_added_after_her_own_reported_words",
    ),
    pytest.param(
        "Aid\n\nThe Minister for Foreign Affairs, Simon Roble T.D., today reiterated his "
        "concern.\n\nMinister Roble said:\n\n“I am deeply concerned about the conflict.”",
        "Simon Roble",
        id="letters_with_full_stops_after_a_name",
    ),
    pytest.param(
        "Funding\n\nTánaiste, Minister for Foreign Affairs and for Defence, Micheál Martin TD "
        "has concluded a visit.\n\nSpeaking after the announcement, the Tánaiste said:\n\n"
        "“Ireland is proud to help.”",
        "Micheál Martin",
        id="a_title_opening_a_list_of_titles_before_a_leader_s_name",
    ),
    pytest.param(
        "Aid\n\nColm Roble T.D., Minister of State for Overseas Development Aid and Diaspora, "
        "added:\n\n“Ireland has a longstanding relationship with Ethiopia.”",
        "Colm Roble",
        id="the_last_word_of_a_portfolio_is_no_one",
    ),
    pytest.param(
        "Talks\n\nThe president met High Representative of the EU for Foreign Affairs and "
        "Security Policy Ota Brenner in Kyiv.\n\n“You are fighting for us,” said Mr Brenner.",
        "Ota Brenner",
        id="a_representative_s_portfolio_after_of_the_eu_for",
    ),
    pytest.param(
        "Visit\n\nOta Brenner met Ana Roble.\n\n“It will be good,” said Ota Brenner.\n\nOta "
        "Brenner met with its mayor.",
        "Ota Brenner",
        id="its_after_a_meeting_is_the_town_s_not_the_person_s",
    ),
    pytest.param(
        "Visit\n\nDuring a working visit, Deputy Head of the Office of the President of Ukraine "
        "Ota Brenner met the country's leadership. During a conversation with Prime Minister of "
        "Portugal António Costa, Ota Brenner expressed gratitude.\n\n“We are sincerely grateful "
        "for the help,” said the Deputy Head of the President's Office.",
        "Ota Brenner",
        id="a_deputy_head_is_not_the_head_of_government",
    ),
    pytest.param(
        "Greetings\n\nVladimir Putin sent greetings.\n\nSending greetings to Prime Minister of "
        "Canada Justin Trudeau, the Russian President wished him success. “We will work "
        "together,” the President of Russia noted.",
        "Vladimir Putin",
        id="a_role_going_on_to_a_verb_after_a_name_is_a_subject_not_its_title",
    ),
    pytest.param(
        "Greetings\n\nIn a message of greetings sent to Hungarian Prime Minister Viktor Orban, "
        "Vladimir Putin stressed that much had been done. “I look forward to working "
        "together,” the message says.",
        "Vladimir Putin",
        id="the_message_says_its_sender_s_words_not_its_addressee_s",
    ),
    pytest.param(
        "Greetings\n\nVladimir Putin sent greetings.\n\nIn his message of greetings to "
        "President of the Republic of South Africa Cyril Ramaphosa, the Russian leader noted "
        "progress. “I hope that we will continue to work closely,” the message says.",
        "Vladimir Putin",
        id="the_sender_named_by_a_role_after_the_addressee",
    ),
    pytest.param(
        "Greetings\n\nVladimir Putin sent greetings on New Year and Orthodox Christmas.\n\nIn "
        "his Christmas greetings to President Ana Roble, Vladimir Putin noted progress. “I am "
        "confident that we can move forward,” the message says.",
        "Vladimir Putin",
        id="a_feast_is_no_one",
    ),
    pytest.param(
        "Visit\n\nDuring a conversation with Prime Minister of Portugal António Costa, Ota "
        "Brenner expressed gratitude.\n\n“We will help,” the Prime Minister said.",
        "António Costa",
        id="a_title_of_a_country_belongs_to_the_name_right_after_it_only",
    ),
    pytest.param(
        "Brexit\n\nThe Government is making progress, with the Commission President, "
        "Jean\u2011Claude Roble, stating plainly “I think we can have a deal”.",
        "Jean\u2011Claude Roble",
        id="a_first_name_joined_by_a_non_breaking_hyphen",
    ),
    pytest.param(
        "Visit\n\nVolodymyr Zelenskyy thanked Kiril Petkov for his country's solidarity. “Our "
        "state now needs the support of our reliable friends more than ever.”",
        "Volodymyr Zelenskyy",
        id="who_thanks_speaks",
    ),
    pytest.param(
        "Exercise\n\n“We are close friends,” said U.S. Ambassador to India Ota Brenner during "
        "the press conference.",
        "Ota Brenner",
        id="an_ambassador_to_a_country_then_a_circumstance_after_the_name",
    ),
    pytest.param(
        "Aid\n\n“It is all about helping out the people,” said Hospital corpsman 3rd class Ota "
        "Brenner, a corpsman with the battalion.",
        "Ota Brenner",
        id="a_hospital_is_no_one",
    ),
    pytest.param(
        "Statement\n\nCommenting on the newly published Shared Statement, the Minister for "
        "Foreign Affairs said:\n\n“I am pleased to mark the day.”",
        None,
        id="a_statement_is_no_one",
    ),
    pytest.param(
        "Call\n\nVladimir Putin congratulated Ana Roble on her victory. The President of "
        "Russia also sent a message of greetings to Ana Roble.\n\nThe message reads, in part: "
        "“The voting results have confirmed your authority.”",
        "Vladimir Putin",
        id="a_message_sent_by_a_title_is_its_holder_s",
    ),
    pytest.param(
        "Visit\n\nThe President thanked his guest. “It shows who is a friend of Ukraine,” "
        "Volodymyr Zelenskyy summed up.",
        "Volodymyr Zelenskyy",
        id="summing_up_is_speaking",
    ),
    pytest.param(
        "Road\n\nState Minister for Roads, Maritime and Freight Ota Brenner said the lanes "
        "were open.\n\n“The first stage is open,” Mrs Brenner said.",
        "Ota Brenner",
        id="a_list_of_portfolios_before_the_name",
    ),
    pytest.param(
        "Language\n\nMinister for International Relations and Welsh Language, Ota Brenner AM "
        "said:\n\n“I am very pleased.”",
        "Ota Brenner",
        id="a_portfolio_then_a_comma_then_the_name",
    ),
    pytest.param(
        "Crops\n\nThe Department of Agriculture notes, “Ozone harms plants.” Ota Brenner noted "
        "the findings matter. “A cleanup would improve yields.”",
        "Ota Brenner",
        id="after_no_one_s_words_the_one_who_speaks_just_before",
    ),
    pytest.param(
        'Expo\n\nAt the panel "Breaking Into Comics," speakers shared insights. Comic '
        "artist Ota Brenner (Nancy Drew, Jem and the Misfits) told of her start. "
        '"I did not get any work."',
        None,
        id="a_quoted_title_and_works_in_brackets_are_no_one",
    ),
    pytest.param(
        "Attack\n\nThe site was attacked on Wednesday.\n\n\"So far, it's the Internet: 1. "
        "But it's a long game.\" - Ota Brenner",
        "Ota Brenner",
        id="a_pull_quote_signed_after_a_dash",
    ),
    pytest.param(
        'Exercise\n\n"We build readiness," said U.S. Army Maj. Gen. Ota Brenner, deputy '
        'commanding general.\n\n"I\'m confident that the exercise will grow," SAF Brig. '
        "Gen. Ida Fenwick, commander of SAF Training Command.",
        "Ida Fenwick",
        id="a_force_s_initials_then_ranks_then_the_name_no_verb",
    ),
    pytest.param(
        "Awards\n\nRegarding the Orthodox world, His Grace Illarion said, “We did not create it.”",
        "Illarion",
        id="his_grace_is_a_style",
    ),
    pytest.param(
        "Visit\n\nHead of the Office of the President of Ukraine Ota Brenner met envoys."
        "\n\nVolodymyr Zelenskyy thanked the envoys for their support.\n\n“We are "
        "confident,” said the Head of the President's Office.",
        "Ota Brenner",
        id="the_head_of_the_president_s_office_is_no_leader",
    ),
    pytest.param(
        "Forecast\n\nThe economy grows. Ota Brenner, Vice-President for the Euro and Social "
        "Dialogue, also in charge of Financial Stability, said: “The time to repair the roof is "
        "when the sun is shining.”",
        "Ota Brenner",
        id="a_title_between_commas_after_the_name_is_no_one",
    ),
    pytest.param(
        "Visit\n\nThe Chinese Foreign Ministry said Xi Jinping “appreciates the strategic "
        "choice Mr. Roble made.”",
        None,
        id="an_institution_s_words_about_a_leader_are_not_his",
    ),
    pytest.param(
        "Davos\n\nPresident Ferdinand R. Marcos Jr.’s investment pitch received “a very "
        "positive response” from the world’s top executives.",
        None,
        id="a_response_received_from_others_is_theirs",
    ),
    pytest.param(
        "Greetings to the President-elect\n\nVladimir Putin congratulated Ana Roble on being "
        "elected President.\n\nThe message reads, in part:\n\n“I hope that you will bring "
        "about further advances.”",
        "Vladimir Putin",
        id="who_congratulates_sends_the_message",
    ),
    pytest.param(
        "Interview\n\nOlena Zelenska also stressed that Ukraine is not ready to give up its "
        "land for “peace”, as some politicians suggest: “We are not ready to give up our "
        "territories.”",
        "Olena Zelenska",
        id="an_aside_s_unnamed_subject_is_not_the_speaker",
    ),
    pytest.param(
        '“I look forward to the two leaders’ bold decisions": South Korean President Moon'
        "\n\nJune 11, 2018\n\nPresident Moon Jae-in said he hoped for a deal.",
        "Moon Jae-in",
        id="a_headline_signed_after_a_colon_with_a_country_s_title",
    ),
    pytest.param(
        "Tour\n\nTrump's meeting with Australia's Malcolm Turnbull and Japan’s Ota Brenner "
        "underscored the ties.\n\n“The key is close cooperation,” said the Japanese leader.",
        "Ota Brenner",
        id="a_country_s_possessive_before_a_name_is_the_name_s_country",
    ),
    pytest.param(
        "“The World can follow Wales’ example” – Ota Brenner\n\nThe minister was speaking "
        "during her first visit.",
        "Ota Brenner",
        id="a_headline_signed_after_a_dash",
    ),
    pytest.param(
        "Remarks\n\nPRESIDENT BIDEN: Well, Mr. Presi- — “Mr. President.” Just — I just "
        "promoted you.",
        None,
        id="a_word_broken_off_is_no_name",
    ),
    pytest.param(
        "Speech\n\n“One of the objectives was to gain control of the straits.” So wrote "
        "Finland’s former President, Ota Brenner, in his book The Idea.",
        "Ota Brenner",
        id="so_wrote_the_author_after_the_quotation",
    ),
    pytest.param(
        "Speeches\n\nSpeech The world is changing Strasbourg 13-09-2023 - 09:00 Opening the "
        "debate, the President of the European Parliament Ota Brenner said that the Union "
        'must reform. "We must keep striving."',
        "Ota Brenner",
        id="an_article_ends_no_name_and_a_participle_opens_none",
    ),
    pytest.param(
        "Speech\n\nWe have given that work the term of “Regulatory Diplomacy”. What Regulatory "
        "Diplomacy is, is about how you shape the norms.\n\nThe ambition articulates this: "
        "he wants the country “at the forefront of the debate”.",
        None,
        id="a_term_once_quoted_is_no_one_s_name",
    ),
    pytest.param(
        'Summit\n\nPresident Nicolas Sarkozy said, "Let\'s start with Naoto."\n\nAs he '
        "finished his remarks, Mr. Ota Brenner, President of the Council, also presented a "
        'haiku poem that he had written the night before.\n\n"Storms turn into a soft '
        'wind."',
        "Ota Brenner",
        id="the_main_clause_s_subject_past_an_as_clause",
    ),
    pytest.param(
        "Return\n\nPresident Moon Jae-in addressed the public when he arrived home on July 2. "
        "“We’ve secured support for our role.”",
        "Moon Jae-in",
        id="who_addresses_the_public_speaks",
    ),
    pytest.param(
        "Election\n\nOfficials say President Ota Brenner has won re-election. Backers of "
        'President Brenner packed a plaza to hear their leader speak.\n\n"Long live the '
        'people!" said the Venezuelan leader.',
        "Ota Brenner",
        id="a_country_s_leader_is_the_one_titled_leader_whom_the_directory_lacks",
    ),
    pytest.param(
        "Briefs\n\nThe U.S. ambassador to Iraq, Ota Brenner, apologized today to the party's "
        'leader.\n\nThe ambassador said: "I am sorry about the arrest."',
        "Ota Brenner",
        id="an_ambassador_to_a_country_then_a_comma_then_the_name",
    ),
    pytest.param(
        "Briefs\n\nSix ministers of cleric Ida al-Fenwick's movement resigned.\n\nAt a "
        "press conference, the head of the bloc Ota Brenner, read a statement from al-Fenwick:"
        '\n\n"We found it necessary to withdraw the ministers,"',
        "Ida al-Fenwick",
        id="a_statement_read_out_is_its_author_s",
    ),
    pytest.param(
        "Questionnaire\n\n“We are glad to be here,” said Ursula von der Leyen.\n\nFor her "
        "part, Deputy Prime Minister for European Integration Olga Brenner noted that it is a "
        "book of statehood. “All these changes we have made,” she said.",
        "Olga Brenner",
        id="she_is_the_woman_named_last_as_the_subject",
    ),
    pytest.param(
        "Call\n\nThe White House released a statement. It said Joe Biden “stressed his "
        "commitment to the transatlantic relationship.”",
        None,
        id="a_statement_s_words_about_a_leader_after_it_said",
    ),
    pytest.param(
        "Visit\n\nMr Brown met President Bush. Mr Brown insisted the Government would not "
        "“trade numbers” over troops. Defence Secretary Ota Browne will make a statement.",
        "Brown",
        id="a_surname_written_twice_is_no_misspelling",
    ),
    pytest.param(
        "Science\n\nChief Scientist Dr Ota Brenner AO said:\n\n“My experience is broad.”",
        "Ota Brenner",
        id="australian_honours_after_a_name",
    ),
    pytest.param(
        "Prime Ministers Brenner and Fenwick discussed the economy\n\nPrime Minister Ota "
        "Brenner and Prime Minister Ida Fenwick met on Sunday.\n\n'Relations are excellent,' "
        "says Prime Minister Brenner.",
        "Ota Brenner",
        id="a_plural_title_in_a_headline",
    ),
    pytest.param(
        "Blog\n\nI recalled what the leader of the LRA Ota Brenner said: “Fighting is like "
        "two cocks.”",
        "Ota Brenner",
        id="an_organisation_s_letters_before_a_name",
    ),
    pytest.param(
        "Campaign\n\nTrump-loving Ota Brenner launched a bid.\n\nAccording to Forbes, "
        'Brenner claimed to talk to the campaign "almost daily."',
        "Ota Brenner",
        id="a_compound_adjective_before_a_name",
    ),
    pytest.param(
        "Meeting\n\nThe Minister for Foreign Affairs of Ukraine Ota Brenner stressed the "
        "importance of sanctions. Volodymyr Zelenskyy thanked the diplomats.\n\n“Russia must "
        "not split us,” the Foreign Minister said.",
        "Ota Brenner",
        id="the_minister_for_foreign_affairs_is_the_foreign_minister",
    ),
    pytest.param(
        'Condolences\n\nVladimir Putin conveyed his condolences to Xi Jinping.\n\n"The '
        'people of Russia share the grief," reads the message of condolence from the '
        "President of Russia.",
        "Vladimir Putin",
        id="a_message_read_from_its_sender",
    ),
    pytest.param(
        "Campaign\n\nPresident Donald Trump tested positive. Trump was said to be suffering "
        '"minor symptoms", and was admitted to hospital.',
        None,
        id="who_is_said_to_be_does_not_say",
    ),
    pytest.param(
        "Newscast\n\nAung San Suu Kyi was detained by the military on Monday. The army took "
        "power. Troops blocked roads. Phones were cut. Banks closed. Markets emptied.\n\nIn "
        "other news, Ota Brenner, a campaigner, gave a speech about abuses.\n\nShe said her "
        'sister was "taken from her home by the authorities" in 2018.',
        "Ota Brenner",
        id="she_is_not_the_one_woman_of_an_earlier_story",
    ),
    pytest.param(
        "Visit\n\nPresident of Ukraine Volodymyr Zelenskyy met President of the European "
        "Council Ota Brenner.\n\n“We stand with you,” said Ota Brenner."
        "\n\nVolodymyr Zelenskyy thanked Ota Brenner for the fund.\n\n"
        "“We must unite efforts to restore our infrastructure,” the President said.",
        "Volodymyr Zelenskyy",
        id="of_two_presidents_the_one_who_opens_the_paragraph_before",
    ),
    pytest.param(
        "Debate\n\nCommission President Ota Brenner presented five scenarios. “Our task is to "
        "show what we can do,” he said.\n\nMr Brenner listed them:\n\n“carrying "
        "on”,\n\n“nothing but the single market”,\n\n“those who want more do more”, and\n\n"
        "“doing much more together.”",
        None,
        id="labels_in_a_list_are_no_one_s_turn",
    ),
    pytest.param(
        "Talks\n\nPresident Yoon held talks with Crown Prince Mohammed bin Salman.\n\nCrown "
        'Prince bin Salman said, "Korean companies have contributed greatly."',
        "Mohammed bin Salman",
        id="a_patronymic_with_its_particle",
    ),
]


@pytest.mark.parametrize("text, speaker", NAMED_SPEAKER_CASES)
def test_the_speaker_as_a_careful_reader_finds_them(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


# Every quotation of a text, each with its speaker (None where no one named says it).
EVERY_SPEAKER_CASES = [
    pytest.param(
        'Pick\n\nDonald Trump questioned the selection. He said the "phony" and "nasty" '
        "Harris attacked Joe Biden during debates and blasted her behaviour.",
        ["Donald Trump", "Donald Trump"],
        id="the_verb_just_before_a_fragment_frames_it",
    ),
    pytest.param(
        'Aid\n\nPresident Donald Trump says the United States "will now begin cutting off" '
        'the aid given to three Central American countries, saying they were "not able to do '
        'the job" of stopping migrants.',
        ["Donald Trump", "Donald Trump"],
        id="a_region_s_adjective_is_no_one",
    ),
    pytest.param(
        "Brellmart, in its weekly notice, said its shelves were “emptier than ever”. "
        "Brellmart said the limits were “temporary”.",
        [None, None],
        id="a_one_word_name_the_article_calls_it_is_a_company_not_a_speaker",
    ),
    pytest.param(
        "Further underlining the ties, Ambassador Walter North spoke.\n\n"
        "“Our two nations have grown closer,” said North.",
        ["Walter North"],
        id="a_sentence_adverb_is_no_speaker_and_a_compass_word_may_be_a_surname",
    ),
    pytest.param(
        "Readers react to the vote\n\n"
        "In an informal survey, several residents told the station what they think.\n\n"
        "“I hope the new council will fix the roads before winter.” (Tomas Okafor)\n\n"
        "“The vote shows that people want change.” (Amira)\n\n"
        "“Nobody asked us what we need.” (Greta Lind, shopkeeper)",
        ["Tomas Okafor", "Amira", "Greta Lind"],
        id="a_name_in_brackets_after_a_quotation_paragraph_is_its_speaker",
    ),
    pytest.param(
        "Remarks at a dinner\n\n"
        "THE PRESIDENT: Thank you all.\n\n"
        "“We are going to win this one.” (Laughter.)\n\n"
        "“And then some.” (Applause)\n\n"
        "“Really.” (Laughter and applause.)\n",
        [None, None, None],
        id="a_transcripts_stage_direction_in_brackets_is_no_speaker",
    ),
    pytest.param(
        "The delegation arrived on Monday.\n\n"
        "“We are grateful for this partnership,” said Chargé d’Affaires Lena Petrova. "
        "“It will grow.”\n\n"
        "“Our ties are strong,” said Charge d'Affaires Omar Haddad.",
        ["Lena Petrova", "Omar Haddad"],
        id="a_charge_d_affaires_is_a_title",
    ),
]


@pytest.mark.parametrize("text, speakers", EVERY_SPEAKER_CASES)
def test_every_speaker_as_a_careful_reader_finds_them(text, speakers, leaders):
    assert [who(c) for c in extract(text, leaders)] == speakers


# --- occupations written in lower case before a full name ---------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "“The river is rising faster than we planned for,” wrote student protester Mara "
            "Quintel on her blog.",
            "Mara Quintel",
        ),
        (
            "Harbour council member Ida Fenwick of Dunmoor said on Monday, “Nobody owns the "
            "river.”",
            "Ida Fenwick",
        ),
        ("“The bridge swayed twice,” said witness Ola Bergdahl.", "Ola Bergdahl"),
        (
            "“Bridges of that age were never meant to carry lorries,” Lakeside College geology "
            "professor Tomas Brellin told the press.",
            "Tomas Brellin",
        ),
    ],
)
def test_an_occupation_before_a_full_name_is_its_title_not_an_unnamed_speaker(
    text, speaker, leaders
):
    candidate = last(text, leaders)
    assert candidate.unlisted_speaker == speaker
    assert candidate.confidence >= 0.5


def test_a_plural_occupation_before_a_name_stays_unnamed(leaders):
    candidate = last("“We were never asked,” residents Ida Fenwick and others said.", leaders)
    assert candidate.speaker is None


# --- outlets named beside the speech ------------------------------------------------------


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            "Harbour master Ida Fenwick told The Dunmoor Courier, “We closed the port at noon.”",
            "The Dunmoor Courier",
        ),
        (
            "“We closed the port at noon,” Ida Fenwick told French news channel Quai TV.",
            "Quai TV",
        ),
        (
            "Speaking to newspaper Voice of Dunmoor, Ida Fenwick said, “We closed the port.”",
            "Voice of Dunmoor",
        ),
        (
            "Ida Fenwick, in remarks to harbourwatch.com, said, “We closed the port at noon.”",
            "harbourwatch.com",
        ),
        (
            "President Orlan Vesk said — as reported by Dunmoor Daily News — “We will rebuild.”",
            "Dunmoor Daily News",
        ),
        (
            "Ida Fenwick told the BBC after the vote “We closed the port at noon.”",
            "BBC",
        ),
        (
            "Politico quoted Ida Fenwick, a former harbour master, as saying “the port was "
            "never ready.”",
            "Politico",
        ),
        (
            "On Monday Politico quoted Ida Fenwick as saying “the port was never ready.”",
            "Politico",
        ),
        (
            "Ida Fenwick described the storm for news agency Coastwire: “The waves came over "
            "the wall.”",
            "Coastwire",
        ),
    ],
)
def test_an_outlet_named_beside_the_speech_relays_it_and_does_not_speak(text, relay, leaders):
    candidate = last(text, leaders)
    assert candidate.relayed_by == relay
    assert who(candidate) not in (relay, None)


@pytest.mark.parametrize(
    "text",
    [
        # The outlet employs the speaker: it relays nothing.
        "According to Dunmoor Courier editor Ida Fenwick, the port was “never ready.”",
        "Ida Fenwick, director of news for Coastwire, called it “a senseless loss.”",
        # An outlet named for something else than the words.
        "Ida Fenwick was dropped by Quai TV after she called the mayor “a coward.”",
    ],
)
def test_an_outlet_that_employs_the_speaker_or_acts_otherwise_relays_nothing(text, leaders):
    assert last(text, leaders).relayed_by is None


# --- more speech verbs, participles' objects, names after "of the" -----------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Harbour master Ida Fenwick elaborated on the closure:\n\n“The wall was never "
            "built for waves of that height.”",
            "Ida Fenwick",
        ),
        ("“Let every port share one warning system,” Ida Fenwick proposed.", "Ida Fenwick"),
        (
            "Ida Fenwick of the Dunmoor Harbour Trust also reacted on her blog, “A sad day for "
            "the town.”",
            "Ida Fenwick",
        ),
        (
            "Tomas Brellin of The Night Porters exclaimed, “We played the last show in the rain!”",
            "Tomas Brellin",
        ),
    ],
)
def test_more_speech_verbs_and_a_name_after_of_the_is_no_subject(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


def test_a_participle_s_object_is_not_joined_with_the_main_verb_s_quotation(leaders):
    candidates = extract(
        "Saying “the port is closed for now”, Ida Fenwick said, “We will reopen it "
        "when the wall is repaired.”",
        leaders,
    )
    assert [c.text for c in candidates] == [
        "the port is closed for now",
        "We will reopen it when the wall is repaired.",
    ]
    assert who(candidates[-1]) == "Ida Fenwick"


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Mayor Ida Fenwick opened the new pier on Monday.\n\nHere are excerpts "
            "from the mayor's speech:\n\n“We built this pier for the next hundred "
            "years.”",
            "Ida Fenwick",
        ),
        (
            "The board published a letter from Tomas Brellin:\n\n“I resign, and I thank the "
            "crews for eleven years of work.”",
            "Tomas Brellin",
        ),
    ],
)
def test_a_colon_opening_someone_s_speech_or_letter_gives_it_to_them(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Brellin, on the radio after the short ride to low Earth orbit, said, “It was "
            "smoother than any flight I know”.",
            "Brellin",
        ),
        (
            "One of the Vice Presidents, Ida Fenwick, spoke to reporters. She said “The pier "
            "will open in May.”",
            "Ida Fenwick",
        ),
    ],
)
def test_a_continent_or_a_plural_title_is_nobody_a_pronoun_could_stand_for(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


def test_each_of_two_people_introduced_by_with_and_a_place_speaks_their_fragment(leaders):
    candidates = extract(
        "Board members attacked the plan, with Ida Fenwick of Dunmoor calling it “reckless” "
        "and Tomas Brellin of Eastwick calling it “a fantasy”.",
        leaders,
    )
    assert [who(c) for c in candidates] == ["Ida Fenwick", "Tomas Brellin"]


# --- round 2: leaders chosen on weak evidence -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The office speaks, not its owner.
        "According to a statement released by Macron's office, “the talks will go on” "
        "until the spring.",
        "Prime Minister Keir Starmer met the king on Monday.\nAccording to the BBC, the "
        "prime minister's office intends to appeal; “The ruling is wrong and we will say so "
        "in court.”",
    ],
)
def test_an_office_s_owner_is_not_the_speaker_of_its_statement(text, leaders):
    candidate = last(text, leaders)
    assert candidate.speaker is None


def test_he_after_a_subject_bound_to_no_one_is_not_an_earlier_speaker():
    directory = SpeakerDirectory.from_pairs([("Tomas Brellin", []), ("Ida Fenwick", [])])
    text = (
        "“We will open the bridge in May,” Brellin said in Dunmoor.\n"
        "In Lima, the Peruvian president answered on the radio. “We will not pay "
        "for a bridge we did not ask for,” he said."
    )
    first, second = extract(text, directory)
    assert first.speaker == "Tomas Brellin"
    assert second.speaker is None


@pytest.mark.parametrize(
    "text, relay",
    [
        ("Ida Fenwick told Agence France-Presse the pier was “safe again”.", "France-Presse"),
        ("Tomas Brellin told ThePrint, “We will rebuild the pier by May.”", "ThePrint"),
    ],
)
def test_outlets_written_with_a_hyphen_or_run_together_relay(text, relay, leaders):
    assert relay in (last(text, leaders).relayed_by or "")


def test_an_outlet_named_in_the_sentence_before_relays_the_speaker_s_next_quotation(leaders):
    text = (
        "“The pier is safe,” wrote Ida Fenwick in an e-mail to The Dunmoor Post. “I walked "
        "it myself this morning.”"
    )
    candidates = extract(text, leaders)
    assert [who(c) for c in candidates] == ["Ida Fenwick", "Ida Fenwick"]
    assert candidates[-1].relayed_by == "The Dunmoor Post"


# --- round 3: a leader talked about is not the speaker ----------------------------------


def test_a_leader_named_inside_a_fragment_is_not_its_speaker(leaders):
    text = (
        "In a short video, Ida Fenwick praised Emmanuel Macron for his patience and said she "
        "was “glad to back Emmanuel Macron for a second term.”"
    )
    assert who(last(text, leaders)) == "Ida Fenwick"


def test_a_self_reference_beside_a_named_speaker_stays_theirs(leaders):
    text = (
        "Emmanuel Macron answered the court on the radio: “They will never stop Emmanuel "
        "Macron from serving the people of France.”"
    )
    assert last(text, leaders).speaker == "Emmanuel Macron"


def test_a_speech_verb_after_a_possessive_is_a_noun_not_the_subject_s_speech(leaders):
    text = (
        "Several mayors have broken with Macron, such as Dunmoor mayor Ida Fenwick, who "
        "dismissed the Macron team's claims as a “grave mistake”."
    )
    assert who(last(text, leaders)) == "Ida Fenwick"


def test_the_one_accused_after_the_verb_is_not_the_fragment_s_speaker(leaders):
    text = (
        "The Fenwick campaign criticized Macron's refusal to meet, accusing the president of "
        "“hiding from the voters in Dunmoor.”"
    )
    assert last(text, leaders).speaker is None


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Fourteen-year-old Mara, who was on the upper deck, said the lights went out and "
            "“everyone started shouting”.",
            "Mara",
        ),
        (
            "Actor Marek Washington, who trained with the late director, stated “He was a "
            "patient teacher and a generous friend.”",
            "Marek Washington",
        ),
        ("Voter Kitty Ng said: “Today we are trying to do our best for Dunmoor.”", "Kitty Ng"),
    ],
)
def test_an_age_or_an_occupation_before_a_name_is_not_part_of_it(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Reports said both ministers were showing “mild fatigue”.",
        "The Dunmoor Greens describes itself as standing for “clean rivers and quiet streets”.",
    ],
)
def test_news_reports_and_a_party_called_itself_are_no_speakers(text, leaders):
    assert who(last(text, leaders)) is None


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            "“The brine was a surprise,” Ida Fenwick told National Geographic.",
            "National Geographic",
        ),
        (
            "In an interview with Rolling Stone, Tomas Brellin commented, “he plays sounds "
            "nobody had heard before.”",
            "Rolling Stone",
        ),
        (
            "“The pier is closed,” Ida Fenwick said, as quoted by Dunmoor Reporter.",
            "Dunmoor Reporter",
        ),
        (
            "Tomas Brellin has backed the inquiry, telling the Dunmoor Independent: “Let the "
            "committees do their work.”",
            "Dunmoor Independent",
        ),
    ],
)
def test_magazines_and_programmes_named_beside_the_speech_relay(text, relay, leaders):
    assert last(text, leaders).relayed_by == relay


def test_a_contributor_to_a_magazine_writes_for_it_rather_than_being_relayed():
    directory = SpeakerDirectory.from_pairs([("Ida Fenwick", [])])
    text = "Ida Fenwick, a contributor to Slate, wrote, “The ruling ignores how the web works.”"
    assert last(text, directory).relayed_by is None


# --- round 3: quotations given nobody although the speaker is named ------------------------


def test_an_employer_named_before_the_speaker_does_not_end_the_turn():
    directory = SpeakerDirectory.from_pairs([("Tomas Brellin", [])])
    text = (
        "Ida Fenwick founded the railway in 1990.\n"
        "“The launch was stressful,” Fenwick chairman Tomas Brellin told the press after the "
        "test. “We still have to reach the station.”"
    )
    assert [who(c) for c in extract(text, directory)] == ["Tomas Brellin", "Tomas Brellin"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "The line was paid for by the county. The new mayor of the county, Tomas Brellin, "
            "during his address to the council, offered a plan: “Our trains will run every "
            "ten minutes by spring.”",
            "Tomas Brellin",
        ),
        (
            "Mara Ellison Quint of the Dunmoor Institute disagreed with these findings: “The "
            "springs were always a minor source of water.”",
            "Mara Ellison Quint",
        ),
        (
            "Remarked river trust scientist Ida Fenwick, “This good year is a thank-you from "
            "the salmon to the volunteers.”",
            "Ida Fenwick",
        ),
        (
            "Trade and industry commissioner Tomas Brellin announced the deal. The "
            "commissioner said, “We have not yet agreed on tariffs.”",
            "Tomas Brellin",
        ),
    ],
)
def test_a_speaker_introduced_by_a_role_an_opening_verb_or_a_colon_is_found(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


# --- boundaries: one quotation resumed after its attribution -----------------------------


@pytest.mark.parametrize(
    "text, joined, speaker",
    [
        (
            # a full stop after an acronym still ends the attribution
            "“Every town can still turn this around,” said Ida Fenwick, the head of the "
            "WMO. “We are worried by the delays.”",
            "Every town can still turn this around, We are worried by the delays.",
            "Ida Fenwick",
        ),
        (
            # a lower-case word inside an institute's name is no circumstance
            "“The shelf is thinning from below,” said co-author Tomas Brellin of the "
            "Institute for Research in Polar Sciences. “In a few decades it will be gone.”",
            "The shelf is thinning from below, In a few decades it will be gone.",
            "Tomas Brellin",
        ),
        (
            # an appositive relative clause after the name
            "“The herd is growing,” said Mara Quint, who helped bring the bison home. “We "
            "hope for a hundred by spring.”",
            "The herd is growing, We hope for a hundred by spring.",
            "Mara Quint",
        ),
        (
            # a full stop where the comma belongs, before an inverted attribution
            "“It was an honour to meet the minister.” said Ola Berg. “The whole crew shares it.”",
            "It was an honour to meet the minister. The whole crew shares it.",
            "Ola Berg",
        ),
        (
            # no punctuation at all before an inverted attribution
            "“I am proud of the volunteers” wrote councillor Ida Fenwick. “They ran towards "
            "the fire.”",
            "I am proud of the volunteers They ran towards the fire.",
            "Ida Fenwick",
        ),
        (
            # a person's own statement speaks for them
            "“While the old rule may have made sense,” reads Judge Tomas Brellin's statement, "
            "“that time has passed.”",
            "While the old rule may have made sense, that time has passed.",
            "Tomas Brellin",
        ),
    ],
)
def test_a_quotation_resumed_after_a_bare_attribution_is_one(text, joined, speaker, leaders):
    found = extract(text, leaders)
    assert [c.text for c in found] == [joined]
    assert who(found[0]) == speaker


def test_a_statement_read_between_two_parts_joins_them_and_speaks_for_no_one(leaders):
    text = (
        "Ida Fenwick chairs the harbour board.\n\n"
        "A spokesperson confirmed the fire. “No one was hurt. The crews acted fast;” read the "
        "statement; “we will not close the harbour.”"
    )
    found = extract(text, leaders)
    assert [c.text for c in found] == [
        "No one was hurt. The crews acted fast; we will not close the harbour."
    ]
    assert who(found[0]) is None
    assert found[0].relayed_by == "statement"


def test_an_attribution_with_a_circumstance_still_ends_the_quotation(leaders):
    text = (
        "“The day is hard for me,” said the boatman, Ola Berg, following the ceremony. "
        "“The name stands for something good.”"
    )
    assert len(extract(text, leaders)) == 2


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“The day is hard for me,” said his father, Ola Berg, after the service.", "Ola Berg"),
        (
            "“The ice is thinning,” said study co-author Ida Fenwick of the institute.",
            "Ida Fenwick",
        ),
    ],
)
def test_an_inverted_speaker_after_a_lower_case_role_is_found(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize(
    "text, words",
    [
        pytest.param(
            'Ida Fenwick wrote online. "The board never read the plan. The "harbour trust" '
            'holds no boats at all. They belong to the town."',
            'The board never read the plan. The "harbour trust" holds no boats at all. They '
            "belong to the town.",
            id="a_straight_mark_before_a_word_opens_a_nested_quotation",
        ),
        pytest.param(
            # The paragraph break between the two was lost in the copy.
            "Funding\n\nJonas Merle said:\n\n“The role of our partners has been heroic. "
            "“This package will help our public services.”",
            "The role of our partners has been heroic. This package will help our public services.",
            id="the_same_opening_mark_after_a_full_stop_goes_on_with_the_quotation",
        ),
    ],
)
def test_one_quotation_with_its_words_as_printed(text, words, leaders):
    assert [c.text for c in extract(text, leaders)] == [words]


@pytest.mark.parametrize(
    "text",
    [
        # a coordinated verb with no speaker of its own
        "Ida Fenwick thanked the crew, noting that “the boats came back safe,” and went on "
        "to say, “The harbour will open on Monday.”",
        # a participle clause after the first part
        "Tomas Brellin wrote of the captain, “I knew then she was rare”, recalling their "
        "first voyage. “She was calm and kind.”",
    ],
)
def test_the_reporters_sentence_going_on_ends_the_quotation(text, leaders):
    assert len(extract(text, leaders)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Ola Berg used the terms “shared family mooring partnership” and “mooring union” in "
        "her bill.",
        "Ida Fenwick said the hashtag “#we want our boats back#” spread fast.",
    ],
)
def test_words_shown_as_a_term_or_a_hashtag_are_not_ticked(text, leaders):
    assert all(c.confidence < 0.5 for c in extract(text, leaders))


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Actress Mara Quint will star in the new series. The actress recalled her first "
            "role, when the cast were the “youngest ghosts in the castle.”",
            "Mara Quint",
        ),
        (
            "The club is led by coach Tomas Brellin. “We were tired in the second half,” "
            "said the coach.",
            "Tomas Brellin",
        ),
    ],
)
def test_an_occupation_speaking_is_the_person_introduced_with_it(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


def test_an_occupation_no_one_was_introduced_with_speaks_for_no_one(leaders):
    text = "Tomas Brellin runs the club. “We were tired,” said the coach."
    assert who(last(text, leaders)) is None


def test_actress_before_a_name_makes_her_she(leaders):
    text = (
        "Actress Zanele Okoro spoke first. “It was a long night,” Tomas Brellin said.\n\n“We "
        "were all tired,” she said."
    )
    assert who(last(text, leaders)) == "Zanele Okoro"


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Brellin sent his greetings to the harbour festival.\n\nThe message reads, in "
        "part:\n\n“Your festival keeps the memory of our sailors alive.”",
        "The decree signed by Tomas Brellin read “Every harbour must keep a lifeboat ready.”",
    ],
)
def test_a_documents_words_are_its_authors(text):
    directory = SpeakerDirectory.from_pairs([("Tomas Brellin", [])])
    assert last(text, directory).speaker == "Tomas Brellin"


def test_words_a_speaker_recalls_saying_in_his_transcript_turn_are_his():
    directory = SpeakerDirectory.from_pairs([("Tomas Brellin", [])])
    text = (
        "Remarks by President Brellin at the Harbour Reception\n\n"
        "THE PRESIDENT:  Thank you all.  I sat down with the mayors and said, “The harbour "
        "is open again.”  Know what the answer was?  “For how long?”\n\n"
        "Q:  Mr. President, I said, “What about the fleet?”"
    )
    found = extract(text, directory)
    assert [c.speaker for c in found] == ["Tomas Brellin", None, None]


def test_a_medal_is_no_one(leaders):
    text = (
        "US singer Mara Day died on Monday. Day made many albums, was awarded the Harbour "
        "Medal of Honour, and rescued animals.\n\nDay's animal foundation said she had been "
        "in otherwise “excellent physical health for her age” but had pneumonia."
    )
    assert who(last(text, leaders)) != "Harbour Medal"


# --- round 5 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        # The one spoken to is not the subject of the verb that follows.
        (
            "The study's lead author, biologist Ida Fenwick, told Harbour Weekly the shells "
            "suggested an old pattern: “These snails keep rebuilding the same armour.”",
            "Ida Fenwick",
        ),
        # Nor is it an inverted speaker: `…," X told Y` is never Y speaking.
        (
            "Dunmoor said in its filing that the fleet was safe.\n\n“We are reviewing every "
            "vessel,” Dunmoor told The Harbour Ledger.",
            None,
        ),
    ],
)
def test_the_one_spoken_to_is_never_the_speaker(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        # The one described in a passive sentence does not speak; an institution as the
        # agent is no one to give the words to.
        (
            "Tomas Brellin was described by the harbour council as “a tireless friend of the "
            "fishing fleet.”",
            None,
        ),
        ("Ida Fenwick has been called a “sea whisperer” by her neighbours.", None),
        # A person as the agent speaks.
        (
            "Tomas Brellin was described by Mayor Ida Fenwick as “the best harbour master "
            "we ever had.”",
            "Ida Fenwick",
        ),
        # An institution describing someone does not relay that person's words.
        (
            "The Fisheries Ministry described Tomas Brellin last year as an “emerging” voice "
            "among the fishermen.",
            None,
        ),
    ],
)
def test_the_one_described_or_called_does_not_speak(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize(
    "text",
    [
        # After someone else's quotation, the one who speaks in the sentence just before it.
        "“The harbour will reopen in May,” said Mayor Ida Fenwick.\n\nNot everyone agreed. "
        "Tomas Brellin, who leads the fishermen, criticized the plan on Twitter. “The fleet "
        "cannot wait until May.”",
        # A full name opening that sentence is its subject; "revealed" is a speech verb.
        "Tomas Brellin broke the news when he revealed that the harbour will close. “We have "
        "no choice.”",
    ],
)
def test_a_quotation_after_a_sentence_in_which_its_speaker_speaks_is_theirs(text, leaders):
    assert who(last(text, leaders)) == "Tomas Brellin"


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Harbour engineer Ida Marlowe inspected the pier on Monday. “The piles are sound,” "
            "Marlawe said.",
            "Ida Marlowe",
        ),
        (
            "Ms Ida Brettmann leads the harbour board. “We will rebuild,” Ms Bertmann said.",
            "Ida Brettmann",
        ),
    ],
)
def test_a_surname_the_article_misspells_is_the_person_it_named_in_full(text, speaker, leaders):
    assert who(last(text, leaders)) == speaker


@pytest.mark.parametrize("paper", ["Chronicle", "Courier", "Tribune"])
def test_a_newspaper_named_by_one_word_is_not_a_person(paper, leaders):
    text = (
        f"The {paper} cited questions of the harbour board's form, including: “Do you own a boat?”"
    )
    assert who(last(text, leaders)) is None


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            "Civil defence director Omar Haddad, in remarks to al-Nahar television, said “The "
            "road to the port is closed.”",
            "al-Nahar television",
        ),
        (
            "“The road to the port is closed,” Omar Haddad told al-Nahar TV.",
            "al-Nahar TV",
        ),
    ],
)
def test_an_outlet_whose_name_opens_with_al_relays(text, relay, leaders):
    candidate = last(text, leaders)
    assert (who(candidate), candidate.relayed_by) == ("Omar Haddad", relay)


def test_he_after_a_sentence_according_to_someone_is_that_person(leaders):
    text = (
        "“We were unlucky,” said coach Omar Haddad.\n\n“We will be back next year,” Tomas "
        "Brellin said. “The young players learnt a lot.”\n\nFitness was a big factor in "
        "that according to Haddad. “We trained all winter for this”, he said."
    )
    assert who(last(text, leaders)) == "Omar Haddad"


def test_in_the_words_of_someone_gives_them_the_quotation(leaders):
    text = (
        "The pier was badly damaged, and in the words of the harbour engineer, Ida Marlowe, "
        "“the storm took thirty years of work in one night.”"
    )
    assert who(last(text, leaders)) == "Ida Marlowe"


# --- Round 6 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attribution", ["port spokesperson Lena Marsh said", "said port spokesperson Lena Marsh"]
)
def test_she_added_after_a_reported_sentence_is_the_one_it_was_attributed_to(attribution, leaders):
    text = (
        f"Harbour master Tomas Brellin inspected the pier on Monday, {attribution}.\n\n"
        f"Brellin thanked the crews for their work through the storm, Marsh said.\n\n"
        "“The harbour master praised the crews' courage,” she added."
    )
    assert who(last(text, leaders)) == "Lena Marsh"


def test_he_after_a_sentence_opening_with_a_possessive_is_its_owner(leaders):
    text = (
        "The festival closed on Sunday.\n\nSinger Tomas Brellin's concert on the pier was "
        "his first in ten years. He joked “I still have sand in my shoes.”"
    )
    assert who(last(text, leaders)) == "Tomas Brellin"


def test_he_after_a_possessive_owning_a_person_is_not_the_owner(leaders):
    text = (
        "The festival closed on Sunday.\n\nSinger Tomas Brellin's manager spoke to the crowd "
        "on the pier. He joked “We still have sand in our shoes.”"
    )
    assert who(last(text, leaders)) is None


@pytest.mark.parametrize(
    "titles",
    [
        "High Commissioner to Ghana, Special Envoy to Benin and Togo,",
        "University of Lagos, Eastwick's chancellor,",
    ],
)
def test_an_inverted_attribution_whose_titles_run_to_a_full_name_is_that_name(titles, leaders):
    text = f"“The pier will reopen in spring,” said {titles} Ida Marlowe."
    assert who(last(text, leaders)) == "Ida Marlowe"


@pytest.mark.parametrize("subject", ["the admiral", "Brellin"])
def test_a_paragraph_whose_subject_is_the_speaker_does_not_end_the_turn(subject, leaders):
    text = (
        "Rear Adm. Tomas Brellin visited the port on Monday.\n\n"
        "“Our crews have worked without rest,” Brellin said.\n\n"
        f"On Tuesday, {subject} flew to the islands and met Harbour Master Ida Marlowe and "
        "Fisheries Minister Omar Haddad.\n\n"
        "“We value the partnership with the island communities.”"
    )
    assert who(last(text, leaders)) == "Tomas Brellin"


def test_a_paragraph_whose_subject_is_someone_else_still_ends_the_turn(leaders):
    text = (
        "Rear Adm. Tomas Brellin visited the port on Monday.\n\n"
        "“Our crews have worked without rest,” Brellin said.\n\n"
        "On Tuesday, Harbour Master Ida Marlowe met Fisheries Minister Omar Haddad.\n\n"
        "“We value the partnership with the island communities.”"
    )
    assert who(last(text, leaders)) != "Tomas Brellin"


def test_an_occupation_that_adds_to_the_quotation_before_is_its_speaker(leaders):
    text = (
        "Researchers from two universities reported a new mechanism.\n\n"
        "“Warm water is attacking the shelves,” said study co-author Ida Marlowe. The Eastwick "
        "professor added, “These effects matter. We need to know more.”"
    )
    assert who(last(text, leaders)) == "Ida Marlowe"


def test_an_occupation_that_adds_after_someone_else_is_named_stays_unnamed(leaders):
    text = (
        "Researchers from two universities reported a new mechanism.\n\n"
        "“Warm water is attacking the shelves,” said study co-author Ida Marlowe, who worked "
        "with Omar Haddad. The Eastwick professor added, “These effects matter.”"
    )
    assert who(last(text, leaders)) is None


@pytest.mark.parametrize(
    "text",
    [
        "The harbour board's official website Portnetza warns that “the pier will stay closed "
        "until the storm season ends.”",
        "The ferry company Brellinline said in a notice that “all crossings are cancelled "
        "until further notice.”",
        "Norway grounds Tarvan Air, citing “security”",
    ],
)
def test_a_name_after_a_thing_or_ending_in_air_is_no_speaker(text, leaders):
    assert who(last(text, leaders)) is None


def test_interviewed_by_an_outlet_before_the_name_relays_what_they_say_after(leaders):
    text = (
        "Interviewed by Harbour Radio, port director Ida Marlowe explained the closure:\n\n"
        "“The pier is not safe. We will rebuild it before the summer.”\n\n"
        "“Nobody will lose their job,” she said."
    )
    candidates = extract(text, leaders)
    assert [(who(c), c.relayed_by) for c in candidates] == [("Ida Marlowe", "Harbour Radio")] * 2


def test_speaking_on_a_broadcaster_relays_what_the_speaker_says_after(leaders):
    text = (
        "Speaking on al-Bahr TV, Omar Haddad said the crews had worked all night. He said the "
        "pier was saved with the help of “brave fishermen”."
    )
    candidate = last(text, leaders)
    assert (who(candidate), candidate.relayed_by) == ("Omar Haddad", "al-Bahr TV")


# --- round 7: releases, transcripts and polls -------------------------------------------


def test_the_president_is_not_the_vice_president(leaders):
    text = (
        "President Joe Biden, Vice President Kamala Harris and Defense Secretary Lloyd Austin "
        "attended the ceremony on Friday.\n\n"
        "Biden thanked the general. “He has served this country well,” the president said."
    )
    assert who(last(text, leaders)) == "Joe Biden"


def test_a_surname_spelt_like_a_leaders_needs_the_leaders_country(leaders):
    pentagon = (
        "President Joe Biden thanked the general at the Pentagon on Friday.\n\n"
        "Milley ended a long career in uniform.\n\n"
        "“Duty came first, always,” Milley said."
    )
    assert last(pentagon, leaders).speaker is None
    argentina = (
        "President Joe Biden spoke of Argentina's economy on Friday.\n\n"
        "“The reforms are working,” Milley said in Buenos Aires."
    )
    assert last(argentina, leaders).speaker == "Javier Milei"


@pytest.mark.parametrize(
    "text",
    [
        "Remarks by the Governor\n\nGOVERNOR: We argued for months. I've said it a hundred "
        "times. And she said, “We will sign the deal before the winter.”",
        "Remarks at the Harbour Dinner\n\nState Dining Room\n\nMy uncle ran a boat. He used "
        "to tell me, “You will never make a sailor.”",
    ],
)
def test_a_contraction_or_a_room_is_no_speaker(text, leaders):
    assert who(last(text, leaders)) is None

    # Nobody named so: "said North" is no one, and "Further" is never a name.
    alone = text.replace("Ambassador Walter North", "the ambassador")
    assert [who(c) for c in extract(alone, leaders)] == [None]


def test_a_release_opening_with_a_quotation_gives_it_to_the_next_paragraphs_subject(leaders):
    text = (
        "Governor to mayors: Keep the budget open\n\n"
        "14 March 2025\n\n"
        "“An open budget is how we earn back the public’s trust.”\n\n"
        "Governor Elena M. Cruz on Thursday urged town mayors to publish their spending "
        "online, saying that citizens deserve to see where the money goes."
    )
    assert who(extract(text, leaders)[0]) == "Elena M. Cruz"
    # Deeper in an article, or when the next paragraph opens with someone else's doings,
    # nobody is guessed.
    later = text.replace(
        "14 March 2025\n\n",
        "14 March 2025\n\nThe provincial assembly met on Thursday in the capital to vote on "
        "next year's spending plan after weeks of debate.\n\nMost mayors attended.\n\n"
        "Several came late because of the storm that closed the coastal road overnight.\n\n",
    )
    assert who([c for c in extract(later, leaders) if c.text.startswith("An open")][0]) is None


def test_a_transcript_that_opens_in_the_middle_of_a_turn_is_the_headlines_speaker(leaders):
    text = (
        "Remarks by President Ruto in a Press Gaggle Aboard the Presidential Jet\n\n"
        "We want a fair deal. When they say no, I say, “That's fine. We will wait.” And it "
        "works.\n\n"
        "Q Sir, one more question on the talks?"
    )
    assert extract(text, leaders)[0].speaker == "William Ruto"


@pytest.mark.parametrize(
    "headline",
    ["Kenyan President: ‘Proud’ of the Runners", "Ruto: ‘Proud’ of the runners after the race"],
)
def test_a_headline_gives_its_speaker_before_a_colon(headline, leaders):
    body = (
        "\n\nPresident William Ruto met the athletes in Nairobi on Sunday and thanked them "
        "for their medals."
    )
    assert extract(headline + body, leaders)[0].speaker == "William Ruto"


def test_a_headlines_role_before_a_colon_needs_a_leader_the_body_names(leaders):
    text = (
        "Kenyan President: ‘Proud’ of the Runners\n\n"
        "The sports minister met the athletes in Nairobi on Sunday and thanked them."
    )
    assert extract(text, leaders)[0].speaker is None


# --- round 8: leaders named in a sentence without speaking in it ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ana Ortiz, a longtime Macron critic, spoke at the forum and described the "
        "pension plan as “reckless and unfair.”",
        "Ana Ortiz, an Erdogan ally in parliament, called the ruling “a victory for the nation.”",
    ],
)
def test_a_leader_named_as_a_modifier_after_a_or_an_is_not_the_subject(text, leaders):
    candidate = last(text, leaders)
    assert candidate.speaker is None
    assert candidate.unlisted_speaker == "Ana Ortiz"


@pytest.mark.parametrize(
    "text",
    [
        "Although the Foreign Ministry asked all “outside powers” to stay out of the dispute, "
        "President Emmanuel Macron called on both sides to meet in Geneva.",
        "While the agency urged “calm and restraint” on Monday, Zelenskiy warned of new strikes.",
    ],
)
def test_the_main_clause_after_a_subordinate_one_does_not_attribute_its_quotation(text, leaders):
    candidate = last(text, leaders)
    assert candidate.speaker is None
    assert candidate.confidence < 0.5


def test_a_subordinate_clause_keeps_its_own_speaker_and_a_plain_frame_after_still_reads(
    leaders,
):
    text = (
        "Although Macron called the plan “a serious mistake” on Monday, Zelenskiy said he "
        "would study it.\n\n"
        "“We will study it,” Zelenskiy said."
    )
    found = extract(text, leaders)
    assert found[0].speaker == "Emmanuel Macron"
    assert found[1].speaker == "Volodymyr Zelenskyy"


@pytest.mark.parametrize(
    "text",
    [
        "Marine Corps Lance Cpl. Dana Whitlock joined in 2019.\n\n“The ship is home now,” "
        "Whitlock said.",
        "Army Pfc. Dana Whitlock joined in 2019.\n\n“The ship is home now,” Whitlock said.",
        "“The ship is home now,” said Senior Airman Dana Whitlock.",
        "“The ship is home now,” said Tech. Sgt. Dana Whitlock.",
    ],
)
def test_a_military_rank_is_a_title_not_part_of_the_name(text, leaders):
    assert last(text, leaders).unlisted_speaker == "Dana Whitlock"


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Minister of Digital Transformation Lina Okoro visited the plant.\n\n"
            "“We will build the network this year,” Okoro said.",
            "Lina Okoro",
        ),
        ("Minister for Rural Development Tama Whiti said: “The roads come first.”", "Tama Whiti"),
        ("“The roads come first,” said Secretary of Public Works Tama Whiti.", "Tama Whiti"),
    ],
)
def test_the_portfolio_after_minister_of_is_not_part_of_the_name(text, name, leaders):
    assert last(text, leaders).unlisted_speaker == name


def test_the_subject_of_a_fragment_is_the_main_clauses_not_the_subordinate_ones(leaders):
    text = (
        "Prime Minister Keir Starmer met the union leaders on Monday.\n\n"
        "After Transport Secretary Lina Okoro failed to settle the strike, the prime minister "
        "apologised for “a wasted summer.”"
    )
    assert last(text, leaders).speaker == "Keir Starmer"


@pytest.mark.parametrize(
    "text",
    [
        "The survey was led by Dana Whitlock, a marine biologist at the institute, who said "
        "“The reefs are recovering faster than we thought.”",
        "The survey was led by Dana Whitlock, an ecologist and professor at the institute, "
        "who told reporters, “The reefs are recovering.”",
    ],
)
def test_who_after_a_name_and_its_appositive_is_that_name(text, leaders):
    assert last(text, leaders).unlisted_speaker == "Dana Whitlock"


# Round 9 — read on the tenth blind part's errors once it joined tuning.


@pytest.mark.parametrize(
    "heading",
    [
        "Macron Calls Talks 'Very Useful'",  # equal words: the heading names no one else
        "Zelenskiy 'very useful' talks",  # the heading's subject is someone else
    ],
)
def test_a_headings_quotation_is_given_to_whoever_says_the_words_in_the_body(heading, leaders):
    text = (
        f"{heading}\n\n"
        "Volodymyr Zelenskiy met Emmanuel Macron in Paris on Monday.\n\n"
        "Macron said the talks had been “very useful.”"
    )
    found = extract(text, leaders)
    assert found[0].speaker == "Emmanuel Macron"


def test_a_heading_keeps_its_subject_when_the_body_agrees(leaders):
    text = (
        "Zelenskiy 'ready to talk'\n\n"
        "Volodymyr Zelenskiy said on Monday he was “ready to talk” to anyone."
    )
    assert extract(text, leaders)[0].speaker == "Volodymyr Zelenskyy"


def test_the_same_words_quoted_twice_in_the_body_do_not_borrow_a_speaker(leaders):
    text = (
        "The ministers called the deal “null and void” on Monday.\n\n"
        "Emmanuel Macron later called the deal “null and void” too."
    )
    found = extract(text, leaders)
    assert found[0].speaker is None and found[0].unlisted_speaker is None


def test_a_quoted_title_of_a_work_is_no_one_to_give_a_quotation_to(leaders):
    text = (
        "Kagame: Tribunal For Rwanda 'Not Doing Its Job'\n\n"
        "President Paul Kagame spoke in Kigali. He was asked about the film “Hotel Rwanda” "
        "and said the tribunal was “not doing its job.”"
    )
    found = extract(text, leaders)
    assert all(c.unlisted_speaker != "Hotel Rwanda" for c in found)
    assert found[0].speaker == "Paul Kagame"


@pytest.mark.parametrize("title", ["FM", "PM"])
def test_an_abbreviated_office_before_a_surname_is_a_title(title, leaders):
    text = f"{title} Kishida spoke on Tuesday.\n\n“We will talk to Beijing,” Kishida said."
    assert last(text, leaders).speaker == "Fumio Kishida"


def test_a_title_with_its_portfolio_before_the_name_is_not_a_name(leaders):
    text = (
        "“This is a wonderful day,” said State Department Assistant Secretary for African "
        "Affairs Dana Whitlock."
    )
    found = last(text, leaders)
    assert found.unlisted_speaker == "Dana Whitlock"


@pytest.mark.parametrize(
    "frame",
    [
        "said U.S. exercise director Marine Lt. Gen. Dana Whitlock, commanding general of the "
        "force.",
        "said exercise director Lt. Gen. Dana Whitlock.",
    ],
)
def test_a_job_in_the_reporters_words_before_a_rank_and_name_is_a_title(frame, leaders):
    text = f"Troops gathered at the base.\n\n“The exercise was a success,” {frame}"
    assert last(text, leaders).unlisted_speaker == "Dana Whitlock"


def test_a_job_before_a_name_does_not_cross_a_clause(leaders):
    text = (
        "“The exercise was a success,” said the director that Dana Whitlock appointed, "
        "speaking at the base."
    )
    assert last(text, leaders).unlisted_speaker != "Dana Whitlock"


@pytest.mark.parametrize(
    "told", ["told Yomiuri", "told Dana Whitlock", "reportedly told the Yomiuri newspaper"]
)
def test_the_one_told_before_a_colon_does_not_speak(told, leaders):
    text = f"Leaders met.\n\nOne of the guests {told}: “There was a lot of laughter.”"
    found = last(text, leaders)
    assert found.speaker is None and found.unlisted_speaker is None


def test_a_compass_surname_opening_a_clause_is_the_person_named_with_it(leaders):
    text = (
        "Rapper Kanye West announced a run. West backed away from his support for President "
        "Trump, citing reports Trump hid in a basement. He leveled criticism at Biden, saying "
        "he was not “special” like himself, Trump, and former presidents.\n\n"
        "West, in an interview, called the race “a calling.”"
    )
    found = extract(text, leaders)
    assert [c.unlisted_speaker for c in found] == ["Kanye West", "Kanye West"]
    assert all(c.speaker is None for c in found)


@pytest.mark.parametrize("text", ["Leaders of the West said “enough.”", "In the West, “enough.”"])
def test_the_west_as_a_place_is_no_one(text, leaders):
    text = f"Rapper Kanye West spoke on Monday.\n\n{text}"
    assert last(text, leaders).unlisted_speaker != "Kanye West"


def test_he_after_the_writers_own_sentence_is_the_one_person_the_writer_met(leaders):
    text = (
        "A talk about radio\n\n"
        "Recently, I sat down with Dana Whitlock, who hosts a show about diplomacy. He "
        "started by noting there are “quite a few myths about radio.”"
    )
    assert last(text, leaders).unlisted_speaker == "Dana Whitlock"


# Round 10 — read on the eleventh blind part's errors once it joined tuning.


def test_initials_written_together_are_part_of_the_name(leaders):
    text = (
        "Brig. Gen. H.D. Whitlock Jr., the wing commander, met the crews.\n\n"
        "“This wing does it very well,” General Whitlock told the visitors."
    )
    assert last(text, leaders).unlisted_speaker == "H.D. Whitlock Jr"


def test_us_and_uk_initials_are_no_one(leaders):
    text = "Officials met.\n\nThe U.S. called the plan “a hostile policy” on Monday."
    assert last(text, leaders).unlisted_speaker is None


def test_a_surname_after_a_portfolio_is_the_person_named_in_full(leaders):
    text = (
        "Assistant Secretary of State Dana Whitlock spoke on Thursday.\n\n"
        "Secretary of State Whitlock on Friday also called the claim a “complete fantasy.”"
    )
    assert last(text, leaders).unlisted_speaker == "Dana Whitlock"


def test_a_unit_named_after_an_organisation_word_is_still_no_one(leaders):
    text = "Troops arrived.\n\nTask Force Whitlock called the exercise “a success.”"
    assert last(text, leaders).unlisted_speaker is None


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            "A name was chosen.\n\nIn an interview with Time magazine, expert Dana Whitlock "
            "said the name would bring “tremendous stigma”. She went on to say, “People tend "
            "to think of the disease as belonging to them.”",
            "Time",
        ),
        (
            "The forms went out.\n\nA leaked letter seen by Sky News says “failure to return "
            "the form may end the claim”.",
            "Sky News",
        ),
    ],
)
def test_an_interview_opening_the_sentence_or_a_letter_seen_by_an_outlet_relays(
    text, relay, leaders
):
    assert last(text, leaders).relayed_by == relay


# Round 11 — read on the twelfth blind part's errors once it joined tuning.


@pytest.mark.parametrize(
    "attribution",
    [
        "said Lt. Col. Dana Whitlock, 9th Squadron in garrison commander.",
        "said Pvt. Dana Whitlock, an infantryman with 2nd Squadron “Sabre,” 3rd Cavalry.",
    ],
)
def test_a_speaker_described_after_a_comma_keeps_the_quotation_one(attribution, leaders):
    text = (
        f"The unit came home.\n\n“The first mission is to get our jets up,” {attribution} "
        "“It takes a lot of work.”"
    )
    found = [c for c in extract(text, leaders) if c.text != "Sabre,"]
    assert len(found) == 1
    assert found[0].text == "The first mission is to get our jets up, It takes a lot of work."
    assert found[0].unlisted_speaker == "Dana Whitlock"


@pytest.mark.parametrize(
    "attribution",
    [
        "said Capt. Dana Whitlock, mission commander, in his address to the group.",
        "said Dana Whitlock, speaking at the summit.",
    ],
)
def test_a_circumstance_after_the_description_still_ends_the_quotation(attribution, leaders):
    text = f"The unit came home.\n\n“The phase was a success,” {attribution} “The work was hard.”"
    assert len(extract(text, leaders)) == 2


def test_a_one_word_name_read_as_speaking_is_that_person_again(leaders):
    text = (
        "Brellin Praises Marines\n\nPresident Brellin praised the Marines during a visit "
        "yesterday.\n\n"
        '"I am proud of you," Brellin told Marines and family members.\n\n'
        "Families of Marines deployed overseas also undergo hardship, Brellin pointed out. "
        '"It is hard when your loved one is overseas," he said to military spouses.'
    )
    found = extract(text, leaders)
    assert [c.unlisted_speaker for c in found] == ["Brellin", "Brellin"]


def test_a_title_before_an_ordinal_rank_is_no_name(leaders):
    text = (
        "The crews returned.\n\nAircraft Commander 1st Lt. Dana Whitlock said flying was easy. "
        "“It was nice working with them.”"
    )
    assert all(c.unlisted_speaker != "Aircraft Commander" for c in extract(text, leaders))


@pytest.mark.parametrize(
    "text",
    [
        "Langley Airmen Return\n\nThe 10-year Langley native added, “I would go back.”",
        "The wing came home.\n\nThe Navy Sailors cheered. The Norfolk resident added, “I would "
        "go back.”",
    ],
)
def test_people_of_a_place_and_a_place_of_origin_are_no_one(text, leaders):
    found = last(text, leaders)
    assert found.unlisted_speaker is None and found.speaker is None


# --- rounds 12 and 13: the thirteenth and fourteenth blind parts' errors, in invented text --


def test_a_quotation_the_verb_adding_goes_on_with_after_its_comma_is_one(leaders):
    inside = "Dana Whitlock told a briefing, “We are pushing for talks,” adding, “We agreed.”"
    outside = 'Dana Whitlock said, "We are pushing for talks", adding, "We agreed".'
    assert [c.text for c in extract(f"Talks\n\n{inside}", leaders)] == [
        "We are pushing for talks, We agreed."
    ]
    assert len(extract(f"Talks\n\n{outside}", leaders)) == 2


def test_an_official_quoted_as_saying_by_media_including_an_agency(leaders):
    text = (
        "Talks\n\nA senior official at the presidential office was quoted as saying by Korean "
        "media including Yonhap News, “Each meeting will last 30 minutes.”"
    )
    found = last(text, leaders)
    assert who(found) is None
    assert found.relayed_by == "Yonhap News"


def test_a_heading_told_to_an_outlet_takes_the_body_speaker_of_its_words(leaders):
    text = (
        "Defense Minister Tells VOA Nuclear Test a 'Big Threat'\n\n"
        "The test is “a big threat to the whole region,” according to Defense Minister "
        "Kenji Arakawa."
    )
    heading = extract(text, leaders)[0]
    assert heading.text == "Big Threat"
    assert heading.unlisted_speaker == "Kenji Arakawa"


def test_a_leaders_title_is_the_one_past_leader_the_release_names_acting(leaders):
    text = (
        "PM hails champion\n\nThe Prime Minister has thanked the emergency services.\n\n"
        "Appearing on local radio, the Prime Minister said: “We are doing all we can.”\n\n"
        "Jonas Merle said he had spoken to the salt makers."
    )
    assert last(text, leaders).unlisted_speaker == "Jonas Merle"
    two = text + " Dana Whitlock said the roads were clear."
    assert who(extract(two, leaders)[0]) is None  # two people act: no guess


def test_a_letter_quoted_whole_keeps_its_nested_marks_and_its_signature_is_its_writer(leaders):
    text = (
        "Easter message\n\nJonas Merle wished everyone a happy Easter.\n\nThe PM said:\n\n"
        "“Easter is the most important date in the calendar.\n\n"
        "The churches remind us of what the Bible calls ‘the least of these’. I am grateful.\n\n"
        "Jonas.”"
    )
    found = extract(text, leaders)
    assert len(found) == 1
    assert found[0].text.startswith("Easter is") and found[0].text.endswith("Jonas.")
    assert found[0].unlisted_speaker == "Jonas Merle"


def test_words_a_place_is_known_as_are_no_quotation(leaders):
    text = (
        "Visit\n\nPresident Jonas Merle went to Donsol, known as “whale shark capital of the "
        "world”, on Monday."
    )
    assert extract(text, leaders)[0].confidence < 0.5


# --- the last quotation's words as printed, and who said them -------------------------------


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        pytest.param(
            "Summit\n\nJonas Merle spoke in Brussels. The PM said it was not possible to “deal "
            "with the problems of 2008 with the institutions of 1945″.",
            "deal with the problems of 2008 with the institutions of 1945",
            "Jonas Merle",
            id="a_double_prime_closes_a_quotation",
        ),
        pytest.param(
            "Visit\n\nPresident Jonas Merle went to the coast.\n\n"
            "''The whale sharks have changed the lives of the people here,'' the President said.",
            "The whale sharks have changed the lives of the people here,",
            "Jonas Merle",
            id="two_apostrophes_open_a_quotation",
        ),
        pytest.param(
            "Shame\n\nSenegalese blogger Seckasysteme is unhappy. “Africa is ashamed of him”, "
            "concludes the blogger. “Guineans are right to protest.”",
            "Africa is ashamed of him, Guineans are right to protest.",
            "Seckasysteme",
            id="a_comma_outside_the_marks_joins_the_parts_before_a_new_sentence",
        ),
        pytest.param(
            "“The port was unique,” said Yeoman 2nd Class Jo Ng, from Fayetteville, North "
            "Carolina. “The beaches were nice.”",
            "The port was unique, The beaches were nice.",
            "Jo Ng",
            id="a_home_town_after_the_name_keeps_the_quotation_whole",
        ),
        pytest.param(
            "“The port was unique,” said Lance Cpl. Jo Ng, motor transportation operator with "
            "Marine Wing Support Squadron 171. “The beaches were nice.”",
            "The port was unique, The beaches were nice.",
            "Jo Ng",
            id="an_occupation_after_the_name_keeps_the_quotation_whole",
        ),
    ],
)
def test_the_last_quotation_as_printed_and_its_speaker(text, words, speaker, leaders):
    found = last(text, leaders)
    assert found.text == words
    assert who(found) == speaker
