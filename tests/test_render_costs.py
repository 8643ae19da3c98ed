"""What the public pages stopped working out on every request, written as they were before.

The frame's fixed links and the records' addresses are remembered (quotes/record/addresses.py),
dates are written without Django's translated formats, a statement's slug without a lazy
Truncator, and a filter form keeps its filters' own fields (`OneFormPerFilterSet`).
"""

import datetime
from unittest import mock

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import Client
from django.urls import URLResolver, reverse, set_script_prefix
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator, slugify

from quotes.models import date_as_known, statement_slug
from quotes.public.filters import LeaderFilter, StatementFilter
from quotes.record.addresses import address
from tests.factories import LeaderFactory, SourceFactory, StatementFactory, TopicFactory

FIXED_NAMES = [
    "quotes:home",
    "quotes:statement_list",
    "quotes:leader_list",
    "quotes:event_list",
    "quotes:topic_list",
    "quotes:source_list",
    "quotes:on_latest",
    "quotes:how_we_work",
    "quotes:corrections",
    "quotes:feed_rss",
    "quotes:feed_atom",
    "quotes:open_data",
    "alerts:follow",
]


def test_fixed_url_writes_what_the_url_tag_writes():
    for name in FIXED_NAMES:
        written = Template(f"{{% load verbatim %}}{{% fixed_url '{name}' %}}").render(Context())
        expected = Template(f"{{% url '{name}' %}}").render(Context())
        assert written == expected, name


def test_fixed_url_with_arguments_writes_what_the_url_tag_writes():
    context = Context({"slug": "ukraine-war", "pk": 12})
    for tag in (
        "quotes:topic_detail slug",
        "quotes:leader_feed_atom slug",
        "quotes:statement_embed pk",
    ):
        name, argument = tag.split()
        written = Template(f"{{% load verbatim %}}{{% fixed_url '{name}' {argument} %}}")
        expected = Template(f"{{% url '{name}' {argument} %}}")
        assert written.render(context) == expected.render(context), tag


STATIC_FILES = ["quotes/site.css", "quotes/favicon.svg", "quotes/chooser.js", "quotes/filters.js"]


def test_fixed_static_writes_what_the_static_tag_writes(settings):
    for path in STATIC_FILES:
        written = Template(f"{{% load verbatim %}}{{% fixed_static '{path}' %}}").render(Context())
        expected = Template(f"{{% load static %}}{{% static '{path}' %}}").render(Context())
        assert written == expected, path
    # Remembered, and forgotten when the static files move.
    settings.STATIC_URL = "https://static.example.org/files/"
    moved = Template("{% load verbatim %}{% fixed_static 'quotes/site.css' %}").render(Context())
    assert moved.startswith("https://static.example.org/files/quotes/site")


def test_an_address_follows_the_script_prefix_the_site_is_mounted_under():
    try:
        set_script_prefix("/verbatim/")
        assert address("quotes:topic_detail", "trade") == "/verbatim/topics/trade/"
        assert reverse("quotes:topic_detail", args=["trade"]) == "/verbatim/topics/trade/"
    finally:
        set_script_prefix("/")
    assert address("quotes:topic_detail", "trade") == "/topics/trade/"


@pytest.mark.django_db
def test_records_addresses_are_what_reverse_gives():
    statement = StatementFactory()
    topic, source = TopicFactory(), SourceFactory()
    assert statement.get_absolute_url() == reverse(
        "quotes:statement_detail", args=[statement.pk, statement.slug]
    )
    assert statement.speaker.get_absolute_url() == reverse(
        "quotes:leader_detail", args=[statement.speaker.slug]
    )
    assert topic.get_absolute_url() == reverse("quotes:topic_detail", args=[topic.slug])
    assert source.get_absolute_url() == reverse("quotes:source_detail", args=[source.pk])


@pytest.mark.django_db
def test_the_frame_of_a_page_is_not_reversed_again_on_the_next_request():
    LeaderFactory()
    client = Client()
    assert client.get("/leaders/").status_code == 200
    every_reverse = URLResolver._reverse_with_prefix
    with mock.patch.object(
        URLResolver, "_reverse_with_prefix", autospec=True, side_effect=every_reverse
    ) as reversed_now:
        page = client.get("/leaders/?q=nobody-at-all")
    assert page.status_code == 200
    assert f'href="{reverse("quotes:how_we_work")}"' in page.text
    assert reversed_now.call_count == 0


