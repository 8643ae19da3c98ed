"""Importing the quotations of one article into the record, as drafts for an editor to review.

Two steps, each one function:

- `propose_candidates(text=..., published_on=...)` runs the extraction engine over the article
  with the leaders of the record as its directory, and returns one `Proposal` per quotation
  (the first `MAX_CANDIDATES`, and how many the article holds):
  the words, where they stand (paragraph, sentence), the proposed speaker (a `Leader`, or the
  name of someone not in the record) with the reason it was chosen and the name as the
  article writes it, kind, channel and relay (guessed from the reporter's sentence when the
  engine gives none), mentions, date, context, and the statements already in the record that
  it may repeat.
- `import_statements(source_data=..., candidates=..., editor=...)` saves what the editor kept:
  the source (reused when its normalised URL is already in the record), any leader the editor
  asked to create, and one draft statement and citation per accepted candidate, in one
  transaction. It checks again that every quotation's words stand in the article at the
  offsets given, and it is idempotent: a statement with the same speaker, date and words is
  reused, never created twice, so submitting the same review twice changes nothing. In the
  same transaction it learns from the editor's choices: a speaker's name as the article wrote
  it ("Lula") that the record did not know becomes an alias of the leader the editor chose,
  so the next article is attributed without help. `forget_alias` undoes that.

Nothing here knows about forms or requests; `quotes/editorial/admin_import.py` is the editors'
pages.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from quotes.editorial.import_limits import MAX_CANDIDATES, MAX_PROPOSED_MENTIONS
from quotes.extraction import SpeakerDirectory, extract, normalise_name
from quotes.models import Citation, Event, Leader, OfficeHeld, Source, Statement, as_record_id
from quotes.record.text import clean_words, words_fingerprint
from quotes.record.urls_normalise import normalise_url
from quotes.search.near_duplicates import find_near_duplicates

CONFIDENT = 0.5
MAX_PARTS = 20
# Statement.context has no length of its own: a draft's context is a sentence or two, and the
# reporter's sentences around a long quotation are cut to this.
CONTEXT_MAX_CHARS = Statement._meta.get_field("context").max_length or 1000
REQUIRED_PERMISSIONS = ("quotes.add_statement", "quotes.add_source", "quotes.add_citation")


class ImportRejected(ValueError):
    """The import cannot be saved as submitted; the message says why, for an editor."""


def normalise_newlines(text: str) -> str:
    """The article text as offsets are counted in: one newline between lines, whatever the OS."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- where a quotation stands --------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*\s+")
_LAST_WORD = re.compile(r"([\w.]+)$")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col capt cmdr adm sgt prof jr sr rev no vs inc corp co "
    "u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
TRAILING_ATTRIBUTION_WORDS = 8


@dataclass(frozen=True)
class Place:
    """Where a quotation stands in the article, for the review page and the citation."""

    paragraph: int
    sentence_start: int
    sentence_end: int
    before: str
    quote: str
    after: str

    @property
    def locator(self) -> str:
        return f"paragraph {self.paragraph}"

    @property
    def excerpt(self) -> str:
        return clean_words(self.before + self.quote + self.after)


def _is_sentence_end(text: str, match: re.Match) -> bool:
    following = text[match.end() : match.end() + 1]
    if following.islower():
        return False
    if match.group().startswith("."):
        word = _LAST_WORD.search(text[max(0, match.start() - 12) : match.start()])
        if word:
            last = word.group(1).lower().rstrip(".")
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                return False
    return True


