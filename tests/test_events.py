"""Events: a call, a meeting, a speech, with each participant's account side by side.

The rules of the record (who may give an account of an event, and when), the event's page and
the list of events (published statements only), events on leader and statement pages, in the
statement filters and in search, the demo's two phone calls, the admin and the import, and the
cached pages an event's changes reach.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quotes.editorial.importer import AcceptedCandidate, ImportRejected, SourceData
from quotes.editorial.importer import import_statements as run_import
from quotes.models import CacheScope, Event, Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    SourceFactory,
    StatementFactory,
    make_editor,
)

pytestmark = pytest.mark.django_db

CALL_DAY = datetime.date(2025, 6, 4)


def make_event(participants, **fields) -> Event:
    values = {
        "title": "Phone call between Donald Trump and Vladimir Putin",
        "slug": "trump-putin-call",
        "kind": Event.Kind.PHONE_CALL,
        "date": CALL_DAY,
        "place": "By telephone",
        **fields,
    }
    event = Event.objects.create(**values)
    event.participants.set(participants)
    return event


@pytest.fixture
def leaders():
    return {
        "trump": LeaderFactory(name="Donald Trump", slug="donald-trump", country="US"),
        "putin": LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU"),
        "pope": LeaderFactory(name="Pope Leo XIV", slug="pope-leo-xiv", country="VA"),
    }


@pytest.fixture
def call(leaders):
    """The call, with Putin's readout and two words of Trump's post published, and a draft."""
    event = make_event([leaders["trump"], leaders["putin"]])
    statements = {
        "post": StatementFactory(
            speaker=leaders["trump"],
            text="It was a good call, but not a call that will bring instant Peace.",
            channel=Statement.Channel.SOCIAL_MEDIA,
            channel_detail="Truth Social",
            event=event,
        ),
        "later": StatementFactory(
            speaker=leaders["trump"],
            text="President Putin did state, and very forcefully, that he will retaliate.",
            date_said=datetime.date(2025, 6, 5),
            event=event,
        ),
        "readout": StatementFactory(
            speaker=leaders["putin"],
            text="We will have to respond to the attack on the airfields.",
            channel=Statement.Channel.PHONE_CALL,
            relayed_by="a Kremlin readout",
            event=event,
        ),
        "draft": StatementFactory(
            speaker=leaders["putin"],
            text="Words still being checked.",
            status=Statement.Status.DRAFT,
            event=event,
        ),
    }
    return {"event": event, **statements}


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def column_texts(response) -> list[tuple[str, list[str]]]:
    """Each column of the event's page: the participant, then the words of each statement."""
    return [
        (account.leader.name, [statement.text for statement in account.statements])
        for account in response.context["accounts"]
    ]


# --- the rules of the record ---------------------------------------------------------------


def test_a_statement_about_an_event_is_by_one_of_its_participants(leaders, call):
    outsider = StatementFactory(speaker=leaders["pope"], text="Peace be with you.")
    outsider.event = call["event"]
    with pytest.raises(ValidationError) as refused:
        outsider.full_clean()
    assert "Pope Leo XIV is not a participant" in refused.value.message_dict["event"][0]


def test_an_account_cannot_be_dated_before_the_event(leaders, call):
    early = Statement(
        speaker=leaders["trump"],
        text="I will call him tomorrow.",
        date_said=datetime.date(2025, 6, 3),
        event=call["event"],
    )
    with pytest.raises(ValidationError) as refused:
        early.full_clean()
    assert "took place on 4 June 2025" in refused.value.message_dict["date_said"][0]


def test_dates_known_to_the_month_compare_at_the_month(leaders, call):
    # "June 2025" is stored as 1 June: not before a call on 4 June, as far as anyone knows.
    account = Statement(
        speaker=leaders["trump"],
        text="We spoke this month.",
        date_said=datetime.date(2025, 6, 1),
        date_precision=Statement.DatePrecision.MONTH,
        event=call["event"],
    )
    account.full_clean()
    account.date_said = datetime.date(2025, 5, 1)
    with pytest.raises(ValidationError):
        account.full_clean()


