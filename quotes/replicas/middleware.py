"""Per request: may it read from a replica, and does its client read its own writes next?

Public GET and HEAD requests (pages, feeds, downloads) read from a replica. The admin (the
import assistant included), any other method, and a client that wrote a moment ago read from
the primary: after a request that writes (any request other than GET or HEAD by a signed-in
user, and any to the admin, sign-in included), the client carries a signed cookie for
`READ_YOUR_WRITES_SECONDS`, longer than the most a replica may lag (`REPLICA_MAX_LAG_SECONDS`),
so an editor who publishes sees the change on the public pages at once.

A replica that fails in the middle of a request (stopped, crashed, its connection cut) is
marked down, and the request, which has written nothing, is run again on the primary: the
reader gets the page, not an error. A download already under way cannot be restarted; its
stream ends, and the next requests go to the primary.
"""

from django.conf import settings
from django.urls import reverse

from quotes.reliability import DATABASE_UNAVAILABLE
from quotes.replicas import health
from quotes.replicas.router import RequestReads, current_reads, reading_from, stop_reading

READ_YOUR_WRITES_COOKIE = "verbatim_wrote"
READ_YOUR_WRITES_SALT = "quotes.replicas.read-your-writes"
SAFE_METHODS = ("GET", "HEAD")


def wrote_recently(request) -> bool:
    marked = request.get_signed_cookie(
        READ_YOUR_WRITES_COOKIE,
        default=None,
        salt=READ_YOUR_WRITES_SALT,
        max_age=settings.READ_YOUR_WRITES_SECONDS,
    )
    return marked is not None


def is_admin(request) -> bool:
    return request.path.startswith(reverse("admin:index"))


def may_use_replica(request) -> bool:
    return request.method in SAFE_METHODS and not is_admin(request) and not wrote_recently(request)


def writes_expected(request) -> bool:
    """Whether this request may have changed the record, so that its client reads its writes."""
    if request.method in SAFE_METHODS:
        return False
    user = getattr(request, "user", None)
    return is_admin(request) or bool(user is not None and user.is_authenticated)


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        reads = RequestReads(may_use_replica=may_use_replica(request))
        token = reading_from(reads)
        try:
            response = self.get_response(request)
        finally:
            stop_reading(token)
        if writes_expected(request):
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                salt=READ_YOUR_WRITES_SALT,
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if response.streaming and reads.may_use_replica:
            response.streaming_content = _streamed_with(reads, response.streaming_content)
        return response

    def process_exception(self, request, exception):
        """A replica out of reach in the middle of a page: the page again, from the primary."""
        reads = current_reads()
        if reads is None or not reads.on_replica():
            return None
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        health.mark_down(reads.alias, exception)
        reads.use_primary()
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)


def _streamed_with(reads: RequestReads, chunks):
    """A streamed body's chunks made with the request's reads (after the middleware returned:
    the server pulls them), so that a download reads from the replica its request chose."""
    chunks = iter(chunks)
    while True:
        token = reading_from(reads)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        except DATABASE_UNAVAILABLE as error:
            if reads.on_replica():
                health.mark_down(reads.alias, error)
            raise
        finally:
            stop_reading(token)
        yield chunk