def place_of(text: str, start: int, end: int) -> Place:
    """The paragraph number (counting non-empty lines) and the sentence around [start, end)."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end == -1:
        paragraph_end = len(text)
    paragraph = 1 + sum(1 for line in text[:paragraph_start].split("\n")[:-1] if line.strip())

    sentence_start = paragraph_start
    for match in _SENTENCE_END.finditer(text, paragraph_start, start):
        if _is_sentence_end(text, match):
            sentence_start = match.end()

    sentence_end = paragraph_end
    # A quotation that ends its own sentence ("… the airfields.”) ends the excerpt there,
    # unless only a short attribution follows (“We will win.” Zelensky said.).
    closing = re.match(r"[\"'\u201d\u2019\u00bb)\]]*", text[end:paragraph_end])
    after_marks = end + closing.end()
    quote_ends_sentence = text[start:end].rstrip().endswith((".", "!", "?", "\u2026"))
    for match in _SENTENCE_END.finditer(text, end, paragraph_end):
        if _is_sentence_end(text, match):
            sentence_end = match.end()
            break
    if quote_ends_sentence and after_marks < sentence_end:
        rest = text[after_marks:sentence_end]
        if len(rest.split()) > TRAILING_ATTRIBUTION_WORDS:
            sentence_end = after_marks
    while sentence_end > end and text[sentence_end - 1].isspace():
        sentence_end -= 1
    return Place(
        paragraph=paragraph,
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        before=text[sentence_start:start],
        quote=text[start:end],
        after=text[end:sentence_end],
    )


# --- checking the words against the article -----------------------------------------------


def parse_parts(value: str) -> list[tuple[int, int]]:
    """'12-40;55-80' as [(12, 40), (55, 80)]; ValueError when malformed."""
    parts = []
    for item in value.split(";"):
        first, _, second = item.strip().partition("-")
        parts.append((int(first), int(second)))
    if not parts or len(parts) > MAX_PARTS:
        raise ValueError("a quotation has between 1 and 20 parts")
    return parts


def format_parts(parts: Iterable[tuple[int, int]]) -> str:
    return ";".join(f"{start}-{end}" for start, end in parts)


def quote_is_in_article(article: str, words: str, parts: Sequence[tuple[int, int]]) -> bool:
    """Whether the article holds exactly these words at these offsets (parts joined by a space).

    Never trust what came back from a browser: this is checked again on every save.
    """
    previous_end = 0
    for start, end in parts:
        if not (previous_end <= start < end <= len(article)):
            return False
        previous_end = end
    found = " ".join(article[start:end].strip() for start, end in parts)
    wanted = clean_words(words)
    return bool(wanted) and clean_words(found) == wanted


# --- the leaders of the record ------------------------------------------------------------


class LeaderIndex:
    """The record's leaders by every name they go by, compared as the engine compares them."""

    def __init__(self, leaders: Iterable[Leader]):
        self.leaders = list(leaders)
        self.by_key: dict[str, Leader] = {}
        # Canonical names first, so that a leader's own name beats another's alias.
        for leader in self.leaders:
            self.by_key.setdefault(normalise_name(leader.name), leader)
        for leader in self.leaders:
            for alias in leader.aliases or []:
                if isinstance(alias, str) and alias.strip():
                    self.by_key.setdefault(normalise_name(alias), leader)

    @classmethod
    def from_record(cls) -> "LeaderIndex":
        return cls(Leader.objects.only("id", "name", "slug", "aliases", "country").order_by("id"))

    def directory(self) -> SpeakerDirectory:
        """The engine's directory: names, aliases, and each leader's country and office
        titles, by which "the Indian premier" is bound to the leader the article names."""
        titles: dict[int, list[str]] = {}
        for leader_id, title in OfficeHeld.objects.filter(
            leader__in=[leader.pk for leader in self.leaders]
        ).values_list("leader_id", "title"):
            titles.setdefault(leader_id, []).append(title)
        return SpeakerDirectory.from_records(
            (
                leader.name,
                list(leader.aliases or []),
                str(leader.country or ""),
                titles.get(leader.pk, []),
            )
            for leader in self.leaders
        )

    def find(self, name: str | None) -> Leader | None:
        if not name:
            return None
        return self.by_key.get(normalise_name(name))


# --- step 1: proposals --------------------------------------------------------------------

# --- how the words were said, from the reporter's sentence ------------------------------

