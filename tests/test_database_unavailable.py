"""A database out of reach or frozen: a fast 503 page to retry, never a hung worker."""

import threading
import time

import psycopg2
import pytest
from django.db import OperationalError, connection

from quotes.reliability import database
from tests.factories import StatementFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: needs DATABASE_URL=postgres://... (deadlines are psycopg2's)",
)


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_database_error_answers_503_with_retry_after(failing_client, monkeypatch):
    monkeypatch.setattr("quotes.public.views.listed_statements", database_gone)
    response = failing_client.get("/quotes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert "out of reach for a moment" in response.content.decode()


@pytest.mark.django_db
def test_while_the_database_is_down_cached_pages_are_still_served(
    failing_client, page_cache, monkeypatch
):
    StatementFactory(text="Still readable.")
    served = failing_client.get("/quotes/", {"kind": "direct"})
    assert served.status_code == 200
    # Every query from now on fails, as with a database that went away. The latest copy is
    # found through the shared cache alone, so any worker process serves it.
    monkeypatch.setattr("django.db.backends.utils.CursorWrapper._execute", database_gone)

    again = failing_client.get("/quotes/", {"kind": "direct", "utm": "x"})
    assert again.status_code == 200
    assert again.content == served.content
    assert again["Cache-Control"] == "no-cache"
    statement_page = failing_client.get("/quotes/1/")  # its scopes need the database
    assert statement_page.status_code == 503
    never_cached = failing_client.get("/leaders/")
    assert never_cached.status_code == 503


@pytest.mark.django_db
def test_a_query_stopped_at_the_statement_timeout_says_the_page_took_too_long(
    failing_client, monkeypatch
):
    def cancelled(*args, **kwargs):
        try:
            raise psycopg2.errors.QueryCanceled("canceling statement due to statement timeout")
        except psycopg2.errors.QueryCanceled as error:
            raise OperationalError(str(error)) from error  # as Django wraps it

    monkeypatch.setattr("quotes.public.views.listed_statements", cancelled)
    response = failing_client.get("/quotes/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "took too long" in html
    assert "out of reach" not in html


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client, page_cache):
    StatementFactory()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_with_the_cache_down_is_degraded_but_serving(client, settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "quotes.reliability.cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"]["ok"] is False


@pytest.mark.django_db
def test_healthz_with_the_database_down_is_503(client, monkeypatch):
    monkeypatch.setattr("quotes.reliability.views._database_answers", database_gone)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == "down"
    assert "OperationalError" in body["database"]["error"]


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


# --- the deadlines themselves, against real servers -----------------------------------------


@pytest.fixture
def deadlines(settings):
    """The web processes' deadlines installed, short, and removed afterwards."""
    settings.DATABASE_CONNECT_TIMEOUT = 0.5
    settings.DATABASE_STATEMENT_TIMEOUT = 0.3
    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    database.install()
    yield
    database.uninstall()
    options.clear()
    options.update(saved)


@on_postgres
def test_a_server_that_never_answers_is_given_up_at_the_connect_deadline(deadlines, silent_server):
    started = time.monotonic()
    with pytest.raises(psycopg2.OperationalError, match="did not answer within 0.5 s"):
        psycopg2.connect(host="127.0.0.1", port=silent_server.port, user="postgres", dbname="x")
    # Without the deadline this waits for ever (libpq's connect_timeout is not used here).
    assert time.monotonic() - started < 5


@on_postgres
def test_after_a_failure_the_database_is_left_alone_for_a_moment(deadlines, silent_server):
    def connect():
        psycopg2.connect(host="127.0.0.1", port=silent_server.port, user="postgres", dbname="x")

    with pytest.raises(psycopg2.OperationalError, match="did not answer"):
        connect()
    started = time.monotonic()
    with pytest.raises(psycopg2.OperationalError, match="not tried again yet"):
        connect()
    assert time.monotonic() - started < 0.2  # at once, not after another deadline
    database.resume()  # as when the pause is over
    with pytest.raises(psycopg2.OperationalError, match="did not answer"):
        connect()


@on_postgres
def test_a_refused_connection_also_pauses(deadlines, closed_port):
    with pytest.raises(psycopg2.OperationalError, match="refused"):
        psycopg2.connect(host="127.0.0.1", port=closed_port, user="postgres", dbname="x")
    with pytest.raises(psycopg2.OperationalError, match="not tried again yet"):
        psycopg2.connect(host="127.0.0.1", port=closed_port, user="postgres", dbname="x")


@on_postgres
@pytest.mark.django_db
def test_an_answer_that_never_comes_is_given_up_and_the_connection_closed(deadlines):
    params = connection.get_connection_params()
    params["options"] = ""  # no server-side timeout: only the client's deadline is left
    raw = psycopg2.connect(**params)
    backend = raw.get_backend_pid()
    started = time.monotonic()
    try:
        with pytest.raises(psycopg2.OperationalError, match="did not answer within 0.8 s"):
            raw.cursor().execute("SELECT pg_sleep(30)")
        assert time.monotonic() - started < 10
        assert raw.closed  # never reused in an unknown state
    finally:
        database.resume()
        with connection.cursor() as cursor:  # the abandoned query, ended for the test's sake
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])


