"""The Redis cache backend: one client per connection pool, and a cache that fails open.

Django's own backend builds a new `redis.Redis` for every cache call, and building one fills
a table of some hundred and seventy reply handlers: about a third of the time a page served
from the cache spends in Python. The client is safe to share (it takes a connection from the
pool for each command), so this backend builds it once.

The cache only makes pages faster, so it must never take the site down: a Redis that refuses
connections, drops them or stops answering is logged and treated as a miss (reads give their
default, writes are skipped), with short socket timeouts, and for a few seconds after a failure
Redis is not tried at all, so that a hung server costs one request a fraction of a second
instead of costing every request its timeout.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds: a cache answer slower than this is worth less than rendering the page.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
# Seconds without trying Redis after it failed.
RETRY_AFTER_FAILURE = 5.0


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _fails_open(name, on_failure):
    def method(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return on_failure(*args, **kwargs)
        try:
            return getattr(super(SharedClientRedisCache, self), name)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER_FAILURE
            logger.warning(
                "Cache unavailable (%s: %s); serving without it for %.0f s.",
                type(error).__name__,
                error,
                RETRY_AFTER_FAILURE,
            )
            return on_failure(*args, **kwargs)

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _no_values(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._down_until = 0.0

    get = _fails_open("get", _default)
    get_many = _fails_open("get_many", _no_values)
    has_key = _fails_open("has_key", _false)
    set = _fails_open("set", _nothing)
    set_many = _fails_open("set_many", _all_failed)
    add = _fails_open("add", _false)
    touch = _fails_open("touch", _false)
    delete = _fails_open("delete", _false)
    delete_many = _fails_open("delete_many", _nothing)
    clear = _fails_open("clear", _false)
