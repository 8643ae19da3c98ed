"""Hypothesis strategies for hostile input: what readers, robots and broken pages send.

Shared by the property tests (`test_properties_*.py`): text that is valid, nearly valid or
meant to break something, so each property is tried against all three.
"""

import base64
import string
from urllib.parse import quote

from hypothesis import strategies as st

# Anything but lone surrogates, which no UTF-8 request can carry.
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))

# Search syntax (PostgreSQL's web-search and tsquery operators, SQL and LIKE wildcards,
# markup) that a naive query builder would choke on.
SEARCH_SYNTAX = [
    '"unclosed',
    '"',
    '""',
    "-",
    "--",
    "OR",
    "or -",
    "*",
    ":",
    ":*",
    "&",
    "&&",
    "|",
    "!",
    "!!",
    "(",
    ")",
    "()",
    "<->",
    "<2>",
    "\\",
    "\\\\",
    "'",
    "''",
    "%",
    "_",
    "%_%",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}",
    "${7*7}",
    "\x00",
    "a\x00b",
    "\u202e",
    "\ufeff",
    "\u0000\u0001\u001f",
    "\r\n",
    " ",
    "\t",
    "é",
    "ﬁ",
    "İ",
    "ß",
    "Ω",
    "🙂",
    "\U0010ffff",
]

NEAR_VALID_DATES = [
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "2025-06-31",
    "2024-02-29",
    "2023-02-29",
    "99999-01-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "-2025-06-04",
    "2025-6-4",
    "2025/06/04",
    "04/06/2025",
    "2025-06-04T12:00:00",
    " 2025-06-04 ",
    "２０２５-０６-０４",
    "2025-06-04\x00",
]

NEAR_VALID_NUMBERS = [
    "-1",
    "0",
    "1",
    "2",
    "01",
    "+1",
    "1.0",
    "1e3",
    "NaN",
    "inf",
    "-inf",
    "9" * 19,
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    "٣",
    "²",
    "0x10",
    "1_000",
]


def evenly(*strategies: st.SearchStrategy) -> st.SearchStrategy:
    """One of `strategies`, each as likely as another. `st.one_of` flattens the one_of's
    inside it, so a strategy of five branches would take five shares of the examples."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


@st.composite
def percent_garbage(draw) -> str:
    """Percent-escapes, valid and not: %zz, a lone %, escaped NUL, broken UTF-8 sequences."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["%", "%%", "%z", "%zz", "%0", "%00", "%ff", "%C3", "%C3%28"]),
                st.binary(min_size=1, max_size=6).map(lambda b: quote(b, safe="")),
                st.text(alphabet=string.ascii_letters + string.digits, max_size=4),
            ),
            min_size=1,
            max_size=8,
        )
    )
    return "".join(pieces)


@st.composite
def long_text(draw) -> str:
    """A very long value (up to 5,000 characters), built by repeating a short random piece."""
    piece = draw(st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=12))
    length = draw(st.integers(min_value=201, max_value=5000))
    return (piece * (length // len(piece) + 1))[:length]


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Random and hostile text: search syntax, NUL, odd Unicode, escapes, very long values."""
    return st.one_of(
        st.sampled_from(SEARCH_SYNTAX),
        st.text(alphabet=ANY_CHARACTER, max_size=max_size),
        st.lists(
            st.one_of(st.sampled_from(SEARCH_SYNTAX), st.text(alphabet=ANY_CHARACTER, max_size=8)),
            max_size=12,
        ).map(" ".join),
        percent_garbage(),
        long_text(),
    )


@st.composite
def garbage_cursor(draw) -> str:
    """Something shaped more or less like a paging cursor (date.id), or base64 noise."""
    return draw(
        st.one_of(
            st.builds(
                lambda day, pk: f"{day}.{pk}",
                st.sampled_from([*NEAR_VALID_DATES, "2025-06-04", ""]),
                st.sampled_from([*NEAR_VALID_NUMBERS, ""]),
            ),
            st.binary(max_size=48).map(lambda b: base64.urlsafe_b64encode(b).decode()),
            st.sampled_from([".", "..", "2025-06-04.", ".1", "2025-06-04.1.2", "a.b"]),
            hostile_text(),
        )
    )
