"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with `pytest -m browser`. They need /usr/bin/chromium (`apt-get install -y chromium`);
without it they are skipped, except on CI (the CI variable set), where they fail.
"""

import datetime
import json
import os
from pathlib import Path

import pytest
from django.db import transaction

from quotes.models import Statement
from quotes.ops.demo import locate_in_article
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DEMO_DATA = REPO / "quotes" / "ops" / "demo_data"


@pytest.fixture(scope="module")
def allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, so Django takes the
    tests' own (synchronous, safe) ORM calls for calls from async code. Allowed only while the
    browser runs: the variable must not leak into other tests, such as the deployment check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def chromium(allow_orm_beside_playwright):
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


# What the browser writes to the console when the Content-Security-Policy blocks a script, a
# style, a frame or a form.
HEADER_COMPLAINTS = ("Content Security Policy", "Refused to")


class ConsoleWatch:
    """Every console message of every page a test opens, to fail it on the headers' complaints."""

    def __init__(self):
        self.messages: list[str] = []

    def watch(self, context):
        context.on("console", lambda message: self.messages.append(message.text))
        return context

    def complaints(self) -> list[str]:
        return [text for text in self.messages if any(c in text for c in HEADER_COMPLAINTS)]


@pytest.fixture(autouse=True)
def console_complaints(request, monkeypatch):
    """Fails any browser test whose pages broke the site's own security policy (an inline
    script or style, say): with the policy on, that part of the page silently did not work."""
    if "chromium" not in request.fixturenames:
        yield None
        return
    browser = request.getfixturevalue("chromium")
    console = ConsoleWatch()
    new_context = browser.new_context
    monkeypatch.setattr(
        browser, "new_context", lambda **options: console.watch(new_context(**options))
    )
    yield console
    complaints = console.complaints()
    if complaints:
        pytest.fail("The browser refused part of a page:\n" + "\n".join(complaints))


def _page(chromium, **options):
    context = chromium.new_context(locale="en-GB", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def browser_page(chromium):
    context, page = _page(chromium, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def page_without_script(chromium):
    """A reader whose browser runs no JavaScript: every page must still work."""
    context, page = _page(chromium, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo_like_record(transactional_db):
    """The demo's sample article, its six leaders and seven statements, built with factories."""
    expected = json.loads((DEMO_DATA / "article-putin-retaliation.expected.json").read_text())
    editorial = json.loads((DEMO_DATA / "editorial.json").read_text())
    leaders = {}
    for entry in expected["leaders_named"]:
        leader = LeaderFactory(
            name=entry["name"],
            slug=entry["name"].lower().replace(" ", "-"),
            aliases=entry["aliases"],
            country=entry["country"],
            wikidata_id=entry["wikidata_id"] or "",
        )
        OfficeHeldFactory(
            leader=leader,
            title=entry["office"],
            country=entry["country"],
            start_date=datetime.date.fromisoformat(entry["office_start"]),
        )
        leaders[entry["name"]] = leader
    topics = {
        slug: TopicFactory(slug=slug, name=name) for slug, name in editorial["topics"].items()
    }
    source_fields = dict(editorial["source"])
    source_fields["published_on"] = datetime.date.fromisoformat(source_fields["published_on"])
    source = SourceFactory(**source_fields)
    article = (DEMO_DATA / expected["article"]).read_text()
    statements = []
    for quotation, extra in zip(expected["quotations"], editorial["statements"], strict=True):
        with transaction.atomic():  # the statement and its citation: one commit
            statement = StatementFactory(
                speaker=leaders[quotation["speaker"]],
                text=quotation["text"],
                kind=quotation["kind"],
                relayed_by=quotation["relayed_by"] or "",
                date_said=datetime.date.fromisoformat(extra["date_said"]),
                date_precision=extra["date_precision"],
                channel=extra["channel"],
                channel_detail=extra["channel_detail"],
                context=extra["context"],
                verification=Statement.Verification.VERIFIED,
                cited=False,
            )
            statement.topics.set([topics[slug] for slug in extra["topics"]])
            statement.mentions.set([leaders[name] for name in quotation["mentions"]])
            locator, excerpt = locate_in_article(article, quotation["text"])
            CitationFactory(statement=statement, source=source, locator=locator, excerpt=excerpt)
        statements.append(statement)
    return {"leaders": leaders, "source": source, "statements": statements, "topics": topics}
