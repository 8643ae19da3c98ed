"""Which database each request reads from, with read replicas configured (any database).

A replica here is the test database itself under another alias, as Django's test MIRROR
makes it, or a database that cannot be reached; the real thing, a streaming replica that lags
and stops, is in test_replicas_postgres.py.
"""

import logging
import time

import pytest
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, router
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from quotes.models import Statement
from quotes.replicas import health
from quotes.replicas.middleware import (
    READ_YOUR_WRITES_COOKIE,
    READ_YOUR_WRITES_SALT,
    ReplicaReadsMiddleware,
)
from quotes.replicas.router import ReplicaRouter, read_alias
from tests.factories import StatementFactory, UserFactory
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


def mirror_of_default(alias: str) -> None:
    """`alias` reads the test database through the default connection (Django's MIRROR)."""
    connections[alias] = connections[DEFAULT_DB_ALIAS]


def out_of_reach(alias: str, closed_port: int) -> None:
    """`alias` is a database that refuses every connection."""
    settings_dict = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = "/nonexistent/directory/replica.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port))
    backend = type(connections[DEFAULT_DB_ALIAS])
    connections[alias] = backend(settings_dict, alias)


@pytest.fixture
def replicas(settings, monkeypatch):
    """Two healthy replicas, `replica1` and `replica2`, known to be so (no check is due)."""
    settings.DATABASE_REPLICAS = ["replica1", "replica2"]
    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.READ_YOUR_WRITES_SECONDS = 10
    monkeypatch.setattr(health, "CHECK_EVERY_SECONDS", 3600)
    health.forget()
    for alias in settings.DATABASE_REPLICAS:
        mirror_of_default(alias)
        health.record(alias, health.OK, lag=0.0)
    yield settings.DATABASE_REPLICAS
    health.forget()
    for alias in ("replica1", "replica2"):
        if connections[alias] is not connections[DEFAULT_DB_ALIAS]:
            connections[alias].close()
        del connections[alias]


@pytest.fixture
def one_replica(replicas, settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    return "replica1"


def through_middleware(request, view):
    """`view`'s response to `request` with the replica middleware around it."""
    return ReplicaReadsMiddleware(view)(request)


def reads_of(request) -> set[str]:
    """The databases a request's reads went to (ten reads, as a page makes)."""
    seen = set()

    def view(request):
        for _ in range(10):
            seen.add(router.db_for_read(Statement))
        return HttpResponse()

    through_middleware(request, view)
    return seen


requests = RequestFactory()


def with_cookie(request, value):
    request.COOKIES[READ_YOUR_WRITES_COOKIE] = value
    return request


def signed_mark(seconds_ago=0.0) -> str:
    signer = signing.get_cookie_signer(salt=READ_YOUR_WRITES_COOKIE + READ_YOUR_WRITES_SALT)
    real_time = time.time
    signing.time.time = lambda: real_time() - seconds_ago
    try:
        return signer.sign("1")
    finally:
        signing.time.time = real_time


class TestWithoutReplicas:
    def test_every_query_goes_where_django_sends_it_by_default(self, settings):
        assert settings.DATABASE_REPLICAS == []
        assert ReplicaRouter().db_for_read(Statement) is None
        assert ReplicaRouter().db_for_write(Statement) is None
        assert reads_of(requests.get("/quotes/")) == {DEFAULT_DB_ALIAS}

    def test_no_cookie_is_ever_set(self, client, editor):
        client.force_login(editor)
        response = client.post("/admin/logout/")
        assert READ_YOUR_WRITES_COOKIE not in response.cookies


class TestWhichDatabase:
    def test_a_public_get_reads_from_one_replica_for_the_whole_request(self, replicas):
        for _ in range(20):
            seen = reads_of(requests.get("/quotes/"))
            assert len(seen) == 1 and seen <= set(replicas)

    def test_head_requests_and_downloads_read_from_a_replica(self, one_replica):
        assert reads_of(requests.head("/leaders/")) == {one_replica}
        assert reads_of(requests.get("/data/statements.csv")) == {one_replica}

    def test_a_download_reads_from_the_replica_while_it_streams(self, one_replica):
        def download(request):
            return StreamingHttpResponse(read_alias() for _ in range(3))

        response = through_middleware(requests.get("/data/statements.csv"), download)
        # The body is made after the middleware has returned, as the server pulls it.
        assert b"".join(response.streaming_content) == one_replica.encode() * 3
        assert read_alias() == DEFAULT_DB_ALIAS

    def test_the_admin_reads_from_the_primary(self, one_replica):
        assert reads_of(requests.get("/admin/quotes/statement/")) == {DEFAULT_DB_ALIAS}
        assert reads_of(requests.get("/admin/quotes/import/")) == {DEFAULT_DB_ALIAS}

    def test_a_post_reads_from_the_primary(self, one_replica):
        assert reads_of(requests.post("/how-we-work/")) == {DEFAULT_DB_ALIAS}

    def test_writes_go_to_the_primary_and_the_request_then_reads_them_there(self, one_replica):
        seen = []

        def view(request):
            seen.append(router.db_for_read(Statement))
            seen.append(router.db_for_write(Statement))
            seen.append(router.db_for_read(Statement))
            return HttpResponse()

        through_middleware(requests.get("/quotes/"), view)
        assert seen == [one_replica, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]

    def test_commands_and_the_shell_read_from_the_primary(self, one_replica):
        assert router.db_for_read(Statement) == DEFAULT_DB_ALIAS
        assert router.db_for_write(Statement) == DEFAULT_DB_ALIAS

    def test_migrations_run_on_the_primary_only(self, one_replica):
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "quotes")
        assert not router.allow_migrate("replica1", "quotes")

    def test_records_read_from_a_replica_relate_to_records_of_the_primary(self, one_replica):
        from_replica, from_primary = Statement(pk=1), Statement(pk=2)
        from_replica._state.db, from_primary._state.db = "replica1", DEFAULT_DB_ALIAS
        assert router.allow_relation(from_replica, from_primary)


