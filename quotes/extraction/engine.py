"""extract(): from an article's text to quotation candidates."""

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, replace

from .attribution import CONFIDENCE, Attribution, Attributor, Sentence, is_scare_context
from .casing import restore_case
from .directory import SpeakerDirectory
from .lexicon import (
    ABBREVIATED_TITLES,
    ABBREVIATIONS,
    DIGRAPH_INITIALS,
    DOCUMENT_NOUNS,
    SPEECH_VERBS,
)
from .mentions import NAME, ArticleMentions
from .quotes_scan import MARK_CHARS, Span, find_spans, normalise_marks

DIRECT, PARTIAL = "direct", "partial"

_SENTENCE_END = re.compile(r"[.!?\u2026]+[" + re.escape(MARK_CHARS) + r")\]]*\s+")
_NEWLINE = re.compile(r"\n")
_PARAGRAPH_BREAKS = re.compile(r"\n[\s]*")
_WORDS = re.compile(r"[^\W_][\w’'\-]*")
_LAST_WORD = re.compile(r"([\w.]+)\s*$")
_SPEECH_VERBS_AND_THAT = SPEECH_VERBS | {"that"}  # made once: a set of hundreds of words


@dataclass(frozen=True)
class Candidate:
    """One quotation found in the text, with its proposed attribution.

    text: the quoted words, marks removed; the parts of an interrupted or multi-paragraph
        quotation are joined by a space.
    start, end: offsets of the quoted words in the article (from the first word of the
        first part to the last word of the last part).
    parts: (start, end) offsets of each part's words.
    speaker: canonical name of a directory leader, or None.
    unlisted_speaker: a person named in the text as the speaker but not in the directory.
    kind: "direct" (a whole sentence or more) or "partial" (a fragment in the reporter's
        sentence).
    relayed_by: who passed the words on ("KCNA", "Kremlin statement"), when the text says.
    mentions: canonical names of directory leaders named inside the quotation.
    confidence: 0-1; below 0.5 means probably not a quotation of anyone (scare quotes,
        titles) or a fragment whose speaker is only guessed.
    evidence: how the speaker was found: named, according, relayed, pronoun, title,
        continuation, subject, institution or none.
    reason: the same for an editor, in words ("named after the quotation",
        "“the PM” = Narendra Modi", "continues the previous paragraph").
    context: the reporter's sentence (or sentences) the quotation stands in, whitespace
        folded, for the draft's context.
    written_name: the speaker's name as the article writes it ("Zelenskiy", "Lula"), the
        spelling an editor's correction can teach the directory; None when no name was read.
    """

    text: str
    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    speaker: str | None
    unlisted_speaker: str | None
    kind: str
    relayed_by: str | None
    mentions: tuple[str, ...]
    confidence: float
    evidence: str
    reason: str = ""
    context: str = ""
    written_name: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["parts"] = [list(p) for p in self.parts]
        data["mentions"] = list(self.mentions)
        return data


@dataclass
class Reading:
    """An article as the rules read it: its spans, mentions and sentences, and each span's
    attribution by the hand rules (before the relays named in the sentence are added)."""

    text: str
    directory: SpeakerDirectory
    spans: list[Span]
    mentions: ArticleMentions
    sentences: list[Sentence]
    attributor: Attributor
    attributions: list[Attribution]
    # The article as pasted (marks normalised), the same length as `text`, which may have
    # lines in capitals put in ordinary case: the quotations' words are taken from it.
    shown: str = ""


