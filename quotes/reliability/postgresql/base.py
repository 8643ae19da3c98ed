"""Django's PostgreSQL backend, with its health check skipped on a connection that answered a
moment ago.

With `CONN_HEALTH_CHECKS`, Django makes sure a persistent connection still works before a
request's first query by sending `SELECT 1`: after a restart of the server, the first request
of each worker would otherwise fail on a connection the server has closed. That is a round trip
per request, which for a page served whole from the cache doubles its database work (the check,
then the one query reading the record's versions): about a tenth of the site's throughput on
warm pages.

A connection whose last request ended well less than `RECENTLY` ago is not checked: the server
cannot have been restarted in between (a restart takes seconds, and a server that is down fails
the query as it would fail the check: the same 503 page). Under load every request comes within
that time of the last on its connection, so none is checked; a quiet site checks each request
as before. What the skip gives up is a connection ended on its own within that tenth of a
second (`pg_terminate_backend`, a proxy's idle timeout): its next query fails once, the request
gets the error page, and Django closes the connection.
"""

import time

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.postgresql import base

# Seconds after a request that ended well during which the connection is taken to work.
RECENTLY = 0.1


class DatabaseWrapper(base.DatabaseWrapper):
    answered_at: float | None = None

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.answered_at is not None
            and time.monotonic() - self.answered_at < RECENTLY
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close(self):
        self.answered_at = None
        super().close()


def _note_answered(**kwargs):
    """After Django's own end-of-request check (which closes a connection that had an error
    and no longer works), each connection still open and without an error has answered."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if (
            isinstance(connection, DatabaseWrapper)
            and connection.connection is not None
            and not connection.errors_occurred
        ):
            connection.answered_at = now


# Connected after django.db's close_old_connections (connected when django.db is imported).
request_finished.connect(_note_answered, dispatch_uid="verbatim-postgresql-answered")
