"""Free-text search: the one place where a reader's words are matched against the record.

Every text search of the public site goes through the functions below, so that replacing the
simple case-insensitive match with PostgreSQL full-text search (ranked, stemmed, indexed) is a
change to this file alone.
"""

from django.db.models import Q, QuerySet

# Longer queries are refused by the forms (a form error), so they never reach the database.
MAX_QUERY_LENGTH = 200


def search_statements(queryset: QuerySet, query: str) -> QuerySet:
    """Statements of `queryset` whose words or context contain `query`, ignoring case.

    ----------------------------------------------------------------------------------------
    THE statement text search. Replace this body with full-text search; callers do not change.
    ----------------------------------------------------------------------------------------
    """
    query = " ".join((query or "").split())
    if not query:
        return queryset
    return queryset.filter(
        Q(text__icontains=query) | Q(context__icontains=query) | Q(original_text__icontains=query)
    )


def search_leaders(queryset: QuerySet, query: str) -> QuerySet:
    """Leaders of `queryset` whose name or one of whose aliases contains `query`, ignoring case."""
    query = " ".join((query or "").split())
    if not query:
        return queryset
    return queryset.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
