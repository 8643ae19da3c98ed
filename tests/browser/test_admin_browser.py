"""The editors' admin in a real browser with the site's Content-Security-Policy on.

The conftest fails any test whose pages the browser partly refused (an inline script or style);
these visit the admin's busiest pages, where the admin's own scripts run.
"""

import re

import pytest
from django.db import transaction

from quotes.models import Statement
from tests.browser.test_import_review_browser import PASSWORD, make_editor, sign_in
from tests.factories import CitationFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(transactional_db):
    with transaction.atomic():  # the statement and its citation: one commit
        statement = StatementFactory(status=Statement.Status.DRAFT, cited=False)
        CitationFactory(statement=statement)
    return statement


def test_the_statement_form_its_widgets_and_its_history_run_under_the_policy(
    live_server, browser_page, draft
):
    page = browser_page
    sign_in(page, live_server, make_editor())
    page.goto(live_server.url + f"/admin/quotes/statement/{draft.pk}/change/")
    page.get_by_role("heading", name=re.compile("Change statement")).wait_for()
    # The admin's calendar and clock, drawn by its scripts.
    page.locator("#calendarlink0").click()
    page.locator(".calendarbox").first.wait_for()
    page.keyboard.press("Escape")
    # The speaker's autocomplete (select2, with its JSON lookup).
    page.locator("#id_speaker + .select2 .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(draft.speaker.name[:6])
    page.locator(".select2-results__option", has_text=draft.speaker.name).first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#id_context").fill("Said at a press conference.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(rf"/statement/{draft.pk}/change/$"))
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.get_by_role("link", name="History").first.click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert page.locator("#change-history, table").count() >= 1

    page.goto(live_server.url + "/admin/quotes/statement/add/")
    page.get_by_role("heading", name=re.compile("Add statement")).wait_for()
    page.goto(live_server.url + "/admin/quotes/statement/")
    page.get_by_role("heading", name=re.compile("Select statement to change")).wait_for()


def test_a_refused_inline_style_is_caught(live_server, browser_page, console_complaints):
    """The check the other tests lean on: a style attribute slipped into a page is reported."""
    page = browser_page
    page.goto(live_server.url + "/how-we-work/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">injected</p>')"
    )
    page.wait_for_timeout(200)
    assert any("style-src" in text for text in console_complaints.complaints())
    console_complaints.messages.clear()


def test_a_locked_out_sign_in_shows_its_page_under_the_policy(live_server, browser_page):
    page = browser_page
    editor = make_editor()
    page.goto(live_server.url + "/admin/login/")
    for _ in range(5):
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if page.get_by_role("heading", name="Too many failed sign-ins").count():
            break
    heading = page.get_by_role("heading", name="Too many failed sign-ins")
    assert heading.is_visible()
    assert "ask an administrator to unlock your account" in page.content()
    page.get_by_role("link", name="Back to the sign-in page").click()
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Too many failed sign-ins").wait_for()