def test_an_event_cannot_be_in_the_future(leaders):
    event = Event(
        title="A summit to come",
        slug="summit",
        kind=Event.Kind.SUMMIT,
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "future" in refused.value.message_dict["date"][0]


def test_an_event_with_statements_is_not_deleted(call):
    with pytest.raises(ProtectedError):
        call["event"].delete()
    assert Statement.objects.filter(event=call["event"]).count() == 4


def test_an_event_is_shown_with_its_date_as_precisely_as_it_is_known(leaders):
    event = make_event([leaders["trump"]], date_precision="month")
    assert str(event) == "Phone call between Donald Trump and Vladimir Putin, June 2025"


# --- the event's page ----------------------------------------------------------------------


def test_the_page_shows_each_participants_account_in_a_column_of_their_own(client, call):
    response = client.get("/events/trump-putin-call/")
    assert column_texts(response) == [
        ("Donald Trump", [call["post"].text, call["later"].text]),
        ("Vladimir Putin", [call["readout"].text]),
    ]
    html = page_text(response)
    assert html.count('class="event-account"') == 2
    assert "Truth Social" in html
    assert "Relayed by a Kremlin readout" in html


def test_the_columns_follow_the_participants_names_and_the_statements_their_dates(
    client, leaders, call
):
    # Added in the other order, and the later statement saved first: the page's order holds.
    zelenskyy = LeaderFactory(name="Aaron Zelenskyy", slug="aaron")
    call["event"].participants.add(zelenskyy)
    StatementFactory(speaker=zelenskyy, text="We were not asked.", event=call["event"])
    names = [name for name, _ in column_texts(client.get("/events/trump-putin-call/"))]
    assert names == ["Aaron Zelenskyy", "Donald Trump", "Vladimir Putin"]


def test_a_participant_without_a_published_account_has_an_empty_column(client, leaders):
    event = make_event([leaders["putin"], leaders["pope"]], slug="putin-pope-call")
    StatementFactory(speaker=leaders["putin"], text="Peace through diplomacy.", event=event)
    StatementFactory(
        speaker=leaders["pope"], text="Unchecked.", event=event, status=Statement.Status.DRAFT
    )
    response = client.get("/events/putin-pope-call/")
    assert column_texts(response) == [
        ("Pope Leo XIV", []),
        ("Vladimir Putin", ["Peace through diplomacy."]),
    ]
    assert "No published account from Pope Leo XIV is in the record." in page_text(response)


def test_drafts_are_never_on_the_page(client, call):
    html = page_text(client.get("/events/trump-putin-call/"))
    assert call["readout"].text in html
    assert call["draft"].text not in html


def test_an_event_only_drafts_belong_to_is_not_public(client, leaders):
    event = make_event([leaders["trump"]], slug="secret-call", title="A secret call")
    StatementFactory(speaker=leaders["trump"], event=event, status=Statement.Status.DRAFT)
    assert client.get("/events/secret-call/").status_code == 404
    assert "A secret call" not in page_text(client.get("/events/"))
    assert "A secret call" not in page_text(client.get("/leaders/donald-trump/"))


def test_an_unknown_event_is_not_found(client, db):
    assert client.get("/events/no-such-event/").status_code == 404


def test_the_page_costs_the_same_few_queries_for_3_statements_as_for_30(
    client, leaders, django_assert_max_num_queries
):
    event = make_event([leaders["trump"], leaders["putin"]])
    event.sources.add(SourceFactory())

    def add(count):
        for number in range(count):
            speaker = leaders["trump"] if number % 2 else leaders["putin"]
            CitationFactory(statement__speaker=speaker, statement__event=event)

    add(3)
    # The scopes, the event, its participants and sources, the statements, and the cards'
    # offices, topics and citations.
    with django_assert_max_num_queries(9) as few:
        page_text(client.get(event.get_absolute_url()))
    add(27)
    with django_assert_max_num_queries(9) as many:
        response = client.get(event.get_absolute_url())
    assert sum(len(statements) for _, statements in column_texts(response)) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_page_links_to_its_statements_in_the_filterable_list(client, call):
    html = page_text(client.get("/events/trump-putin-call/"))
    assert 'href="/quotes/?event=trump-putin-call"' in html


# --- the list of events --------------------------------------------------------------------


def test_the_list_shows_public_events_newest_first(client, leaders, call):
    older = make_event(
        [leaders["putin"], leaders["pope"]],
        slug="older-call",
        title="An older call",
        date=datetime.date(2025, 5, 20),
    )
    StatementFactory(speaker=leaders["pope"], event=older, date_said=datetime.date(2025, 5, 20))
    response = client.get("/events/")
    assert [event.slug for event in response.context["page"]] == ["trump-putin-call", "older-call"]


def test_the_list_of_a_leaders_events(client, leaders, call):
    other = make_event([leaders["putin"], leaders["pope"]], slug="putin-pope", title="Putin–Pope")
    StatementFactory(speaker=leaders["pope"], event=other)
    response = client.get("/events/", {"leader": "donald-trump"})
    assert [event.slug for event in response.context["page"]] == ["trump-putin-call"]
    assert client.get("/events/", {"leader": "nobody"}).status_code == 404


# --- events elsewhere on the site ----------------------------------------------------------


def test_the_statement_page_says_which_event_it_is_part_of(client, call):
    html = page_text(client.get(call["post"].get_absolute_url(), follow=True))
    assert re.search(
        r'Part of: <a href="/events/trump-putin-call/">Phone call between Donald Trump and '
        r"Vladimir Putin, 4 June 2025</a>",
        html,
    )


def test_the_leaders_pages_list_their_events(client, leaders, call):
    for slug in ("donald-trump", "vladimir-putin"):
        response = client.get(f"/leaders/{slug}/")
        assert [event.slug for event in response.context["events"]] == ["trump-putin-call"]
        assert 'href="/events/trump-putin-call/"' in page_text(response), slug
    response = client.get("/leaders/pope-leo-xiv/")
    assert response.context["events"] == []
    assert 'id="events-heading"' not in page_text(response)


def test_the_statement_list_filters_by_event(client, leaders, call):
    StatementFactory(speaker=leaders["trump"], text="Not about the call.")
    response = client.get("/quotes/", {"event": "trump-putin-call"})
    shown = {statement.pk for statement in response.context["page"]}
    assert shown == {call["post"].pk, call["later"].pk, call["readout"].pk}
    chips = response.context["filterset"].active_filters()
    assert [chip["value"] for chip in chips] == [
        "Phone call between Donald Trump and Vladimir Putin, 4 June 2025"
    ]


def test_an_unknown_or_unpublished_event_in_the_filter_is_an_error_not_a_500(client, leaders):
    secret = make_event([leaders["trump"]], slug="secret-call")
    StatementFactory(speaker=leaders["trump"], event=secret, status=Statement.Status.DRAFT)
    for value in ("no-such-event", "secret-call", "9" * 30):
        response = client.get("/quotes/", {"event": value})
        assert response.status_code == 200
        errors = response.context["filterset"].errors["event"]
        assert errors == [f"No event called “{value}” has a published statement."], value
        assert list(response.context["page"]) == []


def test_the_event_filter_offers_only_public_events(client, leaders, call):
    secret = make_event([leaders["trump"]], slug="secret-call", title="A secret call")
    StatementFactory(speaker=leaders["trump"], event=secret, status=Statement.Status.DRAFT)
    field = client.get("/quotes/").context["filterset"].form.fields["event"]
    assert [value for value, _ in field.choices if value] == ["trump-putin-call"]


def test_the_download_takes_the_event_filter_and_names_the_event(client, leaders, call):
    StatementFactory(speaker=leaders["trump"], text="Not about the call.")
    response = client.get("/data/statements.jsonl", {"event": "trump-putin-call"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
    assert all('"event": "trump-putin-call"' in line for line in lines)


def test_a_search_shows_the_events_whose_title_matches(client, leaders, call):
    secret = make_event([leaders["trump"]], slug="secret-call", title="A secret Putin call")
    StatementFactory(speaker=leaders["trump"], event=secret, status=Statement.Status.DRAFT)
    response = client.get("/quotes/", {"q": "Trump Putin call"})
    assert [event.slug for event in response.context["events_found"]] == ["trump-putin-call"]
    assert "Events matching" in page_text(response)
    assert list(client.get("/quotes/", {"q": "airfields"}).context["events_found"]) == []


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_holds_the_articles_two_calls_with_their_accounts(client):
    call_command("load_demo")
    trump_putin = Event.objects.get(slug="phone-call-donald-trump-vladimir-putin-2025-06-04")
    putin_pope = Event.objects.get(slug="phone-call-vladimir-putin-pope-leo-xiv-2025-06-04")
    assert sorted(trump_putin.participants.values_list("name", flat=True)) == [
        "Donald Trump",
        "Vladimir Putin",
    ]
    assert sorted(putin_pope.participants.values_list("name", flat=True)) == [
        "Pope Leo XIV",
        "Vladimir Putin",
    ]
    # Trump's post on Truth Social; the Kremlin's readout of the call with the Pope.
    assert column_texts(client.get(trump_putin.get_absolute_url()))[0][1][0].startswith(
        "I just finished speaking, by telephone"
    )
    pope_column, putin_column = column_texts(client.get(putin_pope.get_absolute_url()))
    assert pope_column == ("Pope Leo XIV", [])
    assert putin_column[1] == [
        "reaffirmed his interest in achieving peace through political and diplomatic means",
        "committing acts of sabotage on Russian civil infrastructure",
    ]
    for statement in Statement.objects.filter(event__isnull=False):
        statement.full_clean()  # every account keeps the rules of the record


def test_loading_the_demo_again_leaves_its_events_as_an_editor_left_them():
    call_command("load_demo")
    event = Event.objects.get(slug="phone-call-donald-trump-vladimir-putin-2025-06-04")
    event.title = "Call between Trump and Putin"
    event.save()
    detached = event.statements.get(text="immediate peace")
    detached.event = None
    detached.save()
    call_command("load_demo")
    event.refresh_from_db()
    assert event.title == "Call between Trump and Putin"
    assert not Statement.objects.get(pk=detached.pk).event_id
    assert Event.objects.count() == 2


# --- the admin and the import --------------------------------------------------------------


def test_an_editor_creates_an_event_with_its_history(client, leaders):
    editor = make_editor()
    client.force_login(editor)
    response = client.post(
        "/admin/quotes/event/add/",
        {
            "title": "Phone call between Vladimir Putin and Pope Leo XIV",
            "slug": "putin-pope-call",
            "kind": "phone_call",
            "date": "2025-06-04",
            "date_precision": "day",
            "participants": [leaders["putin"].pk, leaders["pope"].pk],
            "statements-TOTAL_FORMS": "0",
            "statements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="putin-pope-call")
    assert event.participants.count() == 2
    assert {entry.history_user for entry in event.history.all()} == {editor}


def test_the_admin_keeps_the_speakers_of_an_events_statements_among_its_participants(
    client, leaders, call
):
    client.force_login(make_editor())
    event = call["event"]
    response = client.post(
        f"/admin/quotes/event/{event.pk}/change/",
        {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "date": "2025-06-04",
            "date_precision": "day",
            "participants": [leaders["trump"].pk],
            "opened_version": event.version,
            "statements-TOTAL_FORMS": "0",
            "statements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["participants"]
    assert "Vladimir Putin spoke about this event" in errors[0]
    assert event.participants.count() == 2


def test_an_event_saved_from_a_stale_form_is_refused(client, leaders, call):
    client.force_login(make_editor())
    event = call["event"]
    opened = event.version
    event.place = "The Oval Office"
    event.save()
    response = client.post(
        f"/admin/quotes/event/{event.pk}/change/",
        {
            "title": "Another title",
            "slug": event.slug,
            "kind": event.kind,
            "date": "2025-06-04",
            "date_precision": "day",
            "participants": [leaders["trump"].pk, leaders["putin"].pk],
            "opened_version": opened,
            "statements-TOTAL_FORMS": "0",
            "statements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in page_text(response)
    event.refresh_from_db()
    assert event.title != "Another title"


ARTICLE = (
    "Donald Trump wrote: “It was a good call, but not a call that will bring instant Peace.”\n"
    "The Kremlin said Vladimir Putin told him: “We will have to respond.”\n"
    "The Pope said: “Peace be with you.”"
)


def candidate(words: str, speaker) -> AcceptedCandidate:
    start = ARTICLE.index(words)
    return AcceptedCandidate(
        text=words, parts=((start, start + len(words)),), date_said=CALL_DAY, speaker=speaker
    )


def import_about(event, candidates):
    return run_import(
        source_data=SourceData(
            url="https://news.example.com/the-call",
            title="The call",
            publisher="Example News",
            published_on=CALL_DAY,
            text=ARTICLE,
        ),
        candidates=candidates,
        editor=make_editor(),
        event=event,
    )


def test_the_import_makes_every_new_draft_an_account_of_the_chosen_event(leaders):
    event = make_event([leaders["trump"], leaders["putin"]])
    result = import_about(
        event,
        [
            candidate(
                "It was a good call, but not a call that will bring instant Peace.",
                leaders["trump"],
            ),
            candidate("We will have to respond.", leaders["putin"]),
        ],
    )
    assert [statement.event for statement in result.created] == [event, event]
    assert all(statement.status == Statement.Status.DRAFT for statement in result.created)


def test_the_import_refuses_an_event_one_of_whose_speakers_did_not_take_part(leaders):
    event = make_event([leaders["trump"], leaders["putin"]])
    with pytest.raises(ImportRejected) as refused:
        import_about(
            event,
            [
                candidate("We will have to respond.", leaders["putin"]),
                candidate("Peace be with you.", leaders["pope"]),
            ],
        )
    assert "Pope Leo XIV is not a participant" in str(refused.value)
    assert not Statement.objects.exists()  # all or nothing


def test_the_review_step_offers_the_events_and_saves_the_choice(client, leaders):
    event = make_event([leaders["trump"], leaders["putin"]])
    client.force_login(make_editor())
    words = "We will have to respond."
    start = ARTICLE.index(words)
    response = client.post(
        "/admin/quotes/statement/import/review/",
        {
            "source-url": "https://news.example.com/the-call",
            "source-title": "The call",
            "source-publisher": "Example News",
            "source-published_on": "2025-06-04",
            "source-author": "",
            "source-kind": "news",
            "source-text": ARTICLE,
            "source-event": event.slug,
            "candidates-TOTAL_FORMS": "1",
            "candidates-INITIAL_FORMS": "1",
            "candidates-MIN_NUM_FORMS": "0",
            "candidates-MAX_NUM_FORMS": "1000",
            "candidates-0-include": "on",
            "candidates-0-text": words,
            "candidates-0-parts": f"{start}-{start + len(words)}",
            "candidates-0-speaker": leaders["putin"].pk,
            "candidates-0-kind": "direct",
            "candidates-0-channel": "phone_call",
            "candidates-0-date_said": "2025-06-04",
            "action": "save",
        },
    )
    assert response.status_code == 302, [m.message for m in response.context["messages"]]
    assert Statement.objects.get(text=words).event == event


# --- which cached pages an event's changes reach -------------------------------------------


def queries_for(client, path) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


def served_from_cache(client, path) -> bool:
    count, _ = queries_for(client, path)
    # A statement's page first finds its scopes (its speaker, sources and event).
    return count <= (2 if path.startswith("/quotes/") and path != "/quotes/" else 1)


@pytest.fixture
def seen(page_cache, client, leaders, call):
    """Two events and the pages around them, each seen once so that it is in the cache."""
    other = make_event([leaders["putin"], leaders["pope"]], slug="putin-pope", title="Other call")
    other_statement = StatementFactory(speaker=leaders["pope"], text="Peace.", event=other)
    pages = {
        "event": "/events/trump-putin-call/",
        "events": "/events/",
        "list": "/quotes/",
        "post": call["post"].get_absolute_url(),
        "readout": call["readout"].get_absolute_url(),
        "trump": "/leaders/donald-trump/",
        "putin": "/leaders/vladimir-putin/",
        "pope": "/leaders/pope-leo-xiv/",
        "other event": "/events/putin-pope/",
        "other statement": other_statement.get_absolute_url(),
    }
    for path in pages.values():
        queries_for(client, path)
    return pages


def test_every_event_page_is_served_from_the_cache_once_seen(client, seen):
    for path in seen.values():
        assert served_from_cache(client, path), path


def test_a_publication_reaches_its_events_page_and_participants_and_no_other_event(
    client, leaders, call, seen
):
    CitationFactory(
        statement__speaker=leaders["putin"],
        statement__text="Brand new readout.",
        statement__event=call["event"],
        source=call["readout"].citations.get().source,  # a new source would reach every page
    )
    for name in ("event", "putin", "list"):
        _, html = queries_for(client, seen[name])
        assert "Brand new readout." in html, name
    for name in ("events", "trump"):  # they show the event, whose scopes moved on
        assert not served_from_cache(client, seen[name]), name
    for name in ("other event", "other statement", "pope"):
        assert served_from_cache(client, seen[name]), name


def test_a_statement_edited_or_withdrawn_reaches_its_events_page(client, call, seen):
    readout = call["readout"]
    readout.relayed_by = "the Kremlin's English site"
    readout.save()
    assert "the Kremlin&#x27;s English site" in queries_for(client, seen["event"])[1]
    readout.status = Statement.Status.DRAFT
    readout.save()
    _, html = queries_for(client, seen["event"])
    assert readout.text not in html
    assert served_from_cache(client, seen["other event"])


def test_a_renamed_event_reaches_its_statements_pages_and_not_the_others(client, call, seen):
    event = call["event"]
    event.title = "The call of 4 June"
    event.save()
    # Every list's filter offers the event by its title: the pope's page too.
    for name in ("event", "post", "readout", "events", "trump", "putin", "list", "pope"):
        _, html = queries_for(client, seen[name])
        assert "The call of 4 June" in html, name
    for name in ("other event", "other statement"):
        assert served_from_cache(client, seen[name]), name


def test_a_participant_added_reaches_their_page(client, leaders, call, seen):
    call["event"].participants.add(leaders["pope"])
    _, html = queries_for(client, seen["pope"])
    assert 'href="/events/trump-putin-call/"' in html
    _, html = queries_for(client, seen["event"])
    assert "No published account from Pope Leo XIV" in html


def test_an_event_only_drafts_belong_to_reaches_no_page(client, leaders, seen):
    before = list(CacheScope.objects.order_by("name").values_list("name", "version"))
    secret = make_event([leaders["trump"], leaders["pope"]], slug="secret", title="Secret")
    StatementFactory(speaker=leaders["pope"], event=secret, status=Statement.Status.DRAFT)
    secret.title = "Still secret"
    secret.save()
    secret.participants.remove(leaders["trump"])
    assert list(CacheScope.objects.order_by("name").values_list("name", "version")) == before
    for path in seen.values():
        assert served_from_cache(client, path), path


def test_the_benchmarks_requests_still_answer(client, leaders, call):
    from benchmarks.bench_events import requests

    StatementFactory(speaker=leaders["putin"], text="Translated words.", original_language="ko")
    for name, path in requests().items():
        assert client.get(path).status_code == 200, name
