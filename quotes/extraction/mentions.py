"""Who the reporter's text names, and how: names, titles and roles, pronouns, institutions.

Mentions are found once per article; attribution then reads them near each quotation.
"""

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import compress

from rapidfuzz import fuzz, process

from .countries import COUNTRY_WORDS
from .directory import SpeakerDirectory, normalise_name, office_roles, sound_key
from .lexicon import (
    ABBREVIATED_TITLES,
    CITIES,
    DIGRAPH_INITIALS,
    DOCUMENT_NOUNS,
    FEMALE_FIRST_NAMES,
    FEMALE_HONORIFICS,
    GENERIC_ROLES,
    HONORIFIC_BEFORE_NAME,
    HONORIFICS,
    INSTITUTIONS,
    LEADER_ROLES,
    MALE_HONORIFICS,
    NON_NAME_WORDS,
    OCCUPATIONS,
    ORGANISATION_WORDS,
    PLACE_QUALIFIERS,
    PLACES,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    SPEECH_VERBS,
    STAFF_ROLES,
    TITLE_WORDS,
    UNNAMED_SPEAKERS,
)

NAME, PRONOUN, ROLE, INSTITUTION, DOCUMENT, BARE, UNNAMED = (
    "name",
    "pronoun",
    "role",
    "institution",
    "document",
    "bare",
    "unnamed",
)

PREPOSITIONS = frozenset(
    """with to by for of on from at about against in into toward towards over under between
    among than like via including upon onto alongside beside besides behind after before
    during without""".split()
)
# Words that open a station's name, never a person's.
_BROADCAST_WORDS = frozenset({"radio", "television", "tv", "channel", "radyo"})
# Verbs whose object is the one spoken to, never the speaker: "told the BBC".
ADDRESSED_AFTER = frozenset({"told", "tells", "telling"})
# A newspaper's name alone ("The Guardian", "the Saudi Gazette"), never a person's.
NEWSPAPER_WORDS = frozenset(
    "guardian telegraph herald tribune gazette observer chronicle inquirer courier".split()
)
# Nouns after which a capitalised name is a thing's, never a person's.
_THING_BEFORE_NAME = frozenset(
    "website site newspaper magazine tabloid broadcaster channel app platform airline "
    "carrier company firm startup carmaker manufacturer brand ship vessel tanker".split()
)
PARTICLES = frozenset(
    "bin bint ibn al el da de do dos das du van von der den la le di y del della".split()
)

# Words that make a title or a role, never a name ("the PM", "the Holy Father").
ROLE_WORDS = TITLE_WORDS | {w for role in ROLE_NOUNS for w in role.split()} | {"holy", "father"}

# "Minister of Digital Transformation …", "Secretary for Rural Affairs …": a portfolio follows.
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:Minister|Secretary|Commissioner|Director|Minister-President|Mayor|Governor"
    r"|Representative"
    # "researcher for Human Rights Watch Corinne Dufka": an employer after a job
    r"|researcher|analyst|director|spokesperson|spokesman|spokeswoman|correspondent)"
    r"\s+(?:of|for|at)\s+(?:the\s+)?"
    # "High Representative of the EU for Foreign Affairs and Security Policy Josep Borrell"
    r"(?:[A-Z][\w\-]+\s+(?:of|for)\s+(?:the\s+)?)?"
    # "Secretary for African Affairs Jo Ng": a nationality the run left out; "Commissioner
    # for International Cooperation and Development Neven Mimica": a portfolio in two parts
    # "Minister for Roads, Maritime and Freight Melinda Pavey": a list of portfolios
    r"(?:(?:[A-Z][\w\-]+,?\s+(?:(?:and|&)\s+)?){0,3}[A-Z][\w\-]+\s+(?:(?:and|&)\s+)?)?$"
)
# Endings of nouns that are no one's surname: "Journalism", "Communication", "Security".
_NOT_A_SURNAME = re.compile(r"..(?:ism|tion|sion|ity|ology|ship|ics)$")
_PORTFOLIO_NOUNS = frozenset(
    """affairs management development relations trade health defence defense finance justice
    energy education transport agriculture environment culture interior labour labor economy
    industry aid crisis planning fisheries policy""".split()
)


def _is_portfolio_word(word: str) -> bool:
    return (
        word in _PORTFOLIO_NOUNS
        or word in TITLE_WORDS
        or bool(_NOT_A_SURNAME.search(word))
        or word.endswith("ment")
    )


_FOR_SOMEONE_AFTER = re.compile(r"\s+for\s+[A-Z]")
_GIVEN_NAME_AFTER_FAMILY = re.compile(r"[A-Z][a-z]+-[a-z]+")
_LETTERS_AFTER_NAME = frozenset(
    "qc kc mp phd am ms msp mla mep td obe mbe cbe kbe cmg kcmg gcmg dbe gbe kcb cb frs"
    " ao ac oam faa ftse".split()  # "Dr Alan Finkel AO", Australian honours and fellowships
)
_COUNTRY_AFTER_NAME = re.compile(r",?\s+of\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")
_ORDINAL_BEFORE = re.compile(r"\d(?:st|nd|rd|th)\s+$")
# An ordinal rank after a title: "Aircraft Commander 1st Lt. Jo Ng".
_RANK_AFTER = re.compile(r"\s+\d+(?:st|nd|rd|th)\s+[A-Z]")
# A word after a place that makes it one: "a Langley native", "the Kyiv-based".
_PLACE_OF_ORIGIN = re.compile(r"\s+(?:native|natives|resident|residents)\b")
# Plural nouns of groups that end a run of capitals: "Langley Airmen", "Navy Sailors".
_GROUP_NOUNS = frozenset(
    """airmen soldiers marines sailors troops officials leaders members families residents
    citizens students workers veterans guardsmen servicemembers""".split()
)
# "U.S.", "U.K.": initials of places, not of a person.
_PLACE_INITIALS = frozenset({"us", "uk", "eu", "un"})
# "in Laguna, Santa Catarina, Rousseff praised": a saint's name opens a place's name.
_OFFICE_AFTER_NAME = frozenset(
    "commander director secretary minister president chairman spokesman spokeswoman".split()
)
_OFFICE_QUALIFIERS = frozenset("deputy vice assistant acting".split())


def _letters_after(name_words: list[str]) -> int:
    """How many of the last words are letters after a name: "QC", or "T.D." read as the
    single letters "t" and "d"."""
    if name_words[-1] in _LETTERS_AFTER_NAME:
        return 1
    singles = 0
    while singles < len(name_words) - 2 and len(name_words[-1 - singles]) == 1:
        singles += 1
    if singles >= 2 and "".join(name_words[-singles:]) in _LETTERS_AFTER_NAME:
        return singles
    return 0


# "… for Overseas Development Aid and ": the capitalised words of a portfolio, then "and".
_PORTFOLIO_AND = re.compile(r"\b(?:for|of)\s+(?:[A-Z][\w\-]*\s+){1,4}and\s+$")
_SUBNATIONAL_TITLE_OF = re.compile(
    r"\b(?:(?:Premier|Governor|Mayor|Chief Minister|First Minister|Lord Mayor) of (?:the )?"
    r"|Member for )$"
)
_OFFICES_OF_A_LEADER = frozenset({"office", "administration", "secretariat"})


def _heads_an_office(of_words: str | None) -> bool:
    """ "President's Office", "Office": what "the Head of …" runs is a leader's office."""
    words = re.findall(r"[\w’']+", of_words or "")
    return bool(words) and words[-1].lower() in _OFFICES_OF_A_LEADER


# The head of a leader's office before a name: "Deputy Head of the Office of the President of
# Ukraine Ihor Zhovkva", "Head of the President's Office Andriy Yermak".
_HEAD_OF_AN_OFFICE = re.compile(
    r"\b(?:(Deputy|Vice|First Deputy)\s+)?Head\s+of\s+(?:the\s+)?"
    r"(?:(?:President|Prime\s+Minister)[’']s\s+Office|(?:Office|Administration)\s+of\s+"
    r"(?:the\s+)?(?:President|Prime\s+Minister)(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]+"
    r"(?:\s+[A-Z][\w\-]+)?)?)\s*,?\s*$"
)
# "Central American", "West African", "South Korean": a region's adjective, no one's name.
_REGION_WORDS = frozenset(
    "central latin south north east west southeast southern northern eastern western".split()
)
_CONTINENT_ADJECTIVES = frozenset("african asian caribbean pacific".split())
_CAPITAL_NEXT = re.compile(r" [A-Z]")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_MINISTRY_BEFORE = re.compile(
    r"\bMinister\s+(?:for|of)\s+(Foreign\s+Affairs|Defen[cs]e)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)?,?\s+$"
)
_COMPOUND_ADJECTIVE = re.compile(r"-(?:loving|born|based|backed|led|owned|leaning|allied)$")
# A post abroad before a name, the country between: "ambassador to Iraq, ", "Envoy to the UN "
_ROLE_POSTED_TO_BEFORE = re.compile(
    r"\b([Aa]mbassador|[Ee]nvoy|[Cc]onsul)\s+to\s+(?:the\s+)?[A-Z][\w\-.]*(?:\s+[A-Z][\w\-.]*){0,2}"
    r",?\s+$"
)
_ARTICLES_CAPITALISED = frozenset({"The", "A", "An"})
_DETERMINER_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|its|this|these)\s")
# A country's possessive right before a name: "Japan’s Shinzo Abe", "South Korea's Moon".
_COUNTRY_OWNS_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)[’']s\s+$")
# Styles written after "His", "Her" or "Your": "His Grace Illarion", "Her Royal Highness".
_STYLES_OF_ADDRESS = frozenset("grace eminence holiness beatitude highness majesty".split())
_POSSESSIVE_BEFORE = re.compile(r"\b(?:His|Her|Your)(?:\s+Royal)?\s+$")
# What may follow the words inside their quotation marks: "Breaking Into Comics,"
_PUNCTUATION_ONLY = re.compile(r"[,.;:!?]")
_PLACE_FIRST_WORDS = frozenset({"santa", "santo", "são", "sao", "saint", "sainte"})
# A title's portfolio after it: "Assistant Secretary for African Affairs", "Minister of State".
_PORTFOLIO_AFTER = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
_TAIL_WORDS = re.compile(r"[\w\-]+")
# "Jean‑Claude": a hyphen may be the non-breaking one (U+2011) or U+2010.
_TOKEN = re.compile(r"[^\W_][\w’'\-\u2010\u2011]*")
# Subject pronouns, and object ones in "cited him as saying".
_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|him(?= as)|her(?= as saying))\b")
# Each role in the cases the news writes it ("the president", "The President", "the PM"),
# longest first; a case-insensitive group would be several times slower.
_ROLE_FORMS = tuple(
    form
    for role in sorted(ROLE_NOUNS, key=len, reverse=True)
    for form in dict.fromkeys(
        (
            role,
            role.title(),
            role.upper(),
            role[:1].upper() + role[1:],
            " ".join(w if w == "of" else w.capitalize() for w in role.split()),  # Head of State
        )
    )
)
_ROLE_ALTERNATION = "|".join(re.escape(form) for form in _ROLE_FORMS)
_ROLE = re.compile(
    r"\b[Tt]he[ \u00a0]+((?:(?:[A-Z][\w.\-’']*|\d+-year-old|former|new|veteran|embattled|outgoing|"
    # as few words before the role as fit: "the Prime Minister" is one, not "Prime" "Minister"
    r"incoming|long-serving|hardline|ageing|aging)[ \u00a0]+){0,3}?)(" + _ROLE_ALTERNATION + r")\b"
    r"(?![\-\w])"
    # "the President of Russia", "the Prime Minister of the United Kingdom"
    r"(?:[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?"
    r"((?:[A-Z][\w\-’']*)(?:[ \u00a0]+(?:of[ \u00a0]+)?[A-Z][\w\-’']*){0,3}))?"
)
_ROLE_BEFORE_NAME = re.compile(
    r"(?:\b[Tt]he\s+)?((?:[A-Z][\w.\-’']*\s+){0,3}?)(" + _ROLE_ALTERNATION + r")\s*,?\s*$"
)
# "President of Ukraine Volodymyr Zelenskyy", "Prime Minister of the United Kingdom Boris
# Johnson": the role, then its country.
_ROLE_OF_COUNTRY_BEFORE_NAME = re.compile(
    r"\b(" + _ROLE_ALTERNATION + r")[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?"
    r"((?:[A-Z][\w\-’']*,?[ \u00a0]+(?:of[ \u00a0]+)?){1,3})$"
)
# " of ", which _ROLE_OF_COUNTRY_BEFORE_NAME needs: looked for before that expression is
# tried at every offset of the window.
_SPACED_OF = re.compile("[ \u00a0]of[ \u00a0]")