def test_dates_are_written_as_djangos_formats_write_them():
    days = [datetime.date(2025, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    days += [datetime.date(987, 3, 4), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)]
    for day in days:
        assert date_as_known(day, "day") == date_format(day, "j F Y")
        assert date_as_known(day, "month") == date_format(day, "F Y")
        assert date_as_known(day, "year") == str(day.year)


def test_a_statements_slug_is_what_truncator_gave():
    texts = [
        "We will not retreat.",
        "  One  two\tthree\nfour five six seven eight nine ten  ",
        "Мы не отступим ни на шаг, сказал он",
        "",
        "a b c d e f g h",
    ]
    for text in texts:
        before = slugify(f"Ana Pérez {Truncator(text).words(8, truncate='')}")[:80].strip("-")
        assert statement_slug("Ana Pérez", text) == (before or "statement"), text


@pytest.mark.django_db
def test_a_filter_form_keeps_its_filters_fields_and_shares_them_with_no_other_form():
    first = StatementFilter({"kind": "nonsense"})
    second = StatementFilter({})
    assert not first.is_valid()
    assert first.form.fields["kind"] is first.filters["kind"].field
    assert first.form.fields["kind"] is not second.form.fields["kind"]
    # The site's own messages are set on this form's field, not on another filterset's.
    assert "is not a kind of statement" in first.errors["kind"][0]
    assert second.form.fields["kind"].error_messages is not first.form.fields["kind"].error_messages
    assert LeaderFilter({}).form.fields["country"] is not LeaderFilter({}).form.fields["country"]


@pytest.mark.django_db
def test_each_filterset_has_its_own_filters_without_deep_copies_of_their_options():
    first, second = StatementFilter({"kind": "direct"}), StatementFilter({})
    for name, base in StatementFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not base and mine is not theirs
        assert mine.parent is first and theirs.parent is second
        # What a filterset may change is its own: the options its field is made from …
        assert mine.extra == base.extra and mine.extra is not theirs.extra
    # … while what it only reads is shared, not copied (django-filter deep-copied it all).
    assert first.filters["kind"].extra["choices"] is second.filters["kind"].extra["choices"]
    # A topic chosen on one page is not the queryset or field of another's.
    chosen_here = object()
    first.filters["topic"].extra["queryset"] = chosen_here
    assert second.filters["topic"].extra.get("queryset") is not chosen_here
    assert StatementFilter.base_filters["topic"].extra.get("queryset") is not chosen_here
    assert first.form.fields["topic"] is not second.form.fields["topic"]
    # A filter by a method of the filterset calls the method of its own filterset.
    assert first.filters["q"].filter.f is first.filters["q"]
    assert first.filters["q"].filter.method.__self__ is first


@pytest.mark.django_db
def test_a_field_made_on_a_class_filter_is_not_shared_by_filtersets():
    base = StatementFilter.base_filters["speaker"]
    base.field  # noqa: B018 (made and kept on the class's own filter)
    try:
        first, second = StatementFilter({"speaker": "nobody"}), StatementFilter({})
        assert first.filters["speaker"].field is not base.field
        assert first.filters["speaker"].field is not second.filters["speaker"].field
        assert not first.is_valid() and second.is_valid()
    finally:
        del base._field


@pytest.mark.django_db
def test_a_filtersets_chips_are_worked_out_once():
    filterset = StatementFilter(QueryDict("kind=direct&date_from=2025-06-04"))
    chips = filterset.active_filters()
    assert sorted(chip["value"] for chip in chips) == ["4 June 2025", "Direct quote"]
    with mock.patch.object(StatementFilter, "_chip", side_effect=AssertionError("again")):
        assert filterset.active_filters() is chips


@pytest.mark.django_db
def test_a_search_reads_its_few_matches_by_one_array_of_ids(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the ids of a search's matches are read on PostgreSQL")
    for day in range(1, 6):
        StatementFactory(text=f"Rapprochement, day {day}.", date_said=datetime.date(2025, 6, day))
    StatementFactory(text="Nothing of the kind.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/quotes/", {"q": "rapprochement"})
    assert len(response.context["page"].object_list) == 5
    sql = [q["sql"] for q in queries.captured_queries]
    # The matches ranked by one array parameter for all their ids, not one placeholder each;
    # the page's rows then read by their own few ids.
    ranking = [query for query in sql if "ts_rank" in query and "ORDER BY" in query]
    assert ranking and all('"id" = ANY(ARRAY[' in query for query in ranking)
    (rows,) = [query for query in sql if "ts_headline" in query]
    assert "ANY(" not in rows
