"""Statement cards: the block every public list shows per statement, rendered once per state
of the record.

A card shows the words, speaker, office on the day, kind, channel, topics and publishers. That
is four related tables and a template of some thirty tags: at twenty cards a page, rendering
them was most of a list page's time. So each card is cached under its statement's own
`updated_at` (which a change to its topics, mentions or citations moves on too), the version of
the names every card shows (the "reference" scope, quotes/record/cache_scopes.py) and its variant,
fetched for a whole page in one `get_many`; only the cards not in the cache have their related
rows fetched and are rendered. A publication re-renders its own card and no other.

Search results carry a `headline` (the words with the matches marked), so their cards are
cached per headline too.

The leaders' directory is cached row by row in the same way (`render_leader_rows`).
"""

import hashlib

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from quotes.models import listing_prefetches
from quotes.record.cache_scopes import REFERENCE
from quotes.record.versions import PAGE_CACHE_SECONDS, scope_stamp

CARD_TEMPLATE = "quotes/includes/statement_card.html"
LEADER_ROW_TEMPLATE = "quotes/includes/leader_row.html"


def _card_key(stamp: str, statement, hide_speaker: bool, hide_sources: bool) -> str:
    variant = f"{int(hide_speaker)}{int(hide_sources)}"
    headline = getattr(statement, "headline", None)
    if headline:
        variant += "." + hashlib.sha256(headline.encode()).hexdigest()[:32]
    changed = statement.updated_at.timestamp()
    return f"card:{stamp}:{statement.pk}:{changed:.6f}:{variant}"


def render_cards(statements, *, hide_speaker=False, hide_sources=False) -> list[SafeString]:
    """The HTML of each statement's card, in order, from the cache where it can be."""
    statements = list(statements)
    hide_speaker, hide_sources = bool(hide_speaker), bool(hide_sources)
    if not statements:
        return []
    stamp = scope_stamp([REFERENCE])
    keys = [_card_key(stamp, s, hide_speaker, hide_sources) for s in statements]
    cached = cache.get_many(keys)
    missing = [s for s, key in zip(statements, keys, strict=True) if key not in cached]
    if missing:
        prefetch_related_objects(missing, *listing_prefetches(with_sources=not hide_sources))
        template = get_template(CARD_TEMPLATE)
        rendered = {
            key: template.render(
                {"statement": s, "hide_speaker": hide_speaker, "hide_sources": hide_sources}
            )
            for s, key in zip(statements, keys, strict=True)
            if key not in cached
        }
        cache.set_many(rendered, PAGE_CACHE_SECONDS)
        cached.update(rendered)
    return [mark_safe(cached[key]) for key in keys]


def _leader_row_key(stamp: str, leader) -> str:
    latest = leader.latest_date.isoformat() if leader.latest_date else ""
    shown = f"{leader.published_count}:{latest}:{leader.latest_precision or ''}"
    return f"leader-row:{stamp}:{leader.pk}:{shown}"


def render_leader_rows(leaders) -> list[SafeString]:
    """The HTML of each leader's row in the directory, in order, from the cache where it can be.

    A row shows the leader's name, description and country, kept under the names' version (the
    "reference" scope), and their count of statements and the date of the latest, which its
    key holds: the rows of the leaders a publication does not touch stay cached. Each row costs
    some ninety template lookups, and a page has fifty.
    """
    leaders = list(leaders)
    if not leaders:
        return []
    stamp = scope_stamp([REFERENCE])
    keys = [_leader_row_key(stamp, leader) for leader in leaders]
    cached = cache.get_many(keys)
    if len(cached) < len(keys):
        template = get_template(LEADER_ROW_TEMPLATE)
        rendered = {
            key: template.render({"leader": leader})
            for leader, key in zip(leaders, keys, strict=True)
            if key not in cached
        }
        cache.set_many(rendered, PAGE_CACHE_SECONDS)
        cached.update(rendered)
    return [mark_safe(cached[key]) for key in keys]
