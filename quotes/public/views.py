"""The public site: the published record, browsable without JavaScript.

Views stay thin: each gathers a queryset, hands list filtering to `quotes.public.filters`, text
search
to `quotes.search` and paging to `quotes.public.pagination`, and renders a template. Only published
statements are ever shown; a draft's URL answers 404. Every list is built from
`Statement.objects.published().for_card_keys()`, and the cards (quotes/public/cards.py) fetch what
they show in a fixed few queries, so a page of twenty rows costs the same few queries as a page of
three, and fewer when its cards are cached.
"""

import datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quotes.models import Citation, Event, Leader, Source, Statement, as_record_id
from quotes.public.error_reports import (
    ErrorReportForm,
    local_path,
    published_statement,
    seconds_until_allowed,
    sender_key,
    too_many_reports_message,
)
from quotes.public.events import events_of
from quotes.public.feeds import follow_links, list_title, source_subject
from quotes.public.filters import (
    DownloadFilter,
    LeaderFilter,
    LeaderStatementFilter,
    StatementFilter,
    TopicStatementFilter,
    apply_filters,
    filter_choices_digest,
    refusal,
    topic_choices,
)
from quotes.public.freshness import public_page
from quotes.public.licence import LINK_HEADER, record_citation, statement_citation
from quotes.public.open_data import COLUMNS, csv_lines, json_chunks, json_lines
from quotes.public.pagination import CURSOR_PARAMETERS, PAGE_PARAMETER, paginate, paginate_by_number
from quotes.public.timelines import leader_chart, topic_chart
from quotes.record.cache_scopes import (
    EVENTS,
    STATEMENTS,
    event_scope,
    leader_scope,
    source_scope,
    topic_scope,
)
from quotes.record.corrections import public_corrections, withdrawal_of
from quotes.record.versions import cached_for_record
from quotes.reliability.sign_in_limits import client_address
from quotes.search import search_events
from quotes.search.fulltext import search_ordering

HOME_LATEST = 10
EVENTS_SHOWN = 10
EVENTS_FOUND = 5
HOME_MOST_QUOTED = 8
MOST_QUOTED_DAYS = 30
LEADERS_PER_PAGE = 50
MENTIONS_SHOWN = 10
SAME_SOURCE_SHOWN = 20
AROUND_SHOWN = 3
# What a statement's page reads of the other statements it lists, one line each.
LINE_SHOWS = ("speaker_id", "text", "date_said", "date_precision")
CORRECTIONS_PER_PAGE = 50


def understood_by(filterset_class) -> tuple[str, ...]:
    """The query parameters of a filtered list: its filters, then its paging."""
    return (*filterset_class.base_filters, *CURSOR_PARAMETERS)


def listed_statements():
    """Published statements as the lists show them: as far as their cards' keys need, the cards
    read the rest of the statements they do not have cached."""
    return Statement.objects.published().for_card_keys().newest_first()


def filter_statements(request, filterset_class, queryset):
    """The filter form and the requested page of `queryset` filtered by it (`apply_filters`:
    input the form refuses shows the form's errors and no results)."""
    filterset, rows = apply_filters(filterset_class, request, queryset)
    page = paginate(
        request,
        rows,
        ids_first=filterset.narrows_to_several_speakers(),
        estimate_first=not filterset.narrows(),
    )
    return filterset, page, search_ordering(rows)


@public_page
def home(request):
    since = timezone.localdate() - datetime.timedelta(days=MOST_QUOTED_DAYS)

    def count_most_quoted():
        # Counts every statement of the last 30 days (tens of thousands in a busy record).
        return list(
            Leader.objects.filter(
                statements__status=Statement.Status.PUBLISHED, statements__date_said__gte=since
            )
            .annotate(recent_count=Count("statements"))
            .order_by("-recent_count", "name")[:HOME_MOST_QUOTED]
        )

    most_quoted = cached_for_record(f"most-quoted-since-{since}", count_most_quoted)
    return render(
        request,
        "quotes/home.html",
        {
            "latest": listed_statements()[:HOME_LATEST],
            "most_quoted": most_quoted,
            "most_quoted_days": MOST_QUOTED_DAYS,
        },
    )


def statement_list_scopes(request):
    """The list also offers the events as a filter, and a search shows the events it finds."""
    return (STATEMENTS, EVENTS)


@public_page(
    understands=understood_by(StatementFilter),
    scopes=statement_list_scopes,
    form_page=True,
)
def statement_list(request):
    filterset, page, ordering = filter_statements(request, StatementFilter, listed_statements())
    follow = follow_links(request, filterset, "statement_list_feed", download_filters={})
    events_found = []
    if filterset.is_bound and filterset.is_valid() and filterset.form.cleaned_data.get("q"):
        query = filterset.form.cleaned_data["q"]
        events_found = search_events(Event.objects.public().newest_first(), query)[:EVENTS_FOUND]
    return render(
        request,
        "quotes/statement_list.html",
        {
            "filterset": filterset,
            "page": page,
            "search_ordering": ordering,
            "follow": follow,
            "events_found": events_found,
        },
    )


