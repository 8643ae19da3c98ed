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

The lists read of each statement only what the key needs (`StatementQuerySet.for_card_keys`):
the rows of the cards not in the cache are read whole here (`whole_rows`).

The leaders' directory and the sources' list are cached row by row in the same way
(`render_leader_rows`, `render_source_rows`).
"""

import hashlib

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from quotes.models import Statement, listing_prefetches
from quotes.record.cache_scopes import REFERENCE
from quotes.record.versions import PAGE_CACHE_SECONDS, scope_stamp

CARD_TEMPLATE = "quotes/includes/statement_card.html"
LEADER_ROW_TEMPLATE = "quotes/includes/leader_row.html"
SOURCE_ROW_TEMPLATE = "quotes/includes/source_row.html"


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
    missing = {key: s for s, key in zip(statements, keys, strict=True) if key not in cached}
    if missing:
        missing = dict(zip(missing, whole_rows(list(missing.values())), strict=True))
        shown = list(missing.values())
        prefetch_related_objects(shown, *listing_prefetches(with_sources=not hide_sources))
        template = get_template(CARD_TEMPLATE)
        rendered = {
            key: template.render(
                {"statement": s, "hide_speaker": hide_speaker, "hide_sources": hide_sources}
            )
            for key, s in missing.items()
        }
        cache.set_many(rendered, PAGE_CACHE_SECONDS)
        cached.update(rendered)
    return [mark_safe(cached[key]) for key in keys]


def whole_rows(statements: list) -> list:
    """These statements as whole rows, with their speakers, in order: a card shows far more
    than a list reads of each statement (`StatementQuerySet.for_card_keys`), and only the
    cards not in the cache need it, so their rows are read here, in one query. A search's
    `headline`, which the card shows and its key names, goes to the whole row."""
    partial = [s for s in statements if s.get_deferred_fields() - {"search_vector"}]
    if not partial:
        return statements
    whole = Statement.objects.for_cards().in_bulk([s.pk for s in partial])
    rows = []
    for statement in statements:
        row = whole.get(statement.pk, statement)
        headline = getattr(statement, "headline", None)
        if headline is not None:
            row.headline = headline
        rows.append(row)
    return rows


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
    stamp = scope_stamp([REFERENCE]) if leaders else ""
    keys = [_leader_row_key(stamp, leader) for leader in leaders]
    return _rows_from_cache(LEADER_ROW_TEMPLATE, "leader", leaders, keys)


def render_source_rows(sources) -> list[SafeString]:
    """The HTML of each source's row in the sources' list, in order, from the cache where it
    can be.

    A row shows the source's title, outlet, date and kind, all of them the source's own
    fields, which only a change to the names of the record (the "reference" scope, which an
    edited source moves on) can change. Written through the template language, the thirty
    rows of a page took half of its Python calls.
    """
    sources = list(sources)
    stamp = scope_stamp([REFERENCE]) if sources else ""
    keys = [f"source-row:{stamp}:{source.pk}" for source in sources]
    return _rows_from_cache(SOURCE_ROW_TEMPLATE, "source", sources, keys)


def _rows_from_cache(template_name: str, name: str, items: list, keys: list[str]) -> list:
    """Each item's row, in order: those in the cache under their keys read in one `get_many`,
    the others rendered with the item as `name` and cached."""
    if not items:
        return []
    cached = cache.get_many(keys)
    if len(cached) < len(keys):
        template = get_template(template_name)
        rendered = {
            key: template.render({name: item})
            for item, key in zip(items, keys, strict=True)
            if key not in cached
        }
        cache.set_many(rendered, PAGE_CACHE_SECONDS)
        cached.update(rendered)
    return [mark_safe(cached[key]) for key in keys]
