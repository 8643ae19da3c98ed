"""Each statement as the API shows it, made once per version of the statement and of the names
it shows, as the site's statement cards are (quotes/public/cards.py).

A representation is kept in the shared cache under the statement's own `updated_at` (which a
change to its topics, mentions, citations or corrections moves on too), the version of the
"reference" scope (leaders, offices, sources and topics, whose names and offices it shows) and
the host the client asked (the API's own links are absolute). A page of statements is one
`get_many`; only the statements missing from it have their related rows fetched and are
serialized, so a publication makes its own representation again and no other.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from quotes.api.serializers import StatementSerializer
from quotes.models import Citation, Correction, Leader, Topic
from quotes.record.versions import PAGE_CACHE_SECONDS

# Part of every key: a release that changes what the API says about a statement changes it.
REPRESENTATION_VERSION = "api3"


def statement_prefetches() -> list:
    """What a representation shows beyond the statement and its speaker, in a fixed few
    queries for any number of statements.

    The related rows are kept as plain lists (`to_attr`): Django otherwise builds a filtered
    queryset per statement and relation to hold them, a third of a page's time.
    """
    cited_sources = Citation.objects.select_related("source").defer("source__text")
    return [
        "speaker__offices",
        Prefetch("topics", queryset=Topic.objects.only("name", "slug"), to_attr="topic_list"),
        Prefetch("mentions", queryset=Leader.objects.only("name", "slug"), to_attr="mention_list"),
        Prefetch("citations", queryset=cited_sources, to_attr="citation_list"),
        Prefetch(
            "corrections",
            queryset=Correction.objects.order_by("made_at", "id"),
            to_attr="correction_list",
        ),
    ]


def _key(reference: str, origin: str, statement) -> str:
    host = hashlib.sha256(origin.encode()).hexdigest()[:12]
    changed = statement.updated_at.timestamp()
    # The event it names is shown by title and date, which the event's own saves change.
    event = f"{statement.event_id}.{statement.event.version}" if statement.event_id else "-"
    return (
        f"api-statement:{REPRESENTATION_VERSION}:{reference}:{host}:{statement.pk}:{changed}"
        f":{event}"
    )


def statement_representations(statements, *, context: dict, reference: str) -> list[dict]:
    """The representations of `statements` (speakers and events selected), in their order.

    `reference`: the stamp of the "reference" scope's version; `context`: the serializer's,
    with the request's `addresses`.
    """
    origin = context["addresses"].api_origin
    keys = {statement.pk: _key(reference, origin, statement) for statement in statements}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [statement for statement in statements if keys[statement.pk] not in found]
    if missing:
        prefetch_related_objects(missing, *statement_prefetches())
        made = StatementSerializer(missing, many=True, context=context).data
        fresh = {keys[statement.pk]: row for statement, row in zip(missing, made, strict=True)}
        cache.set_many(fresh, PAGE_CACHE_SECONDS)
        found.update(fresh)
    return [found[keys[statement.pk]] for statement in statements]
