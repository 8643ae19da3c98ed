"""Events in public: the list of events, and each event's page with every side's account.

When both sides of a call or a meeting publish their account, the two often differ; an event's
page puts the participants' published statements side by side, one column each, so that a
reader sees at once what each side said happened. Only events with a published statement are
shown (`Event.objects.public()`); the others are still the editors' work in progress.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from quotes.models import Event, Leader, Source, Statement
from quotes.public.cards import render_cards
from quotes.public.freshness import public_page
from quotes.public.pagination import PAGE_PARAMETER, paginate_by_number
from quotes.record.cache_scopes import EVENTS, event_scope

EVENTS_PER_PAGE = 50
LEADER_PARAMETER = "leader"


@dataclass
class Account:
    """One participant's column on an event's page: their published statements, oldest first."""

    leader: Leader
    statements: list[Statement]
    cards: list[tuple[Statement, str]] = field(default_factory=list)


def side_by_side(event: Event, statements: list[Statement]) -> list[Account]:
    """A column per participant, in order of name so that no side comes first by our choice,
    each with that participant's statements; a statement whose speaker is no longer a
    participant (the admin refuses that, the shell might not) gets a column of its own rather
    than disappearing."""
    participants = sorted(event.participants.all(), key=lambda leader: (leader.name, leader.pk))
    columns = {leader.pk: Account(leader, []) for leader in participants}
    for statement in statements:
        column = columns.setdefault(statement.speaker_id, Account(statement.speaker, []))
        column.statements.append(statement)
    return list(columns.values())


def with_participants(events):
    return events.prefetch_related(
        Prefetch("participants", queryset=Leader.objects.only("name", "slug").order_by("name"))
    )


@public_page(understands=(LEADER_PARAMETER, PAGE_PARAMETER), scopes=lambda request: (EVENTS,))
def event_list(request):
    events = with_participants(Event.objects.public().newest_first())
    leader = None
    if slug := request.GET.get(LEADER_PARAMETER):
        leader = get_object_or_404(Leader, slug=slug)
        events = events.filter(participants=leader)
    page = paginate_by_number(request, events, EVENTS_PER_PAGE)
    return render(request, "quotes/event_list.html", {"page": page, "leader": leader})


@public_page(scopes=lambda request, slug: (event_scope(slug),))
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.prefetch_related(
            "participants",
            Prefetch("sources", queryset=Source.objects.defer("text").order_by("publisher", "id")),
        ),
        slug=slug,
    )
    statements = list(
        Statement.objects.published().for_cards().filter(event=event).order_by("date_said", "id")
    )
    if not statements:
        raise Http404("No published statement belongs to this event.")
    accounts = side_by_side(event, statements)
    # Every column's cards in one go: their offices, topics and sources in three queries, not
    # three per participant.
    cards = dict(zip(statements, render_cards(statements, hide_speaker=True), strict=True))
    for account in accounts:
        account.cards = [(statement, cards[statement]) for statement in account.statements]
    return render(request, "quotes/event_detail.html", {"event": event, "accounts": accounts})


def events_of(leader: Leader, shown: int) -> dict:
    """For a leader's page: the newest `shown` public events they took part in, and whether
    there are more."""
    found = list(
        Event.objects.public()
        .filter(participants=leader)
        .newest_first()
        .only("title", "slug", "kind", "date", "date_precision")[: shown + 1]
    )
    return {"events": found[:shown], "more_events": len(found) > shown}
