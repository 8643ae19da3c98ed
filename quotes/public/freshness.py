"""How fresh the published record is: conditional GETs and the shared page cache.

Every public page names the scopes of the record it shows (`quotes.record.cache_scopes`:
"reference", "statements", "leader:<slug>", "topic:<slug>", "source:<id>"), and a change to the
record moves on only the scopes it reaches, inside the same transaction as the change. A page's
ETag, Last-Modified and cache key derive from the versions of its scopes
(`quotes.record.versions`), read in one query, so:

- a reader's browser that already has the page gets a 304 for that one read;
- a page rendered once is served from the shared cache (Redis when `REDIS_URL` is set) until one
  of its scopes next changes, whichever server process made the change; publishing a statement
  leaves the pages of every other leader, topic, source and statement cached.

Writes that bypass model signals (`QuerySet.update()`, bulk loads) call
`quotes.record.versions.record_changed()`.

With read replicas the versions are read from the database the page's content comes from (the
request's replica, or the primary), never from another: a page rendered from a replica that
lags must be kept under the version it was rendered at, not under the primary's newer one, or
it would be served stale until the record next changed.
"""

import hashlib
from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from quotes.record.cache_scopes import EVENTS, REFERENCE, STATEMENTS
from quotes.record.versions import (
    PAGE_CACHE_SECONDS,
    page_being_served,
    read_scopes,
    set_page_stamp,
)
from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.replicas.router import reading_from_replica

# Browsers and proxies may reuse a page this long without asking; after that a 304 is cheap.
BROWSER_MAX_AGE = 60
# What patch_cache_control(public=True, max_age=BROWSER_MAX_AGE) gives a response without one.
CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}"
# The request headers that can make a response conditional (a 304 or a 412); without any of
# them get_conditional_response() has nothing to do.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
)


def everything(request, *args, **kwargs):
    """The scopes of a page that shows published statements from anywhere in the record."""
    return (STATEMENTS,)


def public_page(view=None, *, understands=(), scopes=everything, varies_with=None, form_page=False):
    """A public GET page: conditional on the versions of what it shows, and cached until then.

    `scopes(request, *args, **kwargs)` names the scopes the page shows
    (`quotes.record.cache_scopes`; "reference" is always added). `varies_with()`, called once
    the scopes are read, returns anything else the page shows, as a short string (a leader's
    page shows the list filters' choices, which every publication may change but seldom does).

    The page sees only the query parameters it `understands` (names, in their canonical
    order), without empty values: anything else in the address is dropped before the page is
    rendered or looked up in the cache, so made-up parameters can neither fill the cache with
    copies of one page nor reach the page's HTML (its canonical link, its paging links).

    The ETag also names the day, because some pages ("the last 30 days") age without any
    change to the record.

    A `form_page` (a list with its filter form) sends a reader who submitted blank fields to
    the address without them.

    While the database is out of reach, the last copy of the page the cache holds is served as
    it was (readers keep reading); any other page gets the 503 page.
    """
    if view is None:
        return lambda view: public_page(
            view,
            understands=understands,
            scopes=scopes,
            varies_with=varies_with,
            form_page=form_page,
        )

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        sent_query = request.META.get("QUERY_STRING", "")
        sent = parse_qsl(sent_query, keep_blank_values=True) if form_page and sent_query else ()
        keep_only(request, understands)
        if form_page and any(name in understands and not value.strip() for name, value in sent):
            # The blank fields of a filter form sent without its script (which leaves them
            # out): the reader is sent to the clean address, the one to bookmark and share.
            # Parameters the page does not read are only dropped, as a link's tracking tags.
            query = request.GET.urlencode()
            return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        try:
            names = {REFERENCE, *scopes(request, *args, **kwargs)}
            # What varies_with() names (the filters' choices) depends on these too: read now,
            # with the page's own, in the one query.
            read = read_scopes(names | ({STATEMENTS, EVENTS} if varies_with else set()))
        except DATABASE_UNAVAILABLE:
            if reading_from_replica():
                raise  # the page is made again from the primary (quotes/replicas/middleware.py)
            last_copy = _last_cached_copy(request)
            if last_copy is None:
                raise
            return last_copy
        with page_being_served(read):
            state = ";".join(f"{name}={read[name][0]}" for name in sorted(names))
            if varies_with:
                state += f";{varies_with()}"
            stamp = hashlib.sha256(state.encode()).hexdigest()[:24]
            set_page_stamp(stamp)
            last_modified = int(max(changed_at for _, changed_at in read.values()).timestamp())
            return _conditional_response(request, stamp, last_modified, view, *args, **kwargs)

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
    sent = request.GET
    if not sent:  # already as reduced as it gets (the most common request: no query at all)
        request.META["QUERY_STRING"] = ""
        return
    if [name for name in names if name in sent] == list(sent) and "" not in [
        value.strip() for values in dict.values(sent) for value in values
    ]:
        # Only names the page reads, in their order, none blank: the query as it came (a
        # link of the site's own), written as below.
        request.META["QUERY_STRING"] = sent.urlencode()
        return
    query = QueryDict(mutable=True)
    for name in names:
        if name in sent:
            values = [value for value in sent.getlist(name) if value.strip()]
            if values:
                query.setlist(name, values)
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _conditional_response(request, stamp, last_modified, view, *args, **kwargs):
    etag = _etag(stamp)
    if not request.META.keys().isdisjoint(CONDITIONAL_HEADERS):
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
        if cached is not None:  # a response of our own, without Cache-Control
            response["Cache-Control"] = CACHE_CONTROL
        else:
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response