def _role_of_country_before(text: str, start: int, end: int) -> re.Match | None:
    """_ROLE_OF_COUNTRY_BEFORE_NAME searched between two offsets of the text."""
    if _SPACED_OF.search(text, start, end) is None:
        return None
    return _ROLE_OF_COUNTRY_BEFORE_NAME.search(text, start, end)


def _ends_with_role(window: str) -> bool:
    """Whether a window ends with a role, then spaces and at most a comma: what
    _ROLE_BEFORE_NAME requires, tested on the last letters before that expression is tried
    at every offset of the window (no role ends with a space or a comma)."""
    tail = window.rstrip()
    if tail.endswith(","):
        tail = tail[:-1].rstrip()
    return tail.endswith(_ROLE_FORMS)


# A verb right after a role: "the Russian President wished", "the Russian leader noted".
_VERB_AFTER = r"\s+(?!(?:of|and|for|at|in|to|as|is|was|has)\b)[a-z]+(?:ed|s)\b"
_VERB_AFTER_ROLE = re.compile(_VERB_AFTER)
_ROLE_AFTER_NAME = re.compile(
    r"^\s*,\s*(?:the|a|an)\s+((?:[\w.\-’']+\s+){0,3}?)(" + _ROLE_ALTERNATION + r")\b"
    # "… to Justin Trudeau, the Russian President wished him …": a role that goes on to a
    # verb is the next clause's subject, not the name's title
    r"(?!" + _VERB_AFTER + ")"
)


# Written out in the cases the news uses (a case-insensitive alternation is much slower).
_POSSESSIVE = re.compile(r"[’']s?$")
# The endings _POSSESSIVE removes (a token holds no newline for its "$" to stop before).
_APOSTROPHE_ENDINGS = ("’", "'", "’s", "'s")


def _case_forms(phrase: str) -> tuple[str, ...]:
    """The cases the news writes a phrase in: as listed, Title Case, UPPER, First-capital."""
    return tuple(
        dict.fromkeys((phrase, phrase.title(), phrase.upper(), phrase[:1].upper() + phrase[1:]))
    )


class _PhraseFinder:
    """Finds listed phrases among an article's words, longest first: a set lookup per word
    instead of one regular expression with hundreds of alternatives (several times faster)."""

    def __init__(self, phrases):
        self.forms = {form for phrase in phrases for form in _case_forms(phrase)}
        self.first_words = {form.split()[0] for form in self.forms}
        self.longest = max((len(phrase.split()) for phrase in phrases), default=1)

    def finditer(self, text: str, tokens: list[tuple[int, int, str]]):
        count = len(tokens)
        first_words = self.first_words
        # The words that may open a phrase, picked in one pass over the article. Only a word
        # ending in an apostrophe or "'s" ("Kremlin's", "Reuters'") can lose a possessive:
        # testing the last letters first spares a substitution per word.
        openers = [
            i
            for i, (_, _, word) in enumerate(tokens)
            if word in first_words
            or word.endswith(_APOSTROPHE_ENDINGS)
            and _POSSESSIVE.sub("", word) in first_words
        ]
        resume = 0  # phrases do not overlap: the word after the last one found
        for i in openers:
            if i < resume:
                continue
            for n in range(min(self.longest, count - i), 0, -1):
                last = i + n - 1
                if any(text[tokens[k][1] : tokens[k + 1][0]] != " " for k in range(i, last)):
                    continue
                start, end = tokens[i][0], tokens[last][1]
                phrase = text[start:end]
                if phrase not in self.forms:
                    # "Kremlin's": the possessive is not part of the name.
                    bare = _POSSESSIVE.sub("", phrase)
                    if bare == phrase or bare not in self.forms:
                        continue
                    end = start + len(bare)
                    phrase = bare
                yield start, end, phrase
                resume = last + 1
                break


# "a senior Kremlin official", "Western diplomats", "two people familiar with the matter".
_UNNAMED_FINDER = _PhraseFinder(UNNAMED_SPEAKERS)
_INSTITUTION_FINDER = _PhraseFinder(INSTITUTIONS)
# Words that may stand before such a noun: "a senior Kremlin official", "two people".
_UNNAMED_DETERMINERS = frozenset(
    "a an one two three some several many other most the these those".split()
)
_UNNAMED_ADJECTIVES = frozenset(
    """senior top junior former local foreign government military security police party
    opposition industry political intelligence health state administration other
    independent regional western european""".split()
)
# ", the former president", ", secretary general of the United Nations", ", 47,"
_APPOSITIVE_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}(?:,|\s+[a-z]+(?:ed|s)\b)"
    r"|,\s+(?:the|a|an|former|then|now|who|\d+,)(?:\b|\s)"
    r"|,\s+(?!and\b|or\b|but\b|as\b)(?:[a-z\-]+\s+){1,3}(?:of|to|for)\b"
)
RANK_ROLES = {
    "gen": "general",
    "general": "general",
    "adm": "admiral",
    "admiral": "admiral",
    "col": "colonel",
    "colonel": "colonel",
    "cmdr": "commander",
    "commander": "commander",
    "secretary": "secretary",
    "ambassador": "ambassador",
    "amb": "ambassador",
    "minister": "minister",
    "spokesman": "spokesman",
    "spokeswoman": "spokeswoman",
    "spokesperson": "spokesperson",
}
_NICKNAME_OPEN = re.compile(" [\u201c\"\u2018']")
_NICKNAME_CLOSE = re.compile("[\u201d\"\u2019'] (?=[A-Z])")
_NICKNAME_GAP = re.compile(" [\u201c\"\u2018'][A-Z][\\w\\-]*[\u201d\"\u2019'] ")
_ASIDE_THEN_VERB = re.compile(r",[^,.;:\n]{1,80},\s+(?:also\s+|has\s+|had\s+)?([a-z]+)")
HEAD_OF_STATE_ROLES = frozenset(
    {"president", "king", "queen", "emir", "sultan", "emperor", "pope", "supreme leader"}
)
_PARTICLE_NAME = re.compile(r"(?:el|al|ad|as|ash|ben|bin|ibn|abu)-[A-Z]")  # "el-Sisi"
_APPOSITIVE_LEAD = re.compile(r",\s+(?:[\w’'\-]+\s+){0,4}$")
_CONTINENTS = frozenset("africa europe asia oceania antarctica arctic americas earth".split()) | {
    "indo pacific",
    "asia pacific",
}
# Words a title-case line capitalises that name no one: "… Woman Leader With 777 Votes".
_FUNCTION_WORDS = frozenset(
    "with for from in on at by of to and or but the a an after before over under as into".split()
)
# Surnames that many people share: alone, they name no leader without a title or the full
# name ("Wong said", "Lee told reporters", "Khan added").
_COMMON_SURNAMES = frozenset(
    """wong lee kim park chen wang li liu zhang yang huang zhao wu zhou sun ma zhu hu lin
    guo he tan ng khan ali ahmed hussain shah singh kumar patel sharma gupta das nguyen tran
    pham le smith johnson williams brown jones miller davis garcia rodriguez martinez
    hernandez lopez gonzalez perez sanchez ramirez torres flores rivera gomez diaz cruz
    morales reyes silva santos oliveira costa pereira ferreira martin bernard dubois moreau
    laurent simon michel muller schmidt schneider fischer weber meyer wagner becker hoffmann
    rossi russo ferrari esposito bianchi romano ivanov petrov sidorov kovalenko shevchenko
    bondarenko kowalski nowak wisniewski yilmaz kaya demir sahin celik mohamed mohammed
    hassan ibrahim abdullah yusuf omar said suzuki tanaka watanabe ito yamamoto nakamura
    kobayashi kato sato takahashi mensah osei okafor adeyemi mwangi otieno kamau""".split()
)
_ATTRIBUTIVE_NOUNS = frozenset(
    """administration government campaign era team family cabinet presidency regime
    doctrine plan policy policies camp supporters allies""".split()
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "qc", "kc", "mp", "phd"})
MARKS_AT_END = "\"'\u201d\u2019\u00bb"
ROYAL_TITLES = frozenset({"pope", "king", "queen", "emperor", "emir", "sultan", "sheikh"})