def read(text: str, directory: SpeakerDirectory) -> Reading:
    """Spans, mentions and the hand rules' attribution of each span."""
    shown = normalise_marks(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Lines in capitals are read in ordinary case; the quotations keep the article's words.
    text = restore_case(shown, directory)
    spans = find_spans(text)
    # Each part with its marks: the attribution interrupting a quotation is reporter's text.
    # In the order of the text: a nickname inside an interruption comes after the span around it.
    quote_ranges = sorted((start - 1, end + 1) for span in spans for start, end in span.parts)
    mentions = ArticleMentions(text, directory, quote_ranges)
    sentences = split_sentences(text, spans)
    attributor = Attributor(text, mentions, sentences, spans)

    attributions = []
    for span in spans:
        attribution = attributor.attribute(span)
        attributor.remember(span, attribution)
        attributions.append(attribution)
    _repeated_words(text, spans, attributions)
    return Reading(text, directory, spans, mentions, sentences, attributor, attributions, shown)


def extract(text: str, directory: SpeakerDirectory | None = None, ranker=None) -> list[Candidate]:
    """The quotation candidates of an article, in order of appearance.

    ranker: an experimental learned ranker (ranker.SpeakerRanker) that re-weighs the speakers
    the rules considered; none is shipped, so by default the hand rules alone decide."""
    directory = directory or SpeakerDirectory()
    reading = read(text, directory)
    if ranker is not None:
        ranker.rerank(reading)
    text, spans, attributions = reading.text, reading.spans, reading.attributions
    sentences, attributor, mentions = reading.sentences, reading.attributor, reading.mentions
    for span, attribution in zip(spans, attributions, strict=True):
        bare_document = (attribution.relayed_by or "") in DOCUMENT_NOUNS  # "statement"
        if attribution.relayed_by is None or bare_document:
            first = sentences[attributor.sentence_index(span.outer_start)]
            last = sentences[attributor.sentence_index(max(span.outer_end - 1, span.outer_start))]
            named = attributor.sentence_relay(first.start, last.end)
            named = named or attributor.relay_before(span, attribution)
            attribution.relayed_by = named or attribution.relayed_by
    candidates = []
    for span, attribution in zip(spans, attributions, strict=True):
        first = sentences[attributor.sentence_index(span.outer_start)]
        last = sentences[attributor.sentence_index(max(span.outer_end - 1, span.outer_start))]
        candidate = _candidate(text, span, attribution, directory, mentions, first.start, last.end)
        if reading.shown != text:
            candidate = replace(
                candidate,
                text=_quoted_text(reading.shown, span),
                context=" ".join(reading.shown[first.start : last.end].split()),
            )
        candidates.append(candidate)
    return candidates


def _repeated_words(text: str, spans: list[Span], attributions: list[Attribution]) -> None:
    """A fragment nobody is named for that repeats words of an attributed quotation ("Calls
    US 'our great partner'" in a headline, "The United States is our great partner," Colom
    said) is that speaker's: the article quotes the same words twice."""
    attributed = [
        (span, found)
        for span, found in zip(spans, attributions, strict=True)
        if found.speaker is not None or found.unlisted
    ]
    said = [(_folded(_quoted_text(text, span)), found) for span, found in attributed]
    said_spans = [span for span, _ in attributed]
    for index, (span, found) in enumerate(zip(spans, attributions, strict=True)):
        # A heading's quotation is given to its subject ("Zelenskyy 'didn't want to hear'
        # warnings") or to the outlet it names ("Minister Tells VOA … a 'Big Threat'") only
        # for want of better: the body that repeats the words says who spoke.
        guessed_heading = found.evidence in ("subject", "institution") and _in_heading(text, span)
        if (
            found.speaker is not None
            or found.unlisted
            or found.evidence in ("unnamed", "institution")
        ) and not guessed_heading:
            continue  # someone else, or an institution, is said to have said it
        words = _folded(_quoted_text(text, span))
        if len(words.split()) < 2:
            continue
        sources = {
            (other.speaker, other.unlisted)
            for (quoted, other), other_span in zip(said, said_spans, strict=True)
            if other is not found
            and words in quoted
            and (len(quoted) > len(words) or _in_heading(text, span))
            and not (guessed_heading and _in_heading(text, other_span))
        }
        if guessed_heading and sources == {(found.speaker, found.unlisted)}:
            continue  # the body agrees with the heading
        if len(sources) == 1:
            speaker, unlisted = sources.pop()
            source = next(o for q, o in said if (o.speaker, o.unlisted) == (speaker, unlisted))
            attributions[index] = Attribution(
                speaker=speaker,
                unlisted=unlisted,
                relayed_by=found.relayed_by or source.relayed_by,
                evidence="repeated",
                written=source.written,
                reason="repeats words of a quotation attributed in the article",
            )


def _in_heading(text: str, span: Span) -> bool:
    """Whether the quotation stands in a heading: a short line of its own that does not end
    as a sentence does ("Zelenskyy Describes Visit to the West as 'Very Productive'")."""
    line_start = text.rfind("\n", 0, span.outer_start) + 1
    line_end = text.find("\n", span.outer_end)
    line = text[line_start : len(text) if line_end == -1 else line_end].strip()
    ending = line.rstrip("\"'”’»)")  # a sentence may end inside its closing mark
    return 0 < len(line.split()) <= 16 and not ending.endswith((".", "?", "!", ":", ",", ";"))


def _folded(words: str) -> str:
    # Pages mix typewriter and typographic apostrophes, even within one article.
    return " ".join(_WORDS.findall(words.casefold().replace("’", "'")))


_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


def split_sentences(text: str, spans: list[Span]) -> list[Sentence]:
    """Sentences of the reporter's text; a quotation's inner full stops do not end one."""
    starts = [s.outer_start for s in spans]

    def inside(pos: int) -> Span | None:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and spans[i].outer_start < pos < spans[i].outer_end:
            return spans[i]
        return None

    cuts = {m.end() for m in _NEWLINE.finditer(text)}
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        span = inside(match.start())
        if span is not None and not (match.start() < span.outer_end <= end):
            continue  # a full stop inside a quotation
        following = text[end : end + 1]
        if following.islower():
            continue  # "Is this peace?" he asked.
        word = _LAST_WORD.search(text[max(0, match.start() - 12) : match.start()])
        if word and match.group().startswith("."):
            last = word.group(1).lower()
            if (
                last in ABBREVIATIONS
                or last in ABBREVIATED_TITLES
                or (len(last) == 1 and last.isalpha())
                or last in DIGRAPH_INITIALS
                and word.group(1)[0].isupper()
                # "on Sept. 15 told a briefing": a month's abbreviation before its day
                or last in _MONTH_ABBREVIATIONS
                and text[end : end + 1].isdigit()
            ):
                continue
        cuts.add(end)
    cuts = sorted(c for c in cuts if 0 < c < len(text))
    sentences = []
    previous = 0
    # A blank line between paragraphs is one break, not two.
    break_ends = [m.end() for m in _PARAGRAPH_BREAKS.finditer(text)]
    for cut in [*cuts, len(text)]:
        if cut > previous and not text[previous:cut].isspace():
            sentences.append(Sentence(previous, cut, bisect_right(break_ends, previous)))
        previous = cut
    return sentences or [Sentence(0, len(text), 0)]


def _quoted_text(text: str, span: Span) -> str:
    pieces = []
    for index, (start, end) in enumerate(span.parts):
        piece = text[start:end].strip()
        if (
            index + 1 < len(span.parts)
            and text[end : end + 2] in _MARK_THEN_COMMA
            and not piece.endswith((",", ".", ";", ":", "!", "?"))
            and text[span.parts[index + 1][0] : span.parts[index + 1][1]].lstrip()[:1].isupper()
        ):
            # "“A”, concludes the blogger. “B”": the comma outside the marks, before words
            # that open a sentence of their own (not "“The EU”, said X, “will ensure …”").
            piece += ","
        pieces.append(piece)
    return " ".join(pieces)


_MARK_THEN_COMMA = frozenset({"\u201d,", '",', "\u2019,", "',", "\u00bb,"})


def _kind(text: str, span: Span, sentence_start: int) -> str:
    # "[W]e must get Brexit done": an editor's capital in brackets still opens a sentence.
    words = text[span.start : span.parts[0][1]].lstrip(" .\u2026[")
    if not words or not words[0].isupper() and not words[0].isdigit():
        return PARTIAL
    before = text[sentence_start : span.outer_start].rstrip()
    if not before or before.endswith((":", ",", "\u2014", "\u2013")):
        return DIRECT
    last = _WORDS.findall(before[-30:])
    if last and last[-1].lower() in _SPEECH_VERBS_AND_THAT:
        return DIRECT
    return PARTIAL


def _confidence(text: str, span: Span, kind: str, found: Attribution, words: list[str]) -> float:
    n = len(words)
    score = CONFIDENCE[found.evidence]
    if found.evidence == "subject":
        if n <= 3:
            score = 0.6
    elif found.evidence == "institution":
        score = 0.75 if n >= 4 else 0.3
    elif found.evidence == "none":
        if kind == DIRECT and n >= 5:
            score = 0.6
        elif n >= 5:
            score = 0.5
        else:
            score = 0.25
    # One or two words ("historic", "red lines") may be the speaker's or the reporter's:
    # offered to the editor, never ticked by default.
    if n <= 2 and kind != DIRECT:
        score = min(score, 0.45)
    # Titles and names in quotation marks: every word capitalised, no sentence.
    significant = [w for w in words if len(w) > 3 and w[0].isalpha()]
    sentence_like = text[span.start : span.end].rstrip().endswith((".", "!", "?", ","))
    if (
        n <= 12
        and significant
        and all(w[0].isupper() for w in significant)
        and (kind != DIRECT or not sentence_like)
    ):
        score = min(score, 0.2)
    if is_scare_context(text, span.outer_start):
        score = min(score, 0.2)
    if span.unclosed:
        score *= 0.8
    return round(score, 2)


def _candidate(
    text: str,
    span: Span,
    found: Attribution,
    directory: SpeakerDirectory,
    mentions: ArticleMentions,
    sentence_start: int,
    sentence_end: int,
) -> Candidate:
    quoted = _quoted_text(text, span)
    words = _WORDS.findall(quoted)
    kind = _kind(text, span, sentence_start)
    speaker = directory.name_of(found.speaker) if found.speaker is not None else None
    named = []
    for m in mentions.inside(span.start, span.end):
        if m.kind == NAME and m.person is not None:
            name = directory.name_of(m.person)
            if name != speaker and name not in named:
                named.append(name)
    return Candidate(
        text=quoted,
        start=span.start,
        end=span.end,
        parts=tuple(span.parts),
        speaker=speaker,
        unlisted_speaker=found.unlisted if speaker is None else None,
        kind=kind,
        relayed_by=found.relayed_by,
        mentions=tuple(named),
        confidence=_confidence(text, span, kind, found, words),
        evidence=found.evidence,
        reason=_reason(found, speaker or found.unlisted),
        context=" ".join(text[sentence_start:sentence_end].split()),
        written_name=found.written if (speaker or found.unlisted) else None,
    )


def _reason(found: Attribution, who: str | None) -> str:
    """How the speaker was found, in an editor's words."""
    if found.reason:
        return found.reason
    if who is None:
        if found.evidence == "institution" and found.relayed_by:
            return f"only {found.relayed_by} is said to have said it"
        return "no speaker found"
    return {
        "named": f"{who} named {found.where or 'beside the quotation'}",
        "according": f"according to {who}",
        "relayed": f"{who}, relayed by {found.relayed_by}",
        "pronoun": f"“{found.reference}” = {who}" if found.reference else f"a pronoun for {who}",
        "title": f"“{found.reference}” = {who}" if found.reference else f"a title for {who}",
        "continuation": f"continues the previous quotation, by {who}",
        "subject": f"{who} is the subject of the sentence",
    }.get(found.evidence, f"{who}")
