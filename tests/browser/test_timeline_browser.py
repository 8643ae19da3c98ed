"""A leader's timeline in a real browser: drawn without script, coloured by the stylesheet,
fitting a phone, and a bar clicked takes the reader to that month's statements."""

import datetime

import pytest

from quotes.models import Statement
from tests.factories import LeaderFactory, StatementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def putin(transactional_db):
    leader = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    days = [datetime.date(2024, month, 10) for month in (1, 2, 2, 5, 9, 12)]
    days += [datetime.date(2025, 3, 3), datetime.date(2025, 6, 4), datetime.date(2025, 6, 5)]
    kinds = [Statement.Kind.DIRECT, Statement.Kind.PARTIAL, Statement.Kind.PARAPHRASE]
    for number, day in enumerate(days):
        StatementFactory(
            speaker=leader,
            date_said=day,
            kind=kinds[number % 3],
            text=f"Said on {day:%d %B %Y} (number {number}).",
        )
    return leader


def test_clicking_a_bar_without_script_shows_that_months_statements(
    live_server, page_without_script, putin, artifacts
):
    page = page_without_script
    page.goto(live_server.url + putin.get_absolute_url())
    chart = page.locator("svg.timeline-chart")
    assert chart.is_visible()
    # The stylesheet colours the kinds (no style attributes: the CSP forbids them).
    direct = page.locator("svg.timeline-chart rect.timeline-direct").first
    assert direct.evaluate("rect => getComputedStyle(rect).fill") == "rgb(26, 76, 150)"
    page.screenshot(path=str(artifacts / "leader-timeline.png"), full_page=False)
    june = page.locator("svg.timeline-chart a", has_text="June 2025")
    june.click()
    page.wait_for_url("**date_from=2025-06-01&date_to=2025-06-30")
    cards = page.locator("main .statement-list blockquote").all_inner_texts()
    assert len(cards) == 2
    assert all("June 2025" in text for text in cards)


def test_the_chart_fits_a_phone(live_server, chromium, putin, artifacts):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + putin.get_absolute_url())
        box = page.locator("svg.timeline-chart").bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The years stay legible: set larger in the drawing's units on a narrow screen.
        year = page.locator("svg.timeline-chart text.timeline-year").first
        assert year.bounding_box()["height"] >= 11
        page.screenshot(path=str(artifacts / "leader-timeline-phone.png"), full_page=False)
    finally:
        context.close()
