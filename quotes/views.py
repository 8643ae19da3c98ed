"""The public site: the published record, browsable without JavaScript.

Views stay thin: each gathers a queryset, hands list filtering to `quotes.filters`, text search
to `quotes.search` and paging to `quotes.pagination`, and renders a template. Only published
statements are ever shown; a draft's URL answers 404. Every list is built from
`Statement.objects.published().for_cards()`, and the cards (quotes/cards.py) fetch what they
show in a fixed few queries, so a page of twenty rows costs the same few queries as a page of
three, and fewer when its cards are cached.
"""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from quotes.filters import (
    LeaderFilter,
    LeaderStatementFilter,
    StatementFilter,
    TopicStatementFilter,
)
from quotes.freshness import cached_for_record, public_page
from quotes.fulltext import search_ordering
from quotes.models import Citation, Leader, Source, Statement, Topic
from quotes.open_data import COLUMNS, csv_lines, json_chunks
from quotes.pagination import paginate

HOME_LATEST = 10
HOME_MOST_QUOTED = 8
MOST_QUOTED_DAYS = 30
LEADERS_PER_PAGE = 50
MENTIONS_SHOWN = 10
SAME_SOURCE_SHOWN = 20
AROUND_SHOWN = 3


def listed_statements():
    """Published statements as the lists show them; their cards fetch the rest when not cached."""
    return Statement.objects.published().for_cards().newest_first()


def filter_statements(request, filterset_class, queryset):
    """The filter form and the requested page of `queryset` filtered by it.

    Input the form refuses (a date such as 2025-13-45, an unknown leader, a query too long)
    shows the form's errors and no results, rather than results that silently ignore it.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()
    else:
        rows = filterset.qs
    page = paginate(request, rows, ids_first=filterset.narrows_to_several_speakers())
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


@public_page
def statement_list(request):
    filterset, page, ordering = filter_statements(request, StatementFilter, listed_statements())
    return render(
        request,
        "quotes/statement_list.html",
        {"filterset": filterset, "page": page, "search_ordering": ordering},
    )


@public_page
def statement_detail(request, pk, slug=None):
    statement = get_object_or_404(
        Statement.objects.published()
        .defer("search_vector")
        .select_related("speaker")
        .prefetch_related(
            "speaker__offices",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "topics",
            "mentions",
        ),
        pk=pk,
    )
    if slug != statement.slug:
        # One address per statement: the bare and the outdated forms move to it for good.
        return redirect(statement, permanent=True)

    published = Statement.objects.published().defer("search_vector").select_related("speaker")
    same_source = (
        Citation.objects.filter(
            source_id__in=[citation.source_id for citation in statement.citations.all()],
            statement__status=Statement.Status.PUBLISHED,
        )
        .exclude(statement=statement)
        .select_related("source", "statement__speaker")
        .order_by("source_id", "id")[:SAME_SOURCE_SHOWN]
    )
    by_speaker = published.filter(speaker=statement.speaker_id).exclude(pk=statement.pk)
    after = by_speaker.filter(date_said__gt=statement.date_said).order_by("date_said", "id")
    before = by_speaker.filter(date_said__lte=statement.date_said).order_by("-date_said", "-id")
    around = [*reversed(after[:AROUND_SHOWN]), *before[:AROUND_SHOWN]]
    return render(
        request,
        "quotes/statement_detail.html",
        {
            "statement": statement,
            "office": statement.speaker_office(),
            "same_source": same_source,
            "around": around,
        },
    )


@public_page
def leader_list(request):
    published = Statement.objects.published().filter(speaker=OuterRef("pk"))
    latest = published.order_by("-date_said", "-id")
    leaders = Leader.objects.order_by("name", "id").annotate(
        latest_date=Subquery(latest.values("date_said")[:1]),
        latest_precision=Subquery(latest.values("date_precision")[:1]),
        # Kept by the database as statements change (quotes/tally.py), not counted here.
        published_count=Coalesce("published_tally__statements", 0),
    )
    filterset = LeaderFilter(request.GET or None, queryset=leaders, request=request)
    if filterset.is_bound and not filterset.is_valid():
        leaders = leaders.none()
    else:
        leaders = filterset.qs
    page = paginate(request, leaders, LEADERS_PER_PAGE)
    return render(request, "quotes/leader_list.html", {"filterset": filterset, "page": page})


@public_page
def leader_detail(request, slug):
    leader = get_object_or_404(Leader.objects.prefetch_related("offices"), slug=slug)
    filterset, page, ordering = filter_statements(
        request, LeaderStatementFilter, listed_statements().filter(speaker=leader)
    )
    mentioned_in = list(listed_statements().filter(mentions=leader)[: MENTIONS_SHOWN + 1])
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
        },
    )


@public_page
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
    return render(request, "quotes/source_detail.html", {"source": source, "citations": citations})


@public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    filterset, page, ordering = filter_statements(
        request, TopicStatementFilter, listed_statements().filter(topics=topic)
    )
    return render(
        request,
        "quotes/topic_detail.html",
        {"topic": topic, "filterset": filterset, "page": page, "search_ordering": ordering},
    )


DOWNLOADS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json"),
}


def open_data(request):
    return render(request, "quotes/open_data.html", {"columns": COLUMNS})


def statements_download(request, data_format):
    """Every published statement the filters select, as CSV or JSON, streamed."""
    if data_format not in DOWNLOADS:
        raise Http404("Downloads come as statements.csv or statements.json.")
    filterset = StatementFilter(
        request.GET or None, queryset=Statement.objects.published(), request=request
    )
    if filterset.is_bound and not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()
        )
        return HttpResponseBadRequest(
            f"The filters could not be used: {problems}", content_type="text/plain; charset=utf-8"
        )
    write, content_type = DOWNLOADS[data_format]
    response = StreamingHttpResponse(write(filterset.qs), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="verbatim-statements.{data_format}"'
    return response
