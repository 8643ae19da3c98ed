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

After a deadline passes or a connection is refused, that server is left alone for a moment
(`PAUSE_AFTER_FAILURE`): every wait on it fails at once, so that while a server is frozen a
request costs a worker nothing instead of its full deadline, and pages come from the cache or
as 503s. Then one thread of the worker probes while the others still fail fast, and the first
answer lets everyone through again. Each server (host and port) has its own pause: a read
replica that is down must not stop the primary's queries (quotes/replicas/).

Only the web processes (`quotes/wsgi.py`) install it: commands may legitimately run for a long
time, and psycopg2 refuses COPY (which `generate_record` uses) while a wait callback is set.
"""

import functools
import select
import threading
import time

import psycopg2
from django.conf import settings
from django.db import connections
from psycopg2 import extensions

# psycopg2's connection status while the connection is being opened.
CONNECTING = extensions.STATUS_SETUP
# Seconds without trying a server after it failed to answer. Short: the site is back this soon
# after the database is.
PAUSE_AFTER_FAILURE = 2.0


class ServerState:
    """Shared by the threads of a worker: until when the server is not tried, and whether the
    last attempt failed (then the next one is a probe, made by one thread while the others keep
    failing fast)."""

    def __init__(self):
        self.paused_until = 0.0
        self.failing = False


_lock = threading.Lock()
_servers: dict[tuple[str, str], ServerState] = {}


@functools.lru_cache(maxsize=64)
def server_of(dsn: str) -> tuple[str, str]:
    """The (host, port) a connection string names: what is down or up."""
    parameters = extensions.parse_dsn(dsn)
    return parameters.get("host", ""), parameters.get("port", "")


def _state(server: tuple[str, str]) -> ServerState:
    state = _servers.get(server)
    if state is None:
        state = _servers.setdefault(server, ServerState())
    return state


def pause_after_failure(server: tuple[str, str]) -> None:
    with _lock:
        state = _state(server)
        state.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        state.failing = True


def resume(server: tuple[str, str] | None = None) -> None:
    """Let everyone try `server` again (every server when None)."""
    with _lock:
        for state in _servers.values() if server is None else [_state(server)]:
            state.paused_until = 0.0
            state.failing = False


def end_pause(server: tuple[str, str]) -> None:
    """As when the pause after a failure is over: the next attempt is the probe."""
    with _lock:
        _state(server).paused_until = time.monotonic() - 1


def is_failing(server: tuple[str, str]) -> bool:
    with _lock:
        return _state(server).failing


def _may_try(server: tuple[str, str], limit: float) -> bool:
    """Whether this wait may go to the server; after a failure, only one probe at a time."""
    with _lock:
        state = _state(server)
        now = time.monotonic()
        if now < state.paused_until:
            return False
        if state.failing:  # this thread probes; the others fail fast until it knows
            state.paused_until = now + limit
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
    server = server_of(connection.dsn)
    if not _may_try(server, limit):
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
                pause_after_failure(server)
            raise
        if state == extensions.POLL_OK:
            if _servers[server].failing:
                resume(server)  # the probe got its answer: everyone may try again
            return
        # poll(), not select(): a busy worker's descriptors may number above select's 1024.
        waiting = select.poll()
        waiting.register(
            descriptor, select.POLLIN if state == extensions.POLL_READ else select.POLLOUT
        )
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not waiting.poll(remaining * 1000):
            pause_after_failure(server)
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
        if connections[alias].vendor == "postgresql"
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