# Outlets that interview leaders and report what they say, as the record names them. A leader
# who "told Reuters" gave Reuters an interview; "Reuters reported" only relays the words.
# Acronyms match in capitals only, so that "ap" or "ria" inside a sentence are not outlets.
NEWS_OUTLETS = {
    "Reuters": r"Reuters",
    "Associated Press": r"(?:the )?Associated Press|(?-i:AP)",
    "AFP": r"(?-i:AFP)|Agence France-Presse",
    "Bloomberg": r"Bloomberg(?: News| Television| TV)?",
    "BBC": r"(?:the )?(?-i:BBC)",
    "CNN": r"(?-i:CNN)",
    "Fox News": r"Fox News",
    "NBC News": r"(?-i:NBC)(?: News)?",
    "CBS News": r"(?-i:CBS)(?: News)?",
    "ABC News": r"(?-i:ABC)(?: News)?",
    "NPR": r"(?-i:NPR)",
    "Sky News": r"Sky News",
    "Al Jazeera": r"Al Jazeera",
    "Axios": r"Axios",
    "Politico": r"Politico",
    "The New York Times": r"(?:the )?New York Times",
    "The Washington Post": r"(?:the )?Washington Post",
    "The Wall Street Journal": r"(?:the )?Wall Street Journal",
    "Financial Times": r"(?:the )?Financial Times",
    "The Guardian": r"(?-i:(?:the|The) Guardian)",
    "The Economist": r"(?-i:(?:the|The) Economist)",
    "Le Monde": r"Le Monde",
    "Der Spiegel": r"(?:Der )?Spiegel",
    "TASS": r"(?-i:TASS|Tass)",
    "RIA Novosti": r"(?-i:RIA)(?: Novosti)?",
    "Interfax": r"Interfax",
    "Xinhua": r"Xinhua",
    "CCTV": r"(?-i:CCTV)",
    "KCNA": r"(?-i:KCNA)",
    "Yonhap": r"Yonhap",
    "Kyodo": r"Kyodo",
    "NHK": r"(?-i:NHK)",
    "Anadolu": r"Anadolu(?: Agency)?",
    "IRNA": r"(?-i:IRNA)",
    "France 24": r"France ?24",
    "Euronews": r"Euronews",
    "Deutsche Welle": r"Deutsche Welle|(?-i:DW)",
}
_OUTLET_NAMES = list(NEWS_OUTLETS)
_OUTLET = "|".join(f"(?P<outlet{n}>{pattern})" for n, pattern in enumerate(NEWS_OUTLETS.values()))

# Social networks, kept as the channel detail. "X" only where it is a network ("on X", "an X
# post"), never the letter of "Xi", "Xinhua" or "X-ray".
SOCIAL_NETWORKS = {
    "Truth Social": r"Truth Social",
    "X": r"(?:on|to|via) (?-i:X)(?![\w-])|(?-i:X) (?:post|account)",
    "Twitter": r"Twitter",
    "Telegram": r"Telegram",
    "Facebook": r"Facebook",
    "Instagram": r"Instagram",
    "Weibo": r"Weibo",
    "WeChat": r"WeChat",
    "TikTok": r"TikTok",
    "YouTube": r"YouTube",
    "Bluesky": r"Bluesky",
    "Threads": r"on (?-i:Threads)",
    "VK": r"VKontakte|on (?-i:VK)(?![\w-])",
}


@dataclass(frozen=True)
class ChannelRule:
    """One way reporters say how the words came out, and what of it to keep as the detail:
    a fixed name (a network) or the words the pattern's `detail` group caught."""

    channel: str
    pattern: re.Pattern
    detail: str = ""


def _rule(channel: str, pattern: str, detail: str = "") -> ChannelRule:
    return ChannelRule(channel, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), detail)


