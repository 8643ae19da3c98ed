"""An event's page in a real browser: each side's account in a column of its own, side by side
on a wide screen, one after the other on a phone."""

import datetime

import pytest

from quotes.models import Event, Statement
from tests.factories import LeaderFactory, StatementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def call(transactional_db):
    trump = LeaderFactory(name="Donald Trump", slug="donald-trump", country="US")
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    event = Event.objects.create(
        title="Phone call between Donald Trump and Vladimir Putin",
        slug="trump-putin-call",
        kind=Event.Kind.PHONE_CALL,
        date=datetime.date(2025, 6, 4),
        place="By telephone",
    )
    event.participants.set([trump, putin])
    StatementFactory(
        speaker=trump,
        text=(
            "It was a good call, but not a call that will bring immediate Peace. President "
            "Putin did state, and very forcefully, that he will have to respond."
        ),
        channel=Statement.Channel.SOCIAL_MEDIA,
        channel_detail="Truth Social",
        event=event,
    )
    StatementFactory(
        speaker=putin,
        text="The attack on the airfields was the most powerful in years.",
        original_text="Удар по аэродромам был самым мощным за годы.",
        original_language="ru",
        translated_by=Statement.TranslatedBy.GOVERNMENT,
        translation_source="the Kremlin",
        channel=Statement.Channel.PHONE_CALL,
        relayed_by="a Kremlin readout",
        event=event,
    )
    return event


def column_boxes(page) -> list[dict]:
    columns = page.locator(".event-account")
    assert columns.count() == 2
    return [columns.nth(number).bounding_box() for number in range(2)]


def test_the_accounts_stand_side_by_side_on_a_wide_screen(
    live_server, browser_page, call, artifacts
):
    page = browser_page
    page.goto(live_server.url + call.get_absolute_url())
    trump, putin = column_boxes(page)
    assert page.locator(".event-account h3").all_inner_texts() == [
        "Donald Trump",
        "Vladimir Putin",
    ]
    assert trump["y"] == putin["y"]  # one row
    assert trump["x"] + trump["width"] <= putin["x"]  # Trump's column, then Putin's
    assert page.locator('.event-account blockquote[lang="ru"]').is_visible()
    page.screenshot(path=str(artifacts / "event-page.png"), full_page=True)


def test_the_accounts_follow_one_another_on_a_phone(live_server, chromium, call, artifacts):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + call.get_absolute_url())
        trump, putin = column_boxes(page)
        assert trump["x"] == putin["x"]  # one column
        assert trump["y"] + trump["height"] <= putin["y"]  # Trump's account, then Putin's
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(artifacts / "event-page-phone.png"), full_page=True)
    finally:
        context.close()
