"""Conditional GETs and the shared page cache follow the record's changes."""

import pytest
from django.conf import settings
from django.urls import reverse

from quotes.models import Statement
from quotes.record.versions import current_version, record_changed
from tests.factories import CitationFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/quotes/", "/leaders/", "/feeds/latest.rss"]


@pytest.fixture
def statement():
    return CitationFactory(statement__text="We will have to retaliate.").statement


def test_every_change_to_the_record_moves_its_version_on(statement):
    seen = [current_version().version]

    def changed():
        version = current_version().version
        assert version > seen[-1]
        seen.append(version)

    statement.context = "New context."
    statement.save()
    changed()
    statement.topics.add(TopicFactory())
    changed()
    statement.speaker.name = "Renamed"
    statement.speaker.save()
    changed()
    CitationFactory(statement=statement)
    changed()
    statement.citations.first().delete()
    changed()
    Statement.objects.filter(pk=statement.pk).update(context="bulk")
    record_changed()
    changed()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_page_the_reader_already_has_answers_304(client, statement, path):
    first = client.get(path)
    assert first.status_code == 200
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_change_to_the_record_makes_the_old_etag_stale(client, statement):
    etag = client.get(statement.get_absolute_url())["ETag"]
    statement.context = "Corrected."
    statement.save()
    response = client.get(statement.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Corrected." in response.content.decode()


def test_a_cached_page_is_served_without_rendering_again(
    client, statement, page_cache, django_assert_max_num_queries
):
    client.get("/quotes/")
    with django_assert_max_num_queries(1):  # the record's version, nothing else
        response = client.get("/quotes/")
    assert response.status_code == 200
    assert "We will have to retaliate." in response.content.decode()


def test_publishing_shows_at_once_on_cached_pages(client, statement, page_cache, reviewer_client):
    draft = StatementFactory(text="A fresh draft.", status=Statement.Status.DRAFT)
    CitationFactory(statement=draft)
    assert "A fresh draft." not in client.get("/quotes/").content.decode()
    reviewer_client.post(
        reverse("admin:quotes_statement_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert "A fresh draft." in client.get("/quotes/").content.decode()


def test_different_filters_are_cached_apart(client, statement, page_cache):
    StatementFactory(text="Another leader speaking.")
    everything = client.get("/quotes/").content.decode()
    filtered = client.get("/quotes/", {"speaker": statement.speaker.slug}).content.decode()
    assert "Another leader speaking." in everything
    assert "Another leader speaking." not in filtered


def topic_list_queries(captured):
    # The topic choices: topics with a published statement (EXISTS), read through a server-side
    # cursor on PostgreSQL.
    return [
        q["sql"] for q in captured if 'FROM "quotes_topic"' in q["sql"] and "EXISTS" in q["sql"]
    ]


def test_the_filter_form_is_rendered_once_for_every_page_of_a_list(client, page_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statements = StatementFactory.create_batch(3)
    statements[0].topics.add(TopicFactory(name="Trade", slug="trade"))
    with CaptureQueriesContext(connection) as first:
        html = client.get("/quotes/").content.decode()
    assert topic_list_queries(first.captured_queries)
    with CaptureQueriesContext(connection) as second:
        later = client.get("/quotes/", {"last": "1"}).content.decode()
    assert not topic_list_queries(second.captured_queries)
    for page in (html, later):
        assert '<option value="trade">Trade</option>' in page

    # A change to the record: a new form.
    statements[1].topics.add(TopicFactory(name="Energy", slug="energy"))
    assert '<option value="energy">Energy</option>' in client.get("/quotes/").content.decode()


def test_the_cached_filter_form_keeps_each_readers_values(client, page_cache):
    StatementFactory()
    direct = client.get("/quotes/", {"kind": "direct"}).content.decode()
    paraphrase = client.get("/quotes/", {"kind": "paraphrase"}).content.decode()
    assert '<option value="direct" selected>' in direct
    assert '<option value="paraphrase" selected>' in paraphrase
    assert '<option value="direct" selected>' not in paraphrase


def test_a_filter_form_with_errors_is_never_served_from_the_cache(client, page_cache):
    StatementFactory()
    client.get("/quotes/")
    html = client.get("/quotes/", {"date_from": "2025-13-45"}).content.decode()
    assert "Not a date: write it as YYYY-MM-DD" in html


def page_entries(cache):
    return [key for key in cache._cache if ":page:" in key]


@pytest.mark.parametrize("path", ["/", "/quotes/", "/leaders/", "/feeds/latest.atom"])
def test_made_up_parameters_add_no_cache_entries(client, statement, page_cache, path):
    for number in range(40):
        assert client.get(path, {f"utm_{number}": "x" * 200}).status_code == 200
    assert len(page_entries(page_cache)) == 1


def test_made_up_parameters_never_reach_the_page(client, statement, page_cache):
    html = client.get("/quotes/", {"kind": "direct", "evil": "<junk>"}).content.decode()
    assert "evil" not in html and "junk" not in html
    assert f'rel="canonical" href="{settings.SITE_URL}/quotes/?kind=direct"' in html


def test_blank_fields_lead_to_the_clean_address(client, statement, page_cache):
    """A filter form sent without its script: its blank fields are left out of the address the
    reader is sent to, the one to bookmark and share."""
    speaker = statement.speaker.slug
    first = client.get(f"/quotes/?q=&speaker={speaker}&speaker=&kind=direct&sort=")
    assert first.status_code == 302
    assert first["Location"] == f"/quotes/?speaker={speaker}&kind=direct"
    assert not page_entries(page_cache)


def test_parameter_order_shares_one_entry(client, statement, page_cache):
    speaker = statement.speaker.slug
    first = client.get(f"/quotes/?speaker={speaker}&kind=direct")
    second = client.get(f"/quotes/?kind=direct&speaker={speaker}")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(page_entries(page_cache)) == 1


def test_a_known_parameter_still_makes_its_own_page(client, statement, page_cache):
    client.get("/quotes/", {"kind": "direct"})
    client.get("/quotes/", {"kind": "paraphrase"})
    assert len(page_entries(page_cache)) == 2


def test_the_page_cache_can_be_turned_off_for_measurements(client, statement, page_cache, settings):
    settings.VERBATIM_PAGE_CACHE = False
    client.get("/quotes/")
    assert page_entries(page_cache) == []