# The first rule that matches wins, so the order settles the overlaps: a statement posted on
# Telegram is a post; a readout of a phone call is a written statement; "told Reuters" in a
# sentence that also mentions a meeting is an interview.
CHANNEL_RULES = [
    *(
        _rule(Statement.Channel.SOCIAL_MEDIA, pattern, detail=name)
        for name, pattern in SOCIAL_NETWORKS.items()
    ),
    _rule(
        Statement.Channel.SOCIAL_MEDIA,
        r"social media|social network|tweet(?:ed|s|ing)?|(?:in|wrote) an? (?:\w+ )?post(?!-)",
    ),
    _rule(
        Statement.Channel.INTERVIEW,
        rf"interview\w*|(?:told|speaking to|in comments to) (?:{_OUTLET})(?![\w-])",
    ),
    _rule(
        Statement.Channel.PRESS_CONFERENCE,
        r"press conference|news conference|told (?:reporters|journalists|the press)|"
        r"(?:press|news) briefing|briefing reporters|(?:speaking|spoke) to reporters",
    ),
    _rule(
        Statement.Channel.WRITTEN_STATEMENT,
        r"(?:in|issued|released|put out) an? (?:\w+ )?statement|"
        r"statement (?:said|from|released|issued|published)|"
        r"written statement|joint statement|readout|communiqu[eé]|press release",
    ),
    _rule(
        Statement.Channel.PHONE_CALL,
        r"phone call|telephone|by phone|phone conversation|video call|call with",
    ),
    _rule(
        Statement.Channel.SPEECH,
        r"(?P<detail>(?:(?:nightly|evening|weekly|televised|recorded|new year'?s?) )?"
        r"video address|televised address|address to the nation)|"
        r"speech|address(?:ed)? to|"
        r"addressed (?:the )?(?:nation|parliament|congress|assembly|summit|conference|rally|"
        r"crowd|supporters|troops)|"
        r"rally|told (?:parliament|lawmakers|legislators|supporters|troops|a crowd|"
        r"the (?:parliament|assembly|summit|conference|crowd|rally))",
        detail="(words)",
    ),
    _rule(Statement.Channel.MEETING, r"meeting|met with|talks with|received"),
]

# A named outlet passing the words on: "Reuters reported", "according to TASS", "told the BBC".
RELAY_RULES = [
    re.compile(
        rf"\b(?:{_OUTLET})(?:'s|’s)? (?:\w+ )?(?:reported|reports|said|quoted|cited|carried)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:according to|quoted by|cited by|reported by|told|speaking to|in comments to|"
        rf"interviewed by|(?:in|during) an? (?:\w+ )?interview with) "
        # "according to the state news agency KCNA"
        r"(?:the )?(?:(?:state|official|state-run|news) )?(?:news agency |media |broadcaster )?"
        rf"(?:{_OUTLET})(?![\w-])",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:in|during) an? (?:{_OUTLET}) interview\b", re.IGNORECASE),
]


@dataclass(frozen=True)
class HowSaid:
    """A first guess at the channel, its detail and who relayed the words; editors check it."""

    channel: str = Statement.Channel.OTHER
    channel_detail: str = ""
    relayed_by: str = ""


def guess_how_said(reporter_words: str) -> HowSaid:
    """How the words came out, read in the reporter's words around them.

    "told Reuters in an interview" is an interview relayed by Reuters, "in a video address" a
    speech, "wrote on Truth Social" a social media post on Truth Social, "in a readout" a
    written statement, "told reporters" a press conference; "Reuters reported" is a relay
    and says nothing of the channel.
    """
    for rule in CHANNEL_RULES:
        match = rule.pattern.search(reporter_words)
        if match is None:
            continue
        detail = rule.detail
        if detail == "(words)":
            detail = clean_words(match.group("detail") or "")
        return HowSaid(rule.channel, detail, guess_relay(reporter_words))
    return HowSaid(relayed_by=guess_relay(reporter_words))


def guess_channel(sentence: str) -> str:
    """A first guess at how the words were said, from the reporter's sentence; editors check it."""
    return guess_how_said(sentence).channel


def guess_relay(reporter_words: str) -> str:
    """The news outlet that passed the words on, when the reporter names one; else ""."""
    for rule in RELAY_RULES:
        match = rule.search(reporter_words)
        if match is None:
            continue
        for group, value in match.groupdict().items():
            if value is not None and group.startswith("outlet"):
                return _OUTLET_NAMES[int(group.removeprefix("outlet"))]
    return ""