_DEPARTMENT = re.compile(
    r"\b(?:[A-Z][\w.]*\s+){0,3}(?:Department|Ministry|Office|Secretariat)\s+of\s+(?:the\s+)?"
    r"[A-Z][\w\-]*(?:\s+(?:and\s+)?[A-Z][\w\-]*){0,3}"
)
# What _DEPARTMENT cannot match without, found by a cheap scan: most articles name no
# department, and _DEPARTMENT is tried at every offset.
_DEPARTMENT_WORDS = re.compile(r"(?:Department|Ministry|Office|Secretariat)\s+of\s")
_DOCUMENT = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(official|joint|[A-Z][\w\-]*"
    r"(?:\s+[A-Z][\w\-]*)?)\s+)?("
    + "|".join(re.escape(d) for d in sorted(DOCUMENT_NOUNS, key=len, reverse=True))
    + r")\b"
)


_FEMALE_OCCUPATIONS = frozenset(
    "actress businesswoman chairwoman spokeswoman congresswoman sportswoman".split()
)
_MALE_OCCUPATIONS = frozenset("businessman chairman spokesman congressman sportsman".split())
_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")


@dataclass
class Mention:
    start: int
    end: int
    kind: str
    text: str
    person: int | None = None  # directory index
    unlisted: str | None = None  # a person named in the text but not in the directory
    female: bool | None = None
    possessive: bool = False
    after_preposition: bool = False
    in_quote: bool = False
    role: str | None = None
    qualifiers: frozenset[str] = frozenset()
    label: str | None = None  # institution or document as output in relayed_by
    roles: set[str] = field(default_factory=set)  # roles bound to this person here

    @property
    def is_person(self) -> bool:
        return self.person is not None or self.unlisted is not None

    @property
    def subject_like(self) -> bool:
        return not self.possessive and not self.after_preposition


_SENTENCE_END_IN_TITLE = re.compile(r"(?<=[a-z]{2})[.!?]\s+")
_SENTENCE_OPENERS = frozenset(
    "as when while after before then later but and so if once since meanwhile also".split()
)


def _qualifier_set(words: str) -> frozenset[str]:
    """'North Korean' -> {'north korean'}; 'Kremlin' -> {'russian'}: one place per phrase."""
    kept = []
    # "… the Readiness 2030 Plan. As President von der Leyen": the sentence before is not
    # part of the title, nor is a word that opens a sentence ("As", "When").
    words = _SENTENCE_END_IN_TITLE.split(words)[-1]
    for word in re.findall(r"[\w.\-’']+", words):
        low = re.sub(r"[’']s?$", "", word.lower())
        if word[:1].isupper() and low not in TITLE_WORDS and low != "the":
            if not kept and low in _SENTENCE_OPENERS:
                continue
            kept.append(low)
    if not kept or kept[-1] in _OFFICES_OF_A_LEADER:
        return frozenset()  # "the Deputy Head of the President's Office": no place
    phrase = " ".join(kept)
    if phrase in QUALIFIER_WORDS:
        return frozenset({QUALIFIER_WORDS[phrase]})
    # "Republic of Belarus", "Ukrainian Defense": the longest part that names a country.
    for size in range(len(kept) - 1, 0, -1):
        for i in range(len(kept) - size + 1):
            part = " ".join(kept[i : i + size])
            if part in QUALIFIER_WORDS:
                return frozenset({QUALIFIER_WORDS[part]})
    return frozenset({phrase})


# Every word for a country (countries.py), and the project's own place words first.
QUALIFIER_WORDS = {**COUNTRY_WORDS, **PLACE_QUALIFIERS}


def _role_and_head(role: str) -> set[str]:
    """'Secretary of State' is also 'the secretary'; 'Foreign Minister' 'the minister'."""
    canonical = _canonical_role(role)
    words = canonical.split()
    return {canonical} | {w for w in (words[0], words[-1]) if w in STAFF_ROLES}


# Words before a role that make it another office ("Vice President", "Deputy Prime Minister").
_DEPUTY_WORDS = frozenset({"vice", "deputy"})


def _canonical_role(role: str) -> str:
    role = role.lower()
    return ROLE_SYNONYMS.get(role, role)


_COMPASS_WORDS = frozenset({"north", "south", "east", "west"})
# A pronoun's contraction ("I've said", "That's", "Let's") is no name: its pronoun is kept.
_CONTRACTION = re.compile(r"[’'](?:s|ve|m|d|ll|re)$")
_AGE = re.compile(r"[A-Za-z]+(?:-[a-z]+)?-(?:year|month|week)s?-old")

# A one-word name then "its" within a few words: "Ford said in its", "Coles, in its".
# "Ford said in its filing", "Coles, in its media release": the name is called "it"; not
# "Ihor Zhovkva met with its mayor" (the town's), "spoke to its leaders".
_ITS_AFTER = r"\b,?(?:\s+(?!(?:met|with|to|visited|toured|thanked)\b)[a-z]+){0,3}\s+its(?:elf)?\b"


