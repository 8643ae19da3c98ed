"""RSS and Atom feeds of the published record: everything, and one leader's statements."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from quotes.models import Citation, Leader, Statement

FEED_SIZE = 50


def feed_statements():
    """Published statements with what a feed item shows: the speaker and the publishers."""
    citations = Prefetch("citations", queryset=Citation.objects.select_related("source"))
    return Statement.objects.published().for_cards().prefetch_related(citations)


class LatestStatementsFeed(Feed):
    title = "Verbatim: the latest statements"
    link = "/quotes/"
    description = "What world leaders said, newest first, each with its sources."

    def items(self):
        return feed_statements().newest_first()[:FEED_SIZE]

    def item_title(self, statement):
        return f"{statement.speaker.name}: “{Truncator(statement.text).chars(100)}”"

    def item_description(self, statement):
        sources = ", ".join(citation.source.publisher for citation in statement.citations.all())
        parts = [
            f"“{statement.text}”",
            f"— {statement.speaker.name}, {statement.date_said_display}",
        ]
        if statement.relayed_by:
            parts.append(f"Relayed by {statement.relayed_by}.")
        if sources:
            parts.append(f"Sources: {sources}.")
        return "\n".join(parts)

    def item_pubdate(self, statement):
        return timezone.make_aware(
            datetime.datetime.combine(statement.date_said, datetime.time()),
            datetime.UTC,
        )

    def item_updateddate(self, statement):
        return statement.updated_at

    def item_author_name(self, statement):
        return statement.speaker.name


class LatestStatementsAtomFeed(LatestStatementsFeed):
    feed_type = Atom1Feed
    subtitle = LatestStatementsFeed.description


class LeaderStatementsFeed(LatestStatementsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Leader, slug=slug)

    def title(self, leader):
        return f"Verbatim: statements by {leader.name}"

    def link(self, leader):
        return leader.get_absolute_url()

    def description(self, leader):
        return f"What {leader.name} said, newest first, each with its sources."

    def items(self, leader):
        return feed_statements().filter(speaker=leader).newest_first()[:FEED_SIZE]
