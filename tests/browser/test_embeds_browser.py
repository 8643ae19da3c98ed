"""A statement's card in another site's frame, in a real browser, and the page that may not be
framed. The other site is a server of its own on the loopback, another origin than the site's
(a page on a public address could not frame a loopback one: Chromium's local network checks)."""

import datetime
import json
import re
from contextlib import contextmanager

import pytest
from django.db import transaction

from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
)
from tests.local_site import LocalSite
from tests.local_site import page as answer_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statement(transactional_db):
    leader = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(
        leader=leader, title="President of Russia", start_date=datetime.date(2012, 5, 7)
    )
    with transaction.atomic():  # the statement and its citation: one commit
        statement = StatementFactory(
            speaker=leader,
            text="We will respond to the attack on our airfields.",
            date_said=datetime.date(2025, 6, 4),
            cited=False,
        )
        CitationFactory(statement=statement, source=SourceFactory(publisher="Reuters"))
    return statement


@contextmanager
def publisher_page(body: str):
    """The address of another site's article whose body is `body`."""
    html = f"<!doctype html><html><head><title>An article</title></head><body>{body}</body></html>"
    with LocalSite({"/article.html": answer_with(html.encode())}) as site:
        yield f"http://127.0.0.1:{site.port}/article.html"


def test_another_site_shows_the_card_in_its_frame(live_server, browser_page, statement):
    page = browser_page
    embed = f"{live_server.url}/quotes/{statement.pk}/embed/"
    frame = f'<h1>An article</h1><iframe src="{embed}" width="550" height="220"></iframe>'
    with publisher_page(frame) as article:
        page.goto(article)
        card = page.frame_locator("iframe")
        words = card.locator("blockquote")
        words.wait_for()
        assert words.inner_text() == "We will respond to the attack on our airfields."
        assert card.locator(".embed-office").inner_text() == "President of Russia"
        link = card.get_by_role("link", name="The statement and its sources")
        assert link.get_attribute("target") == "_blank"
        # Its own stylesheet applies inside the frame: the card's border, not a default one.
        border = card.locator(".embed-card").evaluate("it => getComputedStyle(it).borderLeftWidth")
        assert border == "5px"

        # A reader's click opens the statement's page in a new tab, not inside the frame.
        with page.context.expect_page() as opened:
            link.click()
        new_tab = opened.value
        new_tab.wait_for_load_state()
        assert re.search(rf"/quotes/{statement.pk}-vladimir-putin-", new_tab.url)
        assert page.url == article


def test_the_statement_page_itself_refuses_to_be_framed(
    live_server, browser_page, statement, console_complaints
):
    page = browser_page
    address = f"{live_server.url}{statement.get_absolute_url()}"
    with publisher_page(f'<iframe src="{address}" width="800" height="600"></iframe>') as article:
        page.goto(article)
        page.wait_for_timeout(500)  # the frame's refusal is reported after the load

    framed = [frame for frame in page.frames if frame != page.main_frame]
    assert framed, "the frame was not even attempted"
    assert all("We will respond" not in frame.content() for frame in framed)
    refusals = [text for text in console_complaints.messages if "frame-ancestors" in text]
    assert refusals, console_complaints.messages
    # The refusal is what this test expects; any other complaint still fails it.
    console_complaints.messages[:] = [
        text for text in console_complaints.messages if text not in refusals
    ]


def test_the_copy_button_copies_the_snippet(live_server, browser_page, statement):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + statement.get_absolute_url())
    # The structured data reaches the browser whole, and the policy refuses nothing on the
    # page (a refusal on the console would fail the test).
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert [json.loads(block)["@type"] for block in blocks] == ["Quotation", "BreadcrumbList"]

    button = page.get_by_role("button", name="Copy")
    button.click()
    page.get_by_role("status").filter(has_text="Copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#embed-code").input_value()
    assert copied.startswith("<iframe src=")


def test_without_script_the_snippet_is_there_to_select(live_server, page_without_script, statement):
    page = page_without_script
    page.goto(live_server.url + statement.get_absolute_url())
    assert page.locator("#embed-code").input_value().startswith("<iframe src=")
    assert not page.locator(".copy-button").is_visible()  # it would do nothing
