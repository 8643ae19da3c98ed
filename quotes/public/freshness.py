"""How fresh the published record is: conditional GETs and the shared page cache.

Every public page names the scopes of the record it shows (`quotes.public.cache_scopes`:
"reference",
"statements", "leader:<slug>", "topic:<slug>", "source:<id>"), and a change to the record moves
on only the scopes it reaches, inside the same transaction as the change. A page's ETag,
Last-Modified and cache key derive from the versions of its scopes, read in one query, so:

- a reader's browser that already has the page gets a 304 for that one read;
- a page rendered once is served from the shared cache (Redis when `REDIS_URL` is set) until one
  of its scopes next changes, whichever server process made the change; publishing a statement
  leaves the pages of every other leader, topic, source and statement cached.

Writes that bypass model signals (`QuerySet.update()`, bulk loads) call `record_changed()`.

With read replicas the versions are read from the database the page's content comes from (the
request's replica, or the primary), never from another: a page rendered from a replica that
lags must be kept under the version it was rendered at, not under the primary's newer one, or
it would be served stale until the record next changed.
"""

import datetime
import hashlib
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from quotes.models import CacheScope, RecordVersion
from quotes.public import cache_scopes
from quotes.public.cache_scopes import REFERENCE, STATEMENTS
from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.replicas.router import reading_from_replica

PAGE_CACHE_SECONDS = 60 * 60
# Browsers and proxies may reuse a page this long without asking; after that a 304 is cheap.
BROWSER_MAX_AGE = 60
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


def everything(request, *args, **kwargs):
    """The scopes of a page that shows published statements from anywhere in the record."""
    return (STATEMENTS,)


def public_page(view=None, *, understands=(), scopes=everything, varies_with=None):
    """A public GET page: conditional on the versions of what it shows, and cached until then.

    `scopes(request, *args, **kwargs)` names the scopes the page shows
    (`quotes.public.cache_scopes`;
    "reference" is always added). `varies_with()`, called once the scopes are read, returns
    anything else the page shows, as a short string (a leader's page shows the list filters'
    choices, which every publication may change but seldom does).

    The page sees only the query parameters it `understands` (names, in their canonical
    order), without empty values: anything else in the address is dropped before the page is
    rendered or looked up in the cache, so made-up parameters can neither fill the cache with
    copies of one page nor reach the page's HTML (its canonical link, its paging links).

    The ETag also names the day, because some pages ("the last 30 days") age without any
    change to the record.

    While the database is out of reach, the last copy of the page the cache holds is served as
    it was (readers keep reading); any other page gets the 503 page.
    """
    if view is None:
        return lambda view: public_page(
            view, understands=understands, scopes=scopes, varies_with=varies_with
        )

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        keep_only(request, understands)
        try:
            names = {REFERENCE, *scopes(request, *args, **kwargs)}
            read = read_scopes(names | ({STATEMENTS} if varies_with else set()))
        except DATABASE_UNAVAILABLE:
            if reading_from_replica():
                raise  # the page is made again from the primary (quotes/replicas/middleware.py)
            last_copy = _last_cached_copy(request)
            if last_copy is None:
                raise
            return last_copy
        stamps_token = _stamps_of_this_request.set(read)
        page_token = _page_stamp_of_this_request.set(None)
        parts_token = _parts_of_this_request.set({})
        try:
            state = ";".join(f"{name}={read[name][0]}" for name in sorted(names))
            if varies_with:
                state += f";{varies_with()}"
            stamp = hashlib.sha256(state.encode()).hexdigest()[:24]
            _page_stamp_of_this_request.set(stamp)
            last_modified = int(max(changed_at for _, changed_at in read.values()).timestamp())
            return _conditional_response(request, stamp, last_modified, view, *args, **kwargs)
        finally:
            _parts_of_this_request.reset(parts_token)
            _page_stamp_of_this_request.reset(page_token)
            _stamps_of_this_request.reset(stamps_token)

    return wrapped


def _latest_copy_key(request) -> str:
    return f"latest-page:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"


def _last_cached_copy(request) -> HttpResponse | None:
    latest = cache.get(_latest_copy_key(request))
    cached = cache.get(latest) if latest else None
    if cached is None:
        return None
    content, content_type = cached
    response = HttpResponse(content, content_type=content_type)
    # As it was a moment ago: not to be kept, so that readers get the fresh page once it is back.
    response["Cache-Control"] = "no-cache"
    return response


def _etag(stamp: str) -> str:
    return quote_etag(f"{stamp}-{timezone.localdate():%Y%m%d}")


def _page_key(request, etag: str) -> str:
    path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{etag.strip(chr(34))}:{path_hash}"


def keep_only(request, names) -> None:
    """Reduce the request's query to `names`, in that order, leaving out blank values."""
    query = QueryDict(mutable=True)
    for name in names:
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _conditional_response(request, stamp, last_modified, view, *args, **kwargs):
    etag = _etag(stamp)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    return _cached_response(request, etag, last_modified, view, *args, **kwargs)


def _cached_response(request, etag, last_modified, view, *args, **kwargs):
    key = _page_key(request, etag)
    cached = cache.get(key) if settings.VERBATIM_PAGE_CACHE else None
    if cached is not None:
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["X-Cache"] = "hit"  # for operators and benchmarks: how much the cache serves
    else:
        response = view(request, *args, **kwargs)
        response["X-Cache"] = "miss"
        if response.status_code == 200 and not response.streaming and settings.VERBATIM_PAGE_CACHE:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            # The page, and under its address alone which copy is the latest, for when the
            # database is out of reach and the versions cannot be read.
            cache.set_many(
                {key: (response.content, response["Content-Type"]), _latest_copy_key(request): key},
                PAGE_CACHE_SECONDS,
            )
    if response.status_code == 200:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response
