"""A date known only to the month or the year stands for a period: a date range keeps every
statement whose period overlaps it, and the card says the period, never a day."""

import datetime
import importlib
import re
import types

import pytest
from django.apps import apps

from quotes.models import Statement
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

MONTH, YEAR, DAY = (Statement.DatePrecision.MONTH, Statement.DatePrecision.YEAR, "day")


@pytest.fixture
def june():
    return StatementFactory(
        text="Said some time in June.", date_said=datetime.date(2025, 6, 1), date_precision=MONTH
    )


@pytest.fixture
def of_2025():
    return StatementFactory(
        text="Said some time that year.", date_said=datetime.date(2025, 1, 1), date_precision=YEAR
    )


@pytest.fixture
def first_of_june():
    return StatementFactory(text="Said on the first.", date_said=datetime.date(2025, 6, 1))


def listed(client, **query) -> set[str]:
    response = client.get("/quotes/", query)
    assert response.status_code == 200
    return {statement.text for statement in response.context["page"]}


def test_a_range_starting_inside_the_month_keeps_the_months_statement(client, june, first_of_june):
    assert listed(client, date_from="2025-06-02") == {june.text}


def test_a_range_ending_before_the_month_leaves_it_out(client, june):
    assert listed(client, date_to="2025-05-31") == set()
    assert listed(client, date_from="2025-07-01") == set()


def test_a_range_inside_the_year_keeps_the_years_statement(client, of_2025, june):
    assert listed(client, date_from="2025-07-10", date_to="2025-12-31") == {of_2025.text}
    assert listed(client, date_from="2026-01-01") == set()
    assert listed(client, date_to="2024-12-31") == set()


def test_a_single_day_keeps_the_month_but_the_card_claims_no_day(client, june, first_of_june):
    response = client.get("/quotes/", {"date_from": "2025-06-01", "date_to": "2025-06-01"})
    assert {s.text for s in response.context["page"]} == {june.text, first_of_june.text}
    html = response.content.decode()
    assert ">June 2025</time>" in html
    assert ">1 June 2025</time>" in html  # the statement of the day, and only it


def test_a_day_outside_the_range_is_left_out(client, first_of_june):
    assert listed(client, date_from="2025-06-02") == set()


def test_a_month_or_year_statement_is_kept_under_its_first_day():
    in_month = StatementFactory(date_said=datetime.date(2025, 6, 17), date_precision=MONTH)
    in_year = StatementFactory(date_said=datetime.date(2025, 9, 17), date_precision=YEAR)
    on_day = StatementFactory(date_said=datetime.date(2025, 9, 17))
    assert Statement.objects.get(pk=in_month.pk).date_said == datetime.date(2025, 6, 1)
    assert Statement.objects.get(pk=in_year.pk).date_said == datetime.date(2025, 1, 1)
    assert Statement.objects.get(pk=on_day.pk).date_said == datetime.date(2025, 9, 17)


def test_the_migration_moves_recorded_dates_to_their_period_start():
    in_month = StatementFactory(date_precision=MONTH)
    in_year = StatementFactory(date_precision=YEAR)
    # As recorded before the rule: any day of the period.
    Statement.objects.filter(pk=in_month.pk).update(date_said=datetime.date(2025, 6, 17))
    Statement.objects.filter(pk=in_year.pk).update(date_said=datetime.date(2024, 9, 3))
    migration = importlib.import_module("quotes.migrations.0020_statement_dates_by_period")
    editor = types.SimpleNamespace(connection=types.SimpleNamespace(alias="default"))
    migration.dates_to_period_starts(apps, editor)
    assert Statement.objects.get(pk=in_month.pk).date_said == datetime.date(2025, 6, 1)
    assert Statement.objects.get(pk=in_year.pk).date_said == datetime.date(2024, 1, 1)


def test_the_migration_leaves_a_duplicate_where_it_is():
    kept = StatementFactory(
        text="Twice.", date_said=datetime.date(2025, 6, 1), date_precision=MONTH
    )
    twin = StatementFactory(
        text="Twice.",
        speaker=kept.speaker,
        date_said=datetime.date(2025, 5, 1),
        date_precision=MONTH,
    )
    Statement.objects.filter(pk=twin.pk).update(date_said=datetime.date(2025, 6, 9))
    migration = importlib.import_module("quotes.migrations.0020_statement_dates_by_period")
    editor = types.SimpleNamespace(connection=types.SimpleNamespace(alias="default"))
    migration.dates_to_period_starts(apps, editor)
    assert Statement.objects.get(pk=twin.pk).date_said == datetime.date(2025, 6, 9)


def test_a_range_adds_the_periods_only_where_such_statements_exist(client, first_of_june):
    """The alternative costs an index-only walk (see `said_from`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/quotes/", {"date_from": "2025-06-02"})
    dated = [q["sql"] for q in captured.captured_queries if '"date_said" >=' in q["sql"]]
    assert dated and not any('"date_precision" =' in sql for sql in dated)


def test_a_range_with_a_period_is_bounded_below_by_the_periods_first_day(of_2025, june):
    """Without the bound the date index is walked from the first statement ever: oldest
    first, one day's list read 787,584 rows at a million statements."""
    from quotes.public.filters import said_from

    condition = said_from(datetime.date(2025, 6, 10))
    assert condition.connector == "AND"
    assert ("date_said__gte", datetime.date(2025, 1, 1)) in condition.children
    # The bound changes nothing of what is listed.
    published = Statement.objects.published()
    assert set(published.filter(condition)) == {of_2025, june}
    # With no statement known only to the month or the year, the plain comparison stays.
    assert said_from(datetime.date(2027, 6, 10)).children == [
        ("date_said__gte", datetime.date(2027, 6, 10))
    ]


@pytest.mark.parametrize("sort, bounded", [("newest", False), ("oldest", True)])
def test_a_range_with_both_ends_is_bounded_below_only_when_walked_up(
    client, of_2025, june, sort, bounded
):
    """Newest first, the date index is walked down from "said on or before": the period's
    lower bound only made PostgreSQL gather a year's entries for a rare one-day list
    (155,878 read at a million statements). Oldest first, the walk starts there."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    StatementFactory(text="Said on the day.", date_said=datetime.date(2025, 6, 10))
    query = {"date_from": "2025-06-10", "date_to": "2025-06-10", "sort": sort}
    with CaptureQueriesContext(connection) as captured:
        shown = listed(client, **query)
    assert shown == {of_2025.text, "Said on the day.", june.text}
    periods = [q["sql"] for q in captured.captured_queries if '"date_precision" =' in q["sql"]]
    assert periods
    # The bound: "said on or after" the first day of the year, beside the day itself.
    year_bound = re.compile(r'"date_said" >= \'?2025-01-01')
    assert any(year_bound.search(sql) for sql in periods) is bounded
