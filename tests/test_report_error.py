import datetime
import hashlib
import hmac
import re

import pytest
from django.test import Client
from django.utils import timezone

from quotes.models import ErrorReport, Statement
from tests.factories import CitationFactory, LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = "/how-we-work/"


@pytest.fixture
def statement():
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    return CitationFactory(statement__speaker=putin, statement__text="We may retaliate.").statement


def report(client, address="203.0.113.7", **fields):
    data = {"message": "The date is a day out: the speech was on 3 June.", **fields}
    return client.post(URL, data, REMOTE_ADDR=address)


def key_of(address: str, secret: str) -> str:
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', html)
    assert match, f"no hidden {name} field"
    return match.group(1) or ""


# The page


def test_the_page_explains_the_work_and_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for words in (
        "Direct quote",
        "Paraphrase",
        "Misattributed",
        "Nothing is published without a source.",
        "never\n  silently changed or removed",
        "CC BY 4.0",
        "Wikidata (CC0)",
        "CC BY-SA 4.0",
    ):
        assert words in html
    assert 'href="/corrections/"' in html
    assert 'id="report"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<textarea name="message"' in html


def test_the_page_is_kept_out_of_every_cache(client, page_cache):
    first = client.get(URL)
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    # A masked CSRF token differs on every rendering: the same token twice would be a page
    # served from the shared cache, with one reader's token handed to another.
    second = Client().get(URL)
    token = 'name="csrfmiddlewaretoken" value="'
    assert token in first.content.decode()
    assert hidden_value(first.content.decode(), "csrfmiddlewaretoken") != hidden_value(
        second.content.decode(), "csrfmiddlewaretoken"
    )


def test_a_statement_page_links_to_a_report_about_it(client, statement):
    html = client.get(statement.get_absolute_url()).content.decode()
    assert f'href="/how-we-work/?statement={statement.pk}#report">Report an error</a>' in html


def test_the_link_preselects_the_statement(client, statement):
    html = client.get(URL, {"statement": statement.pk}).content.decode()
    assert hidden_value(html, "statement") == str(statement.pk)
    assert hidden_value(html, "page") == statement.get_absolute_url()
    assert "You are reporting an error in" in html
    assert "Vladimir Putin: “We may retaliate.”" in html


