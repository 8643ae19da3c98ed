"""Attribution: who said each quotation, who relayed it, what kind it is, how sure we are.

For each quotation the reporter's words around it are read in this order, and the first
that names a speaker wins:

1. the interrupting attribution ("We will win," Zelensky said, "no matter what.");
2. the words right after the closing mark ("…," said Xi. / "…," the PM told reporters.);
3. the sentence before the opening mark, at its last speech verb ("Zelenskyy advised, …",
   "KCNA reported Kim as saying that …", "according to Mr Macron, …");
4. for a fragment with no speech verb, the subject of the sentence
   ("Trump determined that Putin is not ready for 'immediate peace'");
5. a quotation that is a paragraph (or sentence) of its own continues the previous speaker.

References are resolved to people: names through the directory, "he"/"she" to the most
recent compatible person who was the subject of a sentence, titles ("the Russian
president", "the pontiff") to the person the article gave that title.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from .countries import COUNTRY_WORDS, QUALIFIER_OF_COUNTRY
from .directory import normalise_name
from .lexicon import (
    ABBREVIATED_TITLES,
    ABBREVIATIONS,
    DOCUMENT_NOUNS,
    GENERIC_ROLES,
    HONORIFIC_BEFORE_NAME,
    LEADER_ROLES,
    NEWS_AGENCIES,
    OCCUPATIONS,
    SCARE_MARKERS,
    SPEECH_VERBS,
    STANCE_VERBS,
    TITLE_WORDS,
    UNNAMED_SPEAKERS,
)
from .mentions import (
    ADDRESSED_AFTER,
    BARE,
    DOCUMENT,
    INSTITUTION,
    NAME,
    PREPOSITIONS,
    PRONOUN,
    ROLE,
    UNNAMED,
    ArticleMentions,
    Mention,
    _canonical_role,
    _qualifier_set,
    is_staff_role,
    role_matches,
)
from .quotes_scan import Span

# How sure each way of finding the speaker is that the span is a real, rightly attributed
# quotation. Tuned on the development articles, not on the held-out ones.
CONFIDENCE = {
    "named": 0.92,
    "according": 0.9,
    "pronoun": 0.88,
    "title": 0.86,
    "relayed": 0.9,
    "continuation": 0.8,
    "subject": 0.7,
    "institution": 0.75,
    "none": 0.6,
    "blocked": 0.6,
    "unnamed": 0.45,
    "repeated": 0.8,
}


# Ways of finding the speaker that do not name an intermediary of their own, so that the
# relay of the speaker's previous quotation carries on.
_CARRIED_RELAY = frozenset({"pronoun", "continuation", "subject", "title"})

_OUTLET = (
    r"((?:state|national|public)\s+(?:television|TV|media|radio|broadcaster)"
    r"|(?:[A-Z][\w&.’'\-]*)(?:\s+(?:and\s+)?[A-Z][\w&.’'\-]*){0,4})"
)
_PLATFORMS = frozenset(
    "twitter x facebook telegram instagram youtube truth weibo tiktok linkedin zoom".split()
)
_INTERVIEW = re.compile(
    r"\b(?:(?:[Ii]n|[Dd]uring|gave)\s+(?:an?|his|her)\s+(?:exclusive\s+|joint\s+|recent\s+)?"
    r"(?:television\s+|TV\s+|radio\s+)?interview\s+(?:with|to|on)|[Ii]nterviewed\s+by)"
    r"\s+(?:the\s+)?" + _OUTLET
)
# "Speaking on al-Masirah TV, X said …": a broadcast interview, as above.
_SPEAKING_ON = re.compile(
    r"\b[Ss]peaking\s+(?:on|to)\s+(?:the\s+)?((?:al-|el-)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}"
    r"\s+(?:TV|Television|Radio|News))\b"
)
# Relays the reporter names in the quotation's sentence: "told NTV", "via the Korean
# Central News Agency (KCNA)", "on Bonesha FM radio", "in an interview on state television".
_SENTENCE_RELAYS = [
    re.compile(r"\btold\s+([A-Z]{2,6})\b(?!\s+[A-Z])"),
    # "told the Daily Mail", "told NBC News", "told Agence France-Presse", "told local media"
    re.compile(
        r"\b(?:told|to)\s+(?:the\s+)?((?:[A-Z][\w\-]*\s+){0,3}(?:News|Times|Post|Mail|Media|"
        r"Radio|TV|Television|Independent|Journal|Guardian|Telegraph|Herald|Tribune|Press|"
        r"Presse|Agency|Broadcasting|Network)|local media|state media|reporters from [A-Z]\w+)\b"
    ),
    re.compile(
        r"\btold\s+((?:PBS|NBC|CBS|ABC|CNN|MSNBC|BBC|AFP|Reuters|Bloomberg)\b[\w ]*?)"
        r"(?=[,.;]|\s+(?:that|on|in|last|this)\b)"
    ),
    re.compile(r"\bvia\s+(?:the\s+)?((?:[A-Z][\w\-]*\s+){0,4}[A-Z][\w\-]*(?:\s+\([A-Z]{2,6}\))?)"),
    re.compile(
        r"\b(?:on|to)\s+((?:[A-Z][\w\-]*\s+){1,3}(?:FM|AM)(?:\s+radio)?"
        r"|(?:[A-Z][\w\-]*\s+){1,3}(?:[Rr]adio|[Tt]elevision|TV))\b"
    ),
    re.compile(r"\binterview\s+on\s+(state\s+(?:television|TV|media|radio))\b"),
]
# Each pattern above with the words it cannot match without (one of them at least): a
# substring test on the sentence spares running the pattern, which is tried at every
# offset, on the many sentences that hold none of them. In the order of the patterns.
_SENTENCE_RELAY_WORDS = dict(
    zip(
        _SENTENCE_RELAYS,
        [
            ("told",),
            ("to",),  # "told" or "to"
            ("told",),
            ("via",),
            ("FM", "AM", "adio", "elevision", "TV"),  # radio, television
            ("interview",),
        ],
        strict=True,
    )
)

# Outlets the reporter names beside the speech, found by what marks them as media: a
# descriptor ("news agency PA Media", "newspaper Star of Mysore"), a capital "The" inside
# the sentence ("told The Atlantic"), a media word ending the name ("Discover Magazine",
# "BFM TV"), a web address ("UOL.com.br") or a broadcaster's letters ("the BBC", "NBC").
_MEDIA_DESCRIPTOR = (
    r"(?:(?:semi-official|official|state|local|national|public|French|German|Russian|"
    r"Chinese|Turkish|British|Indian|Iranian|Brazilian|Spanish|Italian|Japanese|"
    r"private|independent|online|daily|weekly|news)\s+){0,2}"
    r"(?:news\s+agency|news\s+channel|news\s+service|news\s+site|news\s+website|"
    r"newspaper|magazine|broadcaster|radio\s+station|radio|television\s+channel|"
    r"TV\s+channel|channel|network|outlet|daily|tabloid|website|programme|program|show)"
)
# "UOL.com.br", never a full stop; "al-Masirah": an Arabic name's article in lower case
_OUTLET_WORD = r"(?:al-|el-)?[A-Z0-9][\w&’'\-]*(?:\.[\w&’'\-]+)*"
_OUTLET_NAME = (
    r"(?:[\w\-]+\.(?:com|org|net|info|co)(?:\.[a-z]{2})?\b"
    r"|(?:The[ \t]+)?"
    + _OUTLET_WORD
    + r"(?:[ \t]+(?:of[ \t]+|de[ \t]+)?"
    + _OUTLET_WORD
    + r"){0,4}(?:[ \t]+(?:television|radio)\b)?)"  # "al-Ikhbariya television"
)
_MEDIA_CUE = re.compile(
    r"\b(told|telling|to|with|(?:reported|quoted|cited|carried|published|interviewed|broadcast"
    r"|seen|obtained)"
    # "was quoted as saying by Korean media"
    r"(?:\s+as\s+saying)?\s+by|per|for|on|according\s+to|(?:to|with)\s+[A-Z][\w\-]+\s+[A-Z][\w\-]+\s+of)"
    r"\s+(?:the\s+)?"
    # "by Korean media including Yonhap News": the outlet named among the media
    r"(?:(?:[A-Z][\w\-]*\s+)?media\s+(?:including|such\s+as|like)\s+)?"
    r"(?:(" + _MEDIA_DESCRIPTOR + r")\s+)?(" + _OUTLET_NAME + r")"
)
# The words a cue opens with, each before a space: only where one stands can _MEDIA_CUE
# match. Scanning for them is quick (no "\b" to test at every offset, and the engine skips
# to their first letters), so that _MEDIA_CUE is tried at those few offsets alone.
_MEDIA_CUE_WORDS = re.compile(
    r"(?:told|telling|to|with|reported|quoted|cited|carried|published|interviewed|broadcast"
    r"|seen|obtained|per|for|on|according)\s"
)


def _media_cues(text: str):
    """The matches of _MEDIA_CUE.finditer(text), found from its cue words."""
    resume = 0  # matches do not overlap: the end of the last one
    for word in _MEDIA_CUE_WORDS.finditer(text):
        if word.start() < resume:
            continue
        match = _MEDIA_CUE.match(text, word.start())  # "\b" still reads the letter before
        if match is not None:
            resume = match.end()
            yield match


# Words after an outlet's name that make it someone's employer ("Samoa Observer editor Keni
# Lesa"), not a relay.
_MEDIA_STAFF = frozenset(
    """editor reporter journalist correspondent columnist host anchor presenter producer
    writer commentator analyst director chief""".split()
)
_MEDIA_WORDS = frozenset(
    """news times post mail media radio tv television independent journal guardian
    telegraph herald tribune press presse agency broadcasting network magazine daily
    gazette observer chronicle sport sports channel review today online reporter""".split()
)
# Outlets whose names carry no media word, known to readers of the news in English:
# magazines, broadcasters and programmes ("told National Geographic", "on Morning Joe").
_KNOWN_OUTLETS = frozenset(
    """Rolling Stone|National Geographic|Scientific American|New Scientist|Nature|Science|
    Time|Newsweek|Forbes|Fortune|Wired|Vox|Slate|Variety|Billboard|Vogue|Esquire|Vanity Fair|
    The Atlantic|The Economist|Economist|Der Spiegel|Spiegel|Le Monde|Le Figaro|El País|
    Al Jazeera|Al Arabiya|Sputnik|Morning Joe|Face the Nation|Meet the Press|60 Minutes|
    Good Morning America|Fox and Friends|Democracy Now|HuffPost|BuzzFeed""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_BROADCASTERS = frozenset(
    """BBC NBC CBS ABC CNN MSNBC PBS NPR AFP Reuters Bloomberg Politico Axios VOA TASS
    Xinhua Interfax Yonhap IRNA ISNA Anadolu KCNA WAFA""".split()
)
_RUN_TOGETHER_THE = re.compile(r"The[A-Z][a-z]+")
_DOUBLE_MARKS = '“”„‟«»"'
_STAGE_DIRECTIONS = frozenset(
    "laughter laughs applause cheers cheering inaudible crosstalk booing boos music sic "
    "silence pause video audio end".split()
)
# A headline's speaker before a colon: "Somali President: ‘Delighted’ with …".
_HEADLINE_SPEAKER = re.compile(r"\s*((?:[A-Z][\w.\-’']*\s+){0,3}[A-Z][\w.\-’']*):\s*")
# A name in brackets ending the paragraph after a quotation: "“…” (Ama Mensah)", with an
# occupation or a place after a comma ("(Jo Ng, teacher)").
# "“…” Neven Mimica commenting on …": a caption's participle of speech.
_COMMENTING = re.compile(r"\s+(?:commenting|speaking|writing|reacting)\b")
_SIGNED_HEADLINE = re.compile(
    r"[ \t]*[–—―-][ \t]*([A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){1,3})[ \t]*"
)
_PULL_QUOTE_DASH = re.compile(r"^[ \t]*[-–—―:][ \t]*")
_BRACKETED_NAME = re.compile(
    r"[ \t]*\(((?:[A-Z][\w.’'\-]*)(?:[ \t]+[A-Z][\w.’'\-]*){0,3})"
    r"(?:,[^()\n]{1,60})?\)[ \t]*(?:\n|$)"
)
_WEB_ADDRESS = re.compile(r"\w\.(?:com|org|net|co|info)\b")
# "Politico quoted Tim Manning … as saying": the one who quotes relays. The verb is found
# first and the outlet read backwards from it (a name tried at every offset is slow).
_QUOTED_AS_SAYING = re.compile(r"\s(?:quoted|cited)\s+[^.;:]{1,120}?\s+as\s+(?:saying|telling)\b")
_NOT_OUTLET_OPENERS = frozenset(
    """on in at last this earlier later then but and also yesterday today monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
_OUTLET_BEFORE = re.compile(r"(?:^|(?<=\s))(" + _OUTLET_NAME + r")$")


def _outlet(descriptor: str | None, name: str, preceding: str) -> str | None:
    """The outlet a cue names, or None when the name is not marked as media."""
    name = re.sub(r"[’']s$", "", name.rstrip(".,"))
    words = name.split()
    if not words:
        return None
    if descriptor or _WEB_ADDRESS.search(name) or words[0] in _BROADCASTERS:
        return name
    for size in range(min(4, len(words)), 0, -1):
        if " ".join(words[:size]) in _KNOWN_OUTLETS:
            return " ".join(words[:size])  # "National Geographic", not what follows
    if words[0] == "The" and len(words) > 1 and not preceding.endswith("the "):
        return name
    if len(words) > 1 and words[-1].lower().rsplit("-", 1)[-1] in _MEDIA_WORDS:
        return name  # "Hurriyet Daily News", "Agence France-Presse"
    if _RUN_TOGETHER_THE.fullmatch(name):
        return name  # "ThePrint", "TheStreet": a title run into one word
    return None


PARTICIPLES = frozenset(
    """calling saying describing speaking asked noting adding warning urging praising
    citing referring dismissing labelling labeling terming""".split()
)

SPEECH_NOUNS = frozenset(
    """speech statement message address remarks letter post comments interview tweet
    announcement speeches words decree""".split()
)

CLAUSE_OPENERS = frozenset(
    "though although but while whereas and as before after when because since if".split()
)


_OF_PLACE = re.compile(r"\s+of\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2}\s+")
_WHO_BEFORE_VERB = re.compile(
    # "Alex Greenwich who said", "Dana Whitlock, a marine biologist at the institute, who said"
    r"(?:\s*,\s+(?:a|an|the)\s+[^,;:\"“”\n]{1,80},)?\s*,?\s+who\s+(?:[a-z]+\s+){0,2}"
)
# ", as some Russian and world politicians " before a verb: an aside's subject
_AS_CLAUSE_BEFORE = re.compile(r",\s+as\s+(?:[\w’'\-]+\s+){1,7}$")
# "read a statement from al-Sadr:", "read out a message by the president": an author's words
_READ_FROM = re.compile(
    r"\bread\s+(?:out\s+)?(?:a|the|his|her)\s+(?:statement|message|letter)\s+(?:from|by)\s+"
)
_PARTICLE_SURNAME = re.compile(r"(?:[a-z]{1,3}[-\s])?[A-Z][\w’'\-]+")
# "He said the ", "she told reporters that a ": a speech verb, then the words' noun phrase.
_SAID_JUST_BEFORE = re.compile(r"\b(?:said|says)\s+(?:that\s+)?(?:the|a|an|his|her|their)\s+$")
_MESSAGE_NOUNS = frozenset({"message", "letter", "telegram"})
# "reads the message of condolence from ": the document, then its sender
_DOCUMENT_FROM = re.compile(
    r"\s+(?:the|a|his|her)\s+(?:message|letter|telegram|statement|greetings?)"
    r"(?:\s+of\s+[a-z]+)?\s+(?:from|by|of)\s+"
)
_SAID_TO_BE = re.compile(r"\s+to\s")
# A list item that is only a short quotation: nothing before it on its line, and after it a
# comma, a semicolon or "and", then the line's end.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-•*][ \t]*)?")
_LIST_ITEM_END = re.compile(r"[ \t]*(?:[,;][ \t]*(?:and|or)?|and|or)[ \t]*(?:\n|$)")
# What a subject received and from whom: "received “a very positive response” from …"
_RECEIVED_BEFORE = re.compile(
    r"\b(?:received|drew|earned|won|got|garnered|met with|drawn|attracted)\s+(?:an?\s+|the\s+)?$"
)
_FROM_AFTER = re.compile(r"\s+from\b")
# A quotation that opens with a verb of the person named before it: "… said Xi 'appreciates …'"
_THIRD_PERSON_VERB = re.compile(r"(?:[a-z]+[^s\W]s|[a-z]+ed|is|has|was|had|would|will)\b")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\s")
# ", Vice-President for the Euro and Social Dialogue, also in charge of …, " before a verb
_APPOSITIVE_TO_VERB = re.compile(r"\s*,\s+([A-Z][\w\-]*)[^;:\"“”\n]{0,200},\s*(?:also\s+)?")


def _titled_appositive(gap: str) -> bool:
    """Whether the words between a name and its verb are a title between commas."""
    match = _APPOSITIVE_TO_VERB.fullmatch(gap)
    if match is None:
        return False
    first = match.group(1).lower()
    return first in TITLE_WORDS or all(part in TITLE_WORDS for part in first.split("-"))


_FROM_PLACE_WHO = re.compile(r"(?:\s+(?:from|of)\s+[^,;:]{1,40})?,\s+who\s[^,;:]{1,80},\s*")
_WHO_CLAUSE = re.compile(r"^\s*,\s*who\s+(?:[\w’'-]+\s+){1,3}$")
_OTHER_SUBJECT = frozenset({"which", "whom"})
# A verb right after a name: "Gordon Brown has congratulated", "… was speaking", "… said".
_ACTS_AFTER = re.compile(
    r"\s+(?:has|had|was|is|will|[a-z]+ed|said|says|told|spoke|took|met|returns|meets)\b"
)
_AND_ANOTHER_ACTS = re.compile(
    r"\s+and\s+(?:" + HONORIFIC_BEFORE_NAME + r")?(?:[A-Z][\w\-]+\s+){1,4}(?:has\s+)?[a-z]+ed\b"
)
_HONORIFIC_BEFORE = re.compile(HONORIFIC_BEFORE_NAME + "$")
# "The Prime Minister (has) met / welcomed / commended …", a headline's "Prime Minister
# congratulates …"
_TITLE_MEETS = re.compile(
    r"\b(?:[Pp]rime [Mm]inister|PM|[Pp]resident)"
    r"\s+(?:has\s+|also\s+)?(?:met|meets|welcomed|welcomes|commended|commends|"
    r"congratulated|congratulates|thanked|thanks|received|receives|hosted|hosts)\b"
)
# A name alone in the last paragraph of a quotation, as a letter is signed.
_SIGNATURE = re.compile(r"[A-Z][\w.’'\- ]{0,40}[.,]?\s*")
# "Statement by President Barroso on Ukraine": a heading naming the author of what follows.
_STATEMENT_HEADING = re.compile(
    r"(?:Joint\s+)?(?:Statement|Remarks|Message|Speech|Address|Declaration)\s+(?:by|of|from)\s+"
    r"(?:the\s+)?((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w’'\-]*)(?=\s+(?:on|at|to|about|for)\b|\s*\n)"
)
# Nothing but a colon or a comma between a verb and the quotation it opens.
_OPENS_QUOTATION = re.compile(r"\s*[:,]\s*")
# "Although the ministry asked for “restraint” on Monday, Macron called …": a sentence that
# opens with a subordinate clause holding the quotation; its main clause is another event.
_SUBORDINATORS = frozenset(
    "although though while whereas if because since when after before as once unless despite "
    "even".split()
)
_SENTENCE_OPENER = re.compile(r"[\s(]*([A-Za-z]+)\b")
_CLAUSE_THEN_COMMA = re.compile(r"[^,\n]*[A-Za-z][^,\n]*,")
# "a longtime Macron critic", "an Erdogan ally": a name after "a" or "an" qualifies a noun.
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[a-z][\w\-]*\s+){0,2}$")
_VERB_BEFORE = re.compile(r"\b([a-z]+)\s+(?:the\s+)?$")
_ROLE_APPOSITIVE = re.compile(r"(?:\s+of\s+(?:the\s+)?[\w ]{1,25})?,\s*")
_EMPLOYER_GAP = re.compile(r"\s+(?:[a-z][\w\-]*\s+){1,3}")
_DETERMINERS = frozenset("the a an his her their its our my your these those this".split())


@dataclass
class Attribution:
    speaker: int | None = None
    unlisted: str | None = None
    relayed_by: str | None = None
    evidence: str = "none"
    speech_verb: bool = False
    stance_verb: bool = False
    institution: str | None = None
    reason: str | None = None
    written: str | None = None  # the speaker's name as the article writes it
    where: str = ""  # where the attribution was read ("after the quotation")
    reference: str | None = None  # the pronoun or title that stands for the speaker


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


class Attributor:
    def __init__(
        self,
        text: str,
        mentions: ArticleMentions,
        sentences: list[Sentence],
        spans: list[Span] | None = None,
    ):
        self.text = text
        self._spans = spans or []
        self.m = mentions
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]
        # (sentence index, person key, span) of attributed quotations so far.
        self.history: list[tuple[int, tuple | None, Span]] = []
        self.written_names: dict[tuple, str] = {}
        self._role_holders: dict[int, Mention | None] = {}
        self._relay_of: dict[tuple, tuple[str, int]] = {}
        self._interview_list: list[tuple[int, tuple, str]] | None = None
        self._reporter_text: str | None = None
        self._outlet_list: list[tuple[int, int, str]] | None = None
        # sentence_relay() by (start, end): asked again for each quotation of a sentence.
        self._sentence_relays: dict[tuple[int, int], str | None] = {}
        self._closing_marks: dict[int, int] | None = None
        self._alone = False  # the quotation being attributed stands alone in its sentence
        self._labels: list[tuple[int, str]] | None = None
        self._named: list[Mention] | None = None
        self._named_starts: list[int] = []
        self._people: list[Mention] = []
        self._people_starts: list[int] = []
        self._people_read = 0
        self._unlisted_actor: tuple[Mention, ...] | None = None

    # --- sentences ----------------------------------------------------------------------------

    def sentence_index(self, pos: int) -> int:
        """The index of the sentence holding an offset (the first one for an offset before
        it): the last sentence starting at or before it."""
        return max(0, bisect_right(self._sentence_starts, pos) - 1)

    # --- references ---------------------------------------------------------------------------

    def resolve(self, mention: Mention) -> tuple[int | None, str | None, str]:
        """(directory person, unlisted name, evidence) for a mention of someone."""
        person, unlisted, evidence, _ = self.resolve_naming(mention)
        return person, unlisted, evidence

    def resolve_naming(
        self, mention: Mention
    ) -> tuple[int | None, str | None, str, Mention | None]:
        """As resolve(), with the mention that names the person (itself, or the antecedent)."""
        if mention.kind in (NAME, BARE):
            return mention.person, mention.unlisted, "named", mention
        if mention.kind == PRONOUN:
            found = self._antecedent(mention.start, mention.female)
        elif mention.kind == ROLE:
            found = self._role_holder(mention)
        else:
            return None, None, "none", None
        if found is None:
            return None, None, "none", None
        return (
            found.person,
            found.unlisted,
            "pronoun" if mention.kind == PRONOUN else "title",
            found,
        )

    def _named_before(self, pos: int) -> list[Mention]:
        if self._named is None:
            self._named = [m for m in self.m.reporter_mentions if m.kind == NAME and m.is_person]
            self._named_starts = [m.start for m in self._named]
        return self._named[: bisect_left(self._named_starts, pos)]

    def _people_before(self, pos: int) -> list[Mention]:
        """People named before a point, and roles standing for one ("the Argentine
        president answered. '…,' he wrote": the role is the sentence's subject).

        Built once, in the order of the text, as far as it has been asked for."""
        mentions = self.m.reporter_mentions
        while self._people_read < len(mentions) and mentions[self._people_read].start < pos:
            m = mentions[self._people_read]
            self._people_read += 1
            if m.kind == NAME and m.is_person:
                self._people.append(m)
                self._people_starts.append(m.start)
            elif m.kind == ROLE:
                # A staff role ("the secretary noted") stands for someone only when the
                # article gave that person the title (_find_role_holder).
                holder = self._role_holder(m)
                if holder is not None:
                    self._people_starts.append(m.start)
                    self._people.append(
                        replace(
                            holder,
                            start=m.start,
                            end=m.end,
                            possessive=m.possessive,
                            after_preposition=m.after_preposition,
                            in_quote=m.in_quote,
                        )
                    )
        return self._people[: bisect_left(self._people_starts, pos)]

    def _antecedent(self, pos: int, female: bool | None) -> Mention | None:
        if female:
            # "She": a woman the article names, before anyone whose gender is unknown (most
            # leaders of the directory are men, but it does not say so), in this sentence or
            # the five sentences before, not the one woman of a newscast's earlier story.
            found = self._antecedent_among(pos, lambda m: m.female is True, near_only=True)
            if found is not None:
                return found
        return self._antecedent_among(pos, lambda m: m.female is None or m.female == female)

    def _antecedent_among(self, pos: int, compatible, near_only: bool = False) -> Mention | None:
        here = self.sentence_index(pos)
        people = self._people_before(pos)
        # The subject of this sentence, then of each earlier sentence, most recent first;
        # a quotation's speaker counts as its sentence's subject.
        for index in range(here, max(-1, here - 6), -1):
            sentence = self.sentences[index]
            in_sentence = [p for p in people if sentence.start <= p.start < sentence.end]
            if index != here and self._opens_with_pronoun(sentence):
                # "He said the Biden administration would …": that sentence's subject is the
                # same "he"; look further back rather than at the names it mentions.
                in_sentence = []
            speakers = [key for i, key, _ in self.history if i == index and key is not None]
            # Someone who speaks later in that sentence than its last quotation ("Duda said
            # “…” while Interior Minister Brudziński wrote …. He tweeted") is the one meant.
            if index != here and speakers:
                last_quote = max(sp.outer_start for i, k, sp in self.history if i == index)
                later = [
                    p
                    for p in in_sentence
                    if p.start > last_quote
                    and p.subject_like
                    and compatible(p)
                    and self._speaks_next(p)
                ]
                if later:
                    return later[-1]
            if index != here:
                # "This was stated by the President in an interview. “…,” he said": the
                # agent of a speech in the passive.
                agents = [p for p in in_sentence if compatible(p) and self._passive_speaker(p)]
                if agents:
                    return agents[-1]
            if index != here:
                # "Mattis thanked the minister, White said. “…,” she added": the one a
                # reported sentence is attributed to at its end speaks on, not its subject.
                reporter = [
                    p
                    for p in in_sentence
                    if compatible(p) and p.subject_like and self._attributes_sentence(p, sentence)
                ]
                if reporter:
                    return reporter[-1]
            # Earlier quotations of this very sentence count as well: "He said Zelensky is
            # “a model”; however, “…”, he added" goes on with the same speaker.
            for key in reversed(speakers):
                holder = self._mention_of(key, people)
                if holder and compatible(holder):
                    return holder
            # Someone only owned or addressed ("Putin's economy", "punish him") is not who
            # goes on speaking; the owner of a speech ("Kim's speech called for …") is.
            for p in in_sentence:
                if p.subject_like and self._appositive_before_subject(p, in_sentence):
                    continue
                if compatible(p) and (
                    p.subject_like
                    or self._owns_speech(p)
                    or self._according_to(p)
                    or self._opens_possessive(p, sentence)
                    and not any(q.subject_like for q in in_sentence)
                ):
                    return p
            if index != here and _FIRST_PERSON_OPENING.match(self.text, sentence.start):
                # "Recently, I sat down with Jo Ng, who hosts a show. He started by noting
                # “…”": the writer is "I"; "he" is the one person the writer met.
                named = [
                    p
                    for p in self.m.between(sentence.start, sentence.end)
                    if not p.in_quote
                    and compatible(p)
                    and (p.kind == NAME or p.kind == BARE and p.is_person and " " in p.text.strip())
                ]
                if len({_key(p.person, p.unlisted) for p in named}) == 1:
                    return named[0]
            if self._unknown_subject(sentence, pos):
                # "the Argentine president answered. “…,” he wrote": a subject the rules
                # cannot bind is the one meant; an earlier speaker would be a guess.
                return None
        if near_only:
            return None
        # Further back, only someone unambiguous: the one person the article has named.
        named = {_key(p.person, p.unlisted) for p in people if p.subject_like and compatible(p)}
        if len(named) == 1:
            return next(p for p in reversed(people) if p.subject_like and compatible(p))
        return None

    def _appositive_before_subject(self, mention: Mention, in_sentence: list[Mention]) -> bool:
        """ "At the side of South Africa's president, Thabo Mbeki, Lula attacked …": a name
        between commas after a title, with the sentence's subject right after it."""
        if not _APPOSITIVE_OPEN.search(self.text, max(0, mention.start - 30), mention.start):
            return False
        after = self.text[mention.end : mention.end + 3]
        return after.startswith(", ") and any(
            q.start > mention.end
            and q.subject_like
            and _adjacent(self.text, mention.end, q.start, allow=", ")
            for q in in_sentence
        )

    def _passive_speaker(self, mention: Mention) -> bool:
        found = _PASSIVE_SPEECH_BY.search(self.text, max(0, mention.start - 40), mention.start)
        return found is not None and found.group(1).lower() in SPEECH_VERBS

    def _unknown_subject(self, sentence: Sentence, pos: int) -> bool:
        """Whether the sentence's first subject is a role bound to no one."""
        for m in self.m.between(sentence.start, min(sentence.end, pos)):
            if not m.subject_like:
                continue
            if m.kind == ROLE:
                return self._role_holder(m) is None and m.role in LEADER_ROLES
            if m.kind in (NAME, PRONOUN, UNNAMED, INSTITUTION):
                return False
        return False

    def _attributes_sentence(self, mention: Mention, sentence: Sentence) -> bool:
        """`…, White said.` or `…, said spokesperson Dana White.` ends the sentence."""
        after = self.text[mention.end : sentence.end].strip()
        before = self.text[sentence.start : mention.start].rstrip()
        if after in (".", "") and "," in before:
            lead = re.findall(r"[a-z]+", before.rsplit(",", 1)[1])
            return bool(lead) and lead[0] in SPEECH_VERBS
        words = after.rstrip(".").split()
        if tuple(words) in _PHRASAL_SPEECH_VERBS:
            return before.endswith(",")  # "…, Bush pointed out."
        return len(words) == 1 and words[0] in SPEECH_VERBS and before.endswith(",")

    def _opens_possessive(self, mention: Mention, sentence: Sentence) -> bool:
        """`Actor Brendan Fraser's appearance was …. He quipped`: the owner of the subject
        that opens the sentence is who "he" goes on with."""
        if not mention.possessive or mention.start - sentence.start > 40:
            return False
        lead = self.text[sentence.start : mention.start].split()
        owned = re.findall(r"[a-z]+", self.text[mention.end : mention.end + 30])[1:2]
        # "Putin's spokesman …. He added": someone else, whom the rules did not name.
        return (
            all(word[:1].isupper() for word in lead)
            and bool(owned)
            and owned[0] not in TITLE_WORDS
            and owned[0] not in OCCUPATIONS
            and owned[0] not in _RELATIVES
        )

    def _opens_subordinate(self, pos: int, until: int | None = None) -> bool:
        """Whether the sentence holding `pos` opens, before `until` (or `pos`), with a
        subordinating word ("Although …", "While …", "After …")."""
        sentence = self.sentences[self.sentence_index(pos)]
        opener = _SENTENCE_OPENER.match(self.text, sentence.start, until or pos)
        return opener is not None and opener.group(1).lower() in _SUBORDINATORS

    def _opens_with_pronoun(self, sentence: Sentence) -> bool:
        first = self.m.between(sentence.start, sentence.end)[:1]
        return bool(first) and first[0].kind == PRONOUN and first[0].text[:1].isupper()

    def _speaks_next(self, mention: Mention) -> bool:
        following = re.findall(r"[a-z]+", self.text[mention.end : mention.end + 30])[:3]
        return any(word in SPEECH_VERBS for word in following)

    def _according_to(self, mention: Mention) -> bool:
        """`According to Muyembe, many do not seek treatment. “…,” he told …`: the one a
        sentence is according to speaks it."""
        return self.text[max(0, mention.start - 13) : mention.start].lower() == "according to "

    def _owns_speech(self, mention: Mention) -> bool:
        if not mention.possessive:
            return False
        following = re.findall(r"[a-z]+", self.text[mention.end : mention.end + 30].lower())
        return bool(following) and following[min(1, len(following) - 1)] in SPEECH_NOUNS

    @staticmethod
    def _mention_of(key: tuple, people: list[Mention]) -> Mention | None:
        for p in reversed(people):
            if _key(p.person, p.unlisted) == key:
                return p
        return None

    def _role_holder(self, mention: Mention) -> Mention | None:
        if mention.start in self._role_holders:
            return self._role_holders[mention.start]
        found = self._find_role_holder(mention)
        self._role_holders[mention.start] = found
        return found

    def _find_role_holder(self, mention: Mention) -> Mention | None:
        people = self._named_before(mention.start)
        # The title the article gave someone ("Russian President Vladimir Putin" … "the
        # Russian president"), the most recent first. A bare "the president" is the one
        # titled without a country ("President Joe Biden"), not "Russian President Putin".
        titled = [p for p in reversed(people) if p.roles and role_matches(mention, p)]
        if titled and not mention.qualifiers and mention.role in LEADER_ROLES | {"head of state"}:
            # A bare "the president" may also be a leader the directory gives that office
            # but the article did not title ("Zelenskyy held talks with President of Poland
            # Andrzej Duda … the Head of State said"): weigh them all.
            directory = self.m.directory
            titled_keys = {_key(p.person, p.unlisted) for p in titled}
            for p in reversed(people):
                key = _key(p.person, p.unlisted)
                if key not in titled_keys and p.person is not None:
                    if role_matches(mention, p, directory):
                        titled.append(p)
                        titled_keys.add(key)
        if titled and not mention.qualifiers:
            # The one not introduced with a country ("President Joe Biden", not "Russian
            # President Vladimir Putin"; Zelenskyy on his own site, not "President of Poland
            # Andrzej Duda").
            qualified = {_key(p.person, p.unlisted) for p in people if p.qualifiers}
            plain = [p for p in titled if _key(p.person, p.unlisted) not in qualified]
            titled = plain or titled
            # Several people with that title: the one who opens the sentence just before,
            # in its own paragraph ("Zelenskyy thanked Michel for …. / “…,” the President
            # said"), then the one who has been speaking.
            keys = {_key(p.person, p.unlisted) for p in titled}
            if len(keys) > 1:
                opener = self._opener_of_sentence_before(mention.start)
                if opener is not None and _key(opener.person, opener.unlisted) in keys:
                    return opener
                for _, key, _ in reversed(self.history):
                    if key in keys:
                        return next(p for p in titled if _key(p.person, p.unlisted) == key)
                # None of them has spoken: the last one a sentence opened with, not one only
                # met or brought ("President von der Leyen informed Leaders about her meeting
                # with President Trump").
                opening = [p for p in titled if self._opens_its_sentence(p)]
                if opening:
                    return opening[0]
        if titled:
            return titled[0]
        listed = self._titled_in_a_list(mention, people)
        if listed is not None:
            return listed
        # The directory's offices and countries of the leaders named so far.
        directory = self.m.directory
        fitting = []
        for p in reversed(people):
            if p.person is not None and p.person not in fitting:
                if role_matches(mention, p, directory) and (
                    mention.qualifiers or mention.role not in GENERIC_ROLES
                ):
                    fitting.append(p.person)
        if len(fitting) == 1 or (fitting and mention.qualifiers):
            return next(p for p in reversed(people) if p.person == fitting[0])
        if is_staff_role(mention):
            return None
        # The same role given later in the text ("…, the pontiff said. Pope Leo XIV …").
        later = [
            m
            for m in self.m.reporter_mentions
            if m.start > mention.end and m.kind == NAME and m.roles and role_matches(mention, m)
        ]
        if later:
            return later[0]
        if mention.role not in LEADER_ROLES:
            return None  # "the governor", "the senator": never a leader by elimination
        # One leader named so far: a title can only be theirs, unless the directory gives
        # them another office ("the Prime Minister" is not President Duterte).
        leaders = {p.person for p in people if p.person is not None}
        if len(leaders) == 1 and not mention.qualifiers:
            leader = next(p for p in reversed(people) if p.person is not None)
            if (
                mention.role in GENERIC_ROLES
                or not directory.people[leader.person].roles
                or role_matches(mention, leader, directory)
            ):
                return leader
        if mention.qualifiers:
            for p in reversed(people):
                if p.qualifiers & mention.qualifiers:
                    return p
            # "President Chavez … said the Venezuelan leader": the one person the directory
            # lacks whom the article titles as a leader, with no country of their own given.
            titled_leaders = {
                _key(p.person, p.unlisted): p
                for p in people
                if p.person is None and p.unlisted and not p.qualifiers and p.roles & LEADER_ROLES
            }
            others_of_a_country = any(p.qualifiers for p in people if p.person is not None)
            if len(titled_leaders) == 1 and not others_of_a_country:
                return next(iter(titled_leaders.values()))
            return None
        return self._lone_unlisted_actor()

    def _opener_of_sentence_before(self, pos: int) -> Mention | None:
        """The name that opens the sentence before the one holding `pos`, when that
        sentence is a paragraph of the reporter's of its own, just before."""
        here = self.sentence_index(pos)
        if here == 0:
            return None
        before = self.sentences[here - 1]
        if self.sentences[here].paragraph - before.paragraph != 1 or any(
            before.start <= span.outer_start < before.end for span in self._spans
        ):
            return None
        first = self.m.between(before.start, before.end)[:1]
        if (
            first
            and first[0].kind == NAME
            and first[0].subject_like
            and not self.text[before.start : first[0].start].strip()
        ):
            return first[0]
        return None

    def _titled_in_a_list(self, role: Mention, people: list[Mention]) -> Mention | None:
        """ "Tánaiste, Minister for Foreign Affairs and for Defence, Micheál Martin TD has
        concluded …": a sentence that opens with the role, then more titles, then the name."""
        opening = re.compile(r"\s*(?:the\s+)?" + re.escape(role.role) + r"\b", re.IGNORECASE)
        for person in reversed(people):
            sentence = self.sentences[self.sentence_index(person.start)]
            lead = self.text[sentence.start : person.start]
            if opening.match(lead) and _TITLES_ONLY.fullmatch(lead):
                return person
        return None

    def _opens_its_sentence(self, mention: Mention) -> bool:
        """Only titles before it in its sentence ("President of Ukraine Volodymyr Zelenskyy
        states")."""
        sentence = self.sentences[self.sentence_index(mention.start)]
        lead = self.text[sentence.start : mention.start].split()
        return all(word[:1].isupper() or word in ("of", "the", "and") for word in lead)

    def _lone_unlisted_actor(self) -> Mention | None:
        """A leader's office's release about a past leader the directory lacks: "Gordon Brown
        has congratulated …", then "the PM said". When the article names no leader of the
        directory and exactly one person, in full or as "Mr Brown", as the subject of a verb
        ("Gordon Brown and Dr Chung discussed …" makes both subjects), a bare leader's title
        ("the PM", "the president") is theirs, wherever in the article they are named. Those
        the title itself meets, welcomes or commends ("The Prime Minister met Mehmet Ali
        Talat") are someone else."""
        if self._unlisted_actor is None:
            people = self.m.reporter_mentions
            actors = []
            if not any(m.person is not None for m in people):
                actors = [
                    m
                    for m in people
                    if m.kind in (NAME, BARE)
                    and m.unlisted
                    and (
                        " " in m.text.strip()
                        or _HONORIFIC_BEFORE.search(self.text, max(0, m.start - 5), m.start)
                    )
                    and m.subject_like
                    and (
                        _ACTS_AFTER.match(self.text, m.end)
                        or _AND_ANOTHER_ACTS.match(self.text, m.end)
                    )
                    # "Business Secretary Lord Mandelson visited …": another office's holder
                    and not (m.roles and not m.roles & LEADER_ROLES)
                ]
            met = {m.unlisted for m in people if m.unlisted and self._met_by_a_leaders_title(m)}
            keys = {m.unlisted for m in actors} - met
            chosen = [m for m in actors if m.unlisted in keys]
            self._unlisted_actor = (chosen[0],) if len(keys) == 1 else ()
        return self._unlisted_actor[0] if self._unlisted_actor else None

    def _met_by_a_leaders_title(self, mention: Mention) -> bool:
        """`The Prime Minister met the Turkish Cypriot leader, Mehmet Ali Talat`: a person in
        the sentence after a leader's title and its verb."""
        sentence = self.sentences[self.sentence_index(mention.start)]
        return _TITLE_MEETS.search(self.text, sentence.start, mention.start) is not None

    # --- attribution ----------------------------------------------------------------------------

    def attribute(self, span: Span) -> Attribution:
        first = self.sentence_index(span.outer_start)
        last = self.sentence_index(max(span.outer_end - 1, span.outer_start))
        sentence_start = self.sentences[first].start
        sentence_end = self.sentences[last].end
        pre_words = list(self.m.reporter_tokens(sentence_start, span.outer_start))
        post_words = list(self.m.reporter_tokens(span.outer_end, sentence_end))
        # A quotation standing alone may go on from "X thanked Y …" (_speaking_subject).
        self._alone = not pre_words and not post_words

        def attempts():
            # (where the speaker was read, for the editor; how to read it)
            for gap_start, gap_end in span.gaps:
                yield (
                    "between the quotation's parts",
                    (lambda a=gap_start, b=gap_end: self._frame_after(a, b)),
                )
            if _SAID_JUST_BEFORE.search(
                self.text, max(sentence_start, span.outer_start - 30), span.outer_start
            ):
                # "He said the “phony” and “nasty” Harris attacked Biden … and blasted her":
                # the verb right before the words frames them, not one in a clause after.
                yield (
                    "before the quotation",
                    (lambda: self._frame_before(sentence_start, span.outer_start)),
                )
            yield "after the quotation", lambda: self._bracketed_name(span)
            yield "after the quotation", lambda: self._captioned_name(span)
            if first == 0 and "\n" in self.text[: span.outer_start + 200]:
                yield "before the quotation", lambda: self._headline_speaker(span)
            yield "after the quotation", lambda: self._frame_after(span.outer_end, sentence_end)
            if _ORIGINAL_WORDS.match(self.text, span.outer_end):
                yield "after the quotation", lambda: self._after_original_words(span)
            if _MESSAGE_SAYS.match(self.text, span.outer_end):
                yield "before the quotation", lambda: self._message_sender(span)
            # "“…” With these words, Kristalina Georgieva, the Commissioner, emphasised": the
            # words after name who said them.
            yield "after the quotation", lambda: self._with_these_words(span.outer_end)
            if not post_words and not pre_words and last + 1 < len(self.sentences):
                # `…democracy." Hasina said, urging …`: a full stop where a comma belongs
                # (not when the next sentence quotes someone of its own: "Duda remarked, “…”").
                following = self.sentences[last + 1]
                if following.paragraph == self.sentences[last].paragraph and not any(
                    following.start <= s.outer_start < following.end for s in self._spans
                ):
                    yield (
                        "after the quotation",
                        (lambda: self._frame_after(following.start, following.end, verb_within=4)),
                    )
            yield (
                "before the quotation",
                (lambda: self._frame_before(sentence_start, span.outer_start)),
            )
            yield (
                "",
                (lambda: self._role_noun_speaker(sentence_start, span.outer_start, sentence_end)),
            )
            if not pre_words and first > 0:
                # "Zelensky said:" closing the previous sentence or paragraph ("The Prime
                # Minister said at the press conference," too).
                previous = self.sentences[first - 1]
                if self.text[previous.start : previous.end].rstrip().endswith((":", ",")):
                    yield (
                        "before the colon that opens it",
                        (lambda: self._frame_before(previous.start, previous.end)),
                    )
                    yield (
                        "before the colon that opens it",
                        (lambda: self._speech_owner(previous.start, previous.end)),
                    )
                    yield (
                        "before the colon that opens it",
                        (lambda: self._label_of(previous.start, previous.end)),
                    )
            yield (
                "before the quotation",
                (lambda: self._document_author(sentence_start, span.outer_start, first)),
            )
            yield "", lambda: self._turn_holder(sentence_start, span.outer_start)
            if (
                _LIST_ITEM.fullmatch(
                    self.text, self.text.rfind("\n", 0, span.outer_start) + 1, span.outer_start
                )
                and _LIST_ITEM_END.match(self.text, span.outer_end)
                and len(self.text[span.outer_start : span.outer_end].split()) <= 6
            ):
                # "Mr Juncker listed five scenarios: / “carrying on”, / “nothing but the single
                # market”, …": labels in a list, each a paragraph of its own, are no one's turn.
                yield "", lambda: Attribution(evidence="blocked")
            if not pre_words and len(post_words) <= 2:
                yield "", lambda: self._continuation(span, first)
            yield (
                "before the quotation",
                (lambda: self._participle_subject(sentence_start, span, sentence_end)),
            )
            yield "before the quotation", lambda: self._verb_first(sentence_start, span)
            if _RECEIVED_BEFORE.search(
                self.text, max(sentence_start, span.outer_start - 30), span.outer_start
            ) and _FROM_AFTER.match(self.text, span.outer_end):
                # "X's pitch received “a very positive response” from the CEOs": the
                # words of those it came from, not of the subject.
                yield "", lambda: Attribution(evidence="blocked")
            yield "", lambda: self._sentence_subject(sentence_start, span.outer_start)
            if not pre_words:
                yield "", lambda: self._continuation(span, first)
                yield "after the quotation", lambda: self._opening_quotation(span, last)
                yield "in the headline", lambda: self._statement_heading(span)

        # An institution that speaks ("…", state media reported) may be relaying a person
        # named elsewhere in the sentence: keep looking for that person.
        institution = None
        for where, attempt in attempts():
            found = attempt()
            if found is None:
                continue
            found.where = found.where or where
            if found.evidence == "institution":
                institution = institution or found
                continue
            if (
                institution
                and found.evidence == "continuation"
                and institution.where.startswith("between")
            ):
                continue  # "“A;” read the statement; “B”": the statement, not the last speaker
            if found.evidence in ("blocked", "unnamed"):
                if found.evidence == "unnamed" and institution:
                    found.relayed_by = institution.relayed_by
                return found if found.evidence == "unnamed" else (institution or Attribution())
            if self._named_inside(span, found):
                # "said she was “proud to endorse Joe Biden”": a person the quotation's own
                # words name is talked about, not speaking.
                continue
            if institution and not found.relayed_by and found.evidence != "continuation":
                found.relayed_by = institution.relayed_by
            return self._finish(found, span, sentence_start, span.outer_start)
        return institution or Attribution()

    def _with_these_words(self, pos: int) -> Attribution | None:
        opening = _WITH_THESE_WORDS.match(self.text, pos)
        if opening is None:
            return None
        following = self.sentences[self.sentence_index(opening.end())]
        for m in self.m.between(opening.end(), following.end):
            if m.kind in (NAME, ROLE, PRONOUN):
                return self._speaker_from(m)
        return None

    def _message_sender(self, span: Span) -> Attribution | None:
        """ "In a message of greetings sent to Prime Minister Viktor Orban, Vladimir Putin
        stressed …. “…,” the message says": the one who sent it, acting in the paragraph,
        not the one it was sent to."""
        paragraph_start = self.text.rfind("\n", 0, span.outer_start) + 1
        for m in self.m.between(paragraph_start, span.outer_start):
            if (
                m.kind in (NAME, ROLE, PRONOUN)
                and m.subject_like
                and not _ADDRESSEE_BEFORE.search(self.text, max(0, m.start - 80), m.start)
            ):
                found = self._speaker_from(m)
                if found is not None:
                    return found
        return None

    def _after_original_words(self, span: Span) -> Attribution | None:
        """`"…" ((es))Spanish language: …, hermandad, he said on television`: the words in
        their own language follow the translation, and the attribution follows them, after
        the last comma that opens one."""
        paragraph_end = self.text.find("\n", span.outer_end)
        if paragraph_end < 0:
            paragraph_end = len(self.text)
        commas = [m.end() for m in re.finditer(",", self.text[span.outer_end : paragraph_end])]
        for comma in reversed(commas):
            found = self._frame_after(span.outer_end + comma, paragraph_end, verb_within=4)
            if found is not None:
                return found
        return None

    def _bracketed_name(self, span: Span) -> Attribution | None:
        """A paragraph of quotation followed by a name in brackets, as polls and readers'
        letters print them: `“We want change.” (Ama Mensah)`, `“…” (Jo Ng, teacher)`."""
        if self.text[span.outer_end : span.outer_end + 3].lstrip(" \t")[:1] != "(":
            return None
        line_start = self.text.rfind("\n", 0, span.outer_start) + 1
        if self.text[line_start : span.outer_start].strip():
            return None  # the reporter's words open the paragraph
        bracket = _BRACKETED_NAME.match(self.text, span.outer_end)
        if bracket is None or bracket.group(1).split()[0].lower() in _STAGE_DIRECTIONS:
            return None  # "(Laughter.)", "(Applause)": a transcript's note, no one
        for m in self.m.between(bracket.start(1), bracket.end(1)):
            if m.kind in (NAME, BARE) and m.is_person and m.start == bracket.start(1):
                return Attribution(
                    speaker=m.person,
                    unlisted=None if m.person is not None else m.unlisted,
                    evidence="named",
                    written=m.text,
                )
        return None

    def _captioned_name(self, span: Span) -> Attribution | None:
        """A paragraph of quotation followed, with no verb, by its speaker's titles and name
        and a description, as captions and features print them: `“…” Capt. Shane Kim,
        Logistics Officer for Headquarters Battalion`, `“…” Commissioner … Neven Mimica
        commenting on …`."""
        line_start = self.text.rfind("\n", 0, span.outer_start) + 1
        line_end = self.text.find("\n", span.outer_end)
        line_end = len(self.text) if line_end < 0 else line_end
        if self.text[line_start : span.outer_start].strip():
            return None
        people = [m for m in self.m.between(span.outer_end, line_end) if m.kind in (NAME, BARE)]
        signed = _SIGNED_HEADLINE.fullmatch(self.text, span.outer_end, line_end)
        if not people and signed and line_start == 0:
            # A headline signed after a dash by someone the body calls only "the minister":
            # "“The World can follow Wales’ example” – Eluned Morgan".
            return Attribution(unlisted=signed.group(1), evidence="named", written=signed.group(1))
        if (
            not people
            or not people[0].is_person
            # a leader the directory knows may stand alone: "“…”: South Korean President Moon"
            or " " not in people[0].text.strip()
            and people[0].person is None
        ):
            return None
        name = people[0]
        if self._verbs(span.outer_end, name.start):
            return None
        # Titles, a portfolio's words among them: "Commissioner for International Cooperation
        # and Development Neven Mimica"
        # A pull quote's dash ("“…” - Matthew Ingram"); a force's initials before the ranks
        # ("“…,” SAF Brig. Gen. Andrew Lim, commander of …").
        gap = _PULL_QUOTE_DASH.sub("", self.text[span.outer_end : name.start], count=1)
        titles = re.findall(r"[\w’'\-]+", gap)
        while len(titles) > 1 and titles[0].isupper() and len(titles[0]) <= 5:
            titles = titles[1:]
        if len(titles) > 1 and " ".join(titles[:-1]).lower() in COUNTRY_WORDS:
            titles = titles[-1:]  # "South Korean President": a country's word before the title
        if titles and titles[0].lower() not in TITLE_WORDS | ABBREVIATED_TITLES:
            return None
        if any(w.islower() and w not in _TITLE_LINKS for w in titles):
            return None
        after = self.text[name.end : line_end]
        if after.strip()[:1] not in ("", ",") and not _COMMENTING.match(after):
            return None
        return Attribution(
            speaker=name.person,
            unlisted=None if name.person is not None else name.unlisted,
            evidence="named",
            written=name.text,
        )

    def _headline_speaker(self, span: Span) -> Attribution | None:
        """A headline that gives the speaker before a colon: "Marcos: ‘We will act’",
        "Somali President: ‘Delighted’ …", the role bound to the one leader the body names in
        full whose office and country fit."""
        lead = _HEADLINE_SPEAKER.fullmatch(self.text, 0, span.outer_start)
        if lead is None:
            return None
        names = [
            m
            for m in self.m.between(lead.start(1), lead.end(1))
            if m.kind == NAME and m.is_person and m.end == lead.end(1)
        ]
        if names:
            return self._speaker_from(names[-1])
        words = lead.group(1).split()
        role = _canonical_role(words[-1])
        if role not in LEADER_ROLES:
            return None
        qualifiers = _qualifier_set(" ".join(words[:-1]))
        people = self.m.directory.people
        fits = [
            p
            for p in self.m.named_in_full
            if role in people[p].roles and people[p].qualifier in qualifiers
        ]
        if len(fits) != 1:
            return None
        return Attribution(
            speaker=fits[0], evidence="title", reference=lead.group(1), where="in the headline"
        )

    def _opening_quotation(self, span: Span, last: int) -> Attribution | None:
        """A release that opens with its speaker's words, alone in the first paragraph, and
        names them as the next paragraph's subject: "“Reform is the only way.” / President
        Jo Ng on Tuesday urged …, saying …". Only the first paragraph after a short
        headline and date line; the subject must open the paragraph and speak in it."""
        if self.sentences[last].paragraph > 3 or last + 1 >= len(self.sentences):
            return None  # only the first paragraphs: the test below reads all before them
        line_start = self.text.rfind("\n", 0, span.outer_start) + 1
        line_end = self.text.find("\n", span.outer_end)
        line_end = len(self.text) if line_end == -1 else line_end
        if self.text[line_start : span.outer_start].strip() or (
            self.text[span.outer_end : line_end].strip(" \t.")
        ):
            return None
        lines = [line for line in self.text[:line_start].split("\n") if line.strip()]
        if len(lines) > 3 or any(
            len(line.split()) > 15 or any(c in _DOUBLE_MARKS for c in line) for line in lines
        ):
            return None
        following = self.sentences[last + 1]
        if following.paragraph != self.sentences[last].paragraph + 1:
            return None
        verbs = self._verbs(following.start, following.end)
        people = self.m.between(following.start, verbs[0][0]) if verbs else []
        if not people:
            return None
        subject = people[0]
        lead = self.text[following.start : subject.start].split()
        if (
            subject.kind != NAME
            or not subject.is_person
            or not subject.subject_like
            or not all(w.lower().strip(".,") in TITLE_WORDS for w in lead)
        ):
            return None
        found = self._speaker_from(subject)
        if found is not None:
            found.evidence = "subject"
            found.reason = "opens the release; its speaker is the next paragraph's subject"
        return found

    def _statement_heading(self, span: Span) -> Attribution | None:
        """A statement printed under a heading that names its author, its words opening the
        body with no attribution: "Statement by President Barroso on Ukraine" / "“It was with
        shock …”"."""
        heading = _STATEMENT_HEADING.match(self.text)
        if heading is None or "\n" in self.text[heading.end() : span.outer_start].strip():
            return None  # only the quotation that opens the body, right under the heading
        words = heading.group(1).split()
        while words and _canonical_role(words[0]) in TITLE_WORDS | LEADER_ROLES:
            words = words[1:]
        if not words:
            return None
        people = self.m.directory.full_match([normalise_name(w) for w in words]) or (
            self.m.directory.short_match(normalise_name(words[-1])) if len(words) == 1 else set()
        )
        if len(people) == 1:
            return Attribution(speaker=next(iter(people)), evidence="named")
        return Attribution(unlisted=" ".join(words), evidence="named")

    def _named_inside(self, span: Span, found: Attribution) -> bool:
        """Whether the quotation's own words name the person found for it, where that
        makes them its subject rather than its speaker: a fragment of the reporter's
        sentence, or a speaker only inferred (a pronoun, a title, the turn going on). A
        speaker named beside whole sentences may speak of themselves ("go get President
        Trump"), and an editor's bracket ("Susan (Pompeo)") is no one's words."""
        key = _key(found.speaker, found.unlisted)
        if key is None:
            return False
        fragment = self.text[span.start : span.start + 1].islower()
        if not fragment and found.evidence in ("named", "according", "relayed"):
            return False
        return any(
            m.kind == NAME
            and m.in_quote
            and _key(m.person, m.unlisted) == key
            and self.text[max(0, m.start - 1) : m.start] not in ("(", "[")
            # "… for a Happy Easter,\n\nGordon.”": a letter's signature is its writer
            and not (
                not self.text[self.text.rfind("\n", 0, m.start) + 1 : m.start].strip()
                and _SIGNATURE.fullmatch(self.text, m.start, span.parts[-1][1])
            )
            for part_start, part_end in span.parts
            for m in self.m.inside(part_start, part_end)
        )

    def _finish(self, found: Attribution, span: Span, start: int, end: int) -> Attribution:
        if found.relayed_by is None and (found.speaker is not None or found.unlisted):
            found.relayed_by = self._relay_in(start, end)
        key = _key(found.speaker, found.unlisted)
        if key is not None and found.relayed_by is None:
            # "This was stated by Andriy Yermak in an interview with Fox News.": the
            # interview's outlet relays what that person says after it.
            for position, person, outlet in reversed(self._interviews()):
                if person == key and position < span.outer_start:
                    found.relayed_by = outlet
                    break
        if key is not None and found.relayed_by is None and found.evidence in _CARRIED_RELAY:
            # "State media reported that Kim … 'a treasured sword'. But he acknowledged …":
            # the same report goes on until someone else is quoted.
            relay = self._relay_of.get(key)
            if relay and self.history and self.history[-1][1] == key:
                paragraph = self.sentences[self.sentence_index(span.outer_start)].paragraph
                if paragraph - relay[1] <= 3:
                    found.relayed_by = relay[0]
        if key is not None and found.relayed_by:
            paragraph = self.sentences[self.sentence_index(span.outer_start)].paragraph
            self._relay_of[key] = (found.relayed_by, paragraph)
        return found

    def _interviews(self) -> list[tuple[int, tuple, str]]:
        """(offset, person, outlet) of each interview the reporter's text names."""
        if self._interview_list is None:
            self._interview_list = []
            # Tried at every offset: only in an article that says "interview" somewhere.
            named = [*_INTERVIEW.finditer(self.text)] if "nterview" in self.text else []
            if "peaking " in self.text:
                named += _SPEAKING_ON.finditer(self.text)  # "Speaking on al-Masirah TV, X"
            for match in sorted(named, key=lambda found: found.start()):
                sentence = self.sentences[self.sentence_index(match.start())]
                people = [
                    m
                    for m in self.m.between(sentence.start, match.start())
                    if m.kind in (NAME, ROLE, PRONOUN)
                ]
                if not people:
                    # "Interviewed by Fox News, Vice President Dick Cheney elaborated …"
                    people = [
                        m
                        for m in self.m.between(match.end(), sentence.end)
                        if m.kind in (NAME, ROLE, PRONOUN) and m.subject_like
                    ][:1]
                for m in reversed(people):
                    person, unlisted, _ = self.resolve(m)
                    key = _key(person, unlisted)
                    if key is not None:
                        self._interview_list.append((match.start(), key, match.group(1)))
                        break
        return self._interview_list

    def remember(self, span: Span, attribution: Attribution) -> None:
        key = _key(attribution.speaker, attribution.unlisted)
        if attribution.where == _OWN_TURN:
            # Words a speaker recalls saying are often answered by someone else's ("Know
            # what the response was? “For how long?”"): nothing goes on from them.
            key = None
        self.history.append((self.sentence_index(span.outer_start), key, span))
        if key is not None and attribution.written:
            self.written_names[key] = attribution.written

    def _verbs(self, start: int, end: int) -> list[tuple[int, int, str]]:
        verbs = []
        tokens = list(self.m.reporter_tokens(start, end))
        # "state media", "the United States": nouns, not the verb "to state".
        named = [
            (m.start, m.end)
            for m in self.m.between(start, end)
            if m.kind in (INSTITUTION, DOCUMENT, BARE, NAME)
        ]
        for i, (s, e, word) in enumerate(tokens):
            low = word.lower()
            if low not in _VERB_WORDS:
                continue  # most words: none of the tests below applies
            if any(a <= s < b for a, b in named):
                continue
            # A title-case headline capitalises its verbs ("Hasina Expresses …").
            if low in _READ_VERBS and word[0].islower() and self._reads_document(i, tokens):
                verbs.append((s, e, low))  # "…,” read the statement, “…”: the text speaks
            elif low in SPEECH_VERBS and (word[0].islower() or s < self.m.headline_end):
                if (
                    i > 0
                    and tokens[i - 1][2].lower() == "to"
                    and not _OPENS_QUOTATION.fullmatch(self.text, e, end)
                ):
                    # "ordered officials to report on …": no one has spoken yet; but "took to
                    # social media to say:" opens the words that follow.
                    continue
                if [t[2].lower() for t in tokens[i + 1 : i + 3]] == ["to", "have"]:
                    continue  # "the election Maduro claims to have won": not a speech
                if i > 0 and (
                    tokens[i - 1][2].lower() in _DETERMINERS
                    or tokens[i - 1][2].endswith(("’s", "'s"))
                ):
                    continue  # "the legal team's claims", "his comments": nouns
                verbs.append((s, e, low))
            elif low == "according" and i + 1 < len(tokens) and tokens[i + 1][2] == "to":
                verbs.append((s, tokens[i + 1][1], "according to"))
            elif (
                low == "words"
                and 1 < i + 1 < len(tokens)
                and tokens[i + 1][2] == "of"
                and [t[2].lower() for t in tokens[i - 2 : i]] == ["in", "the"]
            ):
                verbs.append((s, tokens[i + 1][1], "according to"))  # "in the words of X"
        return verbs

    @staticmethod
    def _reads_document(i: int, tokens: list) -> bool:
        """ "read the statement", "the letter reads", "reads Judge Miller's statement": a
        document gives its own words."""
        near = tokens[max(0, i - 3) : i] + tokens[i + 1 : i + 5]
        return any(
            (noun := _DOCUMENT_WORD.sub("", word.lower())) in DOCUMENT_NOUNS
            or noun in _MESSAGE_NOUNS  # "reads the message of condolence from …"
            for _, _, word in near
        )

    def _speaker_from(self, mention: Mention, evidence: str | None = None) -> Attribution | None:
        if mention.kind == UNNAMED:
            # As written: the mention's own text is its noun alone ("blogger").
            words = self.text[mention.start : mention.end].lower().split()
            if words[0] == "the" and words[-1] in OCCUPATIONS:
                # "said the coach" after "coach Ida Fenwick": the person so introduced.
                found = self._introduced_as(words[-1], mention.start)
                if found is not None:
                    return found
            if _DEFINITE.match(self.text, mention.start, mention.end) and re.match(
                r"\s+add(?:ed|s)\b", self.text[mention.end : mention.end + 8]
            ):
                # "“…,” said co-author Karen Alley. The Wooster professor added, “…”"
                found = self._adds_to_previous(mention.start)
                if found is not None:
                    return found
            # "a senior official said": someone speaks, and it is no leader.
            return Attribution(evidence="unnamed", reason=f"said by {mention.text.lower()}")
        if mention.kind == INSTITUTION or mention.kind == DOCUMENT:
            label = self._document_label(mention) if mention.kind == DOCUMENT else mention.label
            return Attribution(relayed_by=label, evidence="institution", institution=label)
        person, unlisted, how, naming = self.resolve_naming(mention)
        if person is None and unlisted is None:
            if mention.kind == ROLE and mention.role not in LEADER_ROLES:
                # "the governor said", no governor named: someone speaks, no leader.
                return Attribution(evidence="unnamed", reason=f"said by {mention.text.lower()}")
            return None
        return Attribution(
            speaker=person,
            unlisted=unlisted,
            evidence=evidence or how,
            written=naming.text if naming else None,
            reference=mention.text if mention.kind in (PRONOUN, ROLE) else None,
        )

    def _frame_after(self, start: int, end: int, verb_within: int = 0) -> Attribution | None:
        """`…," Zelensky said` / `…," said Xi` / `…," according to the Kremlin`.

        verb_within: when set, the speech verb must be among that many first words.
        """
        verbs = [v for v in self._verbs(start, end) if v[0] - start <= 90]
        if verb_within and verbs:
            leading = list(self.m.reporter_tokens(start, verbs[0][0]))
            if len(leading) >= verb_within:
                return None
        if not verbs:
            return None
        verb_start, verb_end, verb = verbs[0]
        lead = self.text[start:verb_start]
        if _ends_a_sentence(lead) or "\n" in lead:
            return None
        sender = _DOCUMENT_FROM.match(self.text, verb_end)
        if verb in _READ_VERBS and sender:
            # "“…,” reads the message of condolence from the President of Russia."
            authors = [m for m in self.m.between(sender.end(), end) if m.kind in (NAME, ROLE)]
            if authors and _adjacent(self.text, sender.end(), authors[0].start, allow="the "):
                found = self._speaker_from(authors[0])
                if found is not None:
                    return found
        if verb in ("told", "asked") and _PASSIVE_BEFORE.search(lead):
            # "“Your language is worthless,” they were told": the ones spoken to, no speaker
            return Attribution(evidence="blocked")
        if _CLAUSE_THEN_COMMA.match(lead) and self._opens_subordinate(start):
            # "Although the ministry asked for “restraint” on Monday, Macron called …": the
            # comma closes the clause that holds the quotation; what follows is not its frame.
            return None
        # ", though he also blamed …" starts a new clause rather than attributing; an "and"
        # between two quotations ("“keeping peace” and “lowering tensions,” added the
        # President") does not.
        reporter_words = [w.lower() for _, _, w in self.m.reporter_tokens(start, verb_start)]
        lead_words = set(reporter_words)
        # "…”, as highlights writer David Shook": "as" alone before the verb attributes.
        if (
            lead_words & CLAUSE_OPENERS
            and reporter_words[:1] not in (["and"], ["or"])
            and (reporter_words != ["as"])
        ):
            return None
        if verb == "according to":
            return self._according(verb_end, end)
        if _UNKNOWN_SUBJECT.fullmatch(lead) and not self.m.between(start, verb_start):
            # "…,” the PCO announced", "…,” Malacañang said": a subject the rules do not
            # know speaks; whoever spoke before does not.
            return Attribution(evidence="unnamed", reason=f"said by {lead.strip(' ,')}")
        subjects = [
            m
            for m in self.m.between(start, verb_start)
            # "… and Tomas Brellin of Eastwick calling it": a place after "of" is no subject
            if (m.kind != BARE or _adjacent(self.text, m.end, verb_start) and m.subject_like)
            and not _modifies_a_noun(self.text, m)
        ]
        if subjects:
            subject = subjects[-1]
            if subject.kind in (INSTITUTION, DOCUMENT):
                return self._relayed(subject, verb_end, end) or self._speaker_from(subject)
            found = self._speaker_from(subject)
            if found and subject.kind == PRONOUN and verb in _GOES_ON_VERBS:
                found = self._goes_on(subject, found)
            if found:
                found.speech_verb = True
                return found
        # Inverted: `…," said Xi` / `…," said the prime minister`; never after "told",
        # whose object is the one spoken to (`…," Ford told The Verge`).
        if verb in ADDRESSED_AFTER:
            return None
        after = _named_appositive(
            _owner_skipped(self.m.between(verb_end, min(end, verb_end + 90)), self.text),
            self.text,
        )
        if (
            after
            and (
                _adjacent(self.text, verb_end, after[0].start, allow="the ")
                # "said his father, Abdullah Kurdi": a role the rules do not know, then the name
                or after[0].kind in (NAME, BARE)
                and len(after[0].text.split()) > 1
                and _LOWER_ROLE_APPOSITION.fullmatch(self.text, verb_end, after[0].start)
            )
            and not _judged(verb)
        ):
            subject = after[0]
            if subject.kind in (INSTITUTION, DOCUMENT):
                return self._relayed(subject, subject.end, end) or self._speaker_from(subject)
            found = self._speaker_from(subject)
            if found:
                found.speech_verb = True
                return found
        return self._titled_at_end(verb, verb_end, end)

    def _goes_on(self, pronoun: Mention, found: Attribution) -> Attribution:
        """`“…,” said Lula. / Last week, Rumsfeld criticized …. / “…,” he completed.`: a
        verb of going on has someone already quoted speak again, not the last person named
        who has not been quoted."""
        if not self.history:
            return found
        quoted = {key for _, key, _ in self.history if key is not None}
        last = self.history[-1][1]
        if last is None:
            return found
        found_key = ("d", found.speaker) if found.speaker else ("u", found.unlisted)
        if found_key in quoted:
            return found
        paragraph = self.text.rfind("\n", 0, pronoun.start) + 1
        if any(
            m.subject_like and m.kind in (NAME, ROLE, PRONOUN)
            for m in self.m.between(paragraph, pronoun.start)
            if m.start != pronoun.start
        ):
            # "Regarding arms, he said Canada would provide …. “…,” he added": the paragraph
            # has its own subject, who has been speaking, if only in reported words.
            return found
        last_span = self.history[-1][2]
        # From the end of the last quotation's sentence, past its own attribution.
        since = self.sentences[self.sentence_index(last_span.outer_end - 1)].end
        if any(not _judged(verb) for _, _, verb in self._verbs(since, pronoun.start)):
            # "Mette Frederiksen said that she had visited Borodyanka. … “…,” she added":
            # whoever the pronoun stands for has been speaking since, in reported words; a
            # judgement ("Rumsfeld criticized the purchase") is no turn of speech.
            return found
        female = pronoun.text.lower() in ("she", "her")
        holder = self._mention_of(last, self._people_before(pronoun.start))
        # "she" goes back only to a woman the article says is one, "he" never to one.
        if holder is None or (holder.female is not True if female else holder.female is True):
            return found
        return replace(self._continued(last), evidence="pronoun", reference=pronoun.text)

    def _titled_at_end(self, verb: str, verb_end: int, end: int) -> Attribution | None:
        """`…,” said British High Commissioner to Ghana, Ambassador to Benin, Jane Doe.`:
        an inverted attribution whose titles run to a full name ending the sentence."""
        if verb in ADDRESSED_AFTER or _judged(verb):
            return None
        stop = self._clause_end(verb_end, min(end, verb_end + 160))
        if stop is None:
            return None
        names = [
            m
            for m in self.m.between(verb_end, stop.start())
            if m.kind in (NAME, BARE) and len(m.text.split()) > 1
        ]
        if names and names[-1].end == stop.start():
            name = names[-1]
        else:
            # "…,” said U.S. Ambassador to Sri Lanka, Atul Keshap, at a reception …": the
            # titles run to a full name that a comma parts from the rest of the sentence.
            name = next((m for m in names if self.text.startswith(",", m.end)), None)
            if name is None:
                # "…,” said U.S. Ambassador to India Eric Garcetti during the press
                # conference.": a circumstance after the name, in lower case.
                name = next(
                    (m for m in names if _CIRCUMSTANCE_AFTER_NAME.match(self.text, m.end)),
                    None,
                )
            if name is None:
                return None
        before = self.text[verb_end : name.start]
        words = re.findall(r"(?<![\w\-])[a-z][\w\-]*", before)
        # "…,” added Commissioner for Regional Policy Corina Crețu.": a title opening the
        # run needs no comma before the name ("His Excellency" a title too).
        titled = any(w.lower() in TITLE_WORDS for w in before.split()[:2])
        if not (before.rstrip().endswith(",") or titled) or any(
            w not in _TITLE_LINKS and w not in TITLE_WORDS and w not in OCCUPATIONS for w in words
        ):
            return None
        found = self._speaker_from(name)
        if found:
            found.speech_verb = True
        return found

    def _clause_end(self, start: int, end: int) -> re.Match | None:
        """The first full stop or line end after `start`, an abbreviation's stop left out
        ("said U.S. Ambassador …", "Rear Adm. Dharmendra Wettewa")."""
        for stop in _CLAUSE_END.finditer(self.text, start, end):
            word = re.search(r"([\w.]+)$", self.text[max(start, stop.start() - 12) : stop.start()])
            last = word.group(1).lower() if word else ""
            if stop.group() == "." and (
                last in ABBREVIATIONS or last in ABBREVIATED_TITLES or "." in last or len(last) == 1
            ):
                continue
            return stop
        return None

    def _frame_before(self, start: int, end: int) -> Attribution | None:
        """`Zelenskyy advised, "…` / `KCNA reported Kim as saying that '…` / `according to`."""
        read_out = "read" in self.text[start:end] and _READ_FROM.search(self.text, start, end)
        if read_out:
            # "Nassar Rubaie read a statement from al-Sadr:": the author speaks, the reader
            # relays.
            authors = [
                m
                for m in self.m.between(read_out.end(), end)
                if m.kind in (NAME, BARE) and m.is_person
            ][:1]
            readers = [
                m
                for m in self.m.between(start, read_out.start())
                if m.kind in (NAME, BARE) and m.is_person
            ][-1:]
            relay = readers[0].text.strip() if readers else None
            if authors:
                found = self._speaker_from(replace(authors[0], kind=NAME))
                if found is not None and found.evidence not in ("institution", "unnamed"):
                    found.relayed_by = relay
                    found.speech_verb = True
                    return found
            # "from al-Sadr": a surname with its particle, of someone named in full before
            written = _PARTICLE_SURNAME.match(self.text, read_out.end())
            full = written and self.m.unlisted_surnames.get(normalise_name(written.group()))
            if full:
                return Attribution(
                    unlisted=full, relayed_by=relay, evidence="named", written=written.group()
                )
        # "Trump, who had expressed 'full support'": the relative clause's antecedent.
        people = [m for m in self.m.between(start, end) if m.kind in (NAME, ROLE)]
        if people and _WHO_CLAUSE.match(self.text[people[-1].end : end]):
            found = self._speaker_from(people[-1])
            if found:
                return found
        # A transcript's turn: "Vladimir Putin: “Colleagues, good afternoon. …”".
        if (
            people
            and people[0] is people[-1]
            and not self.text[start : people[0].start].strip(" \n\t-–—•*")
            and re.fullmatch(r"\s*:\s*", self.text[people[0].end : end])
        ):
            found = self._speaker_from(people[0])
            if found:
                found.where = "before the colon that opens it"
                return found
        verbs = self._verbs(start, end)
        for verb_start, verb_end, verb in reversed(verbs):
            aside = ", as " in self.text[max(start, verb_start - 70) : verb_start] and (
                _AS_CLAUSE_BEFORE.search(self.text, max(start, verb_start - 70), verb_start)
            )
            if aside and not any(
                m.kind in (NAME, ROLE, PRONOUN) for m in self.m.between(aside.start(), verb_start)
            ):
                # "Zelenska stressed that …, as some politicians suggest: “…”": the verb of
                # an aside with no one named, not of the sentence ("as President Lincoln
                # noted, “…”" is his).
                continue
            # "drafted by Alex Greenwich who said on the floor, “…”": the "who" is the speaker.
            named = [
                m
                for m in self.m.between(start, verb_start)
                if m.kind in (NAME, BARE) and m.is_person and " " in m.text.strip()
            ]
            for person in reversed(named[-2:]):
                # "Mark Hay, a biologist and Regents Professor at GT, who said": the name
                # before the appositive when a capitalised title inside it is no one;
                # "Pierre Moscovici, Commissioner for Economic and Financial Affairs, Taxation
                # and Customs, said": the portfolio's capitals are no one either.
                if _WHO_BEFORE_VERB.fullmatch(
                    self.text[person.end : verb_start]
                ) or _titled_appositive(self.text[person.end : verb_start]):
                    found = self._speaker_from(replace(person, kind=NAME))
                    if found:
                        found.speech_verb = True
                        return found
            # "he was told by Emergencies Minister Yevgeny Zinichev there were “…”": the
            # agent of a passive speech verb speaks.
            if verb in ("told", "informed", "assured", "warned") and self.text[
                max(start, verb_start - 6) : verb_start
            ].rstrip().endswith(("was", "were", "been")):
                agent = [
                    m
                    for m in self.m.between(verb_end, end)
                    if m.kind in (NAME, BARE, ROLE) and m.is_person or m.kind == ROLE
                ]
                if agent and self.text[verb_end : agent[0].start].strip().lower().startswith("by"):
                    found = self._speaker_from(
                        replace(agent[0], kind=NAME) if agent[0].kind == BARE else agent[0]
                    )
                    if found:
                        found.speech_verb = True
                        return found
            if (
                verb == "said"
                and _SAID_TO_BE.match(self.text, verb_end)
                and _PASSIVE_BEFORE.search(self.text, max(start, verb_start - 7), verb_start)
            ):
                # "Trump was said to be suffering “minor symptoms”": whoever said it is unnamed.
                return Attribution(evidence="blocked")
            if _judged(verb) and _PASSIVE_BEFORE.search(
                self.text, max(start, verb_start - 7), verb_start
            ):
                # "X was described by the council as “…”": the one described does not speak;
                # a person named as the agent does, anyone else is no one to guess.
                agent = [m for m in self.m.between(verb_end, end) if m.kind in (NAME, ROLE)]
                if agent and _BY_AGENT.fullmatch(self.text, verb_end, agent[0].start):
                    found = self._speaker_from(agent[0])
                    if found and found.evidence != "institution":
                        found.speech_verb = True
                        return found
                return Attribution(evidence="blocked")
            if verb == "according to":
                found = self._according(verb_end, end)
                if found:
                    return found
                continue
            before = [
                m
                for m in self.m.between(start, verb_start)
                if not _modifies_a_noun(self.text, m)
                and (
                    m.subject_like
                    # "with Zinichev describing the “real threat”": the subject of a
                    # participle after "with".
                    or (
                        self.m.previous_word(m.start) == "with"
                        # "…, with A calling it “x” and B calling it “y”"
                        or self.m.previous_word(m.start) == "and"
                        and verb.endswith("ing")
                        and ", with " in self.text[start : m.start]
                    )
                    and (
                        _adjacent(self.text, m.end, verb_start)
                        # "with Ida Fenwick of Dunmoor calling it …": where she is from
                        or _OF_PLACE.fullmatch(self.text, m.end, verb_start) is not None
                    )
                )
                and (
                    m.kind != BARE
                    or _adjacent(self.text, m.end, verb_start)
                    or " " in m.text.strip()
                    and _OF_PLACE.fullmatch(self.text, m.end, verb_start) is not None
                    # "Regina Ip from the pro-Beijing camp said": a full name opening the
                    # clause is its subject.
                    or " " in m.text.strip()
                    and m is self.m.between(start, verb_start)[0]
                    and (
                        not re.search(r"[,;:]", self.text[m.end : verb_start])
                        # "Elena Kubitzki from Germany, who attended the event, said"
                        or _FROM_PLACE_WHO.fullmatch(self.text, m.end, verb_start) is not None
                    )
                )
            ]
            if before:
                subject = before[-1]
                # "Sanders shared …, pointing out he had fewer delegates than Joe Biden,
                # saying “…”": a participle after a comma belongs to the main clause.
                if verb.endswith("ing") and self.text[start:verb_start].rstrip().endswith(","):
                    main = [
                        m
                        for m in before
                        if m.kind in (NAME, ROLE, PRONOUN) or m.kind == BARE and " " in m.text
                    ]
                    if main:
                        subject = main[0]
                # "The U.S. government, which has been pressuring Maduro to step down,
                # expressed …": the subject stands before the relative clause.
                clause = _RELATIVE_CLAUSE.search(self.text, start, verb_start)
                if clause and self.text[start:verb_start].rstrip().endswith(","):
                    outer = [m for m in before if m.end <= clause.start()]
                    if outer:
                        subject = outer[-1]
                between = {
                    w.lower() for w in re.findall(r"\w+", self.text[subject.end : verb_start])
                }
                if _country_before(self.text, subject.end, verb_start):
                    # "… minutes after North Korea announced a test of “several kilotons.”":
                    # the verb's subject is a country, which is no one to name.
                    return Attribution(evidence="blocked")
                if between & _OTHER_SUBJECT:
                    # "which critics have called 'a tax'": the verb has a subject of its own.
                    return Attribution(evidence="blocked")
                if "that" in between:
                    continue  # "Modi warned that India would respond to …": an inner verb
                if subject.kind in (INSTITUTION, DOCUMENT):
                    if _judged(verb) and self._object_of(verb_end, end):
                        # "The State Department described X as an “emerging” figure": the
                        # one described is not relayed.
                        return self._speaker_from(subject)
                    return self._relayed(subject, verb_end, end) or self._speaker_from(subject)
                found = self._speaker_from(subject)
                if found:
                    found.speech_verb = True
                    return found
            after = _named_appositive(_owner_skipped(self.m.between(verb_end, end)), self.text)
            if (
                after
                and _adjacent(self.text, verb_end, after[0].start, allow="the ")
                and not _judged(verb)
                # "A guest told Yomiuri: “…”": the one told listens.
                and verb not in ADDRESSED_AFTER
            ):
                if _adjacent(self.text, after[0].end, end) and _THIRD_PERSON_VERB.match(
                    self.text, end + 1
                ):
                    # "It said Biden “stressed his commitment …”": the statement's words
                    # about him, not his.
                    return Attribution(evidence="blocked")
                found = self._speaker_from(after[0])
                if found:
                    found.speech_verb = True
                    return found
        return None

    def _object_of(self, verb_end: int, end: int) -> bool:
        """Whether a person is named right after the verb, as its object ("described
        Hamza bin Laden as …")."""
        after = [m for m in self.m.between(verb_end, end) if m.kind in (NAME, ROLE, PRONOUN)]
        return bool(after) and _adjacent(self.text, verb_end, after[0].start, allow="the ")

    def _speech_owner(self, start: int, end: int) -> Attribution | None:
        """`Here are excerpts from the secretary's speech:`, `The palace issued the
        following statement from the king:`: whose speech or statement the colon opens."""
        for m in self.m.between(start, end):
            if m.kind == BARE and m.is_person and " " in m.text.strip():
                m = replace(m, kind=NAME)  # "a letter from Tomas Brellin": a full name
            if m.kind not in (NAME, ROLE, PRONOUN):
                continue
            after = self.text[m.end : m.end + 30]
            if m.possessive or after.startswith(("’s ", "'s ")):
                following = after.lower().lstrip("’'s").split()[:2]
                owned = any(w.strip(",:") in SPEECH_NOUNS for w in following)
            else:
                before = self.text[max(start, m.start - 40) : m.start].lower().split()
                owned = (
                    len(before) >= 2
                    and before[-1] in ("from", "by", "of")
                    or len(before) >= 3
                    and before[-1] == "the"
                    and before[-2] in ("from", "by", "of")
                ) and any(w.strip(",") in SPEECH_NOUNS for w in before[-4:])
            # "Commissioner Piebalgs made the following statement today:": the subject's own
            owned = owned or (
                m.subject_like and _MAKES_A_STATEMENT.match(self.text, m.end, end) is not None
            )
            if owned:
                found = self._speaker_from(m)
                if found and found.evidence not in ("institution", "unnamed"):
                    found.evidence = "subject"
                    return found
        return None

    def _label_of(self, start: int, end: int) -> Attribution | None:
        """A paragraph that is only titles and a name before a colon, as releases set the
        speaker over their words: `Commissioner for Crisis Management, Hadja Lahbib:`."""
        line = self.text[start:end].strip()
        if not line.endswith(":") or "\n" in line or self._verbs(start, end):
            return None
        people = [m for m in self.m.between(start, end) if m.kind in (NAME, BARE)]
        if not people or " " not in people[-1].text.strip():
            return None
        name = people[-1]
        if self.text[name.end : end].strip() != ":":
            return None
        titles = re.findall(r"[\w’'\-]+", self.text[start : name.start])
        if any(w.islower() and w not in _TITLE_LINKS for w in titles) or (
            titles and titles[0].lower() not in TITLE_WORDS | ABBREVIATED_TITLES
        ):
            return None
        return self._speaker_from(replace(name, kind=NAME))

    def _according(self, start: int, end: int) -> Attribution | None:
        after = self.m.between(start, min(end, start + 60))
        if not after:
            return None
        found = self._speaker_from(after[0], "according")
        if found and found.evidence == "institution":
            return self._relayed(after[0], after[0].end, end) or found
        return found

    def _relayed(self, institution: Mention, start: int, end: int) -> Attribution | None:
        """`the Kremlin said Putin …` / `KCNA quoted Kim as saying …`: the person after."""
        for m in self.m.between(start, end):
            if m.kind in (NAME, PRONOUN, ROLE) and m.possessive and not self._owns_speech(m):
                # "a statement released by Erdogan's office", "the prime minister's office
                # intends to appeal": the office speaks, not its owner.
                return None
            if m.kind in (NAME, PRONOUN, ROLE) and m.kind != BARE:
                if _adjacent(self.text, m.end, end) and _THIRD_PERSON_VERB.match(
                    self.text, end + 1
                ):
                    # "The Foreign Ministry said Xi 'appreciates the choice …'": the
                    # ministry's words about him, not his.
                    return Attribution(evidence="blocked")
                person, unlisted, _, naming = self.resolve_naming(m)
                if person is not None or unlisted:
                    label = (
                        self._document_label(institution)
                        if institution.kind == DOCUMENT
                        else institution.label
                    )
                    return Attribution(
                        speaker=person,
                        unlisted=unlisted,
                        relayed_by=label,
                        evidence="relayed",
                        speech_verb=True,
                        written=naming.text if naming else None,
                    )
        return None

    def _participle_subject(self, start: int, span: Span, end: int) -> Attribution | None:
        """`Calling Poland a “model ally,” Hegseth commended …`, `Saying “…”, President
        Fernández …`: a sentence opening with a speech participle; its subject, after the
        phrase, said the words."""
        tokens = list(self.m.reporter_tokens(start, span.outer_start))
        if not tokens or tokens[0][2].lower() not in PARTICIPLES or not tokens[0][2][0].isupper():
            return None
        for m in self.m.between(span.outer_end, end):
            if m.kind in (NAME, ROLE, PRONOUN, BARE) and m.subject_like:
                found = self._speaker_from(replace(m, kind=NAME) if m.kind == BARE else m)
                if found:
                    found.speech_verb = True
                return found
            if m.kind in (UNNAMED, INSTITUTION):
                return self._speaker_from(m)
        return None

    def _verb_first(self, start: int, span: Span) -> Attribution | None:
        """`Remarked Center for Biological Diversity scientist Tierra Curry, “…”`: a
        sentence opening with its speech verb has its speaker after it."""
        tokens = list(self.m.reporter_tokens(start, span.outer_start))
        if len(tokens) < 2:
            return None
        verb = tokens[0][2]
        if not verb[0].isupper() or verb.lower() not in SPEECH_VERBS or verb.endswith("ing"):
            return None
        for m in self.m.between(tokens[0][1], span.outer_start):
            if not m.subject_like:
                continue
            if m.kind == BARE and " " in m.text.strip():
                m = replace(m, kind=NAME)
            if m.kind in (NAME, ROLE, UNNAMED):
                found = self._speaker_from(m)
                if found:
                    found.speech_verb = True
                return found
        return None

    def _sentence_subject(self, start: int, end: int) -> Attribution | None:
        """A fragment in the reporter's sentence: its subject, if a person (or institution)."""
        clause = start
        if self._opens_subordinate(start, end):
            # "After Finance Minister Jo Ng failed …, the prime minister apologised for “…”":
            # the subject of the main clause, past the comma that closes the subordinate one.
            comma = self.text.find(",", start, end)
            if comma != -1:
                clause = comma + 1
        for m in self.m.between(clause, end):
            if self._owns_speech(m) and m.kind == NAME:
                # "President Putin's announcement … as “independent”": his words.
                found = self._speaker_from(m)
                if found:
                    found.evidence = "subject"
                    return found
            if (
                m.kind == BARE
                and " " in m.text.strip()
                and m is self.m.between(start, end)[0]
                and self.text[start:end].rstrip().endswith(":")
            ):
                # "Jo Anne Val Tilburg of the University of X disagreed with these
                # findings: “…”": the full name opening the clause the colon ends.
                m = replace(m, kind=NAME)
            if not m.subject_like or m.kind == BARE:
                continue
            if m.kind == ROLE:
                # "The new governor of the region, Alexander Moor, … offered: “…”"
                following = self.m.between(m.end, end)[:1]
                if (
                    following
                    and following[0].kind == NAME
                    and following[0].is_person
                    and _ROLE_APPOSITIVE.fullmatch(self.text, m.end, following[0].start)
                ):
                    m = following[0]
            previous = _VERB_BEFORE.search(self.text, max(start, m.start - 40), m.start)
            verb = previous.group(1) if previous else ""
            if verb in SPEECH_VERBS or verb in STANCE_VERBS or _judged(verb):
                # "The campaign criticized …, accusing the president of “not wanting …”":
                # past the verb, the one talked about; the subject was no one the rules know.
                return None
            if m.kind in (INSTITUTION,):
                return self._speaker_from(m)
            if m.kind in (NAME, PRONOUN, ROLE):
                found = self._speaker_from(m)
                if found:
                    found.evidence = "subject"
                    following = self.text[m.end : m.end + 40].split()
                    found.stance_verb = any(
                        w.strip(",").lower() in STANCE_VERBS for w in following[:3]
                    )
                    return found
        return None

    def _role_noun_speaker(self, start: int, quote: int, end: int) -> Attribution | None:
        """`The actress recalled …`, `“…,” said the coach`: an occupation the rules do not
        list as a role, speaking, stands for the person the article introduced with it
        ("Actress Denise Crosby", "coach Ida Fenwick"). Only people the directory lacks: a
        leader is never found this way."""
        before = self.text[start:quote]
        match = _ROLE_NOUN_SPEAKS.search(before)
        if match is None or not any(
            w.lower() in SPEECH_VERBS for w in re.findall(r"[A-Za-z]+", match.group(2))[:2]
        ):
            match = _SPEAKS_ROLE_NOUN.match(self.text, self._after_quote(quote, end), end)
            if match is None or match.group(1).lower() not in SPEECH_VERBS:
                return None
            noun = match.group(2).lower()
        else:
            noun = match.group(1).lower()
        return self._introduced_as(noun, start)

    def _adds_to_previous(self, start: int) -> Attribution | None:
        """`“…,” said study co-author Karen Alley. The Wooster professor added, “…”`: an
        occupation that adds to the quotation just before, in its paragraph, is its speaker
        (only people the directory lacks)."""
        if not self.history:
            return None
        previous_sentence, key, previous_span = self.history[-1]
        here = self.sentence_index(start)
        if (
            key is None
            or key[0] != "u"
            or self.sentences[previous_sentence].paragraph != self.sentences[here].paragraph
            or here - previous_sentence > 1
        ):
            return None
        others = [
            m
            for m in self.m.between(previous_span.outer_end, start)
            if m.kind in (NAME, BARE, UNNAMED) and _key(m.person, m.unlisted) != key
        ]
        return None if others else self._continued(key)

    def _introduced_as(self, noun: str, pos: int) -> Attribution | None:
        """The last person the directory lacks whom the article introduced, before pos, with
        that occupation written before the name ("Actress Denise Crosby")."""
        people = [
            m
            for m in self.m.reporter_mentions
            if m.start < pos and m.kind in (NAME, BARE) and m.person is None and m.unlisted
        ]
        introduced = re.compile(r"\b" + re.escape(noun) + r"\s+$", re.IGNORECASE)
        candidates = [
            p for p in people if introduced.search(self.text, max(0, p.start - 30), p.start)
        ]
        if not candidates:
            return None
        chosen = candidates[-1]
        return Attribution(
            unlisted=chosen.unlisted,
            evidence="title",
            written=chosen.text,
            reference=f"the {noun}",
        )

    def _document_author(self, start: int, quote: int, sentence: int) -> Attribution | None:
        """`The decree signed by the Pope read “…”`; `X sent his greetings … The message
        reads, in part: “…”`: a document's words are its author's, named as the agent
        after the document or as the one who sent it in the sentence before."""
        match = _DOCUMENT_READS.search(self.text, start, quote)
        if match is None and sentence > 0 and not self.text[start:quote].strip():
            previous = self.sentences[sentence - 1]
            if self.text[previous.start : previous.end].rstrip().endswith(":"):
                match = _DOCUMENT_READS.search(self.text, previous.start, previous.end)
                sentence -= 1
        if match is None:
            return None
        if match.group("agent"):
            agents = [
                m
                for m in self.m.between(match.start("agent"), match.end("agent"))
                if m.kind in (NAME, ROLE)
            ]
            return self._speaker_from(agents[0]) if agents else None
        if sentence == 0:
            return None
        sender = self.sentences[sentence - 1]
        if sentence > 1 and _DATE_LINE.fullmatch(self.text, sender.start, sender.end):
            sender = self.sentences[sentence - 2]  # "… offered condolences … / April 18, 2022"
        first = self.m.between(sender.start, sender.end)[:1]
        if (
            first
            # "Dmitry Medvedev sent his condolences": a full name the rules had not seen act;
            # "The President of Russia also sent a message": a title
            and (
                first[0].kind == NAME
                and first[0].is_person
                or first[0].kind == BARE
                and " " in first[0].text
                and first[0].is_person
                or first[0].kind == ROLE
            )
            and _SENDS.match(self.text, first[0].end)
        ):
            return self._speaker_from(first[0])
        return None

    def _turn_holder(self, start: int, quote: int) -> Attribution | None:
        """In a transcript, `THE PRESIDENT:  … I turned to him and said, “…”`: words the
        speaker of the turn says he said are his."""
        if not _FIRST_PERSON.search(self.text, start, quote):
            return None
        if self._labels is None:
            self._labels = [(m.start(), m.group(1)) for m in _TURN_LABEL.finditer(self.text)]
        index = bisect_left([p for p, _ in self._labels], quote) - 1
        # Before any turn label, a transcript of one person's remarks is theirs: the page
        # opens in the middle of their turn ("Remarks by President X" / "… I say, “…”").
        label = self._labels[index][1].split() if index >= 0 else ["", "_OPENING"]
        if label[-1] in ("Q", "QUESTION"):
            return None
        people = [m for m in self.m.reporter_mentions if m.kind == NAME and m.is_person]
        if label[-1] in _TURN_TITLES or index < 0:
            # "THE PRESIDENT": the one the headline names ("Remarks by President Biden")
            headline = _REMARKS_BY.match(self.text, 0, self.m.headline_end)
            if headline is None or (
                index >= 0 and headline.group(1).split()[-1].upper() != label[-1]
            ):
                return None
            found = self.m.directory.short_match(normalise_name(headline.group(2)))
            if len(found) != 1:
                return None
            return Attribution(
                speaker=next(iter(found)),
                evidence="title",
                written=headline.group(2),
                where=_OWN_TURN,
            )
        surname = label[-1].casefold()
        for m in people:
            if m.text.split()[-1].casefold() == surname:
                found = self._speaker_from(m)
                if found is not None:
                    found.where = _OWN_TURN
                return found
        return None

    def _after_quote(self, quote: int, end: int) -> int:
        if self._closing_marks is None:
            # The closing mark of the quotation opening at each offset, the first one listed.
            self._closing_marks = {}
            for sp in self._spans:
                self._closing_marks.setdefault(sp.outer_start, sp.outer_end)
        return self._closing_marks.get(quote, end)

    def _continuation(self, span: Span, sentence: int) -> Attribution | None:
        paragraph = self.sentences[sentence].paragraph
        if not self.history:
            return self._paragraph_speaker(sentence, paragraph - 1)
        _, key, previous_span = self.history[-1]
        # Where the previous quotation ends: one quoted over several paragraphs ends after
        # the one it opened in.
        previous_paragraph = self.sentences[
            self.sentence_index(previous_span.outer_end - 1)
        ].paragraph
        if paragraph - previous_paragraph > 1:
            # The paragraphs between, not the previous quotation's own attribution.
            gap_start = self.text.find("\n", previous_span.outer_end)
            people_between = [
                m
                for m in self.m.between(gap_start, span.outer_start)
                if m.kind in (NAME, ROLE, UNNAMED, PRONOUN, BARE)
            ]
            if (
                key is not None
                and not any(self._acts(m) for m in people_between)
                and paragraph - previous_paragraph <= 3
            ):
                # A paragraph of the reporter's in which no one acts does not end the turn,
                # even where it names someone in passing ("securing Phillip's release") or
                # has officials at work who say nothing ("agencies have been working").
                return self._continued(key)
            if key is not None and paragraph - previous_paragraph == 2:
                # "“…,” Langley said. / On Wednesday, the general flew to X and met Y. /
                # “…”": a paragraph whose subject is the speaker, by name or title, goes on
                # with their turn.
                first = next((m for m in people_between if m.subject_like), None)
                if first is not None and (
                    first.kind == NAME
                    and first.is_person
                    and _key(first.person, first.unlisted) == key
                    or first.kind == ROLE
                    and self._role_key(first) == key
                ):
                    return self._continued(key)
            # No quotation just before: the person the previous paragraph has speaking.
            return self._paragraph_speaker(sentence, paragraph - 1)
        if key is None:
            # The quotation before was no one's ("The ministry notes, “…”"): "Heald noted
            # the findings show …. “…”", the one who speaks just before it in its paragraph.
            return self._paragraph_speaker(sentence, paragraph)
        # Reporter's words naming someone else between the two quotations end the turn.
        between = self.m.between(previous_span.outer_end, span.outer_start)
        others = [
            m
            for m in between
            if m.subject_like
            and not self._employer(m)
            and (
                m.kind == NAME
                and _key(m.person, m.unlisted) != key
                or m.kind == UNNAMED
                and self._speaks_next(m)  # "Analysts said …", not "a crowd of participants"
                # "the Argentine president answered": a role someone else holds, or no one
                # the rules know of.
                or m.kind == ROLE
                and self._role_key(m) != key
            )
        ]
        if others:
            # "X issued a statement on …. “…”": the one who speaks in the sentence just
            # before it, in its own paragraph.
            return self._paragraph_speaker(sentence, paragraph)
        return self._continued(key)

    def _acts(self, mention: Mention) -> bool:
        """Whether a mention in the reporter's paragraph is someone doing something: a
        subject ("Mr Peters met …"), officials who speak ("Analysts said"), the owner of the
        subject opening a sentence ("Phillip’s mother has written"); not a name in passing
        ("securing Phillip’s release") nor officials at work ("agencies have been working")."""
        if mention.subject_like:
            return mention.kind != UNNAMED or self._speaks_next(mention)
        if not mention.possessive:
            return False
        sentence = self.sentences[self.sentence_index(mention.start)]
        return not self.text[sentence.start : mention.start].strip()

    def _employer(self, mention: Mention) -> bool:
        """`SpaceX founder Elon Musk`: a name that only qualifies the person named next."""
        following = self.m.between(mention.end, mention.end + 40)
        return bool(
            following
            and following[0].kind == NAME
            and following[0].is_person
            and _EMPLOYER_GAP.fullmatch(self.text, mention.end, following[0].start) is not None
        )

    def _role_key(self, mention: Mention) -> tuple | None:
        holder = self._role_holder(mention)
        return _key(holder.person, holder.unlisted) if holder is not None else None

    def _continued(self, key: tuple) -> Attribution:
        kind, value = key
        return Attribution(
            speaker=value if kind == "d" else None,
            unlisted=value if kind == "u" else None,
            evidence="continuation",
            written=self.written_names.get(key),
        )

    def _paragraph_speaker(self, sentence: int, paragraph: int) -> Attribution | None:
        """'Hasina alleged that … conspiracy.' then a paragraph of quotation alone: the
        last sentence before it, in its own paragraph or the one before, whose subject
        speaks (a speech verb after it: "…, Austin said. “Our partnership …”")."""
        index = sentence - 1
        while index >= 0 and self.sentences[index].paragraph >= paragraph:
            found = self._speaking_subject(self.sentences[index])
            if found is not None:
                return found
            if any(
                m.kind == NAME and m.is_person
                for m in self.m.between(self.sentences[index].start, self.sentences[index].end)
            ):
                return None  # someone else is named last: do not guess
            index -= 1
        return None

    def _speaking_subject(self, sentence: Sentence) -> Attribution | None:
        verbs = self._verbs(sentence.start, sentence.end)
        if not verbs:
            # "Volodymyr Zelenskyy thanked Kiril Petkov for …. “Our state now needs …”": who
            # thanks goes on to speak (not a speech verb elsewhere: "X thanked Y. “…,” the
            # White House said" is the White House's).
            thanked = self._alone and _THANKED.search(self.text, sentence.start, sentence.end)
            if not thanked:
                return None
            verbs = [(thanked.start(), thanked.end(), thanked.group().split()[0])]
        if verbs[0][2] == "according to" and not self.text[sentence.start : verbs[0][0]].strip():
            # "According to Minister Pekka Haavisto, Africa has changed. “…”": the one the
            # sentence's words are according to
            named = [
                m for m in self.m.between(verbs[0][1], sentence.end) if m.kind in (NAME, ROLE)
            ][:1]
            if named and "," not in self.text[verbs[0][1] : named[0].start]:
                found = self._speaker_from(named[0])
                if found is not None and found.evidence not in ("institution", "unnamed"):
                    found.evidence = "continuation"
                    return found
            return None
        clause = sentence.start
        if self._opens_subordinate(sentence.start, verbs[0][0]):
            # "As he finished his remarks, Mr. Herman Van Rompuy … presented a haiku that he
            # had written": the main clause's subject, past the comma closing the other.
            comma = self.text.find(",", sentence.start, verbs[0][0])
            if comma != -1:
                clause = comma + 1
        for i, m in enumerate(self.m.between(clause, verbs[0][0])):
            if (
                i == 0
                and m.kind == BARE
                and " " in m.text.strip()
                and not self.text[clause : m.start].strip(" ,")
            ):
                # "John Rhys-Davies broke news when he revealed …": a full name opening the
                # sentence is its subject.
                m = replace(m, kind=NAME)
            if not m.subject_like or m.kind not in (NAME, ROLE, PRONOUN):
                continue
            if self.text.rfind("(", sentence.start, m.start) > self.text.rfind(
                ")", sentence.start, m.start
            ):
                continue  # "Jenn St-Onge (Nancy Drew, Jem and the Misfits) told": her works
            person, unlisted, _, naming = self.resolve_naming(m)
            if person is None and unlisted is None:
                return None
            return Attribution(
                speaker=person,
                unlisted=unlisted,
                evidence="continuation",
                written=naming.text if naming else None,
                reason="continues the speaker of the paragraph before",
            )
        return None

    def sentence_relay(self, start: int, end: int) -> str | None:
        """A relay the reporter names anywhere in the quotation's sentence(s), quotations
        themselves left out: "told NTV", "via KCNA", "on Bonesha FM radio"."""
        if self._reporter_text is None:
            # The article with its quotations blanked out, made once.
            pieces, previous = [], 0
            for quote_start, quote_end in self.m.quote_ranges:
                pieces.append(self.text[previous:quote_start])
                pieces.append(" " * (quote_end - quote_start))
                previous = quote_end
            pieces.append(self.text[previous:])
            self._reporter_text = "".join(pieces)
        if (start, end) not in self._sentence_relays:
            self._sentence_relays[start, end] = self._find_sentence_relay(start, end)
        return self._sentence_relays[start, end]

    def _find_sentence_relay(self, start: int, end: int) -> str | None:
        reporter = self._reporter_text[start:end]
        for pattern in _SENTENCE_RELAYS:
            if not any(word in reporter for word in _SENTENCE_RELAY_WORDS[pattern]):
                continue
            for match in pattern.finditer(reporter):
                label = match.group(1).strip()
                if label.split()[0].lower() not in _PLATFORMS:
                    return label  # a platform ("via Twitter") is a channel, not a relay
        for relay_start, relay_end, label in self._outlet_relays():
            if relay_start >= start and relay_end <= end:
                return label
        return None

    def relay_before(self, span: Span, attribution: Attribution) -> str | None:
        """`…, Tomas Brellin told The Dunmoor Post. “…”`: a quotation that goes on with the
        speaker of the sentence before takes the outlet that sentence names beside them."""
        key = _key(attribution.speaker, attribution.unlisted)
        index = self.sentence_index(span.outer_start)
        if key is None or attribution.evidence != "continuation" or index == 0:
            return None
        previous = self.sentences[index - 1]
        if self.sentences[index].paragraph - previous.paragraph > 1:
            return None
        named = any(
            _key(m.person, m.unlisted) == key
            for m in self.m.between(previous.start, previous.end)
            if m.kind == NAME
        ) or any(i == index - 1 and k == key for i, k, _ in self.history)
        return self.sentence_relay(previous.start, previous.end) if named else None

    def _outlet_relays(self) -> list[tuple[int, int, str]]:
        """(start, end, outlet) of each outlet the reporter's text names beside a speech,
        found once over the whole article: "Politico quoted … as saying" first, then each
        cue ("told The Atlantic"), in order."""
        if self._outlet_list is None:
            reporter = self._reporter_text
            quoting, cues = [], []
            if " as saying" in reporter or " as telling" in reporter:
                for match in _QUOTED_AS_SAYING.finditer(reporter):
                    window = reporter[max(0, match.start() - 60) : match.start()]
                    outlet = _OUTLET_BEFORE.search(window)
                    words = outlet.group(1).split() if outlet else []
                    while words and words[0].lower() in _NOT_OUTLET_OPENERS:
                        words = words[1:]  # "On Monday Politico quoted …"
                    if words and words[0].lower() not in _PLATFORMS:
                        start = match.start() - len(window) + outlet.start(1)
                        quoting.append((start, match.end(), " ".join(words)))
            staff = _MEDIA_STAFF | UNNAMED_SPEAKERS
            for match in _media_cues(reporter):
                if match.group(1) == "for" and not match.group(2):
                    continue  # "director of news for AFP": an employer, unless "for news agency"
                following = reporter[match.end() : match.end() + 30].split()[:1]
                if following and following[0].lower().strip(",") in staff:
                    continue
                preceding = reporter[max(0, match.start() - 20) : match.start()].split()[-1:]
                if preceding and preceding[0].lower() in _MEDIA_STAFF | {"contributor"}:
                    continue  # "a contributor to Slate wrote": her employer, not a relay
                start = match.start(3)
                label = _outlet(match.group(2), match.group(3), reporter[max(0, start - 4) : start])
                if label and label.split()[0].lower() not in _PLATFORMS:
                    cues.append((match.start(), match.end(), label))
            self._outlet_list = quoting + cues
        return self._outlet_list

    def _relay_in(self, start: int, end: int) -> str | None:
        """An institution or document relaying the words, named before the quotation."""
        for m in self.m.between(start, end):
            if m.kind == DOCUMENT:
                return self._document_label(m)
            if m.kind == INSTITUTION:
                # "was quoted by TASS", "told Reuters", "in an interview with Xinhua",
                # "in a statement carried by KCNA".
                before = self.text[max(start, m.start - 30) : m.start].lower().split()
                if before and (
                    before[-1] == "by"
                    or m.label in NEWS_AGENCIES
                    and before[-1] in ("told", "with", "to", "tells")
                ):
                    return m.label
                following = self.text[m.end : m.end + 40].lower().split()
                if following and following[0].strip(",") in {
                    "reported",
                    "quoted",
                    "cited",
                    "said",
                    "says",
                    "carried",
                    "published",
                    "released",
                    "stated",
                }:
                    return m.label
        return None

    def _document_label(self, document: Mention) -> str:
        """'a Kremlin statement' -> 'Kremlin statement'; 'the report' -> who issued it."""
        noun = document.role or "statement"
        if document.label:
            return document.label if document.label in NEWS_AGENCIES else f"{document.label} {noun}"
        institutions = [
            m for m in self.m.before(document.start) if m.kind == INSTITUTION and m.label
        ]
        if institutions and document.start - institutions[-1].start < 800:
            label = institutions[-1].label
            return label if label in NEWS_AGENCIES else f"{label} {noun}"
        return noun


_STOP = re.compile(r"([\w.]*)[.!?;]\s")


_DEFINITE = re.compile(r"[Tt]he\s+(?:[A-Z][\w\-]*\s+){0,2}[a-z\-]+$")
_CLAUSE_END = re.compile(r"\.(?=\s|$)|\n")
# Lower-case words inside a run of titles: "High Commissioner to Ghana, Ambassador to Benin".
_TITLE_LINKS = frozenset({"to", "of", "and", "for", "the", "s", "in", "on", "at"})

_RELATIVES = frozenset(
    "wife husband son daughter mother father brother sister lawyer attorney aide aides "
    "spokesman spokeswoman spokesperson adviser advisor friend partner widow".split()
)


def _modifies_a_noun(text: str, mention: Mention) -> bool:
    """ "a longtime Macron critic", "an Erdogan ally": a name after "a" or "an" and before a
    lower-case noun qualifies that noun; the person named is not the one speaking."""
    if mention.kind not in (NAME, BARE):
        return False
    return (
        _INDEFINITE_BEFORE.search(text, max(0, mention.start - 40), mention.start) is not None
        and re.match(r"[ \t]+[a-z]", text[mention.end : mention.end + 2]) is not None
    )


def _ends_a_sentence(lead: str) -> bool:
    """Whether a full stop in the text ends a sentence ("Jr. said", "U.S. said" do not)."""
    for match in _STOP.finditer(lead):
        word = match.group(1).lower().rstrip(".")
        if match.group().rstrip()[-1] != "." or not (
            word in ABBREVIATIONS or word in ABBREVIATED_TITLES or len(word) <= 1 or "." in word
        ):
            return True
    return False


def _named_appositive(mentions: list[Mention], text: str) -> list[Mention]:
    """`said the Minister of Foreign Affairs, the Honorable Milner Tozaka`: the name in
    apposition to a role speaks (kept at the role's offset, adjacent to the verb)."""
    if len(mentions) > 1 and mentions[0].kind in (ROLE, UNNAMED):
        named = mentions[1]
        between = text[mentions[0].end : named.start]
        if named.kind == NAME and named.is_person and between.startswith(",") and len(between) < 30:
            return [replace(named, start=mentions[0].start), *mentions[2:]]
    return mentions


_OWNED_DOCUMENT = re.compile(
    r"(?:['’]s?)?\s+(?:[A-Za-z\-]+\s+)?(?:" + "|".join(sorted(DOCUMENT_NOUNS)) + r")\b"
)


def _owner_skipped(mentions: list[Mention], text: str | None = None) -> list[Mention]:
    """`said Cyril Ramaphosa's spokesperson Vincent Magwenya`: the owner is not the
    speaker; the one owned is, and the mention list starts there (kept at the owner's
    offset, so that it stays adjacent to the verb). A person's own statement or letter
    ("reads Judge Miller's statement") is theirs."""
    if (
        text is not None
        and mentions
        and mentions[0].possessive
        and mentions[0].kind == NAME
        and _OWNED_DOCUMENT.match(text, mentions[0].end)
    ):
        return [mentions[0], *[m for m in mentions[1:] if m.kind != DOCUMENT]]
    if len(mentions) > 1 and mentions[0].possessive and mentions[0].kind == NAME:
        owner, owned = mentions[0], mentions[1]
        # "… spokesperson Vincent Magwenya": the name after the owned role.
        named = [m for m in mentions[1:3] if m.kind == NAME and m.start - owner.end < 40]
        if named:
            owned = named[0]
        if owned.start - owner.end < 40:
            return [replace(owned, start=owner.start), *mentions[mentions.index(owned) + 1 :]]
    if mentions and mentions[0].possessive and mentions[0].kind == NAME:
        return []  # "said Putin's spokesman": someone unnamed, not Putin
    return mentions


_READ_VERBS = frozenset({"read", "reads"})
# Every word Attributor._verbs() tests for, so that it passes over the others at once: a
# word given a test of its own there must be added here.
_VERB_WORDS = SPEECH_VERBS | _READ_VERBS | {"according", "words"}
# A transcript's turn: "THE PRESIDENT:", "PRESIDENT BIDEN:", "MS. JEAN-PIERRE:", "Q:".
_TURN_LABEL = re.compile(r"^((?:[A-Z][A-Z.'\-]*\s){0,3}[A-Z][A-Z.'\-]*):\s", re.MULTILINE)
_REMARKS_BY = re.compile(
    r"(?:Remarks|Statement|Address|Speech|Interview)\b[^\n]*?\bby\s+(?:the\s+)?"
    r"((?:Vice\s+)?President|Prime\s+Minister|Chancellor|Secretary)\s+([A-Z][\w\-]+)"
)
_OWN_TURN = "in the speaker's own turn of the transcript"
_TURN_TITLES = frozenset({"PRESIDENT", "MINISTER", "SECRETARY", "CHANCELLOR"})
# "I look around this room and think, “…”", "I turned to Macron … and said, “…”"
_FIRST_PERSON = re.compile(
    r"\bI\b[^.?!\n]*?\b(?:said|say|think|thought|told|asked|replied|answered|wrote|added)\b"
    r"[^.?!\n]*$"
)
_DOCUMENT_READS = re.compile(
    r"\b[Tt]he\s+(?:message|letter|decree|greetings?|note|telegram|proclamation|address|"
    r"post|tweet|text)\s+(?:(?:signed|written|issued|sent|posted)\s+by\s+(?P<agent>[^,.;:]{2,60}?)"
    r"\s+)?(?:reads?|says|said|stated|states)\b"
)
# "Vladimir Putin sent his greetings to …", "X wrote a letter to …"
_MAKES_A_STATEMENT = re.compile(
    r"\s+(?:has\s+)?(?:made|issued|released|gave|delivered)\s+(?:the\s+following|a|this)\s+"
    r"(?:statement|remarks|comment|message)\b"
)
_SENDS = re.compile(
    r"\s+(?:has\s+)?(?:also\s+)?(?:sent|wrote|addressed|signed|issued|posted|offered|expressed|extended"
    # "Vladimir Putin congratulated Yoon Suk-yeol on …. The message reads, in part:"
    r"|congratulated|greeted|wished)\b"
)
# A line that is only a date ("April 18, 2022") between a message's sender and its text.
_DATE_LINE = re.compile(
    r"\s*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4}(?:\s*[-–]\s*\d{1,2}:\d{2})?\s*"
)
_ROLE_NOUNS = "|".join(sorted(OCCUPATIONS, key=len, reverse=True))
_ROLE_NOUN_SPEAKS = re.compile(
    r"(?:^|[.;]\s+|\n)[Tt]he\s+(?:[a-z\-]+\s+)?(" + _ROLE_NOUNS + r")\s+((?:[a-z]+\s+){0,1}[a-z]+)"
)
_SPEAKS_ROLE_NOUN = re.compile(r"\W*([a-z]+)\s+the\s+(" + _ROLE_NOUNS + r")\b")
# "said his father, Abdullah Kurdi", "said study co-author Ted Scambos": a role or an
# occupation the rules do not list, written in lower case, then the full name.
_LOWER_ROLE_APPOSITION = re.compile(
    r"\s+(?:(?:the|his|her|their|its|our)\s+(?:[a-z][a-z\-]*\s+){0,3}[a-z][a-z\-]*,"
    r"|(?:(?!(?:that|to|in|on|at|of|and|or|with|by|for|as|from|about|after|before|"
    r"when|while|than|yesterday|today|tomorrow|also|then|later|earlier|again|once)\b)"
    r"[a-z][a-z\-]*\s+){1,3})\s*"
)
_DOCUMENT_WORD = re.compile(r"[’']s$")

# The forms of "be" before a participle in the passive ("was stated", "were told").
_TO_BE = r"(?:was|were|been|is|are|be)"
# Verbs by which someone already quoted goes on speaking.
_GOES_ON_VERBS = frozenset({"added", "adds", "completed", "continued", "concluded"})
# "was stated by", "were made by the": a speech verb in the passive before its agent.
_PASSIVE_SPEECH_BY = re.compile(r"\b" + _TO_BE + r"\s+(\w+)\s+by\s+(?:the\s+)?$")
# "South Africa's president, ": a title in lower case and a comma before a name.
_APPOSITIVE_OPEN = re.compile(r"\b[a-z]+,\s+$")
# "“…” With these words, X …": the sentence after names who said them.
_WITH_THESE_WORDS = re.compile(r"\s*(?:With|In) (?:these|those) words,\s+")
# `,” the PCO announced`: only "the" and one or two capitalised words before the verb.
_UNKNOWN_SUBJECT = re.compile(
    # not "So wrote Finland’s former President, Mauno Koivisto": an adverb before the verb
    r"[\s,]*(?:the\s+)?(?!(?:So|Thus|Then|Here|There|Also|Now|Hence)\s)"
    r"[A-Z][\w\-’'.]*(?:\s+[A-Z][\w\-’'.]*)?\s+"
)
# Capitalised words, commas and the small words of titles ("Minister for Foreign Affairs and
# for Defence, "), nothing else.
_TITLES_ONLY = re.compile(r"(?:\s*(?:[A-Z\u00c0-\u00de][\w\-’'.]*|and|for|of|the|,)\s*)+")
# `,” the message says`: a letter's or a message's own words, read out.
_MESSAGE_SAYS = re.compile(
    r"[\s,]*(?:the|his|her|this) (?:message|letter|telegram|greetings?|cable|note) "
    r"(?:says|said|reads|read|states|stated|notes|noted|continues|continued|adds|added)\b"
)
# "sent to Hungarian Prime Minister ", "greetings to President of the Republic of ": the one
# a message is sent to, with the titles before the name.
_ADDRESSEE_BEFORE = re.compile(
    r"\b(?:to|for)\s+(?:the\s+)?(?:[A-Z][\w.\-’']*\s+(?:of\s+(?:the\s+)?)?){0,8}$"
)
# Titles posted "to" a country or a body: "Ambassador to India", "Envoy to the UN".
_POSTED_TO = frozenset({"ambassador", "envoy", "representative", "delegate", "adviser"})
# " during the press conference", " at the ceremony": a circumstance after a speaker's name.
_CIRCUMSTANCE_AFTER_NAME = re.compile(r" (?:during|at|in|on|after|before|while|when) [a-z]")
# "X thanked Y for …": who thanks may go on to speak (_speaking_subject).
# "X thanked Y …", "X addressed the public when …": who then goes on to speak
_THANKED = re.compile(r"\b(?:thanked|addressed\s+(?:the|a|an)\s)")
# "((es))Spanish language:": Wikinews's mark before a quotation's words in their own language.
_ORIGINAL_WORDS = re.compile(r"\s*\(\([a-z]{2,3}\)\)[A-Z][a-z]+ language:")
# Verbs whose object is the one judged or described, not a speaker put after the verb:
# "was described by", "has been called": the one judged is the subject.
_PASSIVE_BEFORE = re.compile(r"\b" + _TO_BE + r"\s+$")
_BY_AGENT = re.compile(r"\s*by\s+(?:the\s+)?(?:[A-Z][\w.\-]*\s+){0,3}")
# "accusing the president of “not wanting …”", "called Trump “a loser”".
_JUDGING_STEMS = (
    "accus call describ label brand dub term prais critici condemn denounc blam thank "
    "commend hail mock blast slam attack dismiss"
).split()


# The capitalised words right before a verb, all of them ("Marriage Equality Coalition
# Taiwan", never its last word alone).
_CAPITALISED_RUN_END = re.compile(r"(?<![\w.’'\-])((?:[A-Z][\w.’'\-]*\s+)+)$")


def _country_before(text: str, start: int, verb_start: int) -> bool:
    """Whether the words right before the verb, after `start`, name a country or its capital
    ("North Korea announced", "Moscow said"), not where the subject is from ("Hassan Rouhani
    of Iran said")."""
    run = _CAPITALISED_RUN_END.search(text, max(start, verb_start - 40), verb_start)
    if run is None or re.search(r"\bof (?:the )?$", text[max(0, run.start() - 8) : run.start()]):
        return False
    words = " ".join(run.group(1).split()).lower()
    return words in COUNTRY_WORDS and words not in QUALIFIER_OF_COUNTRY.values()


def _judged(verb: str) -> bool:
    return verb.startswith(tuple(_JUDGING_STEMS))


def _adjacent(text: str, left: int, right: int, allow: str = "") -> bool:
    """Nothing but spaces (and a short appositive or an optional word) between two offsets."""
    # "said [es] Álvaro García Linera": a link's language, as Global Voices marks it
    between = _LANGUAGE_TAG.sub("", text[left:right]).strip()
    if allow and between.lower() == allow.strip():
        return True
    if not between:
        return True
    # "declared President Biden", "said U.S. Secretary of State Antony Blinken": titles.
    words = between.split()
    if (
        len(words) <= 5
        and all(
            w.lower().strip(".,") in TITLE_WORDS
            or w in ("the", "of")
            # "said U.S. Ambassador to India Eric Garcetti"
            or w == "to"
            and i > 0
            and words[i - 1].lower() in _POSTED_TO
            or _ORDINAL.fullmatch(w)  # "said 2nd Lt. Brian Woodall"
            or w[:1].isupper()
            or w[:1] == "d"
            and w[2:3].isupper()  # "Chargé d’Affaires"
            for i, w in enumerate(words)
        )
        and any(w.lower().strip(".,") in TITLE_WORDS for w in words)
    ):
        return True
    # "said student protester Mara Quint", "told the press Lakeside College geology
    # professor …": an occupation, its field or employer before it, is the name's title.
    if (
        len(words) <= 5
        and words[-1].lower() in UNNAMED_SPEAKERS
        and (words[-1][-1] != "s" or words[-1].endswith("ss"))
        and not any(w.lower() in PREPOSITIONS or not w.replace("-", "").isalpha() for w in words)
    ):
        return True
    # "said U.S. exercise director Marine Lt. Gen. Jo Ng": a job in a word or two of the
    # reporter's, then the rank or title that runs into the name.
    tail = [w.lower().strip(".") for w in words[-3:]]
    if (
        len(words) <= 7
        and sum(not w[:1].isupper() and w.lower() not in TITLE_WORDS for w in words) <= 2
        and all(w.replace(".", "").replace("-", "").isalpha() for w in words)
        and not any(w.lower() in PREPOSITIONS or w.lower() in _NOT_IN_A_TITLE for w in words)
        and words[-1][:1].isupper()
        and any(w in TITLE_WORDS for w in tail)
    ):
        return True
    # "Zelensky, 47, said" / "Mr Putin, speaking in Minsk, said": a comma-bound aside.
    return between.startswith(",") and between.endswith(",") and len(between) < 40


_LANGUAGE_TAG = re.compile(r"\[[a-z]{2,3}\]")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")

# Speech verbs of two words: "…, Bush pointed out."
_PHRASAL_SPEECH_VERBS = frozenset(
    {("pointed", "out"), ("points", "out"), ("spoke", "up"), ("went", "on"), ("goes", "on")}
)

# A sentence whose subject is its writer: "I sat down with …", "Recently, we spoke to …".
_FIRST_PERSON_OPENING = re.compile(r"\s*(?:[A-Z][a-z]+,\s+)?(?:I|We)\s")

# Words that join clauses: a name after them is not the title's owner ("said that Jo Ng").
_NOT_IN_A_TITLE = frozenset(
    "that who which as and but or while when because if than then also the a an".split()
)


def _key(person: int | None, unlisted: str | None) -> tuple | None:
    if person is not None:
        return ("d", person)
    if unlisted:
        return ("u", unlisted)
    return None


def is_scare_context(text: str, start: int) -> bool:
    before = text[max(0, start - 14) : start].lower().split()
    if before and before[-1] in SCARE_MARKERS:
        return True
    # "used the terms “same-sex union”", "the hashtag “#…#”": words shown, not said
    # ("including the words “…”" quotes a speech, and stays).
    if before and before[-1] in _WORDS_SHOWN or _char_at(text, start + 1) == "#":
        return True
    # A name or a translation, nobody's words: "named the virus … “severe acute …”",
    # "a saying that translates loosely to “united to move forward”".
    recent = re.findall(r"[a-z]+", text[max(0, start - 60) : start].lower())[-6:]
    # "Donsol, known as “whaleshark capital of the world”": an epithet.
    return bool(_NAMING_WORDS & set(recent)) or recent[-2:] == ["known", "as"]


_WORDS_SHOWN = frozenset(
    "word term terms phrase label slogan motto hashtag catchphrase buzzword".split()
)


def _char_at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


_NAMING_WORDS = frozenset(
    "named renamed dubbed nicknamed titled entitled translates translated translation".split()
)
