"""Statements already in the record that a new quotation may repeat.

The same words reach the record by many routes: two outlets quoting one speech, a fragment
quoted in one article and the whole sentence in another, a typographic variant. Only one
speaker's statements are compared, the most recent first and never more than `SCAN_LIMIT` of
them, so the check stays cheap for prolific speakers.

This is the one place callers ask what "nearly the same words" means: on PostgreSQL the
comparison is pg_trgm's trigram similarity in the database (`quotes.search.fulltext`), elsewhere
difflib over the speaker's most recent statements.
"""

from collections.abc import Iterable
from difflib import SequenceMatcher

from quotes.models import Leader, Statement
from quotes.record.text import comparable_words
from quotes.search.fulltext import is_postgres, near_duplicates_postgres

SCAN_LIMIT = 500
SIMILARITY_THRESHOLD = 0.9


def similarity(first: str, second: str) -> float:
    """How alike two comparable texts are, from 0 to 1: equal, nested or difflib's ratio."""
    if not first or not second:
        return 0.0
    if first == second:
        return 1.0
    if first in second or second in first:
        # Nested: a fragment of a longer quotation, or the longer quotation of a fragment.
        return 0.95
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # The cheap upper bounds first: most pairs are nowhere near alike.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def find_near_duplicates(
    *,
    speaker: Leader | int,
    text: str,
    limit: int = 5,
    exclude_ids: Iterable[int] = (),
) -> list[Statement]:
    """The speaker's statements whose words equal, contain, sit inside or nearly match `text`.

    Most alike first, at most `limit`. Drafts count as well as published statements: a draft
    an editor is still working on is as much a duplicate as a published one.
    """
    wanted = comparable_words(text or "")
    speaker_id = speaker.pk if isinstance(speaker, Leader) else speaker
    if not wanted or speaker_id is None or limit <= 0:
        return []
    if is_postgres():
        # Trigram similarity in the database, restricted to this speaker's statements.
        return near_duplicates_postgres(
            speaker_id=speaker_id, text=text, limit=limit, exclude_ids=exclude_ids
        )
    # ----- SQLite fallback: difflib over the speaker's most recent statements. -----
    candidates = (
        Statement.objects.filter(speaker_id=speaker_id)
        .exclude(pk__in=list(exclude_ids))
        .select_related("speaker")
        .order_by("-date_said", "-id")[:SCAN_LIMIT]
    )
    scored = []
    for statement in candidates:
        score = similarity(wanted, comparable_words(statement.text))
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, statement))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date_said.toordinal(), -pair[1].pk))
    return [statement for _, statement in scored[:limit]]
