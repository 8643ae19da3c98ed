"""How fresh the published record is: conditional GETs and the shared page cache.

A change to the record (a statement saved or deleted, a leader renamed, a citation added …)
bumps the single `RecordVersion` row, inside the same transaction as the change. Public pages
take their ETag and Last-Modified from that row, and their cache keys too, so:

- a reader's browser that already has the page gets a 304 for one primary-key read;
- a page rendered once is served from the shared cache (Redis when `REDIS_URL` is set) until
  the record next changes, whichever server process made the change.

Writes that bypass model signals (`QuerySet.update()`, bulk loads) call `record_changed()`.

With read replicas the version is read from the database the page's content comes from (the
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
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from quotes.models import (
    Citation,
    Correction,
    Leader,
    OfficeHeld,
    RecordVersion,
    Source,
    Statement,
    Topic,
)
from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.replicas.router import reading_from_replica

# Readers' error reports are not part of the record: a flood of them must not empty the cache.
RECORD_MODELS = (Leader, OfficeHeld, Source, Statement, Citation, Topic, Correction)
PAGE_CACHE_SECONDS = 60 * 60
# Browsers and proxies may reuse a page this long without asking; after that a 304 is cheap.
BROWSER_MAX_AGE = 60


# The version read at the start of the page being served: one read per request, and every part
# of the page keyed on the same version.
_version_of_this_request: ContextVar[RecordVersion | None] = ContextVar(
    "version_of_this_request", default=None
)


def current_version() -> RecordVersion:
    known = _version_of_this_request.get()
    if known is not None:
        return known
    # Plain SQL: every public request makes this read, and the ORM took longer to build the
    # query than the database to answer it. From where the page reads (see above).
    database = connections[router.db_for_read(RecordVersion)]
    table = database.ops.quote_name(RecordVersion._meta.db_table)
    with database.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return RecordVersion(pk=1, version=0, changed_at=timezone.now())
    version, changed_at = row
    if isinstance(changed_at, str):  # SQLite without its converters
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):  # SQLite stores UTC without the zone
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return RecordVersion(pk=1, version=version, changed_at=changed_at)


def record_stamp(version: RecordVersion | None = None) -> str:
    """The record's version as a string for keys and ETags.

    The change time too, so that a version number reused after a restore names nothing old.
    """
    version = version or current_version()
    return f"{version.version}.{version.changed_at.timestamp():.6f}"


def record_changed() -> None:
    updated = RecordVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        RecordVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _on_change(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded: the version is bumped once afterwards
        return
    if kwargs.get("action", "post_").startswith("post_"):
        record_changed()


def connect_signals() -> None:
    for model in RECORD_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"freshness-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"freshness-delete-{model}")
    for through in (Statement.topics.through, Statement.mentions.through):
        m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"freshness-m2m-{through}")


def cached_for_record(name: str, compute, timeout: int = PAGE_CACHE_SECONDS):
    """`compute()`'s result, cached until the record changes (for costly page parts)."""
    key = f"part:{record_stamp()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def public_page(view=None, *, understands=()):
    """A public GET page: conditional on the record's version and cached until it changes.

    The page sees only the query parameters it `understands` (names, in their canonical
    order), without empty values: anything else in the address is dropped before the page is
    rendered or looked up in the cache, so made-up parameters can neither fill the cache with
    copies of one page nor reach the page's HTML (its canonical link, its paging links).

    The ETag also names the day, because some pages ("the last 30 days") age without any
    change to the record.

    While the database is out of reach, a page the cache holds for the last version seen is
    served as it was (readers keep reading); any other page gets the 503 page.
    """
    if view is None:
        return lambda view: public_page(view, understands=understands)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        keep_only(request, understands)
        try:
            version = current_version()
        except DATABASE_UNAVAILABLE:
            if reading_from_replica():
                raise  # the page is made again from the primary (quotes/replicas/middleware.py)
            last_copy = _last_cached_copy(request)
            if last_copy is None:
                raise
            return last_copy
        _remember(version)
        token = _version_of_this_request.set(version)
        try:
            return _conditional_response(request, version, view, *args, **kwargs)
        finally:
            _version_of_this_request.reset(token)

    return wrapped


# The last version of the record this process saw, and in the shared cache the last any process
# saw: what to look pages up by while the database is out of reach.
_last_version_seen: RecordVersion | None = None
LAST_VERSION_KEY = "record:last-version"


def _remember(version: RecordVersion) -> None:
    global _last_version_seen
    last = _last_version_seen
    if last is not None and reading_from_replica() and version.version < last.version:
        return  # a replica a little behind another, or behind the primary: not the last version
    if last is None or (last.version, last.changed_at) != (version.version, version.changed_at):
        _last_version_seen = version
        cache.set(LAST_VERSION_KEY, (version.version, version.changed_at), None)


def _last_cached_copy(request) -> HttpResponse | None:
    version = _last_version_seen
    if version is None:
        known = cache.get(LAST_VERSION_KEY)
        if known is None:
            return None
        version = RecordVersion(pk=1, version=known[0], changed_at=known[1])
    cached = cache.get(_page_key(request, _etag(version)))
    if cached is None:
        return None
    content, content_type = cached
    response = HttpResponse(content, content_type=content_type)
    # As it was a moment ago: not to be kept, so that readers get the fresh page once it is back.
    response["Cache-Control"] = "no-cache"
    return response


def _etag(version: RecordVersion) -> str:
    return quote_etag(f"{record_stamp(version)}-{timezone.localdate():%Y%m%d}")


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


def _conditional_response(request, version, view, *args, **kwargs):
    etag = _etag(version)
    last_modified = int(version.changed_at.timestamp())
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
    else:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and settings.VERBATIM_PAGE_CACHE:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
    if response.status_code == 200:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response
