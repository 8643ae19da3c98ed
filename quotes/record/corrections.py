"""Corrections as the public reads them: on each statement's page, on /corrections/, in feeds.

A published statement is never silently changed: a reviewer's change to its words, speaker,
date, kind or attribution comes with a `Correction` (written by the review workflow), and
these helpers only show them.
"""

from django.db.models import Q, QuerySet

from quotes.models import Correction, Statement

# Changes are listed in the order of the statement's own fields (words first), not in the order
# of the stored JSON, which PostgreSQL's jsonb does not keep.
_FIELD_ORDER = {field.name: index for index, field in enumerate(Statement._meta.fields)}


def public_corrections() -> QuerySet:
    """Corrections of published statements and withdrawals of once-published ones, newest
    first, with what a list entry shows."""
    return (
        Correction.objects.filter(
            Q(statement__status=Statement.Status.PUBLISHED) | Q(changes__has_key="status")
        )
        .select_related("statement__speaker")
        .defer("statement__search_vector")
        .order_by("-made_at", "-id")
    )


def change_lines(changes) -> list[dict]:
    """Each changed field as {label, old, new}, in the statement's field order.

    Tolerates what a hand-edited JSON value may hold (missing keys, a value that is not a dict)
    rather than failing the page.
    """
    if not isinstance(changes, dict):
        return []
    lines = []
    for name in sorted(changes, key=lambda name: (_FIELD_ORDER.get(name, len(_FIELD_ORDER)), name)):
        change = changes[name] if isinstance(changes[name], dict) else {}
        lines.append(
            {
                "label": str(change.get("label") or name.replace("_", " ").capitalize()),
                "old": str(change.get("old") or ""),
                "new": str(change.get("new") or ""),
            }
        )
    return lines


def change_text(line: dict) -> str:
    """One change as plain text, for feeds: Words: “old” → “new”."""
    old = f"“{line['old']}”" if line["old"] else "(none)"
    new = f"“{line['new']}”" if line["new"] else "(none)"
    return f"{line['label']}: {old} → {new}"


def withdrawal_of(statement_id: int) -> Correction | None:
    """The latest withdrawal of a statement that is no longer published, if it ever was."""
    return (
        Correction.objects.filter(statement_id=statement_id, changes__has_key="status")
        .exclude(statement__status=Statement.Status.PUBLISHED)
        .select_related("statement__speaker")
        .order_by("-made_at", "-id")
        .first()
    )
