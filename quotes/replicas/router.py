"""Which database a query goes to: the request's replica for reads, the primary for the rest.

A request's middleware (`quotes/replicas/middleware.py`) says whether the request may read
from a replica; the replica itself is chosen at the first read and kept for the whole request,
so that everything a page shows (its content, and the record's version that keys its cache and
its ETag, quotes/public/freshness.py) comes from one database at one moment. Code outside a request
(management commands, the shell) reads from the primary, and so does a request once it has
written: what it wrote is there.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from quotes.replicas import health


@dataclass
class RequestReads:
    """One request's reads: from a replica if `may_use_replica`, chosen at the first read."""

    may_use_replica: bool
    alias: str | None = None

    def read_alias(self) -> str:
        if self.alias is None:
            chosen = health.choose() if self.may_use_replica else None
            self.alias = chosen or DEFAULT_DB_ALIAS
        return self.alias

    def on_replica(self) -> bool:
        return self.alias is not None and self.alias != DEFAULT_DB_ALIAS

    def use_primary(self) -> None:
        self.alias = DEFAULT_DB_ALIAS


_reads: ContextVar[RequestReads | None] = ContextVar("replica_reads", default=None)


def current_reads() -> RequestReads | None:
    return _reads.get()


def reading_from(reads: RequestReads | None):
    """Make `reads` the current request's; returns the token for `stop_reading`."""
    return _reads.set(reads)


def stop_reading(token) -> None:
    _reads.reset(token)


def read_alias() -> str:
    """The database this request (or command) reads from now."""
    reads = _reads.get()
    if reads is None or not settings.DATABASE_REPLICAS:
        return DEFAULT_DB_ALIAS
    return reads.read_alias()


def reading_from_replica() -> bool:
    reads = _reads.get()
    return reads is not None and reads.on_replica()


class ReplicaRouter:
    """Django's database router for a primary and its streaming replicas (same data)."""

    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICAS:
            return None  # Django's own choice: the default database
        return read_alias()

    def db_for_write(self, model, **hints):
        if not settings.DATABASE_REPLICAS:
            return None
        reads = _reads.get()
        if reads is not None:
            reads.use_primary()  # the rest of this request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        same_data = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db in settings.DATABASE_REPLICAS:
            return False  # a replica replays the primary's migrations; it cannot run its own
        return None
