import os
import socket
import threading
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory, make_editor, make_reviewer
from tests.local_site import NamedSites


@pytest.fixture
def editor(db):
    """A staff member of the Editors group: keeps the record, cannot manage users."""
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer(db):
    """A staff member of the Reviewers group: checks drafts against their sources, publishes."""
    return make_reviewer()


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def outsider(db):
    """A signed-up user who is neither staff nor editor."""
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def no_shared_cache(settings):
    """Pages are rendered afresh in tests, so each sees its own data and template context.

    The tests of caching itself ask for `page_cache`.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def page_cache(settings):
    """A real (local-memory) cache, empty at the start."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


# Property-based tests (hypothesis): "ci" runs a fixed, reproducible set of examples quickly
# (no deadline: the first example of a test pays for Django's warm-up and would be flagged slow);
# "thorough" (HYPOTHESIS_PROFILE=thorough) searches much longer, by hand, before a release.
hypothesis_settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
hypothesis_settings.register_profile(
    "thorough",
    parent=hypothesis_settings.get_profile("ci"),
    max_examples=1000,
    derandomize=False,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def sites(monkeypatch):
    """Local web servers under made-up public host names, for the article fetch."""
    named = NamedSites(monkeypatch)
    yield named
    named.close()


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """Accepts TCP connections and never says a word, as a frozen Redis or PostgreSQL does.

    `.port` to connect to, `.accepted` the connections it took.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []

    def accept_forever():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_forever, daemon=True).start()
    yield SimpleNamespace(port=server.getsockname()[1], accepted=accepted)
    server.close()
    for peer in accepted:
        peer.close()