def reporter_words(article: str, place: Place, parts: Sequence[tuple[int, int]]) -> str:
    """The sentence around a quotation without the quoted words: what the reporter wrote.

    The attribution inside an interrupted quotation ("…,” he said in a video address, “…")
    counts; the words of the quotation never do ("I will not give an interview").
    """
    pieces, position = [], place.sentence_start
    for start, end in parts:
        pieces.append(article[position:start])
        position = end
    pieces.append(article[position : place.sentence_end])
    return " … ".join(piece.strip() for piece in pieces)


@dataclass
class Proposal:
    """One quotation found in the article, as offered to the editor for review."""

    text: str
    parts: list[tuple[int, int]]
    speaker: Leader | None
    unlisted_speaker: str
    kind: str
    channel: str
    relayed_by: str
    mentions: list[Leader]
    date_said: datetime.date | None
    confidence: float
    evidence: str
    place: Place
    duplicates: list[Statement] = field(default_factory=list)
    reason: str = ""
    context: str = ""
    written_name: str = ""
    channel_detail: str = ""

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def include(self) -> bool:
        """Ticked by default: a confident quotation of a known leader, not yet in the record."""
        return self.speaker is not None and not self.duplicates and self.confidence >= CONFIDENT


class Proposals(list[Proposal]):
    """The proposals for one article, the first `MAX_CANDIDATES` of them at most; `found` says
    how many quotations the article holds, more than were proposed when it holds too many."""

    def __init__(self, proposals: Iterable[Proposal] = (), *, found: int = 0):
        super().__init__(proposals)
        self.found = max(found, len(self))

    @property
    def capped(self) -> bool:
        return self.found > len(self)


def propose_candidates(
    *, text: str, published_on: datetime.date | None, limit: int = MAX_CANDIDATES
) -> Proposals:
    """One proposal per quotation of the article, for the first `limit` quotations.

    Capped here, where each proposal costs queries (the speaker's possible duplicates), and
    because the review page can carry no more (see `quotes/editorial/import_limits.py`).
    """
    text = normalise_newlines(text)
    index = LeaderIndex.from_record()
    candidates = extract(text, index.directory())
    proposals = Proposals(found=len(candidates))
    for candidate in candidates[:limit]:
        speaker = index.find(candidate.speaker)
        unlisted = "" if speaker else (candidate.unlisted_speaker or candidate.speaker or "")
        if not speaker and unlisted and index.find(unlisted):
            speaker, unlisted = index.find(unlisted), ""
        mentions = []
        for name in candidate.mentions:
            leader = index.find(name)
            if leader is not None and leader != speaker and leader not in mentions:
                mentions.append(leader)
        del mentions[MAX_PROPOSED_MENTIONS:]
        parts = [tuple(part) for part in candidate.parts]
        place = place_of(text, candidate.start, candidate.end)
        how = guess_how_said(reporter_words(text, place, parts))
        proposals.append(
            Proposal(
                text=clean_words(candidate.text),
                parts=parts,
                speaker=speaker,
                unlisted_speaker=clean_words(unlisted),
                kind=candidate.kind
                if candidate.kind in Statement.Kind.values
                else Statement.Kind.DIRECT,
                channel=how.channel,
                channel_detail=how.channel_detail[:200],
                # The engine reads relays by institutions ("the Kremlin said"); the guess adds
                # the news outlets it does not know ("told Bloomberg").
                relayed_by=clean_words(candidate.relayed_by or how.relayed_by)[:200],
                mentions=mentions,
                date_said=published_on,
                confidence=candidate.confidence,
                evidence=candidate.evidence,
                reason=clean_words(candidate.reason or ""),
                context=trimmed_context(candidate.context or ""),
                written_name=clean_words(candidate.written_name or unlisted or ""),
                place=place,
                duplicates=find_near_duplicates(speaker=speaker, text=candidate.text)
                if speaker
                else [],
            )
        )
    return proposals


