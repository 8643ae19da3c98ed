"""Deadlines on every wait for PostgreSQL in the web processes.

PostgreSQL's `statement_timeout` stops a slow query, but only a server that is running can
enforce it: a frozen server (stopped, swapping, a network partition that drops packets) keeps
a worker waiting on its socket until the worker is killed. And libpq's `connect_timeout` does
not bound the server's answer once the connection is open.

So the web processes register a psycopg2 *wait callback*: psycopg2 then talks to the server
without blocking and calls `wait_with_deadline` whenever it has to wait, which waits on the
socket with a deadline. Past it, the callback raises `OperationalError` and psycopg2 closes the
connection (it is in an unknown state); the request gets the 503 page and the next request
opens a fresh connection. The server's own `statement_timeout` is set half a second shorter, so that
a slow query on a healthy server is cancelled cleanly by the server first.

After a deadline passes or a connection is refused, the database is left alone for a moment
(`PAUSE_AFTER_FAILURE`): every wait fails at once, so that while a server is frozen a request
costs a worker nothing instead of its full deadline, and pages come from the cache or as 503s.
Then one thread of the worker probes while the others still fail fast, and the first answer
lets everyone through again.

Only the web processes (`quotes/wsgi.py`) install it: commands may legitimately run for a long
time, and psycopg2 refuses COPY (which `generate_record` uses) while a wait callback is set.
"""

import select
import threading
import time

import psycopg2
from django.conf import settings
from django.db import connections
from psycopg2 import extensions

# psycopg2's connection status while the connection is being opened.
CONNECTING = extensions.STATUS_SETUP
# Seconds without trying the database after it failed to answer. Short: the site is back
# this soon after the database is.
PAUSE_AFTER_FAILURE = 2.0
# Shared by the threads of a worker: until when nothing is tried, and whether the last attempt
# failed (then the next one is a probe, made by one thread while the others keep failing fast).
_lock = threading.Lock()
_paused_until = 0.0
_failing = False


def pause_after_failure() -> None:
    global _paused_until, _failing
    with _lock:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        _failing = True


def resume() -> None:
    global _paused_until, _failing
    with _lock:
        _paused_until = 0.0
        _failing = False


def _may_try(limit: float) -> bool:
    """Whether this wait may go to the database; after a failure, only one probe at a time."""
    global _paused_until
    with _lock:
        now = time.monotonic()
        if now < _paused_until:
            return False
        if _failing:  # this thread probes; the others fail fast until it knows
            _paused_until = now + limit
        return True


def connect_seconds() -> float:
    return settings.DATABASE_CONNECT_TIMEOUT


def answer_seconds() -> float:
    """How long to wait for any answer: the server's statement timeout and half a second more,
    for its cancellation to arrive."""
    return settings.DATABASE_STATEMENT_TIMEOUT + 0.5


def wait_with_deadline(connection, cursor=None):
    connecting = connection.status == CONNECTING
    limit = connect_seconds() if connecting else answer_seconds()
    if not _may_try(limit):
        raise psycopg2.OperationalError(
            "The database failed to answer a moment ago; it is not tried again yet."
        )
    deadline = time.monotonic() + limit
    descriptor = connection.fileno()
    while True:
        try:
            state = connection.poll()
        except psycopg2.OperationalError:
            if connecting:  # refused, or the server is starting or shutting down
                pause_after_failure()
            raise
        if state == extensions.POLL_OK:
            if _failing:
                resume()  # the probe got its answer: everyone may try again
            return
        # poll(), not select(): a busy worker's descriptors may number above select's 1024.
        waiting = select.poll()
        waiting.register(
            descriptor, select.POLLIN if state == extensions.POLL_READ else select.POLLOUT
        )
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not waiting.poll(remaining * 1000):
            pause_after_failure()
            raise psycopg2.OperationalError(
                f"The database did not answer within {limit:g} s; the connection was closed."
            )


def install() -> None:
    """Bound every wait for PostgreSQL in this process (the web server's workers).

    Call before the first query: the server's statement timeout is a connection option.
    """
    milliseconds = round(settings.DATABASE_STATEMENT_TIMEOUT * 1000)
    postgres = [
        connections.settings[alias]
        for alias in connections
        if connections.settings[alias]["ENGINE"] == "django.db.backends.postgresql"
    ]
    if not postgres:
        return
    for database in postgres:
        options = database.setdefault("OPTIONS", {})
        flag = f"-c statement_timeout={milliseconds}"
        if flag not in options.get("options", ""):
            options["options"] = f"{options.get('options', '')} {flag}".strip()
    extensions.set_wait_callback(wait_with_deadline)


def uninstall() -> None:
    extensions.set_wait_callback(None)
    resume()
