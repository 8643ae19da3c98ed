"""The record's versions, by scope, and the parts of pages cached until their scopes change.

Every change to the record moves on the versions of the scopes it reaches
(`quotes.record.cache_scopes`: "reference", "statements", "leader:<slug>", "topic:<slug>",
"source:<id>"), inside the same transaction as the change. What a page shows, and anything
cached for it, is keyed on the versions of its scopes, read once per page in one query
(`quotes.public.freshness.public_page` reads them and serves the page inside
`page_being_served`).

With read replicas the versions are read from the database the page's content comes from (the
request's replica, or the primary), never from another: a page rendered from a replica that
lags must be kept under the version it was rendered at, not under the primary's newer one, or
it would be served stale until the record next changed.
"""

import datetime
import hashlib
from contextvars import ContextVar

from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone

from quotes.models import CacheScope, RecordVersion
from quotes.record import cache_scopes
from quotes.record.cache_scopes import REFERENCE, STATEMENTS

PAGE_CACHE_SECONDS = 60 * 60
NEVER_CHANGED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


# The versions read at the start of the page being served: one read per request, and every part
# of the page keyed on the same versions.
_stamps_of_this_request: ContextVar[dict[str, tuple[str, datetime.datetime]] | None] = ContextVar(
    "stamps_of_this_request", default=None
)
_page_stamp_of_this_request: ContextVar[str | None] = ContextVar(
    "page_stamp_of_this_request", default=None
)
# The parts computed or fetched for the page being served: one part (the filters' choices) is
# asked for by the page's key and by its form.
_parts_of_this_request: ContextVar[dict | None] = ContextVar("parts_of_this_request", default=None)


def _as_aware(moment) -> datetime.datetime:
    if isinstance(moment, str):  # SQLite without its converters
        moment = datetime.datetime.fromisoformat(moment)
    if timezone.is_naive(moment):  # SQLite stores UTC without the zone
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def read_scopes(names) -> dict[str, tuple[str, datetime.datetime]]:
    """Each scope's stamp (its version and time of change, so that a version number reused
    after a restore names nothing old) and its time of change; a scope never changed is "0"."""
    names = sorted(set(names))
    known = _stamps_of_this_request.get() or {}
    found = {name: known[name] for name in names if name in known}
    missing = [name for name in names if name not in found]
    if missing:
        # Plain SQL: every public request makes this read, and the ORM took longer to build the
        # query than the database to answer it. From where the page reads (see above).
        connection = connections[router.db_for_read(CacheScope)]
        table = connection.ops.quote_name(CacheScope._meta.db_table)
        marks = ", ".join(["%s"] * len(missing))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name, version, changed_at FROM {table} WHERE name IN ({marks})", missing
            )
            rows = cursor.fetchall()
        for name, version, changed_at in rows:
            changed_at = _as_aware(changed_at)
            found[name] = (f"{version}.{changed_at.timestamp():.6f}", changed_at)
        for name in missing:
            found.setdefault(name, ("0", NEVER_CHANGED))
    return found


def scope_stamp(names) -> str:
    """One string naming the state of these scopes, for cache keys."""
    return stamp_of(read_scopes(names))


def stamp_of(stamps: dict[str, tuple[str, datetime.datetime]]) -> str:
    """One string naming the state of the scopes `read_scopes()` gave, for cache keys and
    ETags (the JSON API reads its scopes once and keys several things on them)."""
    text = ";".join(f"{name}={stamps[name][0]}" for name in sorted(stamps))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def page_stamp() -> str:
    """The state of what the page being served shows (outside a page: the whole record)."""
    known = _page_stamp_of_this_request.get()
    if known is not None:
        return known
    return scope_stamp([REFERENCE, STATEMENTS])


def current_version() -> RecordVersion:
    """The record's version: moved on by every change a public page can show (read from
    where the page reads, see above)."""
    database = connections[router.db_for_read(RecordVersion)]
    table = database.ops.quote_name(RecordVersion._meta.db_table)
    with database.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return RecordVersion(pk=1, version=0, changed_at=NEVER_CHANGED)
    version, changed_at = row
    return RecordVersion(pk=1, version=version, changed_at=_as_aware(changed_at))


def record_changed() -> None:
    cache_scopes.everything_changed()


def cached_for_record(name: str, compute, timeout: int = PAGE_CACHE_SECONDS, *, scopes=None):
    """`compute()`'s result, cached until what it depends on changes (for costly page parts):
    the named `scopes`, or by default everything the page being served shows."""
    stamp = page_stamp() if scopes is None else scope_stamp(scopes)
    key = f"part:{stamp}:{name}"
    known = _parts_of_this_request.get()
    if known is not None and key in known:
        return known[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    if known is not None:
        known[key] = value
    return value


class page_being_served:  # noqa: N801 (used as a function: with page_being_served(read): ...)
    """Within it, the versions `read` for the page being served answer every question about
    them, and each cached part is fetched once. (A class rather than a generator: every
    public request enters it, and this costs a fraction of contextlib's machinery.)"""

    __slots__ = ("read", "tokens")

    def __init__(self, read: dict[str, tuple[str, datetime.datetime]]):
        self.read = read

    def __enter__(self) -> None:
        self.tokens = (
            _stamps_of_this_request.set(self.read),
            _page_stamp_of_this_request.set(None),
            _parts_of_this_request.set({}),
        )

    def __exit__(self, *exc_info) -> None:
        stamps_token, page_token, parts_token = self.tokens
        _parts_of_this_request.reset(parts_token)
        _page_stamp_of_this_request.reset(page_token)
        _stamps_of_this_request.reset(stamps_token)


def set_page_stamp(stamp: str) -> None:
    """The state of everything the page being served shows, once the page has worked it out."""
    _page_stamp_of_this_request.set(stamp)
