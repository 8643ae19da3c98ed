"""Hostile text in a real browser: no payload runs on any page, and a very long word does not
widen a phone's page. The record is tests/test_hostile_text.py's."""

import pytest

from tests.test_hostile_text import build_hostile_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hostile_record(transactional_db):
    return build_hostile_record()


def public_paths(record) -> list[str]:
    return [
        "/",
        "/quotes/",
        "/quotes/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        record.statement.get_absolute_url(),
        f"/quotes/{record.withdrawn.pk}/",
        record.speaker.get_absolute_url(),
        "/leaders/",
        record.source.get_absolute_url(),
        record.topic.get_absolute_url(),
        "/corrections/",
        f"/how-we-work/?statement={record.statement.pk}",
    ]


def test_no_payload_runs_on_any_page(live_server, browser_page, hostile_record):
    page = browser_page
    opened = []
    page.on("dialog", lambda dialog: (opened.append((page.url, dialog.message)), dialog.dismiss()))
    for path in public_paths(hostile_record):
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status in (200, 410), path
        shown = page.get_by_text("<script>alert(1)</script>").all()
        assert any(text.is_visible() for text in shown), path
    assert opened == []


def test_no_payload_runs_in_the_admin(live_server, browser_page, hostile_record, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.com", "a-long-password")
    page = browser_page
    opened = []
    page.on("dialog", lambda dialog: (opened.append((page.url, dialog.message)), dialog.dismiss()))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    record = hostile_record
    for path in [
        "/admin/quotes/statement/",
        f"/admin/quotes/statement/{record.statement.pk}/change/",
        f"/admin/quotes/statement/{record.statement.pk}/history/",
        "/admin/quotes/statement/review/",
        f"/admin/quotes/leader/{record.speaker.pk}/change/",
        f"/admin/quotes/source/{record.source.pk}/change/",
        f"/admin/quotes/errorreport/{record.report.pk}/change/",
    ]:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
    assert opened == []


def test_a_very_long_word_does_not_widen_a_phones_page(live_server, chromium, hostile_record):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        for path in public_paths(hostile_record):
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (path, width)
    finally:
        context.close()