class TestThroughThePages:
    def test_a_public_page_is_read_from_the_replica(self, client, one_replica):
        statement = StatementFactory()
        response = client.get(statement.get_absolute_url())
        assert response.status_code == 200
        assert response.context["statement"]._state.db == one_replica

    def test_an_editors_admin_page_is_read_from_the_primary(self, editor_client, one_replica):
        statement = StatementFactory()
        response = editor_client.get(f"/admin/quotes/statement/{statement.pk}/change/")
        assert response.status_code == 200
        assert response.context["original"]._state.db == DEFAULT_DB_ALIAS


class TestReadYourWrites:
    def test_a_write_in_the_admin_marks_the_client_for_a_while(self, editor_client, one_replica):
        response = editor_client.post("/admin/logout/")
        mark = response.cookies[READ_YOUR_WRITES_COOKIE]
        assert mark["max-age"] == 10 and mark["httponly"]
        # So the next public page comes from the primary, where the write is.
        statement = StatementFactory()
        page = editor_client.get(statement.get_absolute_url())
        assert page.context["statement"]._state.db == DEFAULT_DB_ALIAS

    def test_even_a_failed_sign_in_is_an_admin_write(self, client, one_replica):
        response = client.post("/admin/login/", {"username": "x", "password": "y"})
        assert READ_YOUR_WRITES_COOKIE in response.cookies

    def test_a_signed_in_users_post_marks_the_client(self, one_replica):
        request = requests.post("/how-we-work/")
        request.user = UserFactory()
        response = through_middleware(request, lambda request: HttpResponse())
        assert READ_YOUR_WRITES_COOKIE in response.cookies

    def test_an_anonymous_readers_post_leaves_the_client_unmarked(self, client, one_replica):
        response = client.post("/how-we-work/", {"words": "x"})
        assert READ_YOUR_WRITES_COOKIE not in response.cookies

    def test_a_public_get_leaves_the_client_unmarked(self, editor_client, one_replica):
        response = editor_client.get("/leaders/")
        assert READ_YOUR_WRITES_COOKIE not in response.cookies

    def test_the_mark_sends_reads_to_the_primary(self, one_replica):
        request = with_cookie(requests.get("/quotes/"), signed_mark())
        assert reads_of(request) == {DEFAULT_DB_ALIAS}

    def test_an_expired_mark_no_longer_does(self, one_replica):
        request = with_cookie(requests.get("/quotes/"), signed_mark(seconds_ago=11))
        assert reads_of(request) == {one_replica}

    def test_a_forged_mark_is_ignored(self, one_replica):
        request = with_cookie(requests.get("/quotes/"), "1")
        assert reads_of(request) == {one_replica}


