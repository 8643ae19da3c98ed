"""What the PostgreSQL planner is told so that the list's rarest filter combinations get the
cheap plan (docs/PERFORMANCE.md, "Plans for the rarest combinations")."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's planner settings: run with DATABASE_URL=postgres://…",
    ),
]


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_a_random_page_read_costs_what_it_does_in_memory_or_on_ssd():
    assert float(_setting("random_page_cost")) == pytest.approx(1.1)
    assert _setting("work_mem") == "16MB"  # the setting beside it is kept


def test_the_misjudged_columns_keep_finer_statistics():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstattarget FROM pg_attribute"
            " WHERE attrelid = 'quotes_statement'::regclass AND attstattarget > 0"
        )
        targets = dict(cursor.fetchall())
    assert targets == {
        "date_said": 1000,
        "search_vector": 1000,
        "topic_ids": 1000,
        "publishers": 1000,
    }
