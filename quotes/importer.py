"""Importing the quotations of one article into the record, as drafts for an editor to review.

Two steps, each one function:

- `propose_candidates(text=..., published_on=...)` runs the extraction engine over the article
  with the leaders of the record as its directory, and returns one `Proposal` per quotation:
  the words, where they stand (paragraph, sentence), the proposed speaker (a `Leader`, or the
  name of someone not in the record), kind, channel, relayed-by, mentions, date, and the
  statements already in the record that it may repeat.
- `import_statements(source_data=..., candidates=..., editor=...)` saves what the editor kept:
  the source (reused when its normalised URL is already in the record), any leader the editor
  asked to create, and one draft statement and citation per accepted candidate, in one
  transaction. It checks again that every quotation's words stand in the article at the
  offsets given, and it is idempotent: a statement with the same speaker, date and words is
  reused, never created twice, so submitting the same review twice changes nothing.

Nothing here knows about forms or requests; `quotes/admin_import.py` is the editors' pages.
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

from quotes.extraction import SpeakerDirectory, extract, normalise_name
from quotes.models import Citation, Leader, Source, Statement
from quotes.near_duplicates import find_near_duplicates
from quotes.text import clean_words, words_fingerprint
from quotes.urls_normalise import normalise_url

CONFIDENT = 0.5
MAX_PARTS = 20
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
        return cls(Leader.objects.only("id", "name", "slug", "aliases").order_by("id"))

    def directory(self) -> SpeakerDirectory:
        return SpeakerDirectory.from_pairs(
            (leader.name, list(leader.aliases or [])) for leader in self.leaders
        )

    def find(self, name: str | None) -> Leader | None:
        if not name:
            return None
        return self.by_key.get(normalise_name(name))


# --- step 1: proposals --------------------------------------------------------------------

CHANNEL_HINTS = [
    (
        Statement.Channel.SOCIAL_MEDIA,
        r"truth social|twitter|tweet\w*|telegram|instagram|facebook|weibo|social media|"
        r"posted|a post on|on x",
    ),
    (
        Statement.Channel.PHONE_CALL,
        r"phone call|telephone|by phone|phone conversation|call with|spoke by phone",
    ),
    (
        Statement.Channel.PRESS_CONFERENCE,
        r"press conference|news conference|told reporters|briefing|press briefing",
    ),
    (Statement.Channel.INTERVIEW, r"interview\w*"),
    (Statement.Channel.SPEECH, r"speech|address(?:ed)? to|rally|told parliament|told lawmakers"),
    (
        Statement.Channel.WRITTEN_STATEMENT,
        r"in a statement|statement said|written statement|readout|communiqu[eé]",
    ),
    (Statement.Channel.MEETING, r"meeting|met with|talks with|received"),
]
_CHANNEL_PATTERNS = [
    (channel, re.compile(rf"\b(?:{hint})\b", re.IGNORECASE)) for channel, hint in CHANNEL_HINTS
]


def guess_channel(sentence: str) -> str:
    """A first guess at how the words were said, from the reporter's sentence; editors check it."""
    for channel, pattern in _CHANNEL_PATTERNS:
        if pattern.search(sentence):
            return channel
    return Statement.Channel.OTHER


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


def propose_candidates(*, text: str, published_on: datetime.date | None) -> list[Proposal]:
    text = normalise_newlines(text)
    index = LeaderIndex.from_record()
    proposals = []
    for candidate in extract(text, index.directory()):
        speaker = index.find(candidate.speaker)
        unlisted = "" if speaker else (candidate.unlisted_speaker or candidate.speaker or "")
        if not speaker and unlisted and index.find(unlisted):
            speaker, unlisted = index.find(unlisted), ""
        mentions = []
        for name in candidate.mentions:
            leader = index.find(name)
            if leader is not None and leader != speaker and leader not in mentions:
                mentions.append(leader)
        place = place_of(text, candidate.start, candidate.end)
        proposals.append(
            Proposal(
                text=clean_words(candidate.text),
                parts=[tuple(part) for part in candidate.parts],
                speaker=speaker,
                unlisted_speaker=clean_words(unlisted),
                kind=candidate.kind
                if candidate.kind in Statement.Kind.values
                else Statement.Kind.DIRECT,
                channel=guess_channel(place.before + place.after),
                relayed_by=clean_words(candidate.relayed_by or "")[:200],
                mentions=mentions,
                date_said=published_on,
                confidence=candidate.confidence,
                evidence=candidate.evidence,
                place=place,
                duplicates=find_near_duplicates(speaker=speaker, text=candidate.text)
                if speaker
                else [],
            )
        )
    return proposals


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


@dataclass
class ImportResult:
    source: Source
    source_created: bool
    statements: list[Statement]
    created: list[Statement]
    reused: list[Statement]
    leaders_created: list[Leader]


def import_statements(
    *,
    source_data: SourceData,
    candidates: Sequence[AcceptedCandidate],
    editor: AbstractBaseUser,
) -> ImportResult:
    """Save the source and the accepted candidates as draft statements: all or nothing."""
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

    with transaction.atomic():
        source, source_created = source_for(source_data, article)
        leaders = LeaderIndex.from_record()
        result = ImportResult(source, source_created, [], [], [], [])
        for candidate in candidates:
            speaker = candidate.speaker or leader_named(
                candidate.new_speaker_name, leaders, result.leaders_created
            )
            statement, created = statement_for(candidate, speaker, editor)
            place = place_of(article, candidate.parts[0][0], candidate.parts[-1][1])
            Citation.objects.get_or_create(
                statement=statement,
                source=source,
                defaults={"locator": place.locator, "excerpt": place.excerpt},
            )
            if statement not in result.statements:
                result.statements.append(statement)
                (result.created if created else result.reused).append(statement)
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
    candidate: AcceptedCandidate, speaker: Leader, editor: AbstractBaseUser
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
        status=Statement.Status.DRAFT,
        created_by=editor if editor.pk else None,
    )
    try:
        statement.full_clean(exclude=["words_fingerprint"])
    except ValidationError as error:
        raise ImportRejected(f"“{statement.short_text}” is not valid: {describe(error)}") from None
    statement.save()
    mentions = [leader for leader in candidate.mentions if leader.pk != speaker.pk]
    if mentions:
        statement.mentions.set(mentions)
    return statement, True


def describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
