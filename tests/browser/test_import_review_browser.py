"""An editor reviews an article's quotations in a real browser and saves them as drafts."""

import os
import re

import pytest
from django.contrib.auth.models import Permission

from quotes.models import Statement
from tests.factories import LeaderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
ARTICLE = """Ukrainian President Volodymyr Zelenskyy warned on Wednesday that Russia was preparing \
a new wave of strikes on the country’s power grid before the winter.

“We will not let them,” Zelenskyy said in his nightly video address, “and our partners know \
exactly what is needed.”

French President Emmanuel Macron told Reuters in an interview: “Europe will stand with Ukraine \
for as long as it takes, and it will pay for the air defence it promised.”

Moscow dismissed the plan as a “so-called peace initiative” on Thursday.

According to the state news agency KCNA, North Korean leader Kim Jong Un said his country \
would “always stand by the Russian people in their just struggle”."""


def make_editor():
    """An editor with the Editors group's rights. The group itself, made by a migration, does
    not survive the flush between the browser tests' transactions; the permissions do."""
    editor = UserFactory(username="editor", is_staff=True, password=PASSWORD)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="quotes"))
    return editor


def sign_in(page, live_server, editor):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.fixture
def signed_in_editor(live_server, browser_page):
    editor = make_editor()
    sign_in(browser_page, live_server, editor)
    return editor


@pytest.fixture
def leaders(transactional_db):
    return [
        LeaderFactory(name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", country="UA"),
        LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country="FR"),
        LeaderFactory(name="Kim Jong Un", slug="kim-jong-un", country="KP"),
    ]


def open_review(page, live_server):
    page.goto(live_server.url + "/admin/quotes/statement/import/")
    page.get_by_label("URL").fill("https://wire.example.com/2025/06/04/winter-strikes")
    page.get_by_label("Title").fill("Zelenskyy warns of winter strikes")
    page.get_by_label("Outlet").fill("Example Wire")
    page.get_by_label("Publication date").fill("2025-06-04")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Find the quotations in the pasted text").click()
    page.wait_for_url(re.compile(r"/import/$"))
    page.get_by_role("heading", name=re.compile(r"^\d+ quotations? found$")).wait_for()


def include_box(page, number: int):
    return page.get_by_role("checkbox", name=f"Import quotation {number}", exact=True)


def test_an_editor_ticks_every_confident_quotation_and_saves_them_as_drafts(
    live_server, browser_page, signed_in_editor, leaders, artifacts
):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_review(page, live_server)
    rows = page.locator("tbody.import-candidate")
    assert rows.count() == 4
    assert page.locator(".import-article-text .import-quote-number").count() == 4

    # The editor unticks two quotations, then asks for every confident one.
    include_box(page, 1).uncheck()
    include_box(page, 4).uncheck()
    scare_quote = include_box(page, 3)
    assert not scare_quote.is_checked()
    page.get_by_role("button", name="Tick every confident quotation").click()
    assert include_box(page, 1).is_checked() and include_box(page, 4).is_checked()
    assert not scare_quote.is_checked()  # "so-called peace initiative" is nobody's words
    assert "2 more quotations ticked" in page.get_by_role("status").inner_text()
    save_screenshot(page, artifacts)

    # Every quotation is numbered in the article, and its number leads to its row and back.
    page.locator("#quote-2").click()
    page.wait_for_url(re.compile(r"#candidate-2$"))
    page.locator("#candidate-2 .import-number a").click()
    page.wait_for_url(re.compile(r"#quote-2$"))

    # The speaker is shown with the reason it was chosen; the rest is folded away.
    macron = page.locator("#candidate-2")
    assert "Emmanuel Macron named before the quotation" in macron.inner_text()
    assert not macron.get_by_label("Relayed by").is_visible()
    macron.locator("summary").click()
    assert macron.get_by_label("Relayed by").input_value() == "Reuters"
    assert macron.get_by_label("Channel:", exact=True).input_value() == "interview"
    assert "told Reuters in an interview" in macron.get_by_label("Context").input_value()

    # From the box, the next stop is "More"; where the keyboard is shows.
    include_box(page, 3).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("document.activeElement.closest('tbody').id") == "candidate-3"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    page.get_by_role("button", name="Save the ticked quotations as drafts").first.click()
    page.wait_for_url(re.compile(r"/admin/quotes/statement/\?id__in="))
    assert "3 draft statement(s) created" in page.locator(".messagelist").inner_text()
    drafts = Statement.objects.order_by("id")
    assert [statement.speaker.name for statement in drafts] == [
        "Volodymyr Zelenskyy",
        "Emmanuel Macron",
        "Kim Jong Un",
    ]
    assert {statement.status for statement in drafts} == {Statement.Status.DRAFT}
    macron_draft = drafts[1]
    assert (macron_draft.channel, macron_draft.relayed_by) == ("interview", "Reuters")
    assert macron_draft.context.startswith("French President Emmanuel Macron told Reuters")


def save_screenshot(page, artifacts):
    """The review as the editor sees it; with DOCS_SCREENSHOTS=1 also for docs/IMPORT.md."""
    targets = [artifacts]
    if os.environ.get("DOCS_SCREENSHOTS"):
        docs = artifacts.parent / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        targets.append(docs)
    page.locator(".import-review").evaluate("element => element.scrollIntoView()")
    for target in targets:
        page.screenshot(path=str(target / "import-review.png"))
        assert (target / "import-review.png").stat().st_size < 300_000


def test_without_javascript_the_server_ticks_the_confident_quotations(
    live_server, page_without_script, leaders
):
    page = page_without_script
    sign_in(page, live_server, make_editor())
    open_review(page, live_server)
    include_box(page, 1).uncheck()
    page.get_by_role("button", name="Tick every confident quotation").click()
    page.wait_for_url(re.compile(r"/import/review/$"))
    assert "1 more than before" in page.locator(".messagelist").inner_text()
    assert include_box(page, 1).is_checked()
    assert not include_box(page, 3).is_checked()
    page.get_by_role("button", name="Save the ticked quotations as drafts").first.click()
    page.wait_for_url(re.compile(r"/admin/quotes/statement/\?id__in="))
    assert Statement.objects.count() == 3
