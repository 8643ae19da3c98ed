"""How the words of a statement are cleaned for storage and compared for duplicates."""

import hashlib
import re
import unicodedata

WHITESPACE = re.compile(r"\s+")
# Quote marks and apostrophes in all their typographic forms compare as one.
QUOTE_FOLDING = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)
PUNCTUATION_AT_ENDS = "\"'.,;:!?-\u2026 "
# What XML 1.0 forbids: the C0 controls but tab, line feed and carriage return, and the
# non-characters U+FFFE and U+FFFF. A feed carrying one would not parse (Django's feed writer
# refuses it outright), and no published words contain one. The vertical tab, form feed and
# the information separators stand between words (a line break pasted from a word processor):
# they become a space, the others go.
XML_FORBIDDEN_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f]")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1b\ufffe\uffff]")
# Explicit bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9). One left open
# reorders whatever follows it on the page (the name, the date, the next statement): the trick
# behind spoofed text. Right-to-left words display correctly without them; the marks that open
# nothing (LRM, RLM, ALM) stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids, so that it can go into a feed."""
    return XML_FORBIDDEN.sub("", XML_FORBIDDEN_SEPARATORS.sub(" ", text))


def without_invisible_controls(text: str) -> str:
    """`text` without control characters nobody types on purpose: XML's forbidden ones and the
    bidirectional controls. Tabs and line breaks stay."""
    return BIDI_CONTROLS.sub("", xml_safe(text))


def clean_words(text: str) -> str:
    """The words as stored: whitespace collapsed, typographic quotes kept as published, invisible
    control characters dropped."""
    text = without_invisible_controls(unicodedata.normalize("NFC", text))
    return WHITESPACE.sub(" ", text).strip()


def comparable_words(text: str) -> str:
    """The words as compared: case, quote style, spacing and end punctuation do not count."""
    folded = clean_words(text).translate(QUOTE_FOLDING).casefold()
    return folded.strip(PUNCTUATION_AT_ENDS)


def words_fingerprint(text: str) -> str:
    # A hash, not the words themselves, so the unique index stays small for long quotations.
    return hashlib.sha256(comparable_words(text).encode()).hexdigest()