def statement_scopes(request, pk, slug=None):
    """A statement's page shows its speaker's timeline around it, its sources' other
    statements (and the statement itself, which is in both) and the event it is part of."""
    if as_record_id(pk) is None:
        return ()
    rows = Statement.objects.filter(pk=pk).values_list(
        "speaker__slug", "citations__source_id", "event__slug"
    )
    scopes = set()
    for speaker, source, event in rows:
        scopes.add(leader_scope(speaker))
        if source is not None:
            scopes.add(source_scope(source))
        if event is not None:
            scopes.add(event_scope(event))
    return scopes


@public_page(scopes=statement_scopes)
def statement_detail(request, pk, slug=None):
    if as_record_id(pk) is None:  # SQLite fails on a number beyond its integers
        raise Http404("No published statement has this number.")
    statement = (
        Statement.objects.published()
        .defer("search_vector")
        .select_related("speaker", "event")
        .prefetch_related(
            "speaker__offices",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "topics",
            "mentions",
            "corrections",
        )
        .filter(pk=pk)
        .first()
    )
    if statement is None:
        withdrawn = withdrawal_of(pk)
        if withdrawn is None:
            raise Http404("No published statement has this number.")
        # A statement taken off the record says so at its address, with the reason (410 Gone).
        return render(
            request, "quotes/statement_withdrawn.html", {"withdrawal": withdrawn}, status=410
        )
    if slug != statement.slug:
        # One address per statement: the bare and the outdated forms move to it for good.
        return redirect(statement, permanent=True)

    # The other statements (of its sources, and its speaker's around it) are shown as a line
    # each, "“words…” — speaker, date": only what that line shows is read, which also spares
    # the ORM building and filling the thirty columns of each (a sixth of the page's calls).
    same_source = (
        Citation.objects.filter(
            source_id__in=[citation.source_id for citation in statement.citations.all()],
            statement__status=Statement.Status.PUBLISHED,
        )
        .exclude(statement=statement)
        .select_related("source", "statement__speaker")
        .only(
            "source__title",
            "source__publisher",
            *(f"statement__{name}" for name in LINE_SHOWS),
            "statement__speaker__name",
        )
        .order_by("source_id", "id")[:SAME_SOURCE_SHOWN]
    )
    by_speaker = (
        Statement.objects.published()
        .only(*LINE_SHOWS)
        .filter(speaker=statement.speaker_id)
        .exclude(pk=statement.pk)
    )
    after = by_speaker.filter(date_said__gt=statement.date_said).order_by("date_said", "id")
    before = by_speaker.filter(date_said__lte=statement.date_said).order_by("-date_said", "-id")
    around = [*reversed(after[:AROUND_SHOWN]), *before[:AROUND_SHOWN]]
    for other in around:
        other.speaker = statement.speaker  # the same leader, already read
    return render(
        request,
        "quotes/statement_detail.html",
        {
            "statement": statement,
            "office": statement.speaker_office(),
            "same_source": same_source,
            "around": around,
            # The page's ETag names the day, so a cached page never shows another day's date.
            "citation": statement_citation(statement, timezone.localdate()),
        },
    )


@public_page(understands=understood_by(LeaderFilter), form_page=True)
def leader_list(request):
    published = Statement.objects.published().filter(speaker=OuterRef("pk"))
    latest = published.order_by("-date_said", "-id")
    leaders = Leader.objects.order_by("name", "id").annotate(
        latest_date=Subquery(latest.values("date_said")[:1]),
        latest_precision=Subquery(latest.values("date_precision")[:1]),
        # Kept by the database as statements change (quotes/record/tally.py), not counted here.
        published_count=Coalesce("published_tally__statements", 0),
    )
    filterset = LeaderFilter(request.GET or None, queryset=leaders, request=request)
    if filterset.is_bound and not filterset.is_valid():
        leaders = leaders.none()
    else:
        leaders = filterset.qs
    page = paginate(request, leaders, LEADERS_PER_PAGE)
    return render(request, "quotes/leader_list.html", {"filterset": filterset, "page": page})


@public_page(
    understands=understood_by(LeaderStatementFilter),
    form_page=True,
    scopes=lambda request, slug: (leader_scope(slug),),
    varies_with=filter_choices_digest,
)
def leader_detail(request, slug):
    leader = get_object_or_404(Leader.objects.prefetch_related("offices"), slug=slug)
    filterset, page, ordering = filter_statements(
        request, LeaderStatementFilter, listed_statements().spoken_by([leader.pk])
    )
    mentioned_in = list(listed_statements().filter(mentions=leader)[: MENTIONS_SHOWN + 1])
    follow = follow_links(
        request,
        filterset,
        "leader_feed",
        leader.slug,
        download_filters={"speaker": leader.slug},
        speakers=[leader],
    )
    return render(
        request,
        "quotes/leader_detail.html",
        {
            "leader": leader,
            "filterset": filterset,
            "page": page,
            "search_ordering": ordering,
            "mentioned_in": mentioned_in[:MENTIONS_SHOWN],
            "more_mentions": len(mentioned_in) > MENTIONS_SHOWN,
            "follow": follow,
            "timeline": leader_chart(leader),
            **events_of(leader, EVENTS_SHOWN),
        },
    )


