"""The leader chooser in a real browser: suggestions as the reader types, and without JavaScript."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def speakers_shown(page) -> set[str]:
    return set(page.locator(".statement-card .speaker").all_inner_texts())


def test_a_reader_types_part_of_a_name_picks_the_suggestion_and_sees_the_filtered_list(
    live_server, browser_page, demo_like_record, artifacts
):
    page = browser_page
    page.goto(live_server.url + "/quotes/")
    assert page.locator(".results-count").inner_text().startswith("7 statements")

    speaker = page.get_by_role("combobox", name="Speaker", exact=True)
    speaker.press_sequentially("zelen")
    suggestion = page.get_by_role("option", name="Volodymyr Zelenskyy (Ukraine)")
    suggestion.wait_for()
    assert speaker.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts / "leader-chooser-suggestions.png"))
    suggestion.click()
    assert speaker.input_value() == "Volodymyr Zelenskyy"
    assert speaker.get_attribute("aria-expanded") == "false"

    # Picking in the last box adds another; this one is picked with the keyboard.
    another = page.get_by_role("combobox", name="Another speaker")
    another.press_sequentially("Kim")
    page.get_by_role("option", name="Kim Jong Un (North Korea)").wait_for()
    another.press("ArrowDown")
    assert another.get_attribute("aria-activedescendant")
    another.press("Enter")  # picks the suggestion; it does not send the form yet
    second = page.get_by_role("combobox", name="Speaker 2")
    assert second.input_value() == "Kim Jong Un"
    assert page.get_by_role("combobox", name="Another speaker").input_value() == ""
    assert page.url.endswith("/quotes/")

    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"speaker=volodymyr-zelenskyy&speaker=kim-jong-un"))
    assert speakers_shown(page) == {"Volodymyr Zelenskyy", "Kim Jong Un"}
    assert page.locator(".statement-card").count() == 3
    chips = page.locator(".chips").inner_text()
    assert "Speaker: Volodymyr Zelenskyy" in chips and "Speaker: Kim Jong Un" in chips
    # The boxes show the names again, and send the slugs when the form is sent anew.
    assert page.get_by_role("combobox", name="Speaker", exact=True).input_value() == (
        "Volodymyr Zelenskyy"
    )
    page.get_by_label("Kind").select_option("direct")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"kind=direct"))
    assert "speaker=volodymyr-zelenskyy&speaker=kim-jong-un" in page.url
    page.screenshot(path=str(artifacts / "leader-chooser-filtered.png"), full_page=True)


def test_escape_closes_the_suggestions(live_server, browser_page, demo_like_record):
    page = browser_page
    page.goto(live_server.url + "/quotes/")
    speaker = page.get_by_role("combobox", name="Speaker", exact=True)
    speaker.press_sequentially("putin")
    page.get_by_role("option", name="Vladimir Putin (Russia)").wait_for()
    speaker.press("Escape")
    assert speaker.get_attribute("aria-expanded") == "false"
    assert not page.locator(".chooser-suggestions").first.is_visible()


def test_without_javascript_a_typed_name_is_resolved_by_the_server(
    live_server, page_without_script, demo_like_record
):
    page = page_without_script
    page.goto(live_server.url + "/quotes/")
    page.get_by_label("Speaker", exact=True).fill("zelensky")
    page.get_by_label("Leader mentioned").fill("Putin")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"speaker=zelensky"))
    assert speakers_shown(page) == {"Volodymyr Zelenskyy"}
    assert page.get_by_label("Speaker", exact=True).input_value() == "Volodymyr Zelenskyy"
    assert "Speaker: Volodymyr Zelenskyy" in page.locator(".chips").inner_text()

    page.get_by_label("Another speaker").fill("Nobody Atall")
    page.get_by_role("button", name="Show statements").click()
    page.wait_for_url(re.compile(r"Nobody"))
    assert "No leader found for “Nobody Atall”." in page.locator(".field-speaker").inner_text()
