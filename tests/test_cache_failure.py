"""A dead or hung Redis slows nothing down and breaks nothing: the cache fails open."""

import logging

import pytest

from quotes.reliability import cache as verbatim_cache
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db
PAGES = ["/", "/quotes/", "/leaders/"]


def redis_cache_at(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "quotes.reliability.cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


def test_a_refused_connection_serves_every_page_uncached_and_logs_it(
    client, settings, closed_port, caplog
):
    StatementFactory(text="Served without a cache.")
    redis_cache_at(settings, closed_port)
    with caplog.at_level(logging.WARNING, logger="quotes.reliability.cache"):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    assert "Served without a cache." in client.get("/quotes/").content.decode()
    assert any("Cache unavailable" in message for message in caplog.messages)


def test_a_hung_redis_is_tried_once_then_left_alone_for_a_while(client, settings, silent_server):
    port, accepted = silent_server.port, silent_server.accepted
    StatementFactory()
    redis_cache_at(settings, port)
    for _ in range(3):
        for path in PAGES:
            assert client.get(path).status_code == 200, path
    # One connection timed out; every later cache call skipped Redis instead of waiting again.
    assert len(accepted) == 1


def test_redis_is_tried_again_after_the_pause(settings, closed_port, monkeypatch):
    redis_cache_at(settings, closed_port)
    from django.core.cache import caches

    backend = caches["default"]
    assert backend.get("key", "fallback") == "fallback"
    down_until = backend._down_until
    assert down_until > 0
    monkeypatch.setattr(verbatim_cache.time, "monotonic", lambda: down_until + 1)
    assert backend.get("key", "fallback") == "fallback"  # tried again, failed again
    assert backend._down_until > down_until


def test_a_working_redis_still_caches(settings):
    redis_cache_at(settings, 6379)
    from django.core.cache import caches

    backend = caches["default"]
    try:
        backend.set("verbatim-test-key", "kept", 10)
    except Exception:  # pragma: no cover - the machine's Redis is part of the set-up
        pytest.skip("no Redis at 127.0.0.1:6379")
    if backend.get("verbatim-test-key") is None and backend._down_until:
        pytest.skip("no Redis at 127.0.0.1:6379: start it to run this test")
    assert backend.get("verbatim-test-key") == "kept"
    backend.delete("verbatim-test-key")