class TestUnhealthyReplicas:
    def test_a_lagging_replica_is_skipped_with_one_log_line(self, one_replica, caplog):
        with caplog.at_level(logging.WARNING, logger="quotes.replicas.health"):
            health.record(one_replica, health.LAGGING, lag=7.5)
            for _ in range(3):
                assert reads_of(requests.get("/quotes/")) == {DEFAULT_DB_ALIAS}
            health.record(one_replica, health.LAGGING, lag=8.5)
        assert caplog.messages == [
            "Replica replica1 skipped: 7.5 s behind the primary (more than 5 s); "
            "reads go to the primary."
        ]

    def test_with_one_replica_down_the_other_serves(self, replicas):
        health.record("replica1", health.DOWN, error="refused")
        for _ in range(10):
            assert reads_of(requests.get("/quotes/")) == {"replica2"}

    def test_with_every_replica_down_the_primary_serves(self, replicas):
        for alias in replicas:
            health.record(alias, health.DOWN, error="refused")
        assert reads_of(requests.get("/quotes/")) == {DEFAULT_DB_ALIAS}

    def test_a_replica_out_of_reach_is_found_down_and_skipped(
        self, client, one_replica, closed_port, caplog
    ):
        out_of_reach(one_replica, closed_port)
        health.forget()  # a process that has not checked it yet
        statement = StatementFactory()
        response = client.get(statement.get_absolute_url())
        assert response.status_code == 200
        assert response.context["statement"]._state.db == DEFAULT_DB_ALIAS
        assert health.state(one_replica).status == health.DOWN
        assert "Replica replica1 skipped: down (OperationalError" in caplog.text

    def test_a_down_replica_is_tried_again_only_after_a_pause(
        self, one_replica, closed_port, monkeypatch
    ):
        out_of_reach(one_replica, closed_port)
        health.forget()
        asked = []
        real_ask = health._ask
        monkeypatch.setattr(health, "_ask", lambda alias: asked.append(alias) or real_ask(alias))
        for _ in range(5):
            assert reads_of(requests.get("/quotes/")) == {DEFAULT_DB_ALIAS}
        assert asked == [one_replica]

    def test_a_replica_failing_in_the_middle_of_a_page_gives_the_page_from_the_primary(
        self, client, one_replica, closed_port, caplog
    ):
        statement = StatementFactory()
        out_of_reach(one_replica, closed_port)  # it was fine at its last check; not now
        response = client.get(statement.get_absolute_url())
        assert response.status_code == 200
        assert response.context["statement"]._state.db == DEFAULT_DB_ALIAS
        assert health.state(one_replica).status == health.DOWN
        assert "Replica replica1 skipped: down" in caplog.text

    def test_a_failure_of_the_primary_is_not_retried(self, one_replica, client, monkeypatch):
        client.raise_request_exception = False
        health.record(one_replica, health.DOWN, error="refused")

        def database_gone(*args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr("quotes.public.views.listed_statements", database_gone)
        assert client.get("/quotes/").status_code == 503

    def test_healthz_reports_each_replica_and_stays_up(
        self, client, page_cache, replicas, closed_port
    ):
        out_of_reach("replica1", closed_port)
        health.forget()
        health.record("replica2", health.LAGGING, lag=12.0)
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["replicas"]["replica1"]["status"] == "down"
        assert "OperationalError" in body["replicas"]["replica1"]["error"]
        assert body["replicas"]["replica2"] == {"status": "lagging", "lag_seconds": 12.0}

    @pytest.mark.skipif(
        connections[DEFAULT_DB_ALIAS].vendor != "postgresql", reason="PostgreSQL's recovery state"
    )
    def test_a_server_that_is_not_a_replica_is_not_read_from(self, one_replica, monkeypatch):
        monkeypatch.setattr(health, "CHECK_EVERY_SECONDS", 0)
        replica = health.state(one_replica)  # the test database: a primary
        assert replica.status == health.DOWN
        assert replica.error == "not a replica: the server is not in recovery"


class TestSettings:
    def test_replicas_need_postgresql(self):
        result = manage(
            "check",
            DATABASE_URL="sqlite:///var/x.sqlite3",
            DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:5433/verbatim",
        )
        assert result.returncode != 0
        assert "PostgreSQL streaming replicas of a PostgreSQL DATABASE_URL" in result.stderr

    def test_the_read_your_writes_window_outlasts_the_lag_limit(self):
        result = manage(
            "check",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/verbatim",
            DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:5433/verbatim",
            REPLICA_MAX_LAG_SECONDS="10",
            READ_YOUR_WRITES_SECONDS="10",
        )
        assert result.returncode != 0
        assert "READ_YOUR_WRITES_SECONDS must be longer than REPLICA_MAX_LAG_SECONDS" in (
            result.stderr
        )

    def test_each_replica_url_is_an_alias_mirrored_in_tests(self):
        result = manage(
            "shell",
            "--verbosity=0",
            "-c",
            "from django.conf import settings as s; r = s.DATABASES['replica2']; "
            "print(s.DATABASE_REPLICAS, r['PORT'], r['TEST']['MIRROR'], "
            "r['OPTIONS']['connect_timeout'], s.DATABASES['default']['PORT'])",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/verbatim",
            DATABASE_REPLICA_URLS="postgres://postgres@10.0.0.2:5433/v, postgres://u@10.0.0.3:5434/v",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "['replica1',",
            "'replica2']",
            "5434",
            "default",
            "3",
            "5432",
        ]