class ArticleMentions:
    """All mentions in one article, with the article's quotation spans masked out."""

    def __init__(self, text: str, directory: SpeakerDirectory, quote_ranges: list[tuple]):
        self.text = text
        self.directory = directory
        self.quote_ranges = quote_ranges  # sorted (outer_start, outer_end)
        self._quote_starts = [r[0] for r in quote_ranges]
        self._quote_range_set = set(quote_ranges)
        # The short phrases the text puts in quotation marks ("Regulatory Diplomacy", "Breaking
        # Into Comics"): a term or a title, no one's name, even where later written without them.
        self._quoted_terms = {
            normalise_name(text[start + 1 : end - 1].strip(" ,.;:!?"))
            for start, end in quote_ranges
            if end - start < 60
        }
        self.tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        self._token_starts = [t[0] for t in self.tokens]
        self._token_unquoted = [not quoted for quoted in self._quoted_flags(self._token_starts)]
        self.named_in_full: dict[int, list[int]] = {}  # person -> positions
        self.unlisted_surnames: dict[str, str] = {}
        # One-word names read as someone speaking, in the order of the text.
        self._speakers_by_one_name: set[str] = set()
        self.unlisted_first_names: dict[str, str | None] = {}
        self._headline_end: int | None = None
        self._first_names_named: dict[str, list[int]] | None = None
        self._called_it_words: dict[str, bool] = {}
        self._roles_before: dict[tuple[int, str], re.Match | None] = {}
        self._countries_named: dict[str, bool] = {}
        self._word_counts: Counter[str] | None = None
        self.mentions: list[Mention] = []
        self._find_names()
        self._find_roles_pronouns_institutions()
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self.reporter_mentions = [m for m in self.mentions if not m.in_quote]
        self._reporter_starts = [m.start for m in self.reporter_mentions]

    # --- helpers ----------------------------------------------------------------------------

    def _compass_word_as_name(self, start: int, end: int) -> bool:
        """Whether "West" or "North" alone stands where a name would: after a speech verb, or
        as a clause's subject ("West backed away", "West, in an interview,"), not as a place
        ("the West", "to the north", "West Africa" is a run of its own)."""
        before = self.text[max(0, start - 12) : start]
        if before.endswith(("said ", "added ")):
            return True
        previous = before.split()[-1].lower() if before.split() else ""
        if previous in ("the", "far", "wild", "mid") or previous in PREPOSITIONS:
            return False
        after = self.text[end : end + 20]
        return bool(
            re.match(r"(?:,|’s|'s|\s+(?:[a-z]+(?:ed|s)|said|told|wrote|spoke|held)\b)", after)
        )

    def _whole_quotation(self, start: int, end: int) -> bool:
        """Whether the words fill a quotation of their own: the title of a film, a book or an
        event ("the movie “Hotel Rwanda”", "a “Salute to America”", the panel "Breaking
        Into Comics,"), not a person's name."""
        if (start - 1, end + 1) in self._quote_range_set:
            return True
        i = bisect_left(self._quote_starts, start) - 1
        return (
            i >= 0
            and self.quote_ranges[i][0] == start - 1
            and _PUNCTUATION_ONLY.fullmatch(self.text, end, self.quote_ranges[i][1] - 1) is not None
        )

    def in_quote(self, pos: int) -> bool:
        i = bisect_left(self._quote_starts, pos + 1) - 1
        return i >= 0 and self.quote_ranges[i][0] <= pos < self.quote_ranges[i][1]

    def _quoted_flags(self, positions: list[int]) -> list[bool]:
        """in_quote() of each of ascending offsets, in one pass along the quotations."""
        ranges, starts = self.quote_ranges, self._quote_starts
        flags = []
        i = -1  # the last quotation starting at or before the offset, as in in_quote()
        for pos in positions:
            while i + 1 < len(starts) and starts[i + 1] <= pos:
                i += 1
            flags.append(i >= 0 and ranges[i][0] <= pos < ranges[i][1])
        return flags

    def previous_word(self, pos: int) -> str:
        i = bisect_left(self._token_starts, pos) - 1
        if i < 0:
            return ""
        start, end, word = self.tokens[i]
        if "\n" in self.text[end:pos] or self.in_quote(start) != self.in_quote(pos):
            return ""
        return word.lower()

    def _after_preposition(self, pos: int) -> bool:
        """ "Mick Jagger of The Rolling Stones also reacted": the band is no subject; nor
        is the one spoken to ("X told Discover Magazine the skulls suggested …")."""
        word = self._word_before_article(pos)
        return word in PREPOSITIONS or word in ADDRESSED_AFTER

    def _word_before_article(self, pos: int) -> str:
        """The word before `pos`, or before the "the" in front of it."""
        word = self.previous_word(pos)
        if word == "the":
            i = bisect_left(self._token_starts, pos) - 1
            word = self.previous_word(self.tokens[i][0]) if i >= 0 else ""
        return word

    def reporter_tokens(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Words of the reporter's text between two offsets (quotations skipped)."""
        i = bisect_left(self._token_starts, start)
        j = bisect_left(self._token_starts, end, i)
        return list(compress(self.tokens[i:j], self._token_unquoted[i:j]))

    def between(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self._reporter_starts, start)
        found = []
        while i < len(self.reporter_mentions) and self.reporter_mentions[i].start < end:
            if self.reporter_mentions[i].end <= end:
                found.append(self.reporter_mentions[i])
            i += 1
        return found

    def inside(self, start: int, end: int) -> list[Mention]:
        """All mentions (quotations included) starting between two offsets."""
        i = bisect_left(self._mention_starts, start)
        j = bisect_left(self._mention_starts, end)
        return self.mentions[i:j]

    def before(self, pos: int) -> list[Mention]:
        return self.reporter_mentions[: bisect_left(self._reporter_starts, pos)]

    # --- names ------------------------------------------------------------------------------

    def _runs(self):
        """Runs of capitalised words on one line: candidate names with their titles."""
        text = self.text
        run: list[tuple[int, int, str]] = []
        headline_end = self.headline_end
        for token in self.tokens:
            start, end, word = token
            # "Mr. Presi- — “Mr. President.”": a word broken off is no part of a name
            # ("Makoni- Muchemwa", a double name whose hyphen lost its next word, is)
            capital = word[0].isupper() and not (
                word.endswith("-") and not _CAPITAL_NEXT.match(text, end)
            )
            if start < headline_end:
                # A headline in title case: every word is capitalised, so each word is
                # read alone and names only someone the article names (_headline_names).
                if run:
                    yield _trim_particles(run)
                    run = []
                continue
            if run:
                gap = text[run[-1][1] : start]
                previous = run[-1][2].lower()
                if gap != " ":  # most words are one space apart, no nickname between them
                    if (
                        capital
                        and _NICKNAME_OPEN.fullmatch(gap)
                        and _NICKNAME_CLOSE.match(text, end)
                    ):
                        continue  # General Michael “Erik” Kurilla: the nickname is left out
                    if _NICKNAME_GAP.fullmatch(gap):
                        gap = " "
                joined = (
                    gap in (" ", "\u00a0")
                    or (
                        gap in (". ", ".\u00a0")
                        and (
                            previous in HONORIFICS
                            or previous in ABBREVIATED_TITLES
                            or len(previous) == 1
                            or previous in DIGRAPH_INITIALS
                            and text[run[-1][0]].isupper()
                        )
                    )
                    # "H.D. Polumbo": initials written together
                    or gap == "."
                    and len(previous) == 1
                    and len(word) == 1
                    and previous + word.lower() not in _PLACE_INITIALS
                )
                # "Brazil's Lula": a possessive ends the run; the owner is not part of the name.
                if previous.endswith(("’s", "'s")) and capital:
                    yield _trim_particles(run)
                    run = [token]
                    continue
                if joined and (
                    capital
                    or word in PARTICLES
                    or "-" in word
                    and _PARTICLE_NAME.match(word)
                    or word[1:2] in ("’", "'")
                    and word[:1] == "d"
                    and word[2:3].isupper()  # "Chargé d’Affaires", "Jean d’Ormesson"
                ):
                    run.append(token)
                    continue
                yield _trim_particles(run)
                run = []
            if capital:
                run.append(token)
        if run:
            yield _trim_particles(run)

    def _find_names(self) -> None:
        pending_short = []
        compass_surnames = []
        for run in self._runs():
            # "U.S. President": the S of an acronym does not begin a name.
            while run and len(run[0][2]) == 1 and self.text[run[0][0] - 1 : run[0][0]] == ".":
                run = run[1:]
            # Sentence-initial words and function words are not part of names.
            if (
                len(run) == 1
                and run[0][2].lower() in _COMPASS_WORDS
                and self._compass_word_as_name(run[0][0], run[0][1])
            ):
                # "said North", "West backed away": a surname, if the article names someone
                # in full with it.
                compass_surnames.append(run)
            while run and _CONTRACTION.sub("", run[0][2].lower().strip("’'")) in NON_NAME_WORDS:
                run = run[1:]
            # "Maj. Gen. David Mineau Deputy Commander, Ninth Air Force": an office after the
            # name, its comma forgotten, is not part of it.
            while len(run) >= 3 and run[-1][2].lower() in _OFFICE_AFTER_NAME:
                run = run[:-1]
                if run[-1][2].lower() in _OFFICE_QUALIFIERS:
                    run = run[:-1]
            # "Fellow Jamaican Stunner": "fellow" opens no name.
            while run and run[0][2].lower() == "fellow":
                run = run[1:]
            # "the leader of the LRA Joseph Kony", "Trump-loving Kanye West": an
            # organisation's letters or a compound adjective before a full name.
            while (
                len(run) >= 3
                and (
                    _ACRONYM.fullmatch(run[0][2])
                    and not self.directory.initials_match(run[0][2])
                    # not "UC Berkeley School": a university's letters before its own name
                    and not any(normalise_name(t[2]) in ORGANISATION_WORDS for t in run[1:])
                    or _COMPOUND_ADJECTIVE.search(run[0][2])
                )
            ):
                run = run[1:]
            # "Fourteen-year-old Zoe": an age opening the sentence is not part of the name.
            while run and run[0][2].endswith("-old") and _AGE.fullmatch(run[0][2]):
                run = run[1:]
            # "(President of the) United States Joseph Biden", "(Chief Executive of) Hong Kong
            # Carrie Lam": the country or the city is not the name.
            if len(run) >= 3 and _SUBNATIONAL_TITLE_OF.search(
                self.text, max(0, run[0][0] - 30), run[0][0]
            ):
                # "Premier of Victoria John Brumby", "Governor of New South Wales Chris
                # Minns", "Member for Braddon Sid Sidebottom": a state, a province or a seat,
                # in no list of countries, before the name.
                run = run[-2:]
            for size in (3, 2, 1):
                if len(run) <= size:
                    continue  # a name is left after the place, or there is none to strip
                place = normalise_name(self.text[run[0][0] : run[size - 1][1]])
                if place in COUNTRY_WORDS or place in CITIES or place in PLACES:
                    run = run[size:]
                    break
            if run and run[0][2].lower() in _PLACE_FIRST_WORDS:
                run = run[2:]  # "Santa Barbara County Sheriff Bill Brown"
            if not run:
                continue
            last_start, last_end, last_word = run[-1]
            possessive = False
            if last_word.endswith(("’s", "'s", "’", "'")) and len(last_word) > 2:
                stripped = re.sub(r"[’']s?$", "", last_word)
                possessive = stripped != last_word
                run = run[:-1] + [(last_start, last_start + len(stripped), stripped)]
            words = [normalise_name(t[2]) for t in run]
            named_run, named_words = run, words
            while len(named_run) > 2 and (letters := _letters_after(named_words)):
                # "Micheál Martin TD": the letters after a name are not part of it.
                named_run, named_words = named_run[:-letters], named_words[:-letters]
            mention = self._match_full(named_run, named_words)
            if mention is None:
                pending_short.append((run, words, possessive))
                continue
            mention.possessive = possessive
            self._add_name(mention, run)
        # Surnames of people named in full but not in the directory, anywhere in the text.
        for run, words, _ in pending_short:
            k = self._title_split(run, words)
            name_words = words[k:]
            last = len(run) - 1
            while len(name_words) > 2 and (letters := _letters_after(name_words)):
                name_words = name_words[:-letters]  # "Colm Brophy TD" is "Colm Brophy"
                last -= letters
            while len(name_words) > 1 and name_words[-1] in _NAME_SUFFIXES:
                name_words = name_words[:-1]  # "Lloyd J. Austin III" is "Austin"
            if (
                len(name_words) > 1
                and name_words[-1] not in ORGANISATION_WORDS
                and name_words[-1] not in _GROUP_NOUNS
                and not any(w in PLACES or w in INSTITUTIONS or w in ROLE_WORDS for w in name_words)
                and not self._whole_quotation(run[0][0], run[-1][1])
                and " ".join(name_words) not in self._quoted_terms
                # "President Ferdinand R. Marcos Jr.": a leader the directory lists under
                # another name, not a person it lacks (a headline's "Marcos" is the leader)
                and not (
                    k > 0 and self._titled_leader(name_words, self.text[run[0][0] : run[k][0]])
                )
            ):
                full_name = _NICKNAME_GAP.sub(" ", self.text[run[k][0] : run[last][1]])
                self._remember_surname(name_words[-1], full_name)
                double = re.split(r"[\s\-]", name_words[-1])
                if len(double) > 1:
                    # "Gloria Macapagal-Arroyo" is "Arroyo" too: a double surname's last part.
                    self.unlisted_surnames.setdefault(double[-1], full_name)
                if len(name_words) > 2 and name_words[-2] not in PARTICLES:
                    # "Tabaré Ramón Vázquez Rosas" is "Vázquez": a father's surname first.
                    self.unlisted_surnames.setdefault(name_words[-2], full_name)
                if len(name_words) == 2 and _GIVEN_NAME_AFTER_FAMILY.fullmatch(
                    self.text, run[-1][0], run[-1][1]
                ):
                    # "Noh Young-min" is "Noh": a Korean given name after the family name.
                    self.unlisted_surnames.setdefault(name_words[0], full_name)
                if name_words[0] in self.unlisted_first_names:
                    self.unlisted_first_names[name_words[0]] = None  # two of them: no one
                else:
                    self.unlisted_first_names[name_words[0]] = full_name
        self._headline_full_names()
        self._headline_names()
        for run in compass_surnames:
            word = run[0][2].lower()
            if word in self.unlisted_surnames:
                pending_short.append((run, [word], False))
        # Single words need to know who the article names in full, anywhere.
        for run, words, possessive in pending_short:
            mention = self._match_short(run, words)
            if mention is not None:
                mention.possessive = possessive
                self._add_name(mention, run)

    @property
    def headline_end(self) -> int:
        """The end of a title-case headline on the first line, or 0 when there is none."""
        if self._headline_end is None:
            self._headline_end = 0
            first_line = self.text.split("\n", 1)[0]
            # The reporter's words only: a quoted phrase keeps its own case.
            # The tokens are in the order of the text: those of the first line lead.
            first_line_tokens = self.tokens[: bisect_left(self._token_starts, len(first_line))]
            words = [
                w
                for start, _, w in first_line_tokens
                if start < len(first_line) and w[:1].isalpha() and not self.in_quote(start)
            ]
            capitalised = [w for w in words if w[0].isupper()]
            if (
                "\n" in self.text
                and 2 <= len(words) <= 25
                and len(capitalised) >= 0.6 * len(words)
                and not first_line.rstrip().rstrip(MARKS_AT_END).endswith((".", "?", "!", ":"))
            ):
                self._headline_end = len(first_line)
        return self._headline_end

    def _headline_full_names(self) -> None:
        """ "Gordon Brown meets Turkish Cypriot leader" over a body that says only "Mr Brown":
        the headline gives the full name of the person the body calls by surname after an
        honorific (never someone the directory lists)."""
        end = self.headline_end
        if not end:
            return
        tokens = [t for t in self.tokens if t[0] < end]
        for (start, _, first), (second_start, second_end, surname) in itertools.pairwise(tokens):
            key = normalise_name(surname)
            if (
                self.text[start:second_start].count(" ") != 1
                or not first[:1].isupper()
                or not surname[:1].isupper()
                or key in self.unlisted_surnames
                or self.directory.short_match(key)
                or normalise_name(first) in ROLE_WORDS | ORGANISATION_WORDS | TITLE_WORDS
                or normalise_name(first) in PLACES
                or not re.search(
                    HONORIFIC_BEFORE_NAME + re.escape(surname) + r"\b", self.text[end:]
                )
            ):
                continue
            self.unlisted_surnames[key] = self.text[start:second_end]

    def _headline_names(self) -> None:
        """Names in a title-case headline, word by word: a surname or alias of someone the
        body names ("North Korea's Kim Calls …", "Austin Convenes …")."""
        end = self.headline_end
        for start, _stop, word in self.tokens:
            if start >= end:
                break
            if not word[0].isupper() or self.in_quote(start):
                continue
            stripped = re.sub(r"[’']s?$", "", word)
            key = normalise_name(stripped)
            run = [(start, start + len(stripped), stripped)]
            people = [p for p in self.directory.short_keys.get(key, ()) if p in self.named_in_full]
            if len(people) == 1:
                mention = self._person_mention(run, 0, person=people[0])
            elif key in self.unlisted_surnames:
                mention = self._person_mention(run, 0, unlisted=self.unlisted_surnames[key])
            else:
                continue
            mention.possessive = stripped != word
            self._add_name(mention, run)

    def _add_name(self, mention: Mention, run) -> None:
        mention.in_quote = self.in_quote(mention.start)
        mention.after_preposition = self._after_preposition(mention.start)
        # "the Biden administration", "the Trump campaign": a name used as an adjective is
        # nobody speaking; treated like an owner ("Biden's administration").
        following = self.text[mention.end : mention.end + 25].split()
        if following and following[0].strip(",.;:").lower() in _ATTRIBUTIVE_NOUNS:
            mention.possessive = True
        self._bind_roles(mention, run)
        self.mentions.append(mention)

    def _match_full(self, run, words) -> Mention | None:
        directory = self.directory
        n = len(run)
        for i in range(n):
            key = " ".join(words[i:])
            people = directory.full_keys.get(key)
            if not people and n - i > 2:
                people = directory.full_keys.get(f"{words[i]} {words[-1]}")
            if people:
                person = min(people)
                start = run[i][0]
                self.named_in_full.setdefault(person, []).append(start)
                return self._person_mention(run, i, person=person)
        # Spelt otherwise than the directory ("Volodymyr Zelenskiy", "Lee Jae Myung"), or in
        # part ("Akufo-Addo" for "Nana Akufo-Addo").
        k = self._title_split(run, words)
        flat = " ".join(words[k:]).split()
        if len(flat) >= 2:
            people = directory.near_full_match(flat)
            if len(people) == 1:
                person = next(iter(people))
                self.named_in_full.setdefault(person, []).append(run[k][0])
                return self._person_mention(run, k, person=person)
        return None

    def _title_split(self, run, words) -> int:
        """Index of the first word of the name proper, after any titles."""
        k = 0
        if (
            len(words) > 1
            and words[0] in _STYLES_OF_ADDRESS
            and _POSSESSIVE_BEFORE.search(self.text, max(0, run[0][0] - 6), run[0][0])
        ):
            k = 1  # "His Grace Illarion": a style, and "Grace" no first name after "His"
        for i, word in enumerate(words[:-1]):
            if (
                word in TITLE_WORDS
                or all(part in TITLE_WORDS for part in word.split())
                # occupations: "Immunologist Kristian Andersen", "Co-author Jing-Shan Zhao"
                or i == k
                and len(words) - i > 2
                and (
                    word.endswith(("ologist", "ist", "naut"))
                    or word.startswith("co ")
                    or word in OCCUPATIONS  # "Actor Denzel Okafor", "Voter Kitty Ng"
                )
            ):
                k = i + 1  # "Secretary-General" too
            elif word in ORGANISATION_WORDS:
                k = i + 1  # "Office Andriy Yermak", "VOA's Bangla Service Hasina"
        # "Russian President": a nationality before a title goes with the title.
        if (
            k == 0
            and len(words) > 2
            and not _is_portfolio_word(words[-1])  # "… for Overseas Development Aid": no name
            and _PORTFOLIO_BEFORE.search(self.text, max(0, run[0][0] - 70), run[0][0])
        ):
            # "Minister of Digital Transformation Lina Okoro": a portfolio of words the
            # titles do not list; the name is its last two words (initials and "III" aside).
            core = [
                i
                for i, word in enumerate(words)
                if len(word.rstrip(".")) > 1 and word not in _NAME_SUFFIXES
            ]
            if len(core) > 2:
                k = core[-2]
        if (
            0 < k < len(words) - 2
            and _is_portfolio_word(words[k])
            and _PORTFOLIO_BEFORE.search(self.text, max(0, run[0][0] - 70), run[0][0])
        ):
            # "Minister of Foreign Affairs Espen Barth Eide", "Commissioner for Crisis
            # Management Janez Lenarčič": the rest of the portfolio after a title word
            while k < len(words) - 2 and _is_portfolio_word(words[k]):
                k += 1
        if (
            words[k : k + 1] == ["class"]
            and len(words) - k > 2
            and (
                k > 0
                and words[k - 1] in ("first", "second", "third")
                or _ORDINAL_BEFORE.search(self.text, max(0, run[0][0] - 8), run[0][0])
            )
        ):
            k += 1  # "Airman 1st Class Kevin Tagle": the rest of a rank
        return k

    def _match_short(self, run, words) -> Mention | None:
        if all(w in ROLE_WORDS for w in words):
            return None
        if len(words) > 1 and " ".join(words) in self._quoted_terms:
            return None  # "What Regulatory Diplomacy is": the term quoted earlier
        before = self.text[max(0, run[0][0] - 14) : run[0][0]]
        if (
            before.endswith(" ")
            and before.split()[-1:]
            and before.split()[-1] in _THING_BEFORE_NAME
        ):
            return None  # "the official website Uriminzokkiri", "the airline Mahan Air"
        k = self._title_split(run, words)
        name_words = words[k:]
        has_title = k > 0 or words[0] in ROYAL_TITLES
        if (
            len(name_words) == 2
            and name_words[0] in _REGION_WORDS
            and (name_words[1] in COUNTRY_WORDS or name_words[1] in _CONTINENT_ADJECTIVES)
        ):
            return None  # "three Central American countries", "West African leaders"
        if (
            len(name_words) == 1
            and k > 0
            and words[k - 1] in ORGANISATION_WORDS
            and not (
                # "Secretary of State Nuland", after "Victoria Nuland": a portfolio
                name_words[0] in self.unlisted_surnames
                and _PORTFOLIO_BEFORE.search(self.text, max(0, run[0][0] - 70), run[0][0])
            )
        ):
            return None  # "Task Force Forager", "Operation Flintlock": a unit's name
        if len(name_words) == 1:
            word = name_words[0]
            if len(word) == 1:
                return None  # "D.C.", an initial alone
            if _PLACE_OF_ORIGIN.match(self.text, run[-1][1]):
                return None  # "The 10-year Langley native added": a place
            if word.endswith("ing") and _DETERMINER_AFTER.match(self.text, run[-1][1]):
                return None  # "Opening the State of the Union debate, …": a participle
            written = run[k][2]
            if written.isupper() and not self.directory.initials_match(written):
                return None  # "NBC", "SDF": an organisation's letters, not a person
            if word in ORGANISATION_WORDS or word.rstrip("s") in COUNTRY_WORDS:
                return None  # "Congress", "(Mutual Defense) Treaty", "Americans": nobody
            if _NOT_A_SURNAME.search(word) or _FOR_SOMEONE_AFTER.match(self.text, run[-1][1]):
                # "the School for Communication and Journalism, said …", "Dinah Ellis,
                # National Manager, Cymraeg for Kids added": a field, a programme
                return None
            if word.endswith("s") and word[:-1] in DOCUMENT_NOUNS:
                return None  # "Reports said both were …": news, not a person
            if word in _FUNCTION_WORDS or re.search(r"-[a-z]", run[k][2]):
                return None  # "… Leader With 777 Votes", "English-language": no one
            if word in _CONTINENTS or word.endswith("s") and word[:-1] in TITLE_WORDS:
                return None  # "South Africa", "low Earth orbit", "Vice Presidents": nobody
            if word in self.unlisted_surnames and not self._named_in_full(word):
                # "House Speaker Mike Johnson … Johnson said": not the directory's Johnson.
                return self._person_mention(run, k, unlisted=self.unlisted_surnames[word])
            if word in NEWSPAPER_WORDS and not any(w in HONORIFICS for w in words[:k]):
                return None  # "The Guardian cited …", "the Saudi Gazette": a newspaper
            person = self._directory_word(word, run[k][2], run[k][0])
            if person is None and has_title:
                # "President Lee": of the leaders called Lee, the one the title fits.
                person = self._titled_leader([word], self.text[run[0][0] : run[k][0]])
                if person is not None:
                    self.named_in_full.setdefault(person, []).append(run[k][0])
            if person is not None:
                return self._person_mention(run, k, person=person)
            if word in self.unlisted_surnames:
                return self._person_mention(run, k, unlisted=self.unlisted_surnames[word])
            close = self._close_unlisted_surname(word)
            if close is not None:
                # "Kufor", after "John Kufuor": the article's own misspelling.
                return self._person_mention(run, k, unlisted=close)
            leader = self._first_name_of_named(word)
            if leader is not None:
                # "Prabowo said", after "Prabowo Subianto": the leader named in full.
                return self._person_mention(run, k, person=leader)
            if self.unlisted_first_names.get(word):
                # "Lloyd told Marcos", after "Lloyd J. Austin" was named in full.
                return self._person_mention(run, k, unlisted=self.unlisted_first_names[word])
            if has_title and word not in PLACES and word not in INSTITUTIONS:
                return self._person_mention(run, k, unlisted=run[k][2])
            if word in PLACES or word in INSTITUTIONS or word in TITLE_WORDS:
                return None
            if _PORTFOLIO_AND.search(self.text, max(0, run[k][0] - 40), run[k][0]):
                return None  # "Minister of State for Overseas Aid and Diaspora, added"
            if (
                word not in COUNTRY_WORDS
                and word.rstrip("s") not in COUNTRY_WORDS  # "Americans said"
                and self._speaks_or_is_described(run[k][0], run[-1][1])
            ):
                # "Pompeo called the election …": someone speaking, who can be "he" later.
                if self._called_it(run[k][2]):
                    return None  # "Coles, in its media release, said": a company
                if not self.text[max(0, run[k][0] - 4) : run[k][0]].lower().endswith("the "):
                    self._speakers_by_one_name.add(run[k][2])  # not "The Atlantic claimed"
                return self._person_mention(run, k, unlisted=run[k][2])
            if run[k][2] in self._speakers_by_one_name:
                # "Bush told Marines …" earlier: "…, Bush pointed out" is the same person.
                return self._person_mention(run, k, unlisted=run[k][2])
            return self._person_mention(run, k, unlisted=run[k][2], kind=BARE)
        if not name_words:
            return None
        if name_words[-1] in TITLE_WORDS and (
            _PORTFOLIO_AFTER.match(self.text, run[-1][1])
            or _RANK_AFTER.match(self.text, run[-1][1])
        ):
            # "Assistant Secretary for African Affairs …", "Aircraft Commander 1st Lt. Jo Ng":
            # a title, not a name
            return None
        if name_words[-1] in _GROUP_NOUNS or _PLACE_OF_ORIGIN.match(self.text, run[-1][1]):
            return None  # "Langley Airmen", "a Langley native": people of a place, a place
        places = [w in PLACES or w in INSTITUTIONS for w in name_words]
        if any(places) and not (
            # "Actor Denzel Washington": after a title or an occupation, a place as the
            # last word is a surname (not after "University College London").
            k > 0
            and len(name_words) > 1
            and not any(places[:-1])
            and words[k - 1] not in ORGANISATION_WORDS
            and not any(w in ORGANISATION_WORDS for w in name_words)
        ):
            return None
        joined = " ".join(name_words)
        if joined in COUNTRY_WORDS or joined in CITIES or joined in _CONTINENTS:
            return None  # "Buenos Aires", "New Zealand", "New York", "the Indo-Pacific"
        if name_words[-1] in ORGANISATION_WORDS:
            return None  # "Ukraine Defense Contact Group", "Foreign Affairs Committee"
        if name_words[0] in _BROADCAST_WORDS:
            return None  # "the BBC’s Radio Solent, the Prime Minister said": a station
        full_name = _NICKNAME_GAP.sub(" ", self.text[run[k][0] : run[-1][1]])
        while len(name_words) > 2 and (letters := _letters_after(name_words)):
            # "Kama Melly QC", "Eluned Morgan AM", "Simon Coveney T.D.": a rank or a seat
            # after the name is not part of it
            name_words = name_words[:-letters]
            full_name = _NICKNAME_GAP.sub(
                " ", self.text[run[k][0] : run[k + len(name_words) - 1][1]]
            )
        known = self.unlisted_surnames.get(name_words[-1])
        if known and normalise_name(known).endswith(" ".join(name_words)):
            full_name = known  # "Mayor de Blasio", after "Bill de Blasio"
        role_before = self._role_before(run[0][0]) or _role_of_country_before(
            self.text, max(0, run[0][0] - 70), run[0][0]
        )
        if has_title or role_before:
            title = self.text[run[0][0] : run[k][0]] + (role_before.group() if role_before else "")
            # "President Ricardo Maduro of Honduras": the country after the name is the
            # office's too.
            country_after = _COUNTRY_AFTER_NAME.match(self.text, run[-1][1])
            if country_after:
                title += " of " + country_after.group(1)
            person = self._titled_leader(name_words, title)
            if person is not None:
                self.named_in_full.setdefault(person, []).append(run[k][0])
                return self._person_mention(run, k, person=person)
            self.unlisted_surnames.setdefault(name_words[-1], full_name)
            return self._person_mention(run, k, unlisted=full_name)
        if self._speaks_or_is_described(run[0][0], run[-1][1]):
            if self._called_it(self.text[run[k][0] : run[-1][1]]):
                return None  # "Liberal Democrats describes itself as …": a party
            # "Mahamane Ousmane, former president of Niger, agreed …": a person, who can be
            # the "he" of the next sentence.
            return self._person_mention(run, k, unlisted=full_name)
        return self._person_mention(run, k, unlisted=full_name, kind=BARE)

    def _called_it(self, word: str) -> bool:
        """Whether the article calls a one-word name "it" ("Ford said in its filing",
        "Coles, in its media release"): a company or an outlet, not a person."""
        known = self._called_it_words.get(word)
        if known is None:
            # Tried where the word stands only (the expression, opening with "\b", would be
            # tried at every offset of the article).
            pattern = re.compile(r"\b" + re.escape(word) + _ITS_AFTER)
            known = False
            at = self.text.find(word)
            while at != -1 and not known:
                known = pattern.match(self.text, at) is not None
                at = self.text.find(word, at + 1)
            self._called_it_words[word] = known
        return known

    def _speaks_or_is_described(self, start: int, end: int) -> bool:
        """A name followed by an appositive or a speech verb, or preceded by a speech verb."""
        word = self.text[start:end]
        if " " not in word and (word.lower().endswith(("ly", "wards")) or word.isupper()):
            return False  # "Afterwards, …": an adverb; "NBC", "SDF": an organisation
        if self._word_before_article(start) in PREPOSITIONS:
            # "Ross Spano of Florida calling …", "on his tour of the Gulf, the PM said":
            # a place
            return False
        after = self.text[end : end + 30]
        if _APPOSITIVE_AFTER.match(after):
            return True
        # "Abdullah Abdullah, Ghani's partner in the government, stressed …"
        aside = _ASIDE_THEN_VERB.match(self.text, end, end + 120)
        if aside and aside.group(1).lower() in SPEECH_VERBS:
            return True
        following = _TAIL_WORDS.findall(after.lower())[:2]
        if following and (following[0] in SPEECH_VERBS or following[-1] in SPEECH_VERBS):
            return True
        # "Michael Bloomberg endorsed …", "Bernie Sanders shared …": a full name as the
        # subject of a verb is someone the next "he" may stand for.
        if " " in word.strip() and re.match(r"\s+(?:[a-z]+ed|has|had|was|is|will)\b", after):
            return True
        return self.previous_word(start) in SPEECH_VERBS

    def _titled_leader(self, name_words: list[str], title: str) -> int | None:
        """A leader the directory lists under another name ("Bongbong Marcos"), named here
        in full with their office ("President Ferdinand R. Marcos Jr."): same surname, and
        the title fits the leader's office and country. Only when one leader fits."""
        while len(name_words) > 1 and name_words[-1] in _NAME_SUFFIXES:
            name_words = name_words[:-1]
        roles = office_roles(title)
        if not roles:
            return None
        qualifiers = _qualifier_set(title)
        people = self.directory.short_keys.get(name_words[-1]) or set()
        fitting = [
            p
            for p in people
            if roles & self.directory.people[p].roles
            and (not qualifiers or self.directory.people[p].qualifier in qualifiers)
        ]
        return fitting[0] if len(fitting) == 1 else None

    def _role_before(self, pos: int, prefix: str = ""):
        """The role written just before a name ("Kremlin spokesman Dmitry Peskov"), if any."""
        # Asked again for the same name (matching it, then binding its roles): kept.
        if (pos, prefix) not in self._roles_before:
            self._roles_before[pos, prefix] = self._find_role_before(pos, prefix)
        return self._roles_before[pos, prefix]

    def _find_role_before(self, pos: int, prefix: str):
        window = self.text[max(0, pos - 45) : pos] + prefix
        words = _TAIL_WORDS.findall(window[-40:].lower())
        if not words or not any(w in ROLE_WORDS for w in words[-4:]):
            return None
        if not _ends_with_role(window):
            return None
        return _ROLE_BEFORE_NAME.search(window)

    def _remember_surname(self, surname: str, full_name: str) -> None:
        """The fullest form the article gives ("Bill de Blasio" over "Mayor de Blasio")."""
        known = self.unlisted_surnames.get(surname)
        if known is None or (
            len(full_name.split()) > len(known.split())
            and normalise_name(full_name).endswith(normalise_name(known))
        ):
            self.unlisted_surnames[surname] = full_name

    def _close_unlisted_surname(self, word: str) -> str | None:
        """The one person the directory lacks, named in full before, whose surname this
        word misspells ("Kufor", "Ms Bauchtman" after "Lydia Buchtmann"): one letter in five
        may differ, never the first; a word of four letters only by a letter left out
        ("Mede" after "Lambert Mende"). Leaders are never found this way."""
        if len(word) < 4 or not self.unlisted_surnames:
            return None
        if self._written_again(word):
            return None  # "Mr Brown" three times is Brown, not a misspelt "Des Browne"
        # A four-letter word with one letter changed scores 75, one left out of five 89.
        cutoff = 80 if len(word) >= 5 else 88
        close = {
            self.unlisted_surnames[surname]
            for surname, _, _ in process.extract(
                word, list(self.unlisted_surnames), scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            )
            if surname[:1] == word[:1]
        }
        return close.pop() if len(close) == 1 else None

    def _written_again(self, word: str) -> bool:
        """Whether a capitalised word stands more than once in the text: a misspelling is
        made once."""
        if self._word_counts is None:
            # Counted once per article: the words in lower case, possessives cut.
            self._word_counts = Counter(
                _POSSESSIVE.sub("", token).lower()
                if token.endswith(_APOSTROPHE_ENDINGS)
                else token.lower()
                for _, _, token in self.tokens
                if token[0].isupper()
            )
        return self._word_counts[word] > 1

    def _first_name_of_named(self, word: str) -> int | None:
        """The one leader named in full in the article whose first name this is."""
        if word in FEMALE_FIRST_NAMES or len(word) < 4:
            return None
        if self._first_names_named is None:
            # Read once names in full are all known (single words come after them).
            self._first_names_named = {}
            for p in self.named_in_full:
                first = normalise_name(self.directory.name_of(p)).split()[0]
                self._first_names_named.setdefault(first, []).append(p)
        people = self._first_names_named.get(word, [])
        return people[0] if len(people) == 1 else None

    def _named_in_full(self, word: str) -> bool:
        """Whether a directory person this word names was named in full in the article."""
        return any(p in self.named_in_full for p in self.directory.short_keys.get(word, ()))

    def _directory_word(self, word: str, written: str, pos: int) -> int | None:
        """The leader a single word names: surname or alias, else a looser key (directory.py)."""
        directory = self.directory
        person = self._resolve_short(directory.short_keys.get(word, set()), pos)
        if person is not None or word in directory.short_keys:
            return person
        if word in PLACES or word in INSTITUTIONS or word in ROLE_WORDS:
            return None
        if written.isupper() and 3 <= len(written) <= 5:
            return self._resolve_short(directory.initials_match(written), pos)
        person = self._resolve_short(directory.near_short_match(word), pos)
        if person is not None and sound_key(word) not in directory.sound_keys:
            # A close spelling alone ("Holiness" ~ "Holness") is too weak: only for a
            # leader the article names in full.
            if person not in self.named_in_full:
                person = None
        if (
            person is not None
            and person not in self.named_in_full
            and not self._context_fits(person, pos)
            and self._other_country_named_in_full(person)
            and not self._country_named(person)
        ):
            # A surname spelt like a leader's but not as the directory spells it ("Milley"
            # ~ "Milei"), in an article that names another country's leader in full and
            # never the leader's own country: "Milley" beside "President Joe Biden" is not
            # Argentina's president ("Zelenskiy said" alone, or beside "Ukraine", is still
            # Zelenskyy).
            person = None
        if person is None:
            person = self._resolve_short(directory.middle_match(word), pos)
            # A middle name ("Lula") only where the article says who: the leader named in
            # full, or a title or country before it that fits ("Brazil's Lula", "President
            # Lula"); "President Obama" is not Equatorial Guinea's Francisco Pascual Obama
            # Asue. An editor's correction teaches the directory the rest.
            if person is not None and not self._context_fits(person, pos):
                person = None
        return person

    def _other_country_named_in_full(self, person: int) -> bool:
        country = self.directory.people[person].country
        return any(self.directory.people[p].country != country for p in self.named_in_full)

    def _country_named(self, person: int) -> bool:
        """Whether the article names the leader's country (its name, people, capital …)."""
        qualifier = self.directory.people[person].qualifier
        if not qualifier:
            return False
        if qualifier not in self._countries_named:
            low = self.text.lower()
            self._countries_named[qualifier] = any(
                word in low and re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", low)
                for word, country in COUNTRY_WORDS.items()
                if country == qualifier
            )
        return self._countries_named[qualifier]

    def _context_fits(self, person: int, pos: int) -> bool:
        if person in self.named_in_full:
            return True
        before = self.text[max(0, pos - 40) : pos]
        leader = self.directory.people[person]
        roles = office_roles(before)
        if roles and roles & leader.roles:
            return True
        qualifiers = _qualifier_set(before.split(".")[-1])
        return bool(leader.qualifier and leader.qualifier in qualifiers)

    def _resolve_short(self, people: set[int], pos: int) -> int | None:
        if not people:
            return None
        named = [p for p in people if p in self.named_in_full]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            # Several namesakes named in full: the one named most recently before here.
            def last_before(p):
                before = [q for q in self.named_in_full[p] if q <= pos]
                return max(before) if before else -1

            return max(named, key=last_before)
        if len(people) == 1:
            person = next(iter(people))
            # A surname alone, for a leader the article never names in full: only where
            # a title or a country before it says so ("President Putin", "Russia's Putin"),
            # or where the name is a leader's by itself ("Zelensky", "Lula" as aliases).
            # "A university student named Wong" is not Singapore's Lawrence Wong.
            if self._context_fits(person, pos) or self._famous_alone(person, pos):
                return person
            return None
        return None

    def _famous_alone(self, person: int, pos: int) -> bool:
        """The word is one of the leader's own aliases, or it is the surname of a leader whose
        surname the news uses alone, and nothing marks the word as someone ordinary."""
        word = normalise_name(self.text[pos : pos + 40].split()[0].strip(".,;:’'\"”"))
        leader = self.directory.people[person]
        if any(normalise_name(alias) == word for alias in leader.aliases):
            return True
        before = self.text[max(0, pos - 20) : pos].lower().split()
        if before and before[-1] in ("named", "called", "surnamed"):
            return False
        return word not in _COMMON_SURNAMES

    def _person_mention(self, run, i, person=None, unlisted=None, kind=NAME) -> Mention:
        start, end = run[i][0], run[-1][1]
        prefix = [t[2].lower() for t in run[:i]]
        female = None
        if person is not None and self.directory.people[person].female:
            female = True
        before = _WORD_BEFORE.search(self.text, max(0, run[0][0] - 14), run[0][0])
        if before and before.group(1) in _FEMALE_OCCUPATIONS:
            prefix = [*prefix, before.group(1)]  # "Environment Canada spokeswoman Sujata …"
        elif before and before.group(1) in _MALE_OCCUPATIONS:
            prefix = [*prefix, before.group(1)]
        if any(p in FEMALE_HONORIFICS or p in _FEMALE_OCCUPATIONS for p in prefix):
            female = True  # "Actress Denise Crosby" is "she"
        elif any(p in MALE_HONORIFICS or p in _MALE_OCCUPATIONS for p in prefix):
            female = False
        elif unlisted and unlisted.split()[0].lower() in FEMALE_FIRST_NAMES:
            female = True
        return Mention(
            start, end, kind, self.text[start:end], person=person, unlisted=unlisted, female=female
        )

    def _bind_roles(self, mention: Mention, run) -> None:
        """Remember the roles the text gives this person: 'Russian President Vladimir Putin'."""
        if not mention.is_person or mention.kind == BARE:
            return
        text = self.text
        roles, qualifiers = set(), set()
        prefix_text = text[run[0][0] : mention.start]
        # "archbishop Monsenor Jorge Scheinig": the role may stand before the run's titles.
        found = self._role_before(run[0][0], prefix_text) or self._role_before(run[0][0])
        window = text[max(0, run[0][0] - 90) : mention.start]
        # Each expression below is tried only where the words it needs stand: most names
        # have none of these titles before them.
        office_head = "Head" in window and _HEAD_OF_AN_OFFICE.search(window)
        if office_head:
            # The head of the president's office, not the president nor "the head", a leader;
            # "the Deputy Head of the President's Office" later is him.
            deputy = office_head.group(1)
            roles.add(f"{deputy.lower()} head of office" if deputy else "head of office")
        # "security chief Sergei Shoigu": a compound role, not the bare role "chief".
        if found and not found.group(1) and not office_head:
            # Only a word right before it: "(local time), Prime Minister Shinzo Abe" is no
            # compound.
            word_before = re.search(r"(\w+)[ \u00a0]+$", found.string[: found.start(2)])
            if (
                word_before
                and word_before.group(1).islower()
                and word_before.group(1) not in ("the", "a", "an")
                and word_before.group(1) not in SPEECH_VERBS  # "said President Joe Biden"
                and word_before.group(1) not in PREPOSITIONS  # "by archbishop Scheinig"
            ):
                # "trade and industry commissioner Albert Muchanga … The commissioner said":
                # the compound's head is still a title, unless it is a leader's.
                head = _canonical_role(found.group(2))
                if head not in LEADER_ROLES:
                    roles.add(head)
                found = None
        if office_head:
            pass  # no country's title to read before the name
        elif found:
            role, prefix_words = found.group(2), found.group(1).split()
            if prefix_words and prefix_words[-1].lower() in _DEPUTY_WORDS:
                # "Vice President Kamala Harris" is not "the president"; "Deputy Prime
                # Minister X" not "the prime minister".
                role = prefix_words[-1].lower() + " " + role.lower()
            roles |= _role_and_head(role)
            qualifiers |= _qualifier_set(found.group(1))
        else:
            window_start = max(0, run[0][0] - 70)
            window = self.text[window_start : run[0][0]] + prefix_text
            of_country = _role_of_country_before(window, 0, len(window))
            if of_country and any(
                m.kind == NAME and window_start + of_country.start(2) <= m.start < run[0][0]
                for m in self.mentions
            ):
                # "Prime Minister of Portugal António Costa, Ihor Zhovkva expressed": the
                # title is the name's before this one.
                of_country = None
            if of_country:
                roles |= _role_and_head(of_country.group(1))
                qualifiers |= _qualifier_set(of_country.group(2))
        portfolio = "Minister " in window and _MINISTRY_BEFORE.search(
            text, max(0, run[0][0] - 70), run[0][0]
        )
        if portfolio:
            # "The Minister for Foreign Affairs of Ukraine Dmytro Kuleba … the Foreign
            # Minister said"
            field = "foreign" if portfolio.group(1).startswith("Foreign") else "defence"
            roles |= {f"{field} minister", "minister"}
        posted = (
            not roles
            and " to " in window
            and _ROLE_POSTED_TO_BEFORE.search(text, max(0, run[0][0] - 60), run[0][0])
        )
        if posted:
            # "The U.S. ambassador to Iraq, Zalmay Khalilzad, … The ambassador said:"
            roles |= _role_and_head(posted.group(1))
        owner = text[max(0, run[0][0] - 3) : run[0][0]] in ("’s ", "'s ") and (
            _COUNTRY_OWNS_NAME.search(text, max(0, run[0][0] - 40), run[0][0])
        )
        if owner and owner.group(1).lower() in COUNTRY_WORDS:
            # "Japan's Shinzo Abe … said the Japanese leader": the country is his
            qualifiers |= _qualifier_set(owner.group(1))
        after = _ROLE_AFTER_NAME.match(text[mention.end : mention.end + 70])
        if after:
            roles |= _role_and_head(after.group(2))
            qualifiers |= _qualifier_set(after.group(1))
        if mention.person is not None:
            canonical = normalise_name(self.directory.name_of(mention.person)).split()
            roles |= ROYAL_TITLES & set(canonical)
        first_word = normalise_name(mention.text).split()[:1]
        roles |= ROYAL_TITLES & set(first_word)
        # Ranks and staff titles in the run ("Maj. Gen. Pat Ryder" is "the general").
        for word in normalise_name(prefix_text).split():
            if word in RANK_ROLES:
                roles.add(RANK_ROLES[word])
        mention.roles = roles
        mention.qualifiers = frozenset(qualifiers)

    # --- roles, pronouns, institutions --------------------------------------------------------

    def _find_roles_pronouns_institutions(self) -> None:
        text = self.text
        name_starts = {m.start for m in self.mentions}
        name_ends = {m.end for m in self.mentions if m.kind == NAME and m.is_person}
        for match in _ROLE.finditer(text):
            role = _canonical_role(match.group(2))
            noun = match.group(2).lower()
            if noun == "head" and _heads_an_office(match.group(3)):
                # "the Head of the President's Office" runs the office; no leader
                role = noun = "head of office"
            prefix_words = match.group(1).lower().split()
            if prefix_words and prefix_words[-1] in _DEPUTY_WORDS:
                # "the Deputy Head of the President's Office" is not "the head", a leader;
                # as with a title before a name ("Deputy Prime Minister X").
                role = prefix_words[-1] + " " + noun
            qualifiers = _qualifier_set(match.group(1)) | _qualifier_set(match.group(3) or "")
            # "the Russian president, Vladimir Putin," is the name's title, not a reference.
            after = text[match.end() : match.end() + 3].lstrip(", ")
            if after[:1].isupper() and any(match.end() + k in name_starts for k in range(4)):
                continue
            if match.group(3) and any(
                match.start(3) < start < match.end() for start in name_starts
            ):
                continue  # "the President of Ukraine Ihor Zhovkva": the country, then a name
            # "Antonio Monteiro, the former president of Cape Verde, told …": the role is
            # the name's appositive, not a second subject.
            if (
                text[max(0, match.start() - 2) : match.start()] == ", "
                and (match.start() - 2) in name_ends
                # "… to Cyril Ramaphosa, the Russian leader noted": a subject of its own
                and not _VERB_AFTER_ROLE.match(text, match.end())
            ):
                continue
            mention = Mention(
                match.start(), match.end(), ROLE, match.group(), role=role, qualifiers=qualifiers
            )
            # "the prime minister's office": an owner, as a name before "'s" is.
            mention.possessive = text.startswith(("'s ", "’s "), match.end())
            self._add_other(mention)
        role_spans = [(m.start, m.end) for m in self.mentions if m.kind == ROLE]
        full_names = {
            m.start: m
            for m in self.mentions
            if m.kind in (BARE, NAME) and m.is_person and " " in m.text.strip()
        }
        # "Maria Lopez, a spokeswoman, told …": the appositive is the named person's role.
        for noun_start, end, noun in _UNNAMED_FINDER.finditer(text, self.tokens):
            named = full_names.get(end + 1) if text[end : end + 1] == " " else None
            if named is not None and noun.islower() and (noun[-1] != "s" or noun.endswith("ss")):
                # "student protester Mara Quint", "council member Ida Fenwick": an
                # occupation written before a full name says who the person is.
                if named.kind == BARE:
                    self.mentions[self.mentions.index(named)] = replace(named, kind=NAME)
                continue
            start = self._unnamed_lead(noun_start)
            if noun[0].isupper() and text[:noun_start].rstrip()[-1:] not in (
                "",
                ".",
                "!",
                "?",
                "\n",
            ):
                # "Defense Minister Oleksii Reznikov", "the acting Prime Minister of Iraq": a
                # capitalised noun inside a sentence is a title; "Analysts said" opens one.
                continue
            if any(s < end and start < e for s, e in role_spans):
                continue  # "the spokesman" bound to a person stays a role
            aside = _APPOSITIVE_LEAD.search(text, max(0, start - 50), start)
            if aside and aside.start() in name_ends:
                continue  # "Satyendra Jain, the city's home minister, said": his title
            self._add_other(Mention(start, end, UNNAMED, noun))
        for match in _PRONOUN.finditer(text):
            female = match.group(1).lower() in ("she", "her")
            self._add_other(
                Mention(match.start(), match.end(), PRONOUN, match.group(), female=female)
            )
        institution_spans = []
        departments = _DEPARTMENT.finditer(text) if _DEPARTMENT_WORDS.search(text) else ()
        for match in departments:
            # "the United States Department of Defense", "Ministry of Foreign Affairs"
            institution_spans.append((match.start(), match.end()))
            self._add_other(
                Mention(match.start(), match.end(), INSTITUTION, match.group(), label=match.group())
            )
        for start, end, word in _INSTITUTION_FINDER.finditer(text, self.tokens):
            if word.islower() and word.lower() in ("government", "ministry", "presidency"):
                # Lower-case common nouns count only with "the": "the government said".
                # "the U.S. government", "the Russian presidency" too.
                if "the" not in self.text[max(0, start - 20) : start].lower().split():
                    continue
            label = INSTITUTIONS[word.lower()]
            institution_spans.append((start, end))
            self._add_other(Mention(start, end, INSTITUTION, word, label=label))
        document_spans = []
        for match in _DOCUMENT.finditer(text):
            qualifier = match.group(1) or ""
            label = INSTITUTIONS.get(qualifier.lower())
            mention = Mention(
                match.start(),
                match.end(),
                DOCUMENT,
                match.group(),
                role=match.group(2).lower(),
                qualifiers=_qualifier_set(qualifier),
                label=label,
            )
            document_spans.append((match.start(), match.end()))
            self._add_other(mention)
        # "a Kremlin statement": the institution inside is part of the document.
        in_documents = _covering(document_spans)
        if document_spans:
            self.mentions = [
                m for m in self.mentions if not (m.kind == INSTITUTION and in_documents(m.start))
            ]
        # "Analysts said", "Kremlin officials", "the Kenyan leader": no one's name.
        in_unnamed = _covering(
            [(m.start, m.end) for m in self.mentions if m.kind in (UNNAMED, ROLE)]
        )
        self.mentions = [
            m
            for m in self.mentions
            if not (
                (m.kind in (BARE, NAME) and m.person is None or m.kind == INSTITUTION)
                and in_unnamed(m.start)
            )
        ]
        # Capitalised institutions caught as bare names ("Kremlin said") are institutions.
        in_institutions = _covering(institution_spans)
        self.mentions = [
            m
            for m in self.mentions
            if not (m.kind in (BARE, NAME) and m.person is None and in_institutions(m.start))
        ]

    def _unnamed_lead(self, start: int) -> int:
        """Where "a senior Kremlin official" begins, given where "official" does."""
        i = bisect_left(self._token_starts, start) - 1
        for _ in range(3):
            if i < 0 or self.text[self.tokens[i][1] : start].strip():
                break  # "Aquilino, commander of …": a comma ends the lead
            word = self.tokens[i][2]
            low = word.lower()
            if low in _UNNAMED_DETERMINERS:
                return self.tokens[i][0]
            if low in _UNNAMED_ADJECTIVES or word[0].isupper():
                start = self.tokens[i][0]
                i -= 1
                continue
            break
        return start

    def _add_other(self, mention: Mention) -> None:
        mention.in_quote = self.in_quote(mention.start)
        # "an official at the presidential office was quoted": the office is where she works.
        mention.after_preposition = self._word_before_article(mention.start) in PREPOSITIONS
        self.mentions.append(mention)


def _covering(spans: list[tuple[int, int]]):
    """A test of whether an offset stands inside any of the spans (start inclusive)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [m[0] for m in merged]

    def covers(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]

    return covers


def _trim_particles(run):
    # "Speech The people of Belarus …": an article ends no name
    while run and (run[-1][2] in PARTICLES or run[-1][2] in _ARTICLES_CAPITALISED):
        run = run[:-1]
    while run and run[0][2] in PARTICLES:
        run = run[1:]
    return run


def role_matches(
    mention: Mention, candidate: Mention, directory: SpeakerDirectory | None = None
) -> bool:
    """Whether a role reference ("the Russian president") fits a named person.

    The person's roles are those the article gave them ("Russian President Vladimir
    Putin") and, for a directory leader, the roles of their offices and their country.
    """
    roles, qualifiers = candidate.roles, candidate.qualifiers
    if directory is not None and candidate.person is not None:
        person = directory.people[candidate.person]
        roles = roles | person.roles
        if person.qualifier:
            qualifiers = qualifiers | {person.qualifier}
    role = mention.role or ""
    if role == "head of state":
        # A president or a monarch, never a prime minister.
        if not roles & HEAD_OF_STATE_ROLES:
            return False
        return not mention.qualifiers or bool(mention.qualifiers & qualifiers)
    if role in GENERIC_ROLES:
        if mention.qualifiers:
            return bool(mention.qualifiers & qualifiers)
        return candidate.person is not None
    if role not in roles:
        return False
    if mention.qualifiers:
        return bool(mention.qualifiers & qualifiers)
    return True


def is_staff_role(mention: Mention) -> bool:
    return (mention.role or "") in STAFF_ROLES