def trimmed_context(text: str) -> str:
    """The reporter's sentence(s) as a draft's context: whitespace folded, cut at a word to fit."""
    text = clean_words(text)
    if len(text) <= CONTEXT_MAX_CHARS:
        return text
    cut = text[: CONTEXT_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


# --- step 2: saving -----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceData:
    url: str
    title: str
    publisher: str
    published_on: datetime.date | None
    text: str
    author: str = ""
    kind: str = Source.Kind.NEWS_ARTICLE


@dataclass(frozen=True)
class AcceptedCandidate:
    """A quotation the editor kept, with the attribution they settled on.

    `speaker` is a leader of the record; when it is None, `new_speaker_name` names a leader to
    create (or to reuse, when someone of that name or alias is already in the record).
    """

    text: str
    parts: tuple[tuple[int, int], ...]
    date_said: datetime.date
    speaker: Leader | None = None
    new_speaker_name: str = ""
    kind: str = Statement.Kind.DIRECT
    channel: str = Statement.Channel.OTHER
    channel_detail: str = ""
    relayed_by: str = ""
    mentions: tuple[Leader, ...] = ()
    context: str = ""
    written_name: str = ""


@dataclass(frozen=True)
class LearntAlias:
    """A spelling of a leader's name the record learnt from an editor's choice of speaker."""

    leader: Leader
    alias: str


@dataclass
class ImportResult:
    source: Source
    source_created: bool
    statements: list[Statement]
    created: list[Statement]
    reused: list[Statement]
    leaders_created: list[Leader]
    aliases_learnt: list[LearntAlias] = field(default_factory=list)


def import_statements(
    *,
    source_data: SourceData,
    candidates: Sequence[AcceptedCandidate],
    editor: AbstractBaseUser,
    event: Event | None = None,
) -> ImportResult:
    """Save the source and the accepted candidates as draft statements: all or nothing.

    With an `event` ("these quotations are about the same call"), every new draft is an
    account of it, under the same rules as in the admin: each speaker must be one of its
    participants."""
    if not candidates:
        raise ImportRejected("No quotation was kept: tick at least one.")
    missing = [perm for perm in REQUIRED_PERMISSIONS if not editor.has_perm(perm)]
    if missing:
        raise ImportRejected("You may not add statements and sources.")
    if any(c.speaker is None for c in candidates) and not editor.has_perm("quotes.add_leader"):
        raise ImportRejected("You may not add leaders: choose a leader of the record instead.")
    article = normalise_newlines(source_data.text)
    for number, candidate in enumerate(candidates, start=1):
        if not quote_is_in_article(article, candidate.text, candidate.parts):
            raise ImportRejected(
                f"Quotation {number} is not in the article text at the place given; "
                "start the import again."
            )
        if candidate.speaker is None and not clean_words(candidate.new_speaker_name):
            raise ImportRejected(f"Quotation {number} has no speaker.")
        if candidate.written_name and not name_is_in_article(article, candidate.written_name):
            raise ImportRejected(
                f"Quotation {number}: the speaker's name as written is not in the article "
                "text; start the import again."
            )

    with transaction.atomic():
        source, source_created = source_for(source_data, article)
        leaders = LeaderIndex.from_record()
        result = ImportResult(source, source_created, [], [], [], [])
        for candidate in candidates:
            speaker = candidate.speaker or leader_named(
                candidate.new_speaker_name, leaders, result.leaders_created
            )
            statement, created = statement_for(candidate, speaker, editor, event)
            place = place_of(article, candidate.parts[0][0], candidate.parts[-1][1])
            Citation.objects.get_or_create(
                statement=statement,
                source=source,
                defaults={"locator": place.locator, "excerpt": place.excerpt},
            )
            if statement not in result.statements:
                result.statements.append(statement)
                (result.created if created else result.reused).append(statement)
        if editor.has_perm("quotes.change_leader"):
            result.aliases_learnt = learn_spellings(candidates, leaders, result.leaders_created)
    return result


def source_for(data: SourceData, article: str) -> tuple[Source, bool]:
    """The source of this URL: the one in the record (blank details filled in) or a new one."""
    url = normalise_url(data.url)
    existing = Source.objects.select_for_update().filter(url=url).first()
    if existing is not None:
        changed = []
        for name, value in (
            ("text", article),
            ("author", data.author),
            ("published_on", data.published_on),
        ):
            if value and not getattr(existing, name):
                setattr(existing, name, value)
                changed.append(name)
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    source = Source(
        url=url,
        title=clean_words(data.title),
        publisher=clean_words(data.publisher),
        author=clean_words(data.author),
        published_on=data.published_on,
        kind=data.kind,
        accessed_on=timezone.localdate(),
        text=article,
    )
    try:
        source.full_clean()
    except ValidationError as error:
        raise ImportRejected(f"The source is not valid: {describe(error)}") from None
    source.save()
    return source, True


def leader_named(name: str, leaders: LeaderIndex, created: list[Leader]) -> Leader:
    """The leader of this name or alias, created (with a unique slug) when not in the record."""
    name = clean_words(name)[:200]
    found = leaders.find(name) or next(
        (leader for leader in created if normalise_name(leader.name) == normalise_name(name)),
        None,
    )
    if found is not None:
        return found
    leader = Leader(name=name, slug=unique_leader_slug(name), aliases=[])
    leader.clean()
    leader.save()
    created.append(leader)
    return leader


def unique_leader_slug(name: str) -> str:
    base = (slugify(name) or "leader")[:190].strip("-") or "leader"
    taken = set(
        Leader.objects.filter(slug__startswith=base).values_list("slug", flat=True).iterator()
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def statement_for(
    candidate: AcceptedCandidate,
    speaker: Leader,
    editor: AbstractBaseUser,
    event: Event | None = None,
) -> tuple[Statement, bool]:
    """The statement with these words by this speaker on this date: existing, or a new draft."""
    # A quotation cut short by the reporter's attribution keeps no dangling comma.
    text = clean_words(candidate.text).rstrip(",;:").rstrip()
    existing = Statement.objects.filter(
        speaker=speaker, date_said=candidate.date_said, words_fingerprint=words_fingerprint(text)
    ).first()
    if existing is not None:
        return existing, False
    statement = Statement(
        speaker=speaker,
        text=text,
        date_said=candidate.date_said,
        kind=candidate.kind,
        channel=candidate.channel,
        channel_detail=clean_words(candidate.channel_detail),
        relayed_by=clean_words(candidate.relayed_by),
        context=trimmed_context(candidate.context),
        status=Statement.Status.DRAFT,
        created_by=editor if editor.pk else None,
        event=event,
    )
    try:
        statement.full_clean(exclude=["words_fingerprint"])
    except ValidationError as error:
        raise ImportRejected(f"“{statement.short_text}” is not valid: {describe(error)}") from None
    statement._change_reason = "Imported from an article"
    statement.save()
    mentions = [leader for leader in candidate.mentions if leader.pk != speaker.pk]
    if mentions:
        statement.mentions.set(mentions)
    return statement, True


# --- learning how articles write leaders' names -------------------------------------------

# Words that stand for a person without naming them: never learnt as a spelling of a name.
NOT_NAMES = frozenset(
    """he she him her his hers they them their it we i you the a an this that mr mrs ms dr
    president prime minister pm premier chancellor king queen pope pontiff emir sultan
    sheikh leader chief head spokesman spokeswoman spokesperson secretary general
    foreign defence defense minister envoy ambassador governor mayor senator official
    officials aide adviser advisor kremlin white house government state""".split()
)
# Lower-case words that belong inside names: "Lula da Silva", "bin Salman", "von der Leyen".
NAME_PARTICLES = frozenset(
    "al el bin ibn bint da das de del della der di do dos du la le van von y ter den".split()
)
MAX_NAME_WORDS = 6
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]*)*\.?$")


