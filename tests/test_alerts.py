"""Following a leader, a topic or a list by e-mail: the sign-up, its confirmation, the digests
of `send_alerts`, and stopping them."""

import datetime
import re
import smtplib
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quotes.alerts import following, links
from quotes.alerts.digests import SETTLE, send_alerts
from quotes.alerts.lists import ListRefused, canonical_query, describe
from quotes.alerts.models import FollowAttempt, FollowedList, Follower, MailedStatement
from quotes.editorial.workflow import publish
from quotes.models import Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    StatementFactory,
    TopicFactory,
    make_reviewer,
)
from tests.strategies import ANY_CHARACTER, hostile_text, percent_garbage

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two runs at once need PostgreSQL's row locks (SQLite takes one writer at a time): "
    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)

SITE = "https://verbatim.example.org"
# The morning a reader confirmed; statements are published after it in most tests.
CONFIRMED = datetime.datetime(2025, 6, 4, 8, 0, tzinfo=datetime.UTC)
NEXT_DAY = CONFIRMED + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.VERBATIM_FOLLOWS_PER_HOUR = 10
    settings.VERBATIM_CONFIRMATIONS_PER_DAY = 3
    settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL = 20


@pytest.fixture
def putin():
    return LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")


@pytest.fixture
def energy():
    return TopicFactory(name="Energy", slug="energy")


def published(at, **fields) -> Statement:
    return StatementFactory(published_at=at, **fields)


def follows(email="reader@example.org", query="", confirmed_at=CONFIRMED) -> FollowedList:
    follower, _ = Follower.objects.get_or_create(email=email)
    return FollowedList.objects.create(
        follower=follower, query=query, confirmed_at=confirmed_at, mailed_until=confirmed_at
    )


def sign_up(client, email="reader@example.org", query="speaker=vladimir-putin", **extra):
    return client.post(
        "/follow/", {"email": email, "list": query, **extra}, REMOTE_ADDR="203.0.113.7"
    )


def links_in(text: str) -> list[str]:
    return re.findall(r"https://verbatim\.example\.org/[^\s<>\"]*", text)


def path_of(url: str) -> str:
    return urlsplit(url).path


def html_part(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


# The links to follow, on the pages that show lists


def test_a_leaders_page_links_to_following_the_leader(client, putin):
    published(CONFIRMED, speaker=putin)
    html = client.get("/leaders/vladimir-putin/").content.decode()
    assert 'href="/follow/?speaker=vladimir-putin"' in html
    assert "Follow Vladimir Putin by e-mail" in html


def test_a_leaders_page_with_filters_links_to_following_them_too(client, putin):
    published(CONFIRMED, speaker=putin)
    html = client.get("/leaders/vladimir-putin/?kind=direct&made_up=1").content.decode()
    assert 'href="/follow/?speaker=vladimir-putin&amp;kind=direct"' in html


def test_a_topics_page_links_to_following_the_topic(client, energy):
    published(CONFIRMED).topics.add(energy)
    html = client.get("/topics/energy/").content.decode()
    assert 'href="/follow/?topic=energy"' in html


def test_the_statements_list_links_to_following_it_with_its_filters(client, putin):
    published(CONFIRMED, speaker=putin)
    html = client.get("/quotes/?speaker=vladimir-putin&date_from=2025-01-01").content.decode()
    assert 'href="/follow/?speaker=vladimir-putin&amp;date_from=2025-01-01"' in html


# Which list is followed: canonical


def test_a_list_is_kept_in_one_canonical_form(putin, energy):
    published(CONFIRMED, speaker=putin).topics.add(energy)
    made_up = "sort=oldest&after=abc&made_up=1&topic=energy&speaker=Putin&q=  power   cuts "
    assert canonical_query(made_up) == "q=power+cuts&speaker=vladimir-putin&topic=energy"
    assert canonical_query(canonical_query(made_up)) == canonical_query(made_up)


def test_speakers_in_any_order_or_spelling_are_one_list(putin):
    xi = LeaderFactory(name="Xi Jinping", slug="xi-jinping", country="CN")
    first = canonical_query("speaker=xi-jinping&speaker=Vladimir+Putin")
    assert first == canonical_query("speaker=putin&speaker=Xi+Jinping&speaker=xi-jinping")
    assert first == f"speaker={putin.slug}&speaker={xi.slug}"


def test_the_whole_record_is_the_empty_list(db):
    assert canonical_query("") == ""
    assert canonical_query("sort=newest&page=3") == ""
    assert describe("") == "Every statement"


def test_a_list_is_described_by_its_filters(putin, energy):
    published(CONFIRMED, speaker=putin).topics.add(energy)
    assert describe("speaker=vladimir-putin&topic=energy") == (
        "Speaker: Vladimir Putin · Topic: Energy"
    )


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ("date_from=2025-13-45", "Said on or after: Not a date: write it as YYYY-MM-DD"),
        ("speaker=nobody-at-all", "Speaker: No leader found for “nobody-at-all”."),
        ("kind=shouted", "Kind: “shouted” is not a kind of statement"),
    ],
)
def test_filters_that_cannot_be_used_are_refused_with_the_reason(db, query, explained):
    with pytest.raises(ListRefused) as refused:
        canonical_query(query)
    assert any(message.startswith(explained) for message in refused.value.messages)