@pytest.mark.parametrize("value", ["draft", "abc", "999999", "", "-3", "9" * 30])
def test_a_draft_or_unknown_statement_is_not_preselected(client, value):
    draft = StatementFactory(text="A draft nobody may see.", status=Statement.Status.DRAFT)
    value = str(draft.pk) if value == "draft" else value
    response = client.get(URL, {"statement": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert hidden_value(html, "statement") == ""
    assert "draft nobody" not in html
    assert "You are reporting an error in" not in html


def test_the_page_a_reader_came_from_is_noted(client):
    html = client.get(URL, HTTP_REFERER="http://testserver/leaders/?q=macron").content.decode()
    assert hidden_value(html, "page") == "/leaders/?q=macron"
    for elsewhere in ("https://elsewhere.example/page", "http://[::1/", "javascript:alert(1)"):
        html = client.get(URL, HTTP_REFERER=elsewhere).content.decode()
        assert hidden_value(html, "page") == ""


# Sending a report


def test_a_report_is_stored_and_the_reader_thanked(client, statement, settings):
    response = report(
        client,
        statement=statement.pk,
        page=statement.get_absolute_url(),
        evidence_url="https://www.example.org/transcript",
        email="reader@example.org",
        address="198.51.100.4",
    )
    assert response.status_code == 303
    assert response["Location"] == "/how-we-work/?reported=1#report"
    stored = ErrorReport.objects.get()
    assert stored.message == "The date is a day out: the speech was on 3 June."
    assert stored.statement == statement
    assert stored.page == statement.get_absolute_url()
    assert stored.evidence_url == "https://www.example.org/transcript"
    assert stored.email == "reader@example.org"
    assert stored.status == ErrorReport.Status.NEW
    assert stored.sender_key == key_of("198.51.100.4", settings.SECRET_KEY)
    assert "198.51.100.4" not in str(ErrorReport.objects.values().get())
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you." in thanks


def test_a_report_needs_no_statement_email_or_evidence(client):
    assert report(client).status_code == 303
    stored = ErrorReport.objects.get()
    assert (stored.statement, stored.email, stored.evidence_url) == (None, "", "")


@pytest.mark.parametrize("value", ["draft", "999999", "abc", "9" * 30])
def test_a_report_ignores_a_statement_that_is_not_published(client, value):
    draft = StatementFactory(status=Statement.Status.DRAFT)
    value = str(draft.pk) if value == "draft" else value
    assert report(client, statement=value).status_code == 303
    assert ErrorReport.objects.get().statement is None


def test_a_report_keeps_only_a_page_of_this_site(client):
    report(client, page="https://evil.example/phish")
    report(client, page="//evil.example/phish", address="203.0.113.8")
    assert list(ErrorReport.objects.values_list("page", flat=True)) == ["", ""]


def test_a_report_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = report(client)
    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_a_report_with_the_csrf_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    token = hidden_value(client.get(URL).content.decode(), "csrfmiddlewaretoken")
    assert report(client, csrfmiddlewaretoken=token).status_code == 303
    assert ErrorReport.objects.count() == 1


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client):
    response = report(client, website="https://spam.example")
    assert response.status_code == 303
    assert response["Location"] == "/how-we-work/?reported=1#report"
    assert not ErrorReport.objects.exists()


# Bad input


@pytest.mark.parametrize(
    "evidence_url",
    ["ftp://files.example.org/a.txt", "javascript:alert(1)", "not a web address", "http://"],
)
def test_a_link_that_is_not_a_web_address_is_refused(client, evidence_url):
    response = report(client, evidence_url=evidence_url)
    assert response.status_code == 400
    assert "Please give a web address starting with http or https." in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_message_too_long_is_refused_with_a_message(client):
    response = report(client, message="x" * 5_001)
    assert response.status_code == 400
    assert "Please keep the message under 5000 characters" in response.content.decode()
    assert not ErrorReport.objects.exists()
    assert report(client, message="x" * 5_000).status_code == 303


@pytest.mark.parametrize("message", ["", "   \n  "])
def test_an_empty_message_is_refused(client, message):
    response = report(client, message=message)
    assert response.status_code == 400
    assert "Please say what is wrong." in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_bad_email_is_refused(client):
    response = report(client, email="not an email")
    assert response.status_code == 400
    assert "Please give a valid email address" in response.content.decode()


def test_a_refused_report_keeps_what_was_written_and_the_statement(client, statement):
    html = report(
        client, message="x" * 5_001, statement=statement.pk, evidence_url="gopher://x"
    ).content.decode()
    assert "x" * 5_001 in html
    assert hidden_value(html, "statement") == str(statement.pk)
    assert "You are reporting an error in" in html


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


# How often


def test_one_address_may_send_only_so_many_reports_an_hour(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 3
    for _ in range(3):
        assert report(client).status_code == 303
    response = report(client, message="One more.")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "3 reports from your address in the last hour" in response.content.decode()
    assert ErrorReport.objects.count() == 3
    assert not ErrorReport.objects.filter(message="One more.").exists()


def test_the_limit_is_per_address(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 1
    assert report(client, address="203.0.113.7").status_code == 303
    assert report(client, address="203.0.113.7").status_code == 429
    assert report(client, address="203.0.113.99").status_code == 303


def test_behind_a_proxy_the_limit_counts_the_readers_address(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(reader):
        return client.post(
            URL,
            {"message": "A wrong date."},
            REMOTE_ADDR="10.0.0.2",  # the proxy, the same for every reader
            HTTP_X_FORWARDED_FOR=f"198.51.100.1, {reader}",  # the first one anyone can forge
        )

    assert via_proxy("203.0.113.7").status_code == 303
    assert via_proxy("203.0.113.8").status_code == 303
    assert via_proxy("203.0.113.7").status_code == 429


def test_reports_older_than_an_hour_do_not_count(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 1
    assert report(client).status_code == 303
    ErrorReport.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=61))
    assert report(client).status_code == 303


def test_retry_after_counts_down_to_when_the_oldest_report_leaves_the_hour(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 2
    report(client)
    report(client)
    ErrorReport.objects.filter(pk=ErrorReport.objects.earliest("pk").pk).update(
        received_at=timezone.now() - datetime.timedelta(minutes=50)
    )
    wait = int(report(client)["Retry-After"])
    assert 9 * 60 <= wait <= 10 * 60


def test_reports_switched_off_are_refused_politely(client, settings):
    settings.VERBATIM_REPORTS_PER_HOUR = 0
    response = report(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Reports are not being accepted at the moment." in response.content.decode()
    assert not ErrorReport.objects.exists()
