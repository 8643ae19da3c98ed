"""RSS and Atom feeds of the published record: everything, one leader's statements, and the
corrections."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator

from quotes.models import Citation, Leader, Statement
from quotes.record.corrections import change_lines, change_text, public_corrections
from quotes.record.text import xml_safe

FEED_SIZE = 50


def feed_statements():
    """Published statements with what a feed item shows: the speaker and the publishers."""
    citations = Prefetch("citations", queryset=Citation.objects.select_related("source"))
    return Statement.objects.published().for_cards().prefetch_related(citations, "corrections")


def xml_safe_value(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_value(item) for item in value)
    return value


class XMLSafeFeed:
    """A feed writer that drops the characters XML 1.0 forbids from everything it writes.

    Django's writer raises on a control character, which would take the whole feed down for
    one bad statement. Validation keeps them out of the record (`CleanTextModel`), but not
    what was loaded around it (a bulk load, the shell, an old row).
    """

    def __init__(self, *args, **kwargs):
        args = [xml_safe_value(value) for value in args]
        super().__init__(*args, **{name: xml_safe_value(v) for name, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        args = [xml_safe_value(value) for value in args]
        super().add_item(*args, **{name: xml_safe_value(v) for name, v in kwargs.items()})


class SafeRssFeed(XMLSafeFeed, Rss201rev2Feed):
    pass


class SafeAtomFeed(XMLSafeFeed, Atom1Feed):
    pass


def made_on(correction) -> str:
    return date_format(timezone.localtime(correction.made_at), "j F Y")


class LatestStatementsFeed(Feed):
    feed_type = SafeRssFeed
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
        for correction in statement.corrections.all():
            parts.append(f"Corrected on {made_on(correction)}: {correction.note}")
        # Feed readers take the description as HTML: the words and notes are text.
        return "<br>".join(escape(part) for part in parts)

    def item_pubdate(self, statement):
        return timezone.make_aware(
            datetime.datetime.combine(statement.date_said, datetime.time()),
            datetime.UTC,
        )

    def item_updateddate(self, statement):
        # A correction is an update a reader's feed should show, even one recorded apart.
        corrections = statement.corrections.all()  # newest first
        if corrections and corrections[0].made_at > statement.updated_at:
            return corrections[0].made_at
        return statement.updated_at

    def item_author_name(self, statement):
        return statement.speaker.name


class LatestStatementsAtomFeed(LatestStatementsFeed):
    feed_type = SafeAtomFeed
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


class AtomWithContent(SafeAtomFeed):
    """Atom entries with a <content> beside the <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class CorrectionsFeed(Feed):
    feed_type = AtomWithContent
    title = "Verbatim: corrections"
    link = "/corrections/"
    subtitle = "Every correction to a published statement, newest first, with what changed."
    author_name = "Verbatim"

    def items(self):
        return public_corrections()[:FEED_SIZE]

    def item_title(self, correction):
        statement = correction.statement
        return f"{statement.speaker.name}: “{Truncator(statement.text).chars(80)}”"

    def item_description(self, correction):
        return escape(f"Corrected on {made_on(correction)}: {correction.note}")

    def item_extra_kwargs(self, correction):
        changes = format_html_join(
            "", "<li>{}</li>", ((change_text(line),) for line in change_lines(correction.changes))
        )
        return {
            "content": format_html(
                "<p>Corrected on {}: {}</p><ul>{}</ul>",
                made_on(correction),
                correction.note,
                changes,
            )
        }

    def item_link(self, correction):
        return correction.get_absolute_url()

    def item_pubdate(self, correction):
        return correction.made_at

    def item_updateddate(self, correction):
        return correction.made_at
