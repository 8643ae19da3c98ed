"""A reader's path through the public site, in a real browser, with no JavaScript of ours."""

import datetime
import os
import re

import pytest
from django.db import transaction

from quotes.models import Statement
from tests.factories import CitationFactory, SourceFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_filters_by_leader_and_dates_then_follows_a_permalink(
    live_server, browser_page, demo_like_record, artifacts
):
    page = browser_page
    putin = demo_like_record["leaders"]["Vladimir Putin"]
    # An older statement by the same leader, which the date range must leave out.
    with transaction.atomic():  # the statement and its citation: one commit
        earlier = StatementFactory(
            speaker=putin,
            text="An earlier statement kept for the date filter.",
            date_said=datetime.date(2024, 12, 19),
            status=Statement.Status.PUBLISHED,
            cited=False,
        )
        CitationFactory(statement=earlier, source=SourceFactory(publisher="Test Wire"))

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "What world leaders said, word for word."
    assert page.locator(".latest .statement-card").count() == 8

    page.get_by_role("link", name="Statements", exact=True).click()
    page.wait_for_url(re.compile(r"/quotes/$"))
    assert page.locator(".results-count").inner_text().startswith("8 statements")

    page.get_by_label("Speaker", exact=True).fill("vladimir-putin")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"speaker=vladimir-putin"))
    assert page.locator(".statement-card").count() == 3
    assert set(page.locator(".statement-card .speaker").all_inner_texts()) == {"Vladimir Putin"}

    page.get_by_label("Said on or after").fill("2025-06-01")
    page.get_by_label("Said on or before").fill("2025-06-30")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"date_to=2025-06-30"))
    assert "speaker=vladimir-putin" in page.url
    assert page.locator(".statement-card").count() == 2
    assert "An earlier statement" not in page.content()
    assert page.locator(".chips").inner_text().count("×") == 3
    page.screenshot(path=str(artifacts / "statement-list.png"), full_page=True)

    first = page.locator(".statement-card").first
    first.get_by_role("link", name=re.compile("Statement details and sources")).click()
    page.wait_for_url(re.compile(r"/quotes/\d+-vladimir-putin-"))
    assert page.locator(".office-on-date").inner_text() == "President of Russia"
    source = demo_like_record["source"]
    read = page.get_by_role("link", name=re.compile("Read the article"))
    assert read.get_attribute("href") == source.url
    assert page.locator("figure.quotation blockquote").first.is_visible()
    assert (
        page.locator("meta[property='og:title']")
        .get_attribute("content")
        .startswith("Vladimir Putin: “")
    )
    page.screenshot(path=str(artifacts / "statement-page.png"), full_page=True)

    page.get_by_role("link", name="Every statement cited from it").click()
    page.wait_for_url(re.compile(rf"/sources/{source.pk}/$"))
    assert page.locator(".statement-card").count() == 7


def test_the_skip_link_appears_on_keyboard_focus_and_leads_to_the_content(
    live_server, browser_page, demo_like_record
):
    page = browser_page
    page.goto(live_server.url + "/quotes/")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.bounding_box()["y"] < 0  # out of sight until needed
    page.keyboard.press("Tab")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    # The jump to the fragment lands a moment after the key press: wait for it, don't race it.
    page.wait_for_url("**/quotes/#main", timeout=5000)
    assert page.url.endswith("#main")


def test_the_pages_fit_a_phone_screen(live_server, chromium, demo_like_record, artifacts):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        statement = demo_like_record["statements"][0]
        for path in ["/", "/quotes/", statement.get_absolute_url(), "/leaders/"]:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (path, width)
        page.screenshot(path=str(artifacts / "statement-page-phone.png"), full_page=True)
    finally:
        context.close()


def test_screenshots_for_the_documentation(live_server, browser_page, demo_like_record, artifacts):
    """Writes the tour's screenshots; with DOCS_SCREENSHOTS=1 also into docs/screenshots/."""
    page = browser_page
    page.set_viewport_size({"width": 1200, "height": 1000})
    targets = [artifacts]
    if os.environ.get("DOCS_SCREENSHOTS"):
        docs = artifacts.parent / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        targets.append(docs)
    putin = demo_like_record["leaders"]["Vladimir Putin"]
    statement = next(s for s in demo_like_record["statements"] if s.speaker == putin)
    shots = {
        "list.png": "/quotes/?topic=war-in-ukraine",
        "statement.png": statement.get_absolute_url(),
    }
    for name, path in shots.items():
        page.goto(live_server.url + path)
        for target in targets:
            page.screenshot(path=str(target / name))
            assert (target / name).stat().st_size < 300_000
