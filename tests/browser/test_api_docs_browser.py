"""The API's documentation page in a real browser: Swagger UI from the site's own static files
lists every operation and runs one, with no refusal from the Content-Security-Policy (the
`console_complaints` fixture fails the test on any)."""

import re

import pytest

from tests.factories import StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_lists_every_operation_and_tries_one(
    live_server, browser_page, artifacts
):
    statement = StatementFactory(text="Documented words, fetched from the page.")
    page = browser_page
    requests_elsewhere = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url)
            else requests_elsewhere.append(request.url)
        ),
    )

    page.goto(live_server.url + "/api/docs/")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = set(operations.all_inner_texts())
    assert {
        "/api/v1/statements/",
        "/api/v1/statements/{id}/",
        "/api/v1/leaders/",
        "/api/v1/leaders/{slug}/",
        "/api/v1/sources/",
        "/api/v1/sources/{id}/",
        "/api/v1/topics/",
        "/api/v1/topics/{slug}/",
    } <= {path.replace("\u200b", "") for path in paths}

    page.locator("#operations-statements-statements_retrieve").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("id").fill(str(statement.pk))
    page.get_by_role("button", name="Execute").click()
    response = page.locator(".live-responses-table tbody .response-col_status").first
    response.wait_for()
    assert response.inner_text().strip() == "200"
    assert (
        "Documented words, fetched from the page."
        in page.locator(".live-responses-table .microlight").first.inner_text()
    )
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)

    assert not requests_elsewhere, requests_elsewhere
    assert re.search(r"Verbatim API", page.title())