@on_postgres
@pytest.mark.django_db
def test_the_web_connections_carry_the_servers_statement_timeout(deadlines):
    raw = psycopg2.connect(**connection.get_connection_params())
    try:
        cursor = raw.cursor()
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("300ms",)
        with pytest.raises(psycopg2.errors.QueryCanceled):
            cursor.execute("SELECT pg_sleep(30)")
    finally:
        raw.close()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_page_whose_query_runs_past_the_timeout_gets_the_page_at_the_timeout(
    deadlines, failing_client, monkeypatch
):
    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(30)")

    connection.close()  # the next connection is a web one, with the server's timeout
    monkeypatch.setattr("quotes.public.views.listed_statements", slow)
    started = time.monotonic()
    response = failing_client.get("/quotes/")
    assert time.monotonic() - started < 5  # stopped by the server at 0.3 s, not after 30
    assert response.status_code == 503
    assert "took too long" in response.content.decode()
    connection.close()


@on_postgres
@pytest.mark.django_db
def test_a_healthy_server_answers_through_the_deadline_callback(deadlines):
    raw = psycopg2.connect(**connection.get_connection_params())
    try:
        cursor = raw.cursor("named")  # the downloads' server-side cursors work as before
        cursor.execute("SELECT generate_series(1, 3)")
        assert cursor.fetchall() == [(1,), (2,), (3,)]
    finally:
        raw.close()


@on_postgres
def test_after_the_pause_one_thread_probes_while_the_others_still_fail_fast(
    deadlines, silent_server
):
    def connect():
        psycopg2.connect(host="127.0.0.1", port=silent_server.port, user="postgres", dbname="x")

    with pytest.raises(psycopg2.OperationalError, match="did not answer"):
        connect()
    database.end_pause(("127.0.0.1", str(silent_server.port)))  # a failure whose pause is over
    outcomes = []

    def attempt():
        started = time.monotonic()
        try:
            connect()
        except psycopg2.OperationalError as error:
            outcomes.append((str(error), time.monotonic() - started))

    probe = threading.Thread(target=attempt)
    probe.start()
    time.sleep(0.1)  # the probe is waiting on the silent server
    attempt()
    probe.join()
    waited = sorted(outcomes, key=lambda outcome: outcome[1])
    assert "not tried again yet" in waited[0][0] and waited[0][1] < 0.2
    assert "did not answer" in waited[1][0]


@on_postgres
@pytest.mark.django_db
def test_a_successful_probe_lets_everyone_through(deadlines):
    params = connection.get_connection_params()
    server = (params["host"], str(params["port"]))
    database.pause_after_failure(server)
    database.end_pause(server)
    raw = psycopg2.connect(**params)
    raw.close()
    assert not database.is_failing(server)
    raw = psycopg2.connect(**params)  # not paused either
    raw.close()


@on_postgres
@pytest.mark.django_db
def test_a_server_that_fails_pauses_only_itself(deadlines, closed_port):
    with pytest.raises(psycopg2.OperationalError, match="refused"):
        psycopg2.connect(host="127.0.0.1", port=closed_port, user="postgres", dbname="x")
    assert database.is_failing(("127.0.0.1", str(closed_port)))
    # Another server (the primary, while a read replica is down) is still asked at once.
    raw = psycopg2.connect(**connection.get_connection_params())
    raw.close()
