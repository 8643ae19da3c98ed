"""One test per tricky case the extractor must handle."""

from quotes.extraction import SpeakerDirectory, extract

DIRECTORY = SpeakerDirectory.from_pairs(
    [
        ("Volodymyr Zelenskyy", ["Zelensky", "Zelenskiy"]),
        ("Vladimir Putin", []),
        ("Emmanuel Macron", []),
        ("Xi Jinping", []),
        ("Keir Starmer", []),
        ("Giorgia Meloni", []),
        ("Pope Leo XIV", ["Pope Leo"]),
        ("Kim Jong Un", ["Kim Jong-un"]),
    ]
)


def only(text, directory=DIRECTORY):
    found = extract(text, directory)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def test_curly_double_quotes_give_the_words_without_marks_and_their_offsets():
    text = "Putin said: “We will respond.”"
    c = only(text)
    assert c.text == "We will respond."
    assert text[c.start : c.end] == "We will respond."
    assert c.speaker == "Vladimir Putin"
    assert c.kind == "direct"


def test_straight_double_quotes_are_quotations_too():
    c = only('"We will respond," Putin said.')
    assert (c.text, c.speaker) == ("We will respond,", "Vladimir Putin")


def test_british_single_quotes_do_not_break_on_apostrophes():
    c = only("‘Russia’s threats don’t frighten us,’ Mr Starmer said of the leaders’ talks.")
    assert c.text == "Russia’s threats don’t frighten us,"
    assert c.speaker == "Keir Starmer"


def test_a_plural_possessive_inside_single_quotes_does_not_close_the_quotation():
    c = only("‘The allies’ patience is not endless,’ Macron said.")
    assert c.text == "The allies’ patience is not endless,"


def test_a_nested_quotation_stays_inside_the_outer_one():
    c = only("“He told me, ‘We are ready,’ and I believed him,” Macron said.")
    assert c.text == "He told me, ‘We are ready,’ and I believed him,"
    assert c.speaker == "Emmanuel Macron"


def test_a_quotation_interrupted_by_its_attribution_is_one_candidate():
    text = "“We will win,” Zelensky said, “no matter what.”"
    c = only(text)
    assert c.text == "We will win, no matter what."
    assert c.speaker == "Volodymyr Zelenskyy"
    assert len(c.parts) == 2
    assert [text[s:e] for s, e in c.parts] == ["We will win,", "no matter what."]


def test_a_quotation_over_several_paragraphs_is_one_candidate():
    text = (
        "Xi Jinping addressed the congress.\n"
        "“We will never seek hegemony,” Xi said. “We will never seek expansion.\n"
        "“Reunification is a historic task.”\n"
        "The speech lasted an hour."
    )
    found = extract(text, DIRECTORY)
    # The attribution's full stop does not end the speaker's turn: one statement.
    assert [c.text for c in found] == [
        "We will never seek hegemony, We will never seek expansion. "
        "Reunification is a historic task.",
    ]
    assert {c.speaker for c in found} == {"Xi Jinping"}
    assert len(found[0].parts) == 3


def test_a_quotation_resumed_after_a_sentence_that_is_not_an_attribution_stays_apart():
    text = "“We will win,” Xi said. The hall applauded. “Reunification is a historic task.”"
    found = extract(text, DIRECTORY)
    assert [c.text for c in found] == ["We will win,", "Reunification is a historic task."]


def test_attribution_before_the_quotation():
    assert only("Zelensky told reporters: “We need air defence.”").speaker == (
        "Volodymyr Zelenskyy"
    )


def test_attribution_after_the_quotation_inverted_said_xi():
    c = only("“China will not be bullied,” said Xi, to applause.")
    assert c.speaker == "Xi Jinping"


def test_attribution_by_title_resolves_to_the_leader_given_that_title():
    text = (
        "Russian President Vladimir Putin met French President Emmanuel Macron. "
        "“The talks were frank,” the Russian president said."
    )
    assert only(text).speaker == "Vladimir Putin"


def test_the_pontiff_is_the_pope_named_earlier():
    text = "Pope Leo spoke in St Peter’s Square. “Let the weapons fall silent,” the pontiff said."
    assert only(text).speaker == "Pope Leo XIV"


def test_the_pm_is_the_only_leader_named_so_far():
    assert only("Keir Starmer arrived late. “We are ready,” the PM said.").speaker == (
        "Keir Starmer"
    )


