"""RSS and Atom feeds of the published record: of every statements list as a reader filtered
it (the statements list and its searches, a leader's, a topic's and a source's statements), and
of the corrections.

A list's feed holds the list's `FEED_SIZE` newest statements with the same filters: the page's
own filter classes, less the order (quotes/public/filters.py), applied by the same
`apply_filters`, with the page's `ids_first` paging (so the same indexes serve both); input the
list would refuse answers 400 with the reason, never an unfiltered feed. A feed follows what is
new, so a search its page ranks by relevance gives its newest matches. Its title says what it
follows ("Verbatim: statements by Vladimir Putin about Energy since 1 June 2025").
"""

import datetime
import io
from dataclasses import dataclass

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django_countries import countries

from quotes.models import Citation, Leader, Source, Statement, as_record_id
from quotes.public import licence
from quotes.public.filters import (
    LeaderStatementFeedFilter,
    StatementFeedFilter,
    TopicStatementFeedFilter,
    apply_filters,
    refusal,
    topic_choices,
)
from quotes.public.pagination import CURSOR_PARAMETERS, NEWEST_FIRST, first_rows
from quotes.record.addresses import address
from quotes.record.cache_scopes import REFERENCE
from quotes.record.corrections import change_lines, change_text, public_corrections
from quotes.record.text import xml_safe
from quotes.record.versions import PAGE_CACHE_SECONDS, scope_stamp

FEED_SIZE = 50


def feed_statements():
    """Published statements as a feed lists them; `item_statements` fetches what an item shows
    for the items not cached."""
    return Statement.objects.published().for_cards()


def item_statements():
    """Published statements with what a feed item shows: the speaker, the publishers and the
    corrections."""
    citations = Prefetch("citations", queryset=Citation.objects.select_related("source"))
    return feed_statements().prefetch_related(citations, "corrections")


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

    def write(self, outfile, encoding):
        # Written in memory, then to the response at once: the XML writer writes each tag and
        # text apart, some 1,400 pieces for fifty items, and each went through the response's
        # own `write`.
        written = io.BytesIO()
        super().write(written, encoding)
        outfile.write(written.getvalue())


class SafeRssFeed(XMLSafeFeed, Rss201rev2Feed):
    pass


class SafeAtomFeed(XMLSafeFeed, Atom1Feed):
    pass


def made_on(correction) -> str:
    return date_format(timezone.localtime(correction.made_at), "j F Y")


SYNDICATIONS = {"rss": SafeRssFeed, "atom": SafeAtomFeed}
EVERY_STATEMENT = "What world leaders said, newest first, each with its sources."


def _names(people) -> str:
    names = [person.name for person in people]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def list_subject(chosen: dict, *, speakers=(), topic=None) -> str:
    """What a list holds, in words, from its filters' cleaned values and what its page fixes:
    "statements by Vladimir Putin about Energy since 1 June 2025"; "" for every statement."""
    words = []
    speakers = list(speakers) or list(chosen.get("speaker") or ())
    if speakers:
        words.append(f"by {_names(speakers)}")
    if chosen.get("country"):
        country = countries.name(chosen["country"]) or chosen["country"]
        words.append(f"{'of' if speakers else 'by leaders of'} {country}")
    if chosen.get("mentioned"):
        words.append(f"mentioning {chosen['mentioned'].name}")
    topic = topic or chosen.get("topic")
    if topic:
        words.append(f"about {topic.name}")
    if chosen.get("q"):
        words.append(f"matching “{' '.join(chosen['q'].split())}”")
    if chosen.get("publisher"):
        words.append(f"reported by {chosen['publisher']}")
    start, end = chosen.get("date_from"), chosen.get("date_to")
    if start and end:
        words.append(f"from {_day(start)} to {_day(end)}")
    elif start:
        words.append(f"since {_day(start)}")
    elif end:
        words.append(f"until {_day(end)}")
    kinds = [
        str(dict(choices)[chosen[name]]).lower()
        for name, choices in (
            ("kind", Statement.Kind.choices),
            ("channel", Statement.Channel.choices),
            ("verification", Statement.Verification.choices),
        )
        if chosen.get(name)
    ]
    if kinds:
        words.append(f"({', '.join(kinds)})")
    return " ".join(["statements", *words]) if words else ""


