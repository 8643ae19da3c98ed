"""The 404 and 500 pages: in the site's style, and the 500 page with no database at all."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_an_unknown_address_shows_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page is not in the record" in html
    assert "/static/quotes/site.css" in html
    assert 'action="/quotes/"' in html  # a way on: search the statements


# No django_db mark: any query in these two tests would fail them.
def test_the_500_page_renders_without_request_context_processors_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "/static/quotes/site.css" in html
    assert 'href="/"' in html


def test_the_500_handler_uses_the_sites_page():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_a_failing_page_answers_with_the_500_page(client, monkeypatch):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("quotes.public.views.listed_statements", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    # A bug, not an outage: no 503, nothing to retry (tests/test_database_unavailable.py).
    assert "Retry-After" not in response
