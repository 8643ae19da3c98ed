"""What the web answers when a service it needs is missing: the 503 page and `/healthz`."""

import sys
import time
import uuid

import psycopg2.errors
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.replicas import health

# Seconds a reader, a crawler or a load balancer is asked to wait before trying again: about
# the time PostgreSQL takes to come back after a restart.
RETRY_AFTER_SECONDS = 5


def service_unavailable(took_too_long: bool = False) -> HttpResponse:
    # Rendered without the request: context processors could need what is down.
    content = loader.get_template("503.html").render(
        {"retry_after": RETRY_AFTER_SECONDS, "took_too_long": took_too_long}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """Django's `handler500`: a database out of reach, or a query stopped at the statement
    timeout (the safety net of every web request), is a 503 to retry, not our bug."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return service_unavailable(took_too_long=stopped_at_the_timeout(error))
    return defaults.server_error(request)


def stopped_at_the_timeout(error: BaseException) -> bool:
    """Whether PostgreSQL cancelled the query at `statement_timeout` (the database answers; the
    request asked too much of it)."""
    return isinstance(error.__cause__, psycopg2.errors.QueryCanceled)


def _timed(check):
    started = time.perf_counter()
    try:
        ok = check()
    except (DatabaseError, OSError) as error:
        ok, detail = False, f"{type(error).__name__}: {error}".strip()
    else:
        detail = "" if ok else "did not keep a value"
    result = {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result["error"] = detail[:300]
    return result


def _database_answers() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_keeps_values() -> bool:
    # The cache fails open (quotes/reliability/cache.py): a dead Redis is not an error but a value
    # not kept.
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, 30)
    return cache.get(key) == value


def _replicas() -> dict:
    """Each read replica as this process sees it: ok, lagging or down (then skipped)."""
    report = {}
    for alias in settings.DATABASE_REPLICAS:
        replica = health.state(alias)
        report[alias] = {"status": replica.status}
        if replica.lag is not None:
            report[alias]["lag_seconds"] = round(replica.lag, 1)
        if replica.error:
            report[alias]["error"] = replica.error
    return report


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 while pages can be served (a missing cache only slows them,
    reported as "degraded"), 503 when the database is out of reach. Read replicas are
    reported; one that is down or lagging is skipped, and the primary serves in its place."""
    database = _timed(_database_answers)
    page_cache = _timed(_cache_keeps_values)
    if not database["ok"]:
        status = "down"
    elif not page_cache["ok"]:
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "cache": page_cache}
    if settings.DATABASE_REPLICAS:
        body["replicas"] = _replicas()
    response = JsonResponse(body, status=200 if database["ok"] else 503)
    if not database["ok"]:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