def list_title(subject: str) -> str:
    return f"Verbatim: {subject}" if subject else "Verbatim: the latest statements"


def feed_query(query: QueryDict) -> QueryDict:
    """A list's query as its feed takes it: the filters, without the page or the order."""
    kept = query.copy()
    for name in (*CURSOR_PARAMETERS, "sort"):
        kept.pop(name, None)
    return kept


def _with_query(path: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def follow_links(request, filterset, feed_name: str, *args, download_filters=None, **fixed):
    """The addresses that follow a list as the reader filtered it (its RSS and Atom feeds, with
    the feeds' title) and, given `download_filters` (what the page fixes, as the download's
    filters), that download it; None while the list refuses its filters.

    `fixed`: what the page itself fixes, as `list_subject` takes it (speakers, topic).
    """
    if refusal(filterset) is not None:
        return None
    query = feed_query(request.GET)
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    links = {
        "title": list_title(list_subject(chosen, **fixed)),
        "rss": _with_query(address(f"quotes:{feed_name}", *args), query),
        "atom": _with_query(address(f"quotes:{feed_name}_atom", *args), query),
    }
    if download_filters is not None:
        download = QueryDict(mutable=True)
        download.update(download_filters)
        for name, values in query.lists():
            download.setlist(name, values)
        links["downloads"] = [
            (label, _with_query(address("quotes:download", data_format), download))
            for label, data_format in (("CSV", "csv"), ("JSON", "json"), ("JSON Lines", "jsonl"))
        ]
    return links


@dataclass
class FollowedList:
    """One statements list as a feed follows it."""

    statements: QuerySet  # the filtered statements, in any order
    ids_first: bool  # whether the list finds its page's ids first (`pagination.first_rows`)
    subject: str
    link: str  # the list's page, with the filters
    feed_url: str  # the feed's own address


class FiltersRefused(Exception):
    pass


class StatementsFeed(Feed):
    """The statements list, searches included, as a feed (`/quotes/feed.rss?speaker=…`).

    `syndication` is "rss" or "atom". Subclasses name the list they follow in `followed()`.
    """

    filterset_class = StatementFeedFilter

    def __init__(self, syndication: str = "rss"):
        self.feed_type = SYNDICATIONS[syndication]

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except FiltersRefused as refused:
            return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")

    def followed(self, request, *args, **kwargs) -> tuple[QuerySet, str, dict]:
        """The list's statements before the reader's filters, the address of its page, and
        what the page fixes (as `list_subject` takes it)."""
        return feed_statements(), reverse("quotes:statement_list"), {}

    def get_object(self, request, *args, **kwargs) -> FollowedList:
        statements, page, fixed = self.followed(request, *args, **kwargs)
        filterset, rows = apply_filters(self.filterset_class, request, statements)
        problem = refusal(filterset)
        if problem is not None:
            raise FiltersRefused(problem)
        chosen = filterset.form.cleaned_data if filterset.is_bound else {}
        return FollowedList(
            statements=rows,
            ids_first=filterset.narrows_to_several_speakers(),
            subject=list_subject(chosen, **fixed),
            link=_with_query(page, request.GET),
            # The query too (Django's default is the path alone): each filtered feed is its own.
            feed_url=request.get_full_path(),
        )

    def get_feed(self, followed, request):
        """The feed, its items added from what each shows, kept per statement as its card is.

        Django's syndication asks the feed for each of some fifteen fields of each of fifty
        items (`_get_dynamic_attr`), and each item needed its citations and corrections: the
        items' fields are worked out once per state of the statement (`item_fields`) and
        added as they are. `items()` gives none to the framework for that reason.
        """
        feed = super().get_feed(followed, request)
        domain, secure = get_current_site(request).domain, request.is_secure()
        for fields in self.items_fields(followed):
            link = add_domain(domain, fields["path"], secure)
            feed.add_item(
                title=fields["title"],
                link=link,
                description=fields["description"],
                unique_id=link,
                unique_id_is_permalink=None,
                enclosures=[],
                pubdate=fields["pubdate"],
                updateddate=fields["updateddate"],
                author_name=fields["author_name"],
                author_email=None,
                author_link=None,
                comments=None,
                categories=None,
                item_copyright=None,
            )
        return feed

    def items(self, followed):
        return ()  # added by `get_feed`, from `items_fields`

    def items_fields(self, followed) -> list[dict]:
        """What each of the list's `FEED_SIZE` newest statements shows as an item, newest first:
        from the cache, keyed as the cards are on the statement's `updated_at` (which its
        citations and corrections move on) and the names' version ("reference"); the others
        fetched with their citations and corrections, and kept."""
        newest = followed.statements.order_by(*NEWEST_FIRST).values_list("pk", "updated_at")
        rows = first_rows(newest, FEED_SIZE, ids_first=followed.ids_first)
        stamp = scope_stamp([REFERENCE])
        keys = [f"feed-item:{stamp}:{pk}:{changed.timestamp():.6f}" for pk, changed in rows]
        cached = cache.get_many(keys)
        missing = {pk: key for (pk, _), key in zip(rows, keys, strict=True) if key not in cached}
        if missing:
            fetched = item_statements().filter(pk__in=list(missing))
            made = {missing[statement.pk]: self.item_fields(statement) for statement in fetched}
            cache.set_many(made, PAGE_CACHE_SECONDS)
            cached.update(made)
        return [cached[key] for key in keys if key in cached]

    def item_fields(self, statement) -> dict:
        return {
            "title": self.item_title(statement),
            "path": statement.get_absolute_url(),
            "description": self.item_description(statement),
            "pubdate": self.item_pubdate(statement),
            "updateddate": self.item_updateddate(statement),
            "author_name": self.item_author_name(statement),
        }

    def title(self, followed):
        return list_title(followed.subject)

    def link(self, followed):
        return followed.link

    def feed_url(self, followed):
        return followed.feed_url

    def description(self, followed):
        if not followed.subject:
            return EVERY_STATEMENT
        return f"{capfirst(followed.subject)}, newest first, each with its sources."

    def subtitle(self, followed):  # Atom's name for the description
        return self.description(followed)

    def feed_copyright(self, followed):
        return licence.notice()

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


class LeaderFeed(StatementsFeed):
    """A leader's statements (`/leaders/<slug>/feed.rss`), with the leader page's filters."""

    filterset_class = LeaderStatementFeedFilter

    def followed(self, request, slug):
        leader = get_object_or_404(Leader, slug=slug)
        statements = feed_statements().spoken_by([leader.pk])
        return statements, leader.get_absolute_url(), {"speakers": [leader]}


class TopicFeed(StatementsFeed):
    """A topic's statements (`/topics/<slug>/feed.rss`), with the topic page's filters."""

    filterset_class = TopicStatementFeedFilter

    def followed(self, request, slug):
        topic = get_object_or_404(topic_choices(), slug=slug)
        return feed_statements().about(topic), topic.get_absolute_url(), {"topic": topic}


def source_subject(source) -> str:
    return f"statements cited from “{source.title}” ({source.publisher})"


class SourceFeed(StatementsFeed):
    """The statements a source carries (`/sources/<id>/feed.rss`): those of its page, which
    has no filters, newest first."""

    def get_object(self, request, pk):
        source_id = as_record_id(pk)
        source = Source.objects.filter(pk=source_id).first() if source_id else None
        statements = feed_statements().filter(citations__source=source_id)
        if source is None or not statements.exists():
            raise Http404("No published statement cites this source.")
        return FollowedList(
            statements=statements,
            ids_first=False,
            subject=source_subject(source),
            link=source.get_absolute_url(),
            feed_url=request.path,
        )


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

    def feed_copyright(self):
        return licence.notice()

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
