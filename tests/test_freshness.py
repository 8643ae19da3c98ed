"""Conditional GETs and the shared page cache follow the record's changes."""

import pytest
from django.urls import reverse

from quotes.freshness import current_version, record_changed
from quotes.models import Statement
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
    statement.citations.get().delete()
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


def test_publishing_shows_at_once_on_cached_pages(client, statement, page_cache, editor_client):
    draft = StatementFactory(text="A fresh draft.", status=Statement.Status.DRAFT)
    CitationFactory(statement=draft)
    assert "A fresh draft." not in client.get("/quotes/").content.decode()
    editor_client.post(
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
