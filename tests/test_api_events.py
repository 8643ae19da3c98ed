"""Events in the API: each statement names the event it is an account of, and
/api/v1/events/ lists the public events with their participants and every side's account."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotes.models import Event, Statement
from tests.factories import LeaderFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

CALL_DAY = datetime.date(2025, 6, 4)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def call():
    trump = LeaderFactory(name="Donald Trump", slug="donald-trump", country="US")
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    event = Event.objects.create(
        title="Phone call between Donald Trump and Vladimir Putin",
        slug="trump-putin-call",
        kind=Event.Kind.PHONE_CALL,
        date=CALL_DAY,
        place="By telephone",
    )
    event.participants.set([trump, putin])
    readout = SourceFactory(publisher="Kremlin", title="Telephone conversation")
    event.sources.set([readout])
    post = StatementFactory(
        speaker=trump,
        text="It was a good conversation, but not one that will lead to immediate peace.",
        date_said=CALL_DAY,
        channel=Statement.Channel.SOCIAL_MEDIA,
        event=event,
    )
    account = StatementFactory(
        speaker=putin,
        text="Russia will have to respond to the recent attack on its airfields.",
        date_said=CALL_DAY,
        channel=Statement.Channel.WRITTEN_STATEMENT,
        relayed_by="Kremlin",
        event=event,
    )
    draft = StatementFactory(
        speaker=putin,
        text="A draft nobody outside the newsroom may read.",
        date_said=CALL_DAY,
        status=Statement.Status.DRAFT,
        event=event,
    )
    return {"event": event, "post": post, "account": account, "draft": draft, "putin": putin}


def test_a_statement_names_its_event_and_one_without_says_null(client, call):
    alone = StatementFactory(text="Words said at no recorded event.")

    body = get(client, f"/api/v1/statements/{call['post'].pk}/")
    assert body["event"]["title"] == "Phone call between Donald Trump and Vladimir Putin"
    assert body["event"]["slug"] == "trump-putin-call"
    assert body["event"]["kind"] == "phone_call"
    assert body["event"]["date"] == "2025-06-04"
    assert body["event"]["url"].endswith("/events/trump-putin-call/")
    assert body["event"]["api_url"].endswith("/api/v1/events/trump-putin-call/")
    assert get(client, f"/api/v1/statements/{alone.pk}/")["event"] is None


def test_renaming_an_event_reaches_the_statements_kept_in_the_cache(client, call):
    url = f"/api/v1/statements/{call['post'].pk}/"
    assert get(client, url)["event"]["title"].startswith("Phone call")
    event = call["event"]
    event.title = "Call between the presidents of the United States and Russia"
    event.save()

    assert get(client, url)["event"]["title"] == event.title


def test_the_events_list_shows_public_events_with_their_participants(client, call):
    drafts_only = Event.objects.create(
        title="A meeting only drafts give an account of",
        slug="unpublished-meeting",
        kind=Event.Kind.MEETING,
        date=CALL_DAY,
    )
    drafts_only.participants.set([call["putin"]])
    StatementFactory(speaker=call["putin"], status=Statement.Status.DRAFT, event=drafts_only)

    rows = get(client, "/api/v1/events/")["results"]

    assert [row["slug"] for row in rows] == ["trump-putin-call"]
    assert [leader["slug"] for leader in rows[0]["participants"]] == [
        "donald-trump",
        "vladimir-putin",
    ]
    statements = client.get(rows[0]["statements_url"]).json()["results"]
    assert {row["id"] for row in statements} == {call["post"].pk, call["account"].pk}
    assert client.get("/api/v1/events/unpublished-meeting/").status_code == 404


def test_the_events_list_filters_by_participant_and_kind_and_explains_a_refusal(client, call):
    LeaderFactory(name="Pope Leo XIV", slug="pope-leo-xiv")
    assert len(get(client, "/api/v1/events/", leader="vladimir-putin")["results"]) == 1
    assert get(client, "/api/v1/events/", leader="pope-leo-xiv")["results"] == []
    assert len(get(client, "/api/v1/events/", kind="phone_call")["results"]) == 1
    assert get(client, "/api/v1/events/", kind="summit")["results"] == []

    refused = client.get("/api/v1/events/", {"leader": "nobody-at-all", "kind": "party"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "No leader called “nobody-at-all”." in text
    assert "“party” is not a kind of event." in text


def test_an_event_holds_every_sides_published_account_and_its_sources(client, call):
    body = get(client, "/api/v1/events/trump-putin-call/")

    assert [row["id"] for row in body["statements"]] == [call["post"].pk, call["account"].pk]
    kremlin = body["statements"][1]
    assert kremlin["speaker"]["slug"] == "vladimir-putin"
    assert kremlin["channel"] == "written_statement"
    assert kremlin["relayed_by"] == "Kremlin"
    assert call["draft"].text not in str(body)
    assert [source["publisher"] for source in body["sources"]] == ["Kremlin"]


def test_an_event_costs_the_same_queries_for_more_accounts(client, call):
    def queries_for_event():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            get(client, "/api/v1/events/trump-putin-call/")
        return len(captured)

    few = queries_for_event()
    for _ in range(5):
        StatementFactory(speaker=call["putin"], date_said=CALL_DAY, event=call["event"])
    assert queries_for_event() == few
