"""Finding quotation spans: which quote marks open and close, and which are apostrophes.

A span is one quotation as the reader sees it. It may have several parts: a quotation
interrupted by its attribution ("We will win," Zelensky said, "no matter what.") and a
quotation running over several paragraphs (an opening mark at each paragraph, a closing
mark only at the end) are one span each.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .lexicon import DOCUMENT_NOUNS, SPEECH_VERBS

DOUBLE, SINGLE = "double", "single"

# mark -> (family, role); role is "open", "close" or "either" (straight quotes).
_MARKS = {
    "\u201c": (DOUBLE, "open"),  # “
    "\u201e": (DOUBLE, "open"),  # „
    "\u201f": (DOUBLE, "open"),  # ‟
    "\u00ab": (DOUBLE, "open"),  # «
    "\u201d": (DOUBLE, "close"),  # ”
    "\u00bb": (DOUBLE, "close"),  # »
    '"': (DOUBLE, "either"),
    "\u2018": (SINGLE, "open"),  # ‘
    "\u201b": (SINGLE, "open"),  # ‛
    "\u2039": (SINGLE, "open"),  # ‹
    "\u2019": (SINGLE, "close"),  # ’ (also the apostrophe)
    "\u203a": (SINGLE, "close"),  # ›
    "'": (SINGLE, "either"),
}
MARK_CHARS = "".join(_MARKS)
_MARK_RE = re.compile("[" + re.escape(MARK_CHARS) + "]")
_NEXT_DOUBLE_MARK = re.compile('[\u201c\u201d"\u00ab\u00bb\u201e]')
_PARAGRAPH_BREAK = re.compile(r"\n")
_SENTENCE_THEN_SPACE = re.compile(r"[.!?][ \t]+\Z")
# Characters after which a mark can open a quotation.
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:") | set(MARK_CHARS)
# Characters after which a closing mark may stand.
_CLOSE_AFTER = set(" \t\n.,;:!?)]}\u2014\u2013-/\u2026") | set(MARK_CHARS)


@dataclass
class Span:
    """One quotation: its parts (offsets of the quoted words, marks excluded)."""

    parts: list[tuple[int, int]]
    family: str
    unclosed: bool = False
    paragraph: int = 0
    # Interrupting attributions between parts, as (start, end) offsets of reporter text.
    gaps: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_start(self) -> int:
        """Offset of the opening mark."""
        return self.parts[0][0] - 1

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or the words, when unclosed)."""
        return self.parts[-1][1] + (0 if self.unclosed else 1)


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else "\n"


def _is_apostrophe(text: str, i: int) -> bool:
    """A mark between two letters or digits (Russia’s, don’t, rock’n’roll) is an apostrophe."""
    before, after = _char(text, i - 1), _char(text, i + 1)
    return before.isalnum() and after.isalnum()


def _can_open(text: str, i: int) -> bool:
    before, after = _char(text, i - 1), _char(text, i + 1)
    if after.isspace():
        return False
    # ‘90s, ’em: an elided letter, not a quotation.
    if after.isdigit() and _char(text, i + 3) in "s" and _char(text, i + 2).isdigit():
        return False
    return before in _OPEN_BEFORE


def _can_close(text: str, i: int) -> bool:
    before, after = _char(text, i - 1), _char(text, i + 1)
    if before == " " and _char(text, i - 2) in ",.?!'\u2019" and (after.isspace() or after in ",."):
        return True  # `is often difficult, " he said`: a stray space before the mark
    return not before.isspace() and (after in _CLOSE_AFTER or after.isspace())


def _looks_like_plural_possessive(text: str, i: int, paragraph_end: int) -> bool:
    """The allies’ summit: s + mark + space + lower-case word, with a later closing mark."""
    if _char(text, i - 1) not in "sSzZ":
        return False
    if not (_char(text, i + 1) == " " and _char(text, i + 2).islower()):
        return False
    for j in range(i + 1, paragraph_end):
        c = text[j]
        if c in "\u2018":
            return False
        if c in "\u2019'" and not _is_apostrophe(text, j) and _can_close(text, j):
            return True
    return False


_TEX_OPEN = re.compile(r"``(?=\S)")
_TEX_CLOSE = re.compile(r"(?<=\S)''(?=[\s.,;:!?)\]]|$)")
# ''…'': two apostrophes opening a quotation at a word's start, as some pages type it.
_TWO_APOSTROPHES_OPEN = re.compile(r"(?:(?<=[\s(])|^)''(?=[A-Za-z])", re.M)