def test_he_said_goes_to_the_last_named_male_subject_and_she_said_to_the_woman():
    text = (
        "Giorgia Meloni met Emmanuel Macron in Rome. "
        "“Europe must stand together,” she said. "
        "Macron agreed. “Nobody can do this alone,” he said."
    )
    speakers = [c.speaker for c in extract(text, DIRECTORY)]
    assert speakers == ["Giorgia Meloni", "Emmanuel Macron"]


def test_a_paragraph_of_quotation_alone_continues_the_previous_speaker():
    text = "“We will rebuild,” Zelensky said.\n“Every city, every village.”"
    found = extract(text, DIRECTORY)
    assert [c.speaker for c in found] == ["Volodymyr Zelenskyy"] * 2
    assert found[1].evidence == "continuation"


def test_surname_variants_from_the_aliases_name_the_same_leader():
    for variant in ("Zelensky", "Zelenskiy", "Zelenskyy"):
        assert only(f"“We hold the line,” {variant} said.").speaker == "Volodymyr Zelenskyy"


def test_mr_and_surname_names_the_leader():
    assert only("“No,” Mr Putin said.").speaker == "Vladimir Putin"


def test_speech_verbs_beyond_said():
    for verb in ("stated", "told", "wrote", "posted", "added", "warned", "vowed", "insisted"):
        c = only(f"Putin {verb}: “Russia will respond to any attack.”")
        assert c.speaker == "Vladimir Putin", verb


def test_according_to_attributes_the_quotation():
    c = only("According to Macron, Europe must “wake up before it is too late”.")
    assert c.speaker == "Emmanuel Macron"
    assert c.kind == "partial"


def test_a_news_agency_relaying_a_leader_is_named_in_relayed_by():
    c = only("Kim Jong Un inspected troops. KCNA quoted Kim as saying the army was “ready”.")
    assert c.speaker == "Kim Jong Un"
    assert c.relayed_by == "KCNA"


def test_the_kremlin_said_putin_is_putin_relayed_by_the_kremlin():
    c = only("The Kremlin said Putin had told Macron that “the conflict has deep roots”.")
    assert c.speaker == "Vladimir Putin"
    assert c.relayed_by == "Kremlin"
    assert c.mentions == ()


def test_a_readout_relays_the_leader():
    c = only("According to a White House readout, Macron said the talks were “a step forward”.")
    assert c.speaker == "Emmanuel Macron"
    assert c.relayed_by == "White House readout"


def test_leaders_named_inside_a_quotation_are_its_mentions():
    c = only("“I spoke with Vladimir Putin and with Xi Jinping,” Macron said.")
    assert c.mentions == ("Vladimir Putin", "Xi Jinping")


def test_an_institutions_one_word_scare_quote_is_low_confidence_and_unattributed():
    c = only("Putin called Macron. The Kremlin described the conversation as ‘constructive’.")
    assert c.speaker is None
    assert c.confidence < 0.5


def test_a_so_called_label_is_low_confidence():
    assert only("Putin launched the so-called “special military operation”.").confidence < 0.5


def test_a_direct_quotation_is_a_whole_sentence_and_a_partial_one_a_fragment():
    text = "Macron said Europe was “not a herbivore”. He added: “We must rearm.”"
    assert [c.kind for c in extract(text, DIRECTORY)] == ["partial", "direct"]


def test_a_name_not_in_the_directory_is_proposed_as_an_unlisted_speaker():
    c = only("Kremlin spokesman Dmitry Peskov said the plan was “unacceptable for Moscow”.")
    assert c.speaker is None
    assert c.unlisted_speaker == "Dmitry Peskov"


def test_a_quotation_with_no_one_to_attribute_it_to_has_no_speaker():
    c = only("“Peace is possible,” read a banner outside the embassy.")
    assert c.speaker is None


def test_as_dict_has_the_json_keys():
    data = only("“We will respond,” Putin said.").as_dict()
    for key in ("text", "speaker", "kind", "start", "end", "relayed_by", "mentions", "confidence"):
        assert key in data
    assert isinstance(data["mentions"], list)


def test_no_quotation_marks_no_candidates():
    assert extract("Putin met Macron. They did not speak to the press.", DIRECTORY) == []
