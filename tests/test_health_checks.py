"""A persistent PostgreSQL connection is checked before a request's first query, unless it
answered a moment ago (quotes/reliability/postgresql/base.py)."""

import time
from unittest import mock

import pytest
from django.db import connections

from quotes.reliability.postgresql.base import RECENTLY

connection = connections["default"]  # the wrapper itself, not Django's proxy to it

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: needs DATABASE_URL=postgres://... (Django's health checks)",
    ),
    pytest.mark.django_db,
]


def first_query_of_a_request():
    """A request's first query, a health check due as at a request's start (Django's
    `close_if_unusable_or_obsolete`, which inside the test's transaction would close the
    connection); how many health checks (`SELECT 1`) it made."""
    connection.ensure_connection()
    connection.health_check_done = False
    with mock.patch.object(connection, "is_usable", wraps=connection.is_usable) as check:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
    return check.call_count


def test_the_site_runs_on_the_backend_that_skips_recent_checks():
    assert type(connection).__module__ == "quotes.reliability.postgresql.base"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_that_answered_a_moment_ago_is_not_checked():
    connection.ensure_connection()
    connection.answered_at = time.monotonic()
    assert first_query_of_a_request() == 0


def test_a_connection_idle_for_longer_is_checked_as_django_does():
    connection.ensure_connection()
    connection.answered_at = time.monotonic() - RECENTLY - 1
    assert first_query_of_a_request() == 1


def test_a_connection_that_never_answered_a_request_is_checked():
    connection.ensure_connection()
    connection.answered_at = None
    assert first_query_of_a_request() == 1


def test_a_request_that_ends_well_marks_its_connection_as_answering(client):
    connection.answered_at = None
    before = time.monotonic()
    assert client.get("/quotes/").status_code == 200
    assert connection.answered_at is not None and connection.answered_at >= before


def test_a_request_with_a_database_error_does_not(client, monkeypatch):
    connection.answered_at = None

    def failing(*args, **kwargs):
        connection.errors_occurred = True  # as Django's error wrapper sets it
        raise RuntimeError("a query failed")

    monkeypatch.setattr("quotes.public.views.listed_statements", failing)
    client.raise_request_exception = False
    client.get("/quotes/")
    assert connection.answered_at is None
