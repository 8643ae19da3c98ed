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


def clean_words(text: str) -> str:
    """The words as stored: whitespace collapsed, typographic quotes kept as published."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def comparable_words(text: str) -> str:
    """The words as compared: case, quote style, spacing and end punctuation do not count."""
    folded = clean_words(text).translate(QUOTE_FOLDING).casefold()
    return folded.strip(PUNCTUATION_AT_ENDS)


def words_fingerprint(text: str) -> str:
    # A hash, not the words themselves, so the unique index stays small for long quotations.
    return hashlib.sha256(comparable_words(text).encode()).hexdigest()
