"""Whether a replica may serve reads: it answers, and its replay is not too far behind.

Each process keeps what it last learnt of each replica and asks again at most every
`CHECK_EVERY_SECONDS` (a replica that answered) or `RETRY_DOWN_SECONDS` (one that did not), so
that a dead replica costs a process one failed attempt every few seconds, not one per request.
The check runs in whichever request thread needs the answer first, on that thread's own
connection to the replica; the other threads meanwhile go by the last answer (or, before any,
read from the primary). A change of state is logged once, not per request.
"""

import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 1.0
RETRY_DOWN_SECONDS = 5.0

OK, LAGGING, DOWN, UNKNOWN = "ok", "lagging", "down", "unknown"

# How far the replica's replay is behind the primary, in seconds: 0 while it has replayed all
# it received (an idle primary sends nothing, so the last replay's age says nothing then).
LAG_QUERY = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN NULL
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""


@dataclass
class Replica:
    status: str = UNKNOWN
    lag: float | None = None
    error: str = ""
    checked_at: float = float("-inf")  # time.monotonic()
    checking: bool = False

    def is_due(self, now: float) -> bool:
        wait = RETRY_DOWN_SECONDS if self.status == DOWN else CHECK_EVERY_SECONDS
        return now - self.checked_at >= wait


_lock = threading.Lock()
_replicas: dict[str, Replica] = {}


def _replica(alias: str) -> Replica:
    return _replicas.setdefault(alias, Replica())


def state(alias: str) -> Replica:
    """What this process knows of `alias` now, asking the replica first if that is due."""
    with _lock:
        replica = _replica(alias)
        due = replica.is_due(time.monotonic()) and not replica.checking
        if due:
            replica.checking = True
    if due:
        try:
            status, lag, error = _ask(alias)
        finally:
            with _lock:
                replica.checking = False
        record(alias, status, lag=lag, error=error)
    return replica


def usable(alias: str) -> bool:
    return state(alias).status == OK


def choose() -> str | None:
    """A replica to read from for one request, or None: the primary then."""
    candidates = [alias for alias in settings.DATABASE_REPLICAS if usable(alias)]
    return random.choice(candidates) if candidates else None


def record(alias: str, status: str, *, lag: float | None = None, error: str = "") -> None:
    """What was learnt of `alias` just now; logs the change, if it is one."""
    with _lock:
        replica = _replica(alias)
        previous = replica.status
        replica.status, replica.lag, replica.error = status, lag, error
        replica.checked_at = time.monotonic()
    if status == previous:
        return
    if status == OK:
        if previous != UNKNOWN:
            logger.warning("Replica %s serves reads again (%.1f s behind).", alias, lag or 0.0)
    elif status == LAGGING:
        logger.warning(
            "Replica %s skipped: %.1f s behind the primary (more than %g s); "
            "reads go to the primary.",
            alias,
            lag,
            settings.REPLICA_MAX_LAG_SECONDS,
        )
    else:
        logger.warning("Replica %s skipped: down (%s); reads go to the primary.", alias, error)


def mark_down(alias: str, error: BaseException) -> None:
    """`alias` failed in the middle of a request: leave it alone until its next check."""
    record(alias, DOWN, error=describe(error))


def forget() -> None:
    """Forget every replica's state (a new process knows nothing yet)."""
    with _lock:
        _replicas.clear()


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip().splitlines()[0][:300]


def _ask(alias: str) -> tuple[str, float | None, str]:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(LAG_QUERY)
                (lag,) = cursor.fetchone()
            else:  # a test mirror of SQLite: a copy with no lag of its own
                cursor.execute("SELECT 1")
                lag = 0
    except DatabaseError as error:
        # Closed, so that its next check opens a fresh connection instead of a broken one.
        try:
            connection.close()
        except DatabaseError:
            pass
        return DOWN, None, describe(error)
    if lag is None:
        return DOWN, None, "not a replica: the server is not in recovery"
    lag = float(lag)
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return LAGGING, lag, ""
    return OK, lag, ""