# A double prime after a word or a full stop, before a space, a punctuation mark or the end.
_DOUBLE_PRIME_CLOSE = re.compile(r"(?<=[^\s\d])\u2033|(?<=\d)\u2033(?=[.,;:!?)]|\s*$)", re.M)


def normalise_marks(text: str) -> str:
    """The same text, of the same length, with typewriter marks made typographic:
    ``…'', "…'' and ''…'' (two apostrophes opening or closing a quotation) become “…”
    (padded with a space, so that every offset stays where it was), and a double prime
    closing a word ("the institutions of 1945″", as word processors type it) a closing
    mark."""
    if "\u2033" in text:
        text = _DOUBLE_PRIME_CLOSE.sub("\u201d", text)
    if "``" in text:
        text = _TEX_OPEN.sub(" \u201c", text)
    if "''" in text:
        text = _TEX_CLOSE.sub("\u201d ", text)
        text = _TWO_APOSTROPHES_OPEN.sub(" \u201c", text)
    return text


def find_spans(text: str) -> list[Span]:
    """Every quotation span in the text, outermost quotations only, in order."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]

    def paragraph_of(pos: int) -> int:
        return bisect_right(breaks, pos)

    def paragraph_end(index: int) -> int:
        return breaks[index] if index < len(breaks) else len(text)

    def paragraph_start(index: int) -> int:
        return breaks[index - 1] + 1 if index > 0 else 0

    spans: list[Span] = []
    # The open quotation: its family stack (outer first), the parts so far, the start of
    # the current part and its paragraph.
    stack: list[str] = []
    parts: list[tuple[int, int]] = []
    part_start = 0
    part_paragraph = 0

    def close_unclosed() -> None:
        # A quotation left open at a paragraph end with no opening mark at the next
        # paragraph: keep what was read, flagged so that it gets a lower confidence.
        end = paragraph_end(part_paragraph)
        while end > part_start and text[end - 1].isspace():
            end -= 1
        if end > part_start:
            spans.append(
                Span(
                    parts + [(part_start, end)],
                    stack[0],
                    unclosed=True,
                    paragraph=paragraph_of(parts[0][0] if parts else part_start),
                )
            )

    for match in _MARK_RE.finditer(text):
        i = match.start()
        family, role = _MARKS[match.group()]
        if family == SINGLE and _is_apostrophe(text, i):
            continue
        paragraph = paragraph_of(i)

        if stack and paragraph != part_paragraph:
            at_paragraph_start = text[paragraph_start(paragraph) : i].strip() == ""
            if (
                at_paragraph_start
                and family == stack[0]
                and role in ("open", "either")
                # the next paragraph, blank lines aside
                and not text[paragraph_end(part_paragraph) : i].strip()
            ):
                # The same quotation continues in the next paragraph.
                end = paragraph_end(part_paragraph)
                while end > part_start and text[end - 1].isspace():
                    end -= 1
                parts.append((part_start, end))
                del stack[1:]
                part_start, part_paragraph = i + 1, paragraph
                continue
            if (
                len(stack) == 1
                and family == stack[0]
                and role in ("close", "either")
                and _can_close(text, i)
                and not at_paragraph_start
                and paragraph - part_paragraph <= 12
            ):
                # A speech quoted over several paragraphs with one opening mark at its start
                # and one closing mark at its end, as official transcripts print it: the
                # paragraphs between (no mark in them) are the same quotation.
                for index in range(part_paragraph, paragraph):
                    end = paragraph_end(index)
                    while end > part_start and text[end - 1].isspace():
                        end -= 1
                    if end > part_start:
                        parts.append((part_start, end))
                    part_start = paragraph_end(index) + 1
                while part_start < i and text[part_start].isspace():
                    part_start += 1
                spans.append(
                    Span(
                        parts + [(part_start, i)],
                        family,
                        paragraph=paragraph_of(parts[0][0] if parts else part_start),
                    )
                )
                stack, parts = [], []
                continue
            if (
                len(stack) == 1
                and stack[0] == DOUBLE
                and family == SINGLE
                and _next_double_mark(text, i) == "\u201d"
            ):
                # `“Easter is …` left open, then paragraphs with no double mark, one quoting
                # ‘the least of these’, then `… Gordon.”`: a letter quoted whole, the single
                # marks nested in it.
                continue
            close_unclosed()
            stack, parts = [], []

        if not stack:
            if role == "close" and match.group() in "\u201d\u00bb" and _can_open(text, i):
                # ”…”: a quotation opened with a closing mark, as some pages print it.
                role = "open"
            elif role == "close" and family == DOUBLE and _can_close(text, i):
                # `Putin said: We are ready.”`: the opening mark is missing; the words
                # after the colon are the quotation, flagged as unsure.
                start = _start_after_colon(text, paragraph_start(paragraph), i)
                if start is not None:
                    spans.append(Span([(start, i)], family, unclosed=True, paragraph=paragraph))
                continue
            if role == "close" or not _can_open(text, i):
                continue
            stack = [family]
            parts = []
            part_start, part_paragraph = i + 1, paragraph
            continue

        closes = role in ("close", "either") and _can_close(text, i)
        opens = role in ("open", "either") and _can_open(text, i)
        if closes and family in stack:
            if family == SINGLE and _looks_like_plural_possessive(
                text, i, paragraph_end(paragraph)
            ):
                continue
            if role == "either" and opens and stack[-1] != family:
                stack.append(family)  # a straight mark opening a nested quotation
                continue
            while stack and stack[-1] != family:
                stack.pop()
            stack.pop()
            if not stack:
                if i > part_start:
                    spans.append(
                        Span(
                            parts + [(part_start, i)],
                            family,
                            paragraph=paragraph_of(parts[0][0] if parts else part_start),
                        )
                    )
                parts = []
        elif (
            opens
            and len(stack) == 1
            and role == "open"
            and family == stack[0]
            and _SENTENCE_THEN_SPACE.search(text, part_start, i)
        ):
            # `“… the people of Wales. “This significant package …”`: the same opening mark
            # after a full stop, the paragraph break between the two lost in the copy: one
            # quotation, the mark left out of its words.
            end = i
            while end > part_start and text[end - 1].isspace():
                end -= 1
            parts.append((part_start, end))
            part_start = i + 1
        elif opens and (family != stack[-1] or role == "either" and _char(text, i + 1).isalpha()):
            # `"… The "United States" is …"`: a straight mark before a word cannot close, so
            # it opens a quotation nested in one of the same marks.
            stack.append(family)
        # Anything else is a stray mark or an apostrophe at a word's end (the leaders’).

    if stack:
        close_unclosed()
    return _merge_interrupted(text, spans)


_SPEECH_WORD = re.compile(r"[a-z]+")


_PRONOUN_ATTRIBUTION = re.compile(r"^\s*(?:he|she)\s+[a-z]+\b")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]+")


_CIRCUMSTANCE = frozenset(
    """while which who after before at in on during when with from as adding noting told
    tells telling following""".split()
)  # an addressee ("he told the press.") is a circumstance too
_OBJECT_OF_PARTICIPLE = frozenset(
    "saying calling describing terming labelling labeling dubbing branding".split()
)
_LOWER_CASE_WORD = re.compile(r"(?<![\w\-])[a-z]+\b")
_STOP_AFTER = re.compile(r"(\S+)[.!?]\s")


# A lower-case word inside a name: "Institute for Research in Environmental Sciences".
_NAME_INNER_WORD = re.compile(
    r"\b((?:Institute|Research|Center|Centre|University|School|College|Department|Ministry|"
    r"Office|Society|Association|Council|Foundation|Committee|Agency|Academy|Museum|Bureau|"
    r"Commission|Federation|Laboratory|Studies)) (?:of|for|in|on|and)(?= [A-Z])"
)
_APPOSITIVE_CLAUSE = re.compile(r"[A-Z][\w\-]*, who [a-z]")
# "…;” read the statement; “…”, "…,” reads Judge Miller's statement, “…”.
_DOCUMENT_READS = re.compile(
    r"\breads?\b.*\b(?:"
    + "|".join(sorted(DOCUMENT_NOUNS))
    + r")\b|\b(?:"
    + "|".join(sorted(DOCUMENT_NOUNS))
    + r")\b.*\breads?\b"
)


# The verb and a capitalised name (titles, initials), then a comma and a noun phrase that
# opens with an article, an ordinal or a capitalised word: "said Lt. Col. Jo Ng, 9th Squadron
# commander", "said Pvt. Jo Ng, an infantryman with …". Not "said Jo Ng, who …" or ", at …".
# Words after "said X, " that open the reporter's clause, not a description of X.
_NOT_A_NOUN_PHRASE = (
    "who which at in on during as and but though although because if after before when "
    "while since to for with by so yet or nor then adding"
).split()
_DESCRIBED_SPEAKER = re.compile(
    # "said Yeoman 2nd Class Michael D. Rawles": ranks may hold an ordinal
    r"((?:[a-z]+\s+)?(?:(?:[A-Z][\w’'\-]*|[0-9]+(?:st|nd|rd|th))\.?\s+){1,6}[A-Z][\w’'\-]*"
    r"(?:\s+(?:said|says|added|explained|noted|told \w+))?),\s+"
    # "…, the commander", "…, 2nd Squadron", "…, motor transportation operator with …",
    # "…, from Fayetteville": a noun phrase describing the speaker, or their home town
    r"(?=(?:an?|the|[0-9]+(?:st|nd|rd|th)|[A-Z][\w\-]*|from\s+[A-Z][\w\-]*"
    r"|(?!(?:" + "|".join(_NOT_A_NOUN_PHRASE) + r")\b)[a-z]+(?<!ing))\s)"
    r"(?!(?:who|which|at|in|on|during)\s)"
)
_CIRCUMSTANCE_AFTER = re.compile(
    r",\s+(?:in|at|on|during|while|when|after|before|as|from(?!\s+[A-Z])|to)\s"
)
# A clause of the reporter's after the name: "…, speaking at the summit", "…, who said".
_PARTICIPLE_WORD = re.compile(r"(?:^|,\s+)(?:[a-z]+ing|who|which|while|when)\b")


def _is_one_attribution(gap: str) -> bool:
    """`said Col. Christopher Norrie, commander, 4th In. Div.`: one sentence (abbreviations
    aside) that opens with its speech verb, or with a name and then the verb."""
    if not gap.endswith(".") or len(gap) > 160:
        return False
    for match in _STOP_AFTER.finditer(gap[:-1] + " "):
        word = match.group(1)
        if not ("." in word or word[:1].isupper() and len(word) <= 4):
            return False  # a real full stop ("said. The hall applauded."), not "In. Div."
    words = _SPEECH_WORD.findall(gap.lower())
    # "4th In. Div." is no "in", nor is the "in" of "Institute for Research in Sciences";
    # "Devin Oldman, who helped manage the herd." is an appositive.
    # "said Pvt. Jo Ng, an infantryman with the 2nd Squadron.": past the comma, a noun phrase
    # describing the speaker, whose prepositions are no circumstance of the speech.
    head, appositive = gap, ""
    described = _DESCRIBED_SPEAKER.match(gap)
    if described:
        head, appositive = gap[: described.end(1)], gap[described.end(1) :]
    lower_case_words = set(_LOWER_CASE_WORD.findall(_NAME_INNER_WORD.sub(r"\1", head)))
    if _APPOSITIVE_CLAUSE.search(gap):
        lower_case_words -= {"who"}
    if _PARTICIPLE_WORD.search(appositive) or _CIRCUMSTANCE_AFTER.search(appositive):
        # "said Jo Ng, speaking at the summit.", "said Jo Ng, commander, in his address."
        return False
    if ", and " in gap or ", but " in gap or _CIRCUMSTANCE & lower_case_words:
        # "Mattis said, and it plays a part …", "Austin said at the beginning of the
        # meeting.": the reporter's sentence goes on beyond who spoke.
        return False
    return any(w in SPEECH_VERBS for w in words[:6])


def _same_speaker_again(first_gap: str, after_second: str) -> bool:
    """`“A,” said Duda. “B,” he said.`: the second attribution names no one new."""
    if _PRONOUN_ATTRIBUTION.match(after_second):
        return True
    names = set(_CAPITALISED.findall(first_gap))
    following = _CAPITALISED.findall(after_second.split(".")[0])
    return bool(names) and bool(following) and set(following) <= names


def _start_after_colon(text: str, paragraph_start: int, close: int) -> int | None:
    """Where words introduced by a colon begin, if a colon stands before `close` in the
    same paragraph with no quote mark between."""
    colon = text.rfind(":", paragraph_start, close)
    if colon < 0 or _MARK_RE.search(text, colon, close):
        return None
    start = colon + 1
    while start < close and text[start].isspace():
        start += 1
    return start if close - start > 10 else None


_REPORTER_GOES_ON = re.compile(r",?\s*(?:and\s+(?!(?:he|she|they|I|we)\b)[a-z]|[a-z]+ing\s+[a-z])")
_GAP_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)[.!?](?=\s)")


def _next_double_mark(text: str, start: int) -> str | None:
    found = _NEXT_DOUBLE_MARK.search(text, start)
    return found.group() if found else None


def _merge_interrupted(text: str, spans: list[Span]) -> list[Span]:
    """Join “We will win,” Zelensky said, “no matter what.” into one span."""
    merged: list[Span] = []
    for span in spans:
        if merged and _is_interruption(text, merged[-1], span):
            merged[-1] = _joined(merged[-1], span)
        elif (
            len(merged) >= 2
            and _is_nickname(text, merged[-1])
            and _is_interruption(text, merged[-2], span)
        ):
            # “…,” said Pvt. Jo Ng, of 2nd Squadron “Sabre,” 3rd Cavalry. “…”: a unit's
            # nickname inside the attribution stays a span of its own.
            nickname = merged.pop()
            merged[-1] = _joined(merged[-1], span)
            merged.append(nickname)
        else:
            merged.append(span)
    return merged


def _joined(previous: Span, span: Span) -> Span:
    return Span(
        previous.parts + span.parts,
        previous.family,
        unclosed=span.unclosed,
        paragraph=previous.paragraph,
        gaps=previous.gaps + [(previous.outer_end, span.outer_start)],
    )


def _is_nickname(text: str, span: Span) -> bool:
    """A capitalised word or two in marks, as a unit's or a person's nickname: “Sabre,”."""
    words = text[span.start : span.end].rstrip(",").split()
    return (
        not span.unclosed
        and len(span.parts) == 1
        and 0 < len(words) <= 2
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
    )


def _is_interruption(text: str, first: Span, second: Span) -> bool:
    if first.unclosed or len(first.parts) > 1 and first.gaps == []:
        return False
    gap = text[first.outer_end : second.outer_start]
    if "\n" in gap or len(gap) > 170:
        return False
    lead = text[max(0, first.outer_start - 14) : first.outer_start].split()
    if lead and lead[-1].lower() in _OBJECT_OF_PARTICIPLE:
        # `Saying “A”, President Fernández elaborated, “B”`: the first part is what the
        # participle says, the second the main verb's own words.
        return False
    first_words = text[first.start : first.end].rstrip()
    ends_with_comma = first_words.endswith((",", "\u2014", "\u2013", "-", "...", "\u2026"))
    gap_stripped = gap.strip()
    if _REPORTER_GOES_ON.match(gap_stripped):
        # `noting that “A,” and went on to say, “B.”`, `“A”, recalling their first meeting.
        # “B.”`: a verb with no speaker of its own is the reporter's sentence going on.
        return False
    # The full stop of "…, the Director-General of the WHO." ends the gap as well.
    if _GAP_SENTENCE_END.search(gap) or gap_stripped.endswith("."):
        # "A," he said. "B.": the speaker goes on after the attribution's full stop.
        second_words = text[second.start : second.end].rstrip()
        # `“A.” said Norris. “B.”`, `"A" tweeted Mayor Khan. "B."`: an attribution opening
        # with its verb belongs to the words before it, whatever ends them.
        inverted = (
            gap_stripped[:1].islower()
            and gap_stripped.split()[0] in SPEECH_VERBS
            and not first_words.endswith(("?", "!"))
        )
        return (
            # `…,” he said.`, `…", Graham said.`, `…” said Norris.`
            (first_words.endswith(",") or gap_stripped.startswith(",") or inverted)
            # `“It is over,” a diplomat said.` after it: the second part has its own
            # speaker, unless that is the same one again ("he said", the same name).
            and (
                not second_words.endswith(",")
                or _same_speaker_again(gap_stripped, text[second.outer_end : second.outer_end + 40])
            )
            and _is_one_attribution(gap_stripped)
        )
    if len(gap) > 90:
        return False
    second_start = text[second.start : second.start + 1]
    lower_case = _LOWER_CASE_WORD.findall(gap)
    if (
        second_start.islower()
        and not first_words.endswith((".", "!", "?", ";"))
        and len(gap_stripped.split()) <= 5
        # only the verb and who: "tweeted Johnson", "he said", not "and said the US would",
        # nor a second verb that opens other words ("he said, adding “this is …”")
        and sum(w in SPEECH_VERBS for w in lower_case) == 1
        and all(w in SPEECH_VERBS or w in ("he", "she", "they", "the") for w in lower_case)
    ):
        return True  # “We stand ready” tweeted Johnson “to provide whatever help we can”
    if first_words.endswith(";") and gap_stripped.endswith(";") and _DOCUMENT_READS.search(gap):
        return True  # "…;” read the statement; “…”
    if not (ends_with_comma or gap_stripped.startswith(",")):
        return False
    if not gap_stripped.endswith(","):
        return False
    words = _SPEECH_WORD.findall(gap.lower())
    if _DOCUMENT_READS.search(gap):
        return True  # "…,” reads Judge Miller's statement, “…”
    if {"adding", "noting", "continuing", "further"} & set(words) and not (
        ends_with_comma and gap_stripped in ("adding,", "noting,", "continuing,")
    ):
        # `Ebrard said, “A”, adding, “B”`: a second statement; but `“A,” adding, “B.”`,
        # the first words' comma inside the marks, is one statement the verb goes on with.
        return False
    return any(word in SPEECH_VERBS for word in words) or "according" in words
