"""The filters in a real browser: folded behind a button on a phone, always shown on a wide
screen, and sending clean addresses with or without JavaScript."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_filters_wait_behind_a_button(
    live_server, phone_page, demo_like_record, artifacts
):
    page = phone_page
    page.goto(live_server.url + "/quotes/")
    form = page.locator("form.filters")
    assert not form.is_visible()
    # The first statement is on the first screen.
    assert page.locator(".statement-card").first.bounding_box()["y"] < 740
    page.get_by_text("Filter", exact=True).click()
    assert form.is_visible()
    page.screenshot(path=str(artifacts / "filters-phone-open.png"), full_page=True)


def test_on_a_phone_chosen_filters_stay_open_and_are_shown_as_chips(
    live_server, phone_page, demo_like_record
):
    page = phone_page
    page.goto(live_server.url + "/quotes/?speaker=vladimir-putin")
    assert page.locator("form.filters").is_visible()
    assert "Vladimir Putin" in page.locator(".chips").inner_text()


def test_on_a_phone_the_leaders_table_does_not_scroll_sideways(
    live_server, phone_page, demo_like_record, artifacts
):
    page = phone_page
    page.goto(live_server.url + "/leaders/")
    overflow = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".map(box => box.scrollWidth - box.clientWidth)"
    )
    assert overflow and max(overflow) <= 0, overflow
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "leaders-phone.png"), full_page=True)


def test_on_a_wide_screen_the_filters_are_always_shown(live_server, browser_page, demo_like_record):
    page = browser_page
    page.goto(live_server.url + "/quotes/")
    assert page.locator("form.filters").is_visible()
    assert not page.locator(".filters-toggle").is_visible()


def test_the_form_sends_only_what_was_chosen(live_server, browser_page, demo_like_record):
    page = browser_page
    page.goto(live_server.url + "/quotes/")
    page.get_by_label("Speaker", exact=True).fill("vladimir-putin")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"speaker=vladimir-putin"))
    assert page.url == live_server.url + "/quotes/?speaker=vladimir-putin"


def test_without_javascript_the_server_cleans_the_address(
    live_server, page_without_script, demo_like_record
):
    page = page_without_script
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/quotes/")
    page.get_by_label("Speaker", exact=True).fill("vladimir-putin")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"speaker=vladimir-putin"))
    assert page.url == live_server.url + "/quotes/?speaker=vladimir-putin"
    speakers = page.locator(".statement-card .speaker").all_inner_texts()
    assert speakers and set(speakers) == {"Vladimir Putin"}


@pytest.mark.parametrize("path", ["/", "/sources/", "/topics/", "/on/2025/06/", "/events/"])
def test_on_a_small_phone_no_page_scrolls_sideways(live_server, chromium, demo_like_record, path):
    # The narrowest phones in use: the site's menu wraps rather than pushing the page wider.
    context = chromium.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    nav = page.locator(".site-nav").bounding_box()
    assert nav["x"] + nav["width"] <= 320
    context.close()