def is_learnable_name(spelling: str) -> bool:
    """Whether a spelling reads as a person's name: capitalised words, not "he" or "the PM"."""
    words = clean_words(spelling).split()
    if not words or len(words) > MAX_NAME_WORDS or len(" ".join(words)) > 200:
        return False
    capitalised = 0
    for word in words:
        if not _NAME_WORD.match(word):
            return False
        if word.casefold().strip(".") in NOT_NAMES:
            return False
        if word.casefold() in NAME_PARTICLES:
            continue
        # "al-Sisi" and "McCarthy" are capitalised after their prefix.
        if not any(letter.isupper() for letter in word):
            return False
        capitalised += 1
    return capitalised > 0


def name_is_in_article(article: str, name: str) -> bool:
    """Whether the article writes this name (whitespace, such as a line break, not counting)."""
    wanted = clean_words(name)
    return bool(wanted) and wanted in clean_words(article)


def names_of(leader: Leader) -> set[str]:
    """The leader's name and aliases as the engine compares them."""
    names = [leader.name, *(leader.aliases or [])]
    return {normalise_name(name) for name in names if isinstance(name, str)}


def learn_spellings(
    candidates: Sequence[AcceptedCandidate], leaders: LeaderIndex, created: Sequence[Leader]
) -> list[LearntAlias]:
    """Add to each chosen speaker's aliases the spelling the article used, if it is new.

    Only a name the record does not already answer to is learnt, and only when it cannot mean
    someone else: a spelling that names another leader, or that the editor gave to two
    leaders in this one import, is left alone.
    """
    spellings: dict[str, tuple[str, set[int]]] = {}
    for candidate in candidates:
        spelling = clean_words(candidate.written_name)
        if candidate.speaker is None or not is_learnable_name(spelling):
            continue
        key = normalise_name(spelling)
        spellings.setdefault(key, (spelling, set()))[1].add(candidate.speaker.pk)

    directory = leaders.directory()
    created_names = {normalise_name(leader.name) for leader in created}
    learnt = []
    for key, (spelling, speaker_ids) in spellings.items():
        if len(speaker_ids) != 1 or key in created_names:
            continue
        (speaker_id,) = speaker_ids
        # The leaders the engine would read this spelling as, today.
        words = key.split()
        matches = directory.full_match(words) | (
            directory.short_match(words[0]) if len(words) == 1 else set()
        )
        answering = {leaders.find(directory.name_of(person)) for person in matches}
        answering.add(leaders.find(spelling))
        answering.discard(None)
        if answering:
            # Another leader's name (ambiguous), or one the engine already reads as this one.
            continue
        leader = Leader.objects.select_for_update().filter(pk=speaker_id).first()
        if leader is None or key in names_of(leader):
            continue
        leader.aliases = [*(leader.aliases or []), spelling]
        leader.save(update_fields=["aliases"])
        learnt.append(LearntAlias(leader, spelling))
    return learnt


class AliasUndoRejected(ValueError):
    """The alias cannot be removed as asked; the message says why, for an editor."""


def forget_alias(*, leader_id: int | str, alias: str, editor: AbstractBaseUser) -> Leader:
    """Remove exactly this alias from the leader's aliases: the undo of a learnt spelling."""
    if not editor.has_perm("quotes.change_leader"):
        raise AliasUndoRejected("You may not change leaders.")
    alias = clean_words(alias or "")
    # Not str.isdigit(), which takes "²" for a number that int() then refuses.
    leader_id = as_record_id(leader_id)
    if not alias or leader_id is None:
        raise AliasUndoRejected("Nothing to undo: the request named no alias of a leader.")
    with transaction.atomic():
        leader = Leader.objects.select_for_update().filter(pk=leader_id).first()
        if leader is None:
            raise AliasUndoRejected(
                f"Nothing to undo: the leader of “{alias}” is no longer in the record."
            )
        remaining = [name for name in leader.aliases or [] if name != alias]
        if len(remaining) == len(leader.aliases or []):
            raise AliasUndoRejected(
                f"Nothing to undo: “{alias}” is not an alias of {leader} any more."
            )
        leader.aliases = remaining
        leader.save(update_fields=["aliases"])
    return leader


def describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