@public_page(scopes=lambda request, pk: (source_scope(pk),))
def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    citations = list(
        source.citations.filter(statement__status=Statement.Status.PUBLISHED)
        .select_related("statement__speaker")
        .defer("statement__search_vector")
        .order_by("id")
    )
    if not citations:
        # A source that carries no published statement is still the editors' work in progress.
        raise Http404("No published statement cites this source.")
    follow = {
        "rss": reverse("quotes:source_feed", args=[source.pk]),
        "atom": reverse("quotes:source_feed_atom", args=[source.pk]),
        "title": list_title(source_subject(source)),
    }
    return render(
        request,
        "quotes/source_detail.html",
        {"source": source, "citations": citations, "follow": follow},
    )


@public_page(
    understands=understood_by(TopicStatementFilter),
    form_page=True,
    scopes=lambda request, slug: (topic_scope(slug),),
    varies_with=filter_choices_digest,
)
def topic_detail(request, slug):
    topic = get_object_or_404(topic_choices(), slug=slug)  # only topics of published statements
    filterset, page, ordering = filter_statements(
        request, TopicStatementFilter, listed_statements().about(topic)
    )
    follow = follow_links(
        request,
        filterset,
        "topic_feed",
        topic.slug,
        download_filters={"topic": topic.slug},
        topic=topic,
    )
    context = {"topic": topic, "filterset": filterset, "page": page, "search_ordering": ordering}
    context["timeline"] = topic_chart(topic)
    return render(request, "quotes/topic_detail.html", {**context, "follow": follow})


@public_page(understands=[PAGE_PARAMETER])
def correction_list(request):
    page = paginate_by_number(request, public_corrections(), CORRECTIONS_PER_PAGE)
    return render(request, "quotes/correction_list.html", {"page": page})


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a form is sent: the browser fetches the next page with a GET."""

    status_code = 303


# Not a `public_page`: the form carries the reader's own CSRF token, which a page cache would
# hand to every other reader (and a cached token stops matching once the reader's cookie
# changes). The page is cheap: at most one query, for the statement being reported.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def how_we_work(request):
    if request.method == "POST":
        return report_error(request)
    statement = published_statement(request.GET.get("statement"))
    if statement:
        came_from = statement.get_absolute_url()
    else:
        came_from = local_path(request.headers.get("Referer", ""), request.get_host())
    form = ErrorReportForm(
        initial={"statement": statement.pk if statement else "", "page": came_from},
        host=request.get_host(),
    )
    return render_how_we_work(request, form, statement, reported="reported" in request.GET)


def report_error(request):
    """A reader's report: stored for the reviewers, at most so many an hour from one address."""
    form = ErrorReportForm(request.POST, host=request.get_host())
    thanks = HttpResponseSeeOther(f"{reverse('quotes:how_we_work')}?reported=1#report")
    if form.is_robot():
        return thanks  # as if stored, so that the robot learns nothing
    key = sender_key(client_address(request) or "")
    # Counted before saving, not under a lock: two reports sent at the same instant may both
    # pass, which a limit against floods can allow.
    wait = seconds_until_allowed(key)
    if wait:
        form.add_error(None, too_many_reports_message(wait))  # the form is shown as written
        statement = form.cleaned_data.get("statement")
        response = render_how_we_work(request, form, statement, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        statement = form.cleaned_data.get("statement")
        return render_how_we_work(request, form, statement, status=400)
    form.instance.sender_key = key
    form.save()
    return thanks


def render_how_we_work(request, form, statement, reported=False, status=200):
    context = {
        "form": form,
        "statement": statement,
        "reported": reported,
        "reports_per_hour": settings.VERBATIM_REPORTS_PER_HOUR,
        "channels": [
            label for value, label in Statement.Channel.choices if value != Statement.Channel.OTHER
        ],
    }
    return render(request, "quotes/how_we_work.html", context, status=status)


DOWNLOADS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json"),
    "jsonl": (json_lines, "application/jsonl; charset=utf-8"),
}


def open_data(request):
    context = {
        "columns": COLUMNS,
        "api_rate_limit": settings.API_RATE_LIMIT,
        "citation": record_citation(timezone.localdate()),
    }
    return render(request, "quotes/open_data.html", context)


def statements_download(request, data_format):
    """Every published statement the filters select, as CSV, JSON Lines or JSON, streamed."""
    if data_format not in DOWNLOADS:
        raise Http404("Downloads come as statements.csv, statements.jsonl or statements.json.")
    filterset, rows = apply_filters(DownloadFilter, request, Statement.objects.published())
    problem = refusal(filterset)
    if problem is not None:
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
    write, content_type = DOWNLOADS[data_format]
    response = StreamingHttpResponse(write(rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="verbatim-statements.{data_format}"'
    response["Link"] = LINK_HEADER
    return response
