"""The home page: the latest statements, the most quoted leaders of the month, a search box."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from quotes.models import Statement
from quotes.public.views import HOME_LATEST
from tests.factories import CitationFactory, LeaderFactory, OfficeHeldFactory, StatementFactory

pytestmark = pytest.mark.django_db

HOME = reverse("quotes:home")


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_it_shows_the_latest_published_statements_newest_first(client):
    statements = [
        StatementFactory(text=f"Said {n} days ago.", date_said=days_ago(n)) for n in range(12)
    ]
    StatementFactory(text="A draft.", date_said=days_ago(0), status=Statement.Status.DRAFT)
    response = client.get(HOME)
    assert list(response.context["latest"]) == statements[:HOME_LATEST]
    html = response.content.decode()
    assert "Said 0 days ago." in html and "Said 9 days ago." in html
    assert "Said 10 days ago." not in html
    assert "A draft." not in html


def test_it_ranks_the_most_quoted_leaders_of_the_last_30_days(client):
    busy = LeaderFactory(name="Busy Speaker")
    quiet = LeaderFactory(name="Quiet Speaker")
    past = LeaderFactory(name="Past Speaker")
    for n in range(3):
        StatementFactory(speaker=busy, date_said=days_ago(n))
    StatementFactory(speaker=quiet, date_said=days_ago(29))
    StatementFactory(speaker=quiet, date_said=days_ago(3), status=Statement.Status.DRAFT)
    StatementFactory.create_batch(5, speaker=past, date_said=days_ago(45))
    response = client.get(HOME)
    ranking = [(leader.name, leader.recent_count) for leader in response.context["most_quoted"]]
    assert ranking == [("Busy Speaker", 3), ("Quiet Speaker", 1)]
    html = response.content.decode()
    assert "Most quoted in the last 30 days" in html
    assert "3 statements" in html and "1 statement<" in html


def test_it_has_a_search_box_that_searches_the_statements_list(client, db):
    html = client.get(HOME).content.decode()
    assert 'action="/quotes/"' in html
    assert '<label for="home-search">' in html
    assert 'id="home-search" name="q"' in html


def test_with_nothing_published_it_says_so(client, db):
    html = client.get(HOME).content.decode()
    assert "No statements have been published yet." in html


def test_it_costs_the_same_few_queries_for_3_statements_as_for_30(
    client, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            speaker = LeaderFactory()
            OfficeHeldFactory(leader=speaker)
            CitationFactory(statement=StatementFactory(speaker=speaker, date_said=days_ago(1)))

    add(3)
    # Without a cache (as here) no card is cached: their statements are read whole, after the
    # list's ids and dates, in one more query (quotes/public/cards.py, `whole_rows`).
    with django_assert_max_num_queries(7) as few:
        client.get(HOME)
    add(27)
    with django_assert_max_num_queries(7) as many:
        client.get(HOME)
    assert len(many.captured_queries) == len(few.captured_queries)