# The sign-up page


def test_the_sign_up_page_names_the_list_and_carries_it_canonical(client, putin):
    response = client.get("/follow/?speaker=Putin&sort=oldest&utm_source=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="list" value="speaker=vladimir-putin"' in html
    assert 'href="/quotes/?speaker=vladimir-putin">Speaker: Vladimir Putin</a>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html  # the honeypot
    assert "kept only to send you these e-mails" in html


def test_the_sign_up_page_is_kept_out_of_every_cache(client, putin, page_cache):
    first = client.get("/follow/?speaker=vladimir-putin")
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "X-Cache" not in first
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    second = Client().get("/follow/?speaker=vladimir-putin")
    assert token.search(first.content.decode())[1] != token.search(second.content.decode())[1]


def test_a_list_that_cannot_be_followed_gets_a_clear_400(client, db):
    response = client.get("/follow/?date_from=2025-13-45&speaker=nobody")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This list cannot be followed" in html
    assert "Not a date: write it as YYYY-MM-DD" in html
    assert "No leader found for “nobody”." in html
    assert 'name="email"' not in html


def test_how_we_work_says_what_the_addresses_are_kept_for(client, db):
    html = client.get("/how-we-work/").content.decode()
    assert '<a href="#alerts">Following by e-mail</a>' in html
    assert "kept only to send these e-mails" in html
    assert "stopping the last list deletes the address" in html


# Signing up


def test_signing_up_sends_only_the_confirmation_mail(client, putin):
    response = sign_up(client, email="Reader@EXAMPLE.org")
    assert response.status_code == 303
    assert response["Location"] == "/follow/sent/"
    assert "Check your e-mail" in client.get("/follow/sent/").content.decode()
    followed = FollowedList.objects.get()
    assert followed.follower.email == "Reader@example.org"  # the domain in lower case
    assert followed.query == "speaker=vladimir-putin"
    assert not followed.is_confirmed
    [message] = mail.outbox
    assert message.to == ["Reader@example.org"]
    assert message.subject == "Confirm: follow “Speaker: Vladimir Putin” on Verbatim"
    confirm = [url for url in links_in(message.body) if "/follow/confirm/" in url]
    assert len(confirm) == 1
    assert confirm[0] in html_part(message)


def test_the_confirmation_mail_carries_no_words_a_stranger_typed(client, putin):
    # Anyone may give any address: the mail must not carry their text to it.
    sign_up(client, query="speaker=vladimir-putin&q=Claim+your+prize+at+evil.example")
    [message] = mail.outbox
    assert "evil" not in message.subject
    assert "Words: the words you searched for · Speaker: Vladimir Putin" in message.body
    assert "prize" not in message.body and "prize" not in html_part(message)
    followed = FollowedList.objects.get()
    page = client.get(confirm_link(followed)).content.decode()
    assert "Words: Claim your prize at evil.example" in page  # on the site, to the reader


def test_the_confirmation_mail_can_be_refused_in_one_click(client, putin):
    sign_up(client)
    [message] = mail.outbox
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{SITE}/follow/stop/") and unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body
    Client(enforce_csrf_checks=True).post(path_of(unsubscribe[1:-1]))
    assert not Follower.objects.exists()


def test_signing_up_again_before_confirming_sends_the_link_again(client, putin):
    sign_up(client)
    sign_up(client)
    assert len(mail.outbox) == 2
    assert FollowedList.objects.count() == 1


def test_signing_up_for_a_list_already_followed_sends_nothing(client, putin):
    follows(query="speaker=vladimir-putin")
    response = sign_up(client, query="speaker=putin")
    assert response.status_code == 303  # the same answer, so the page tells nobody who follows
    assert mail.outbox == []
    assert FollowedList.objects.count() == 1


def test_a_robot_filling_the_honeypot_is_answered_as_a_person_and_ignored(client, putin):
    response = sign_up(client, website="https://spam.example")
    assert response.status_code == 303
    assert mail.outbox == []
    assert not Follower.objects.exists() and not FollowAttempt.objects.exists()


@pytest.mark.parametrize(
    ("email", "explained"),
    [
        ("reader@example.org\nBcc: everyone@example.org", "Please give a valid e-mail address"),
        ("reader@example.org\r\nSubject: hi", "Please give a valid e-mail address"),
        ("reader@example.org,other@example.org", "Please give a valid e-mail address"),
        ("not an address", "Please give a valid e-mail address"),
        ("", "Please give the e-mail address"),
        ("a" * 250 + "@example.org", "An e-mail address has at most 254 characters"),
    ],
)
def test_a_hostile_or_wrong_address_is_refused_with_a_message(client, putin, email, explained):
    response = sign_up(client, email=email)
    assert response.status_code == 400
    assert explained in response.content.decode()
    assert mail.outbox == []
    assert not Follower.objects.exists()


@pytest.mark.parametrize(
    "query", ["date_from=2025-13-45", "speaker=nobody", "speaker=%zz%&kind=%ff%00", "x" * 20_000]
)
def test_a_garbled_list_in_the_form_is_refused_with_a_message(client, db, query):
    response = sign_up(client, query=query)
    assert response.status_code == 400
    assert "cannot be followed" in response.content.decode() or "too long" in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_the_form_needs_its_csrf_token(putin):
    response = sign_up(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_one_client_address_may_sign_up_so_many_times_an_hour(client, settings, putin):
    settings.VERBATIM_FOLLOWS_PER_HOUR = 2
    for number in range(2):
        assert sign_up(client, email=f"reader{number}@example.org").status_code == 303
    refused = sign_up(client, email="third@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "2 sign-ups from your address in the last hour" in refused.content.decode()
    assert len(mail.outbox) == 2
    other_client = client.post(
        "/follow/",
        {"email": "third@example.org", "list": "speaker=vladimir-putin"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert other_client.status_code == 303


def test_one_address_gets_so_many_confirmation_mails_a_day(client, settings, putin):
    settings.VERBATIM_CONFIRMATIONS_PER_DAY = 2
    for address in ("198.51.100.1", "198.51.100.2"):
        data = {"email": "victim@example.org", "list": "speaker=vladimir-putin"}
        assert client.post("/follow/", data, REMOTE_ADDR=address).status_code == 303
    data = {"email": "VICTIM@example.org", "list": ""}
    refused = client.post("/follow/", data, REMOTE_ADDR="198.51.100.3")
    assert refused.status_code == 429
    assert "2 confirmation mails to this e-mail address" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_the_limits_keep_no_address_only_keyed_hashes(client, putin):
    sign_up(client, email="reader@example.org")
    attempt = FollowAttempt.objects.get()
    stored = f"{attempt.client_key} {attempt.address_key}"
    assert "203.0.113.7" not in stored and "reader" not in stored
    assert attempt.address_key == following.address_key("READER@example.org")


def test_an_address_follows_a_bounded_number_of_lists(client, putin, monkeypatch):
    monkeypatch.setattr(following, "LISTS_PER_ADDRESS", 2)
    follows(query="")
    follows(query="kind=direct")
    response = sign_up(client, query="speaker=vladimir-putin")
    assert response.status_code == 400
    assert "already follows 2 lists" in response.content.decode()
    assert mail.outbox == []


class BrokenMailServer(MemoryBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_out_of_reach_is_a_message_not_a_server_error(client, settings, putin):
    settings.EMAIL_BACKEND = "tests.test_alerts.BrokenMailServer"
    response = sign_up(client)
    assert response.status_code == 503
    assert "could not send the confirmation e-mail" in response.content.decode()


# Confirming


def confirm_link(followed) -> str:
    return path_of(links.confirm_url(followed))


def test_the_confirmation_link_asks_before_it_confirms(client, putin):
    followed = follows(query="speaker=vladimir-putin", confirmed_at=None)
    response = client.get(confirm_link(followed))
    assert response.status_code == 200
    assert "Yes, send them" in response.content.decode()
    followed.refresh_from_db()
    assert not followed.is_confirmed  # a mail scanner following the link confirms nothing


def test_confirming_starts_the_digests_and_confirming_twice_is_harmless(client, putin):
    followed = follows(query="speaker=vladimir-putin", confirmed_at=None)
    response = client.post(confirm_link(followed))
    assert response.status_code == 200
    assert "You follow Speaker: Vladimir Putin" in response.content.decode()
    followed.refresh_from_db()
    first = followed.confirmed_at
    assert first is not None and followed.mailed_until == first
    again = client.post(confirm_link(followed))
    assert again.status_code == 200
    assert "already confirmed" in again.content.decode()
    followed.refresh_from_db()
    assert followed.confirmed_at == first


def test_a_confirmation_link_expires(client, putin, monkeypatch):
    followed = follows(confirmed_at=None)
    four_days_ago = int(timezone.now().timestamp()) - 4 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(four_days_ago)
    )
    link = confirm_link(followed)
    monkeypatch.undo()
    response = client.post(link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    followed.refresh_from_db()
    assert not followed.is_confirmed


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps(1, salt="another purpose"),
        signing.dumps(1, salt=links.CONFIRM_SALT, key="not-the-secret-key"),
        signing.dumps("1", salt=links.CONFIRM_SALT),
        "%00%0d%0a",
    ],
    ids=["garbage", "other-salt", "other-key", "not-a-number", "control-characters"],
)
def test_a_forged_confirmation_link_is_refused(client, db, token):
    for response in (
        client.get(f"/follow/confirm/{token}/"),
        client.post(f"/follow/confirm/{token}/"),
    ):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not FollowedList.objects.exists()


def test_confirming_a_deleted_sign_up_says_it_expired(client, putin):
    followed = follows(confirmed_at=None)
    link = confirm_link(followed)
    followed.delete()
    assert client.post(link).status_code == 410


def test_the_confirmation_needs_its_csrf_token(putin):
    followed = follows(confirmed_at=None)
    assert Client(enforce_csrf_checks=True).post(confirm_link(followed)).status_code == 403
    followed.refresh_from_db()
    assert not followed.is_confirmed


# The digests


def test_a_digest_lists_what_was_published_since_the_confirmation(putin):
    follows(query="speaker=vladimir-putin")
    before = published(CONFIRMED - datetime.timedelta(hours=1), speaker=putin, text="Old words.")
    new = published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin, text="New words.")
    report = send_alerts(now=NEXT_DAY)
    assert (report.mails, report.statements) == (1, 1)
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "New on Verbatim: Speaker: Vladimir Putin"
    assert "New words." in message.body and "Old words." not in message.body
    assert f"{SITE}{new.get_absolute_url()}" in message.body
    assert f'href="{SITE}{new.get_absolute_url()}"' in html_part(message)
    assert before.get_absolute_url() not in message.body


def test_running_twice_sends_nothing_the_second_time(putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    send_alerts(now=NEXT_DAY)
    second = send_alerts(now=NEXT_DAY + datetime.timedelta(minutes=30))
    assert second.mails == 0
    assert len(mail.outbox) == 1


def test_only_published_statements_of_the_list_are_sent(putin):
    follows(query="speaker=vladimir-putin")
    later = CONFIRMED + datetime.timedelta(hours=2)
    published(later, speaker=putin, text="Published words.")
    published(later, speaker=putin, text="A draft.", status=Statement.Status.DRAFT)
    published(later, text="Someone else's words.")
    send_alerts(now=NEXT_DAY)
    [message] = mail.outbox
    assert "Published words." in message.body
    assert "A draft." not in message.body and "Someone else" not in message.body


def test_nothing_new_sends_nothing_and_an_unconfirmed_list_gets_nothing(putin):
    follows(email="unconfirmed@example.org", query="", confirmed_at=None)
    follows(email="quiet@example.org", query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2))  # not Putin's
    report = send_alerts(now=NEXT_DAY)
    assert report.mails == 0 and mail.outbox == []


def test_statements_published_in_the_last_minutes_wait_for_the_next_run(putin):
    follows(query="speaker=vladimir-putin")
    published(NEXT_DAY - SETTLE / 2, speaker=putin, text="Still being committed.")
    assert send_alerts(now=NEXT_DAY).mails == 0
    send_alerts(now=NEXT_DAY + datetime.timedelta(days=1))
    [message] = mail.outbox
    assert "Still being committed." in message.body


def test_a_statement_withdrawn_and_published_again_is_not_sent_again(putin):
    follows(query="speaker=vladimir-putin")
    statement = published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    send_alerts(now=NEXT_DAY)
    # Published anew the next day: its publication time moves past the list's mark.
    Statement.objects.filter(pk=statement.pk).update(
        published_at=NEXT_DAY + datetime.timedelta(hours=1)
    )
    assert send_alerts(now=NEXT_DAY + datetime.timedelta(days=1)).mails == 0
    assert len(mail.outbox) == 1


def test_addresses_following_one_list_each_get_what_they_were_not_sent(putin):
    earlier = follows(email="earlier@example.org", query="speaker=vladimir-putin")
    again = published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin, text="Again.")
    send_alerts(now=NEXT_DAY)
    later = NEXT_DAY + datetime.timedelta(hours=1)
    follows(email="later@example.org", query="speaker=vladimir-putin", confirmed_at=later)
    follows(email="third@example.org", query="speaker=vladimir-putin", confirmed_at=later)
    # Withdrawn and published again after the second and third addresses confirmed.
    Statement.objects.filter(pk=again.pk).update(published_at=later + datetime.timedelta(hours=1))
    published(later + datetime.timedelta(hours=2), speaker=putin, text="Brand new.")
    mail.outbox.clear()
    FollowedList.objects.filter(follower=earlier.follower).update(mailed_until=later)
    send_alerts(now=later + datetime.timedelta(days=1))
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Brand new." in bodies["earlier@example.org"]
    assert "Again." not in bodies["earlier@example.org"]
    for address in ("later@example.org", "third@example.org"):
        assert "Brand new." in bodies[address] and "Again." in bodies[address]


def test_one_mail_per_address_combines_its_lists_and_lists_a_statement_once(putin, energy):
    follows(query="speaker=vladimir-putin")
    follows(query="topic=energy")
    later = CONFIRMED + datetime.timedelta(hours=2)
    both = published(later, speaker=putin, text="Gas for everyone.")
    both.topics.add(energy)
    published(later, text="Wind turbines.").topics.add(energy)
    published(later, speaker=putin, text="Tanks.")
    report = send_alerts(now=NEXT_DAY)
    assert (report.mails, report.statements) == (1, 3)
    [message] = mail.outbox
    assert message.subject == "New on Verbatim: statements on 2 lists you follow"
    assert message.body.count("Gas for everyone.") == 1
    assert "Wind turbines." in message.body and "Tanks." in message.body
    assert "== Speaker: Vladimir Putin ==\n2 new statements\n" in message.body
    assert "== Topic: Energy ==\n2 new statements (1 listed under another list)\n" in message.body


def test_a_digest_lists_so_many_statements_and_links_to_the_rest(settings, putin):
    settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL = 3
    follows(query="speaker=vladimir-putin")
    for number in range(5):
        published(
            CONFIRMED + datetime.timedelta(hours=2),
            speaker=putin,
            text=f"Statement {number}.",
            date_said=datetime.date(2025, 6, 1 + number),
        )
    report = send_alerts(now=NEXT_DAY)
    assert report.statements == 3
    [message] = mail.outbox
    listed = re.findall(r"Statement (\d)\.", message.body)
    assert listed == ["4", "3", "2"]  # the newest said
    assert f"5 new statements; 2 more at {SITE}/quotes/?speaker=vladimir-putin" in (message.body)
    assert MailedStatement.objects.count() == 3
    # The two left for the link are not sent later either.
    assert send_alerts(now=NEXT_DAY + datetime.timedelta(days=1)).mails == 0


def test_the_lists_of_one_address_share_the_mails_statements_in_turn(settings, putin, energy):
    settings.VERBATIM_ALERT_STATEMENTS_PER_MAIL = 4
    follows(query="speaker=vladimir-putin")
    follows(query="topic=energy")
    later = CONFIRMED + datetime.timedelta(hours=2)
    for number in range(4):
        published(later, speaker=putin, text=f"Putin {number}.")
        published(later, text=f"Energy {number}.").topics.add(energy)
    send_alerts(now=NEXT_DAY)
    [message] = mail.outbox
    assert len(re.findall(r"Putin \d\.", message.body)) == 2
    assert len(re.findall(r"Energy \d\.", message.body)) == 2


def test_every_digest_carries_a_one_click_unsubscribe(putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    send_alerts(now=NEXT_DAY)
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(SITE)}/follow/stop/[^/\s>]+/>", header)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in message.body and header[1:-1] in html_part(message)
    # Every header on one line: nothing a leader's name holds can start another.
    assert "\n" not in message.subject


def test_a_digest_has_a_plain_text_and_an_html_part_with_absolute_links(putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin, text="Words <b>& more</b>.")
    send_alerts(now=NEXT_DAY)
    [message] = mail.outbox
    html = html_part(message)
    assert "Words <b>& more</b>." in message.body  # plain text is not escaped
    assert "Words &lt;b&gt;&amp; more&lt;/b&gt;." in html  # HTML is
    for link in re.findall(r'href="([^"]+)"', html):
        assert link.startswith(f"{SITE}/")


def test_the_digests_queries_do_not_grow_with_the_statements(putin, energy):
    def queries_for(statements: int) -> int:
        Follower.objects.all().delete()
        follows(query="speaker=vladimir-putin")
        follows(query="topic=energy")
        for _ in range(statements):
            published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin).topics.add(energy)
        with CaptureQueriesContext(connection) as queries:
            send_alerts(now=NEXT_DAY)
        return len(queries)

    assert queries_for(1) == queries_for(8)


class RefusingMailServer(MemoryBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


def test_a_digest_the_server_refuses_is_tried_again_next_time(settings, putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    settings.EMAIL_BACKEND = "tests.test_alerts.RefusingMailServer"
    report = send_alerts(now=NEXT_DAY)
    assert (report.mails, report.addresses_refused) == (0, 1)
    assert not MailedStatement.objects.exists()
    assert FollowedList.objects.get().mailed_until == CONFIRMED  # the decision undone
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_alerts(now=NEXT_DAY).mails == 1


def test_a_mail_server_that_fails_stops_the_run_and_keeps_what_was_not_sent(settings, putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    settings.EMAIL_BACKEND = "tests.test_alerts.BrokenMailServer"
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_alerts(now=NEXT_DAY)
    assert not MailedStatement.objects.exists()
    assert FollowedList.objects.get().mailed_until == CONFIRMED


def test_a_list_whose_filters_no_longer_hold_sends_nothing_and_breaks_nothing(putin):
    follows(email="a@example.org", query="speaker=someone-removed")
    follows(email="b@example.org", query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    report = send_alerts(now=NEXT_DAY)
    assert report.mails == 1
    assert [message.to for message in mail.outbox] == [["b@example.org"]]


def test_the_run_deletes_sign_ups_left_unconfirmed_and_old_attempts(client, putin):
    now = NEXT_DAY + datetime.timedelta(days=10)
    stale = follows(email="stale@example.org", confirmed_at=None)
    FollowedList.objects.filter(pk=stale.pk).update(created_at=now - datetime.timedelta(days=4))
    Follower.objects.filter(email="stale@example.org").update(
        created_at=now - datetime.timedelta(days=4)
    )
    fresh = follows(email="fresh@example.org", confirmed_at=None)
    FollowedList.objects.filter(pk=fresh.pk).update(created_at=now - datetime.timedelta(days=2))
    kept = follows(email="kept@example.org")
    FollowAttempt.objects.create(
        client_key="a", address_key="b", made_at=now - datetime.timedelta(days=2)
    )
    FollowAttempt.objects.create(client_key="c", address_key="d", made_at=now)
    report = send_alerts(now=now)
    assert report.unconfirmed_deleted == 1
    assert set(Follower.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "kept@example.org",
    }
    assert set(FollowedList.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert list(FollowAttempt.objects.values_list("client_key", flat=True)) == ["c"]


def test_the_command_sends_the_digests_and_says_what_it_did(putin):
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    output = []

    class Out:
        def write(self, text):
            output.append(text)

    call_command("send_alerts", stdout=Out())
    assert len(mail.outbox) == 1
    assert "1 digest(s) sent listing 1 statement(s)" in "".join(output)


def test_a_publication_through_review_reaches_the_digest(putin):
    follows(query="speaker=vladimir-putin", confirmed_at=timezone.now())
    draft = StatementFactory(speaker=putin, text="Through review.", status=Statement.Status.DRAFT)
    CitationFactory(statement=draft)
    publish(draft, make_reviewer())
    later = timezone.now() + SETTLE + datetime.timedelta(seconds=1)
    send_alerts(now=later)
    [message] = mail.outbox
    assert "Through review." in message.body


# Stopping


def stop_link(**target) -> str:
    return path_of(links.stop_url(**target))


def test_a_stop_link_asks_first(client, putin):
    followed = follows(query="speaker=vladimir-putin")
    response = client.get(stop_link(followed_list=followed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop sending new statements on Speaker: Vladimir Putin to reader@example.org?" in html
    assert FollowedList.objects.filter(pk=followed.pk).exists()


def test_one_click_unsubscribe_posts_without_csrf_and_deletes_the_address(putin):
    followed = follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    send_alerts(now=NEXT_DAY)
    assert MailedStatement.objects.exists()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path_of(header),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follower.objects.exists()
    assert not FollowedList.objects.filter(pk=followed.pk).exists()
    assert not MailedStatement.objects.exists()
    again = mail_program.post(path_of(header))
    assert again.status_code == 200
    assert "nothing left to stop" in again.content.decode()


def test_stopping_one_list_keeps_the_others_and_the_last_takes_the_address(client, putin):
    first = follows(query="speaker=vladimir-putin")
    second = follows(query="")
    response = client.post(stop_link(followed_list=first))
    assert "No more e-mails about Speaker: Vladimir Putin." in response.content.decode()
    assert list(FollowedList.objects.all()) == [second]
    assert Follower.objects.filter(email="reader@example.org").exists()
    response = client.post(stop_link(followed_list=second))
    assert "has been deleted" in response.content.decode()
    assert not Follower.objects.exists()


def test_each_list_in_a_digest_has_its_own_stop_link(putin, energy):
    follows(query="speaker=vladimir-putin")
    follows(query="topic=energy")
    statement = published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    statement.topics.add(energy)
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin, text="Other words.")
    send_alerts(now=NEXT_DAY)
    [message] = mail.outbox
    stops = {url for url in links_in(message.body) if "/follow/stop/" in url}
    assert len(stops) == 3  # each list's, and everything's


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps(["list", 1], salt=links.CONFIRM_SALT),
        signing.dumps(["everything", 1], salt=links.STOP_SALT),
        signing.dumps(["list", "1"], salt=links.STOP_SALT),
        signing.dumps({"list": 1}, salt=links.STOP_SALT),
    ],
)
def test_a_forged_stop_link_is_refused(client, putin, token):
    follows()
    for response in (client.get(f"/follow/stop/{token}/"), client.post(f"/follow/stop/{token}/")):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert FollowedList.objects.exists()


# Running at the same time (PostgreSQL: row locks)


class BlockingMailServer(MemoryBackend):
    """Holds its first mail until told to go on, so that another run can start meanwhile."""

    sending = threading.Event()
    go_on = threading.Event()

    def send_messages(self, messages):
        self.sending.set()
        assert self.go_on.wait(timeout=30)
        return super().send_messages(messages)


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_statement_once():
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")
    follows(query="speaker=vladimir-putin")
    published(CONFIRMED + datetime.timedelta(hours=2), speaker=putin)
    BlockingMailServer.sending.clear()
    BlockingMailServer.go_on.clear()
    first_report = {}

    def first_run():
        try:
            first_report["report"] = send_alerts(now=NEXT_DAY, connection=BlockingMailServer())
        finally:
            connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert BlockingMailServer.sending.wait(timeout=30)
        # The first run holds the address while it sends: the second passes over it.
        second = send_alerts(now=NEXT_DAY)
    finally:
        BlockingMailServer.go_on.set()
        thread.join(timeout=30)
    assert second.mails == 0 and second.addresses_passed_over == 1
    assert first_report["report"].mails == 1
    assert len(mail.outbox) == 1
    # Once the first run is done, another finds the list moved on.
    assert send_alerts(now=NEXT_DAY).mails == 0
    assert len(mail.outbox) == 1


# Hostile input, generated


@given(query=st.one_of(percent_garbage(), hostile_text(max_size=200)))
def test_any_query_string_gets_the_form_or_a_400_and_a_canonical_list(client, putin, query):
    response = client.get(f"/follow/?{query}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        hidden = re.search(r'name="list" value="([^"]*)"', response.content.decode())
        canonical = hidden[1].replace("&amp;", "&") if hidden else ""
        assert canonical_query(canonical) == canonical


@given(
    email=st.one_of(
        st.emails().map(str),
        st.text(ANY_CHARACTER, max_size=300),
        st.builds(lambda a, b: f"{a}@{b}", hostile_text(max_size=80), hostile_text(max_size=80)),
    ),
    query=st.one_of(st.just("speaker=vladimir-putin"), percent_garbage()),
)
def test_any_address_and_list_sent_get_a_page_never_a_server_error(putin, email, query):
    response = Client().post("/follow/", {"email": email, "list": query}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code in (303, 400, 429)
    for message in mail.outbox:
        assert "\n" not in message.to[0] and "\r" not in message.to[0]
    FollowAttempt.objects.all().delete()  # the limits are tested above, not here


def test_a_query_as_a_link_would_write_it_is_the_same_list(putin):
    query = urlencode({"speaker": "Vladimir Putin", "date_from": "2025-01-01"})
    assert canonical_query(query) == "date_from=2025-01-01&speaker=vladimir-putin"


def test_the_pages_a_mail_links_to_need_no_account(client, db):
    followed = follows(confirmed_at=None)
    stop_everything = stop_link(follower=followed.follower)
    for path in ("/follow/", "/follow/sent/", confirm_link(followed), stop_everything):
        assert client.get(path).status_code == 200


def test_the_benchmarks_lists_are_lists_a_reader_can_follow(putin, energy):
    import random

    from benchmarks.bench_alerts import followed_queries

    published(CONFIRMED, speaker=putin).topics.add(energy)
    queries = followed_queries(random.Random(1), 14)
    assert "speaker=vladimir-putin" in queries and "topic=energy" in queries
    for query in queries:
        canonical_query(query)  # refused lists would raise


# E-mail settings


def email_settings(**env) -> str:
    from tests.test_settings import manage

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.DEFAULT_FROM_EMAIL, sep='|')",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_development_prints_mails_and_production_sends_them_by_smtp():
    from tests.test_settings import PRODUCTION

    assert email_settings(DEBUG="1").startswith("django.core.mail.backends.console.EmailBackend|")
    production = {**PRODUCTION, "SITE_URL": "https://verbatim.example.org"}
    assert email_settings(**production, EMAIL_HOST="smtp.example.org", EMAIL_PORT="587") == (
        "django.core.mail.backends.smtp.EmailBackend|smtp.example.org|587|"
        "Verbatim <alerts@verbatim.example.org>"
    )
    assert email_settings(**production).startswith(
        "django.core.mail.backends.smtp.EmailBackend|localhost|25|"
    )


def test_tls_and_ssl_together_are_refused():
    from tests.test_settings import manage

    result = manage("check", DEBUG="1", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr
