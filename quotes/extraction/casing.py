"""Lines written in capitals throughout, read in ordinary case.

Radio scripts and some agency copy are written in capitals ("COLONEL SAMUEL MEMBRERE SAYS THIS
TRAINING IS VITAL."). The rules find names by their capital letters, so in such a line every
word would be one long name, or none. `restore_case` gives such lines the case a reporter would
have written: sentences open with a capital; countries, their peoples and capitals, the
directory's names, titles and the words of a name after a title or before a speech verb keep
theirs; everything else is lower case. The text keeps its length, character for character, so
every offset found in it is an offset in the article as pasted, from which the quotations'
words are taken.
"""

import re

from .countries import COUNTRY_WORDS
from .directory import SpeakerDirectory, normalise_name
from .lexicon import (
    ABBREVIATED_TITLES,
    CITIES,
    NON_NAME_WORDS,
    PLACES,
    SPEECH_VERBS,
    TITLE_WORDS,
    UNNAMED_SPEAKERS,
)

_WORD = re.compile(r"[^\W\d_][\w’'\-.]*[\w]|[^\W\d_]")
# A line is "in capitals" when nearly all its letters are, over enough letters to tell.
_MIN_LETTERS = 20
_CAPITALS_SHARE = 0.9
# A sentence's or a quotation's first word: after the line's start, a full stop, or a mark.
_SENTENCE_START = re.compile(r"(?:^|[.!?]\W*\s|[\"“‘«]|\s')\W*$")
# A title's name runs on for a few words at most ("MAJOR GENERAL PAUL MCLACHLAN").
_NAME_WORDS_AFTER_TITLE = 3
_JOINING = frozenset({"of", "for", "the"})


def in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) >= _CAPITALS_SHARE * len(letters)


# Forty characters without a lower-case letter: found by one search, where counting each
# line's letters would cost a millisecond an article that has no such line (most).
_CAPITALS_STRETCH = re.compile(r"[A-Z][^a-z\n]{40}")


def restore_case(text: str, directory: SpeakerDirectory) -> str:
    """The text with each line in capitals in ordinary case (other lines as they are)."""
    if not _CAPITALS_STRETCH.search(text) or not any(
        in_capitals(line) for line in text.split("\n")
    ):
        return text
    lines = text.split("\n")
    return "\n".join(_recased(line, directory) if in_capitals(line) else line for line in lines)


def _lower(word: str) -> str:
    # Character by character: a few capitals ("İ") lower-case to two characters.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _capitalised(word: str) -> str:
    lowered = _lower(word)
    # "MCLACHLAN" stays "Mclachlan": nothing here can know where a second capital goes.
    parts = lowered.split("-")
    return "-".join(_upper_first(p) for p in parts)


def _upper_first(part: str) -> str:
    first = part[:1].upper()
    return (first if len(first) == 1 else part[:1]) + part[1:]


def _is_acronym(word: str) -> bool:
    """ "U-S", "U.S.", "NATO" and the like stay in capitals."""
    pieces = [p for p in re.split(r"[-.]", word) if p]
    return (
        len(pieces) > 1 and all(len(p) <= 2 for p in pieces) or word.lower() in ("nato", "un", "eu")
    )


def _is_name_word(key: str, directory: SpeakerDirectory) -> bool:
    if key in NON_NAME_WORDS and key not in COUNTRY_WORDS or key in _COMMON_SHORT_WORDS:
        return False
    if "-" in key:  # "ASIA-PACIFIC"
        return all(_is_name_word(part, directory) for part in key.split("-") if part)
    singular = key[:-1] if key.endswith("s") else key  # "THE AUSTRALIANS"
    return bool(
        key in COUNTRY_WORDS
        or singular in COUNTRY_WORDS
        or key in PLACES
        or key in CITIES
        or key in _REGIONS
        or len(key) > 3
        and key not in SPEECH_VERBS  # "SAID" is also a name
        and directory.short_match(normalise_name(key))
    )


# Words of every sentence that are also a country's or a leader's short name ("US", "To").
_COMMON_SHORT_WORDS = frozenset({"us", "to", "le", "ma", "an", "so", "be", "li"})
_REGIONS = frozenset({"asia", "pacific", "africa", "europe", "america", "arctic", "atlantic"})
# Titles that a person's name follows ("COLONEL", "MINISTER"), not those of bodies ("TASK
# FORCE", "SECURITY COUNCIL").
_PERSON_TITLES = frozenset(
    """president minister chancellor king queen emir sultan premier leader secretary general
    colonel admiral commander sergeant captain major lieutenant private specialist corporal
    officer director chief spokesman spokeswoman spokesperson ambassador envoy senator
    governor mayor airman seaman ensign marshal chairman chairwoman adviser advisor aide
    pope cardinal bishop archbishop prince princess reverend professor doctor""".split()
)


def _recased(line: str, directory: SpeakerDirectory) -> str:
    words = list(_WORD.finditer(line))
    out = list(line)
    keys = [m.group().lower().strip(".") for m in words]
    capital = [False] * len(words)
    for i, (m, key) in enumerate(zip(words, keys, strict=True)):
        if _SENTENCE_START.search(line, 0, m.start()) or key == "i":
            capital[i] = True
        elif _is_name_word(key, directory):
            capital[i] = True
    # Titles and the name after them: "COLONEL SAMUEL MEMBRERE SAYS".
    i = 0
    while i < len(words):
        if _is_title(keys[i]) and keys[i] not in NON_NAME_WORDS:
            # The title's words, "of" and "for" only between two of them.
            j = i + 1
            while j < len(words) and (
                _is_title(keys[j])
                or keys[j] in _JOINING
                and j + 1 < len(words)
                and _is_title(keys[j + 1])
            ):
                j += 1
            if keys[j - 1] not in _PERSON_TITLES and keys[j - 1] not in ABBREVIATED_TITLES:
                i = j
                continue
            # "AMBASSADOR TO THE REPUBLIC OF MACEDONIA JESS BAILY": the post, then the name.
            title_end = j
            post = _post_after_title(keys, j)
            for k in range(j, post):
                capital[k] = capital[k] or keys[k] in _STATE_WORDS
            j = post
            name = []
            while (
                j < len(words)
                and len(name) < _NAME_WORDS_AFTER_TITLE
                and (_could_be_name(keys[j]) or _is_initial(line, words[j]))
                and (
                    not line[words[j - 1].end() : words[j].start()].strip(" ")
                    or _is_initial(line, words[j - 1])
                )
            ):
                name.append(j)  # a comma or a mark ends the name
                j += 1
            if len(name) == 3 and not _ends_a_name(line, words, name):
                # "STAFF SERGEANT JAMES VARNER WORK WITH …": the third word is the verb.
                name.pop()
                j -= 1
            if name:
                for k in range(i, title_end):
                    capital[k] = capital[k] or keys[k] not in _JOINING
                for k in name:
                    capital[k] = True
            i = j
        else:
            i += 1
    # Two or three words right before a speech verb: "JANE DOE SAYS".
    for i, key in enumerate(keys):
        if key not in SPEECH_VERBS or i < 2:
            continue
        run = []
        for j in range(i - 1, max(-1, i - 4), -1):
            if (
                not _could_be_name(keys[j])
                or line[words[j].end() : words[j + 1].start()].strip()
                or keys[j] in COUNTRY_WORDS  # "… TO MACEDONIA JESS BAILY SAYS"
                or keys[j] in PLACES
            ):
                break
            run.append(j)
        if len(run) >= 2:
            for j in run:
                capital[j] = True
    for i, (m, up) in enumerate(zip(words, capital, strict=True)):
        word = m.group()
        if len(word) == 1 and up:
            continue  # an initial
        if _is_acronym(word) or keys[i] == "us" and i + 1 < len(keys) and _is_title(keys[i + 1]):
            continue  # "U-S", and "US AMBASSADOR": not the pronoun
        out[m.start() : m.end()] = _capitalised(word) if up else _lower(word)
    return "".join(out)


# The words of a state's name after a title's "to" or "of" ("TO THE UNITED KINGDOM").
_STATE_WORDS = frozenset({"republic", "kingdom", "united", "states", "state", "federation"})


def _post_after_title(keys: list[str], j: int) -> int:
    """The index past "to/of [the] [Republic of] <country>" after a title, or `j` itself."""
    if j >= len(keys) or keys[j] not in ("to", "of"):
        return j
    k = j + 1
    while k < len(keys) and k - j <= 5 and (keys[k] in _STATE_WORDS or keys[k] in _JOINING):
        k += 1
    if k < len(keys) and (keys[k] in COUNTRY_WORDS or keys[k] in PLACES):
        return k + 1
    return j


def _ends_a_name(line: str, words: list, name: list[int]) -> bool:
    """Whether a third word after a title is still the name: after an initial ("JOHN A.
    SMITH"), or before a speech verb or the end of the sentence ("MAJOR SIMON COX AGREES,"
    is a verb)."""
    second, third = words[name[1]].group(), words[name[2]]
    if len(second.strip(".")) == 1:
        return True
    after = line[third.end() :]
    following = _WORD.match(after.lstrip())
    return (
        not after.strip()
        or after.lstrip()[:1] in ".;:"
        or bool(following and following.group().lower() in SPEECH_VERBS)
    )


def _is_initial(line: str, word) -> bool:
    """ "J." in "DANA J. WHITLOCK"."""
    return len(word.group()) == 1 and line[word.end() : word.end() + 1] == "."


def _is_title(key: str) -> bool:
    return key in TITLE_WORDS or key in ABBREVIATED_TITLES


def _could_be_name(key: str) -> bool:
    return (
        key not in NON_NAME_WORDS
        and key not in SPEECH_VERBS
        and key not in UNNAMED_SPEAKERS
        and key not in _JOINING
        and len(key) > 1
    )
