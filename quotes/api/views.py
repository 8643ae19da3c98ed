"""The API's endpoints: thin read-only viewsets over the published record.

Each list is filtered by the site's own FilterSets (quotes/api/filters.py), paged by cursor
(quotes/api/pagination.py) and answers conditional GETs: its ETag derives from the versions
of the scopes of the record it shows (`quotes.record.cache_scopes`), read in one query as the
pages read them, so a client that sends `If-None-Match` gets a 304 until something it would see
has changed.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateformat import format as date_format
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from quotes.api import schema  # noqa: F401  (the filters' documentation, registered on import)
from quotes.api.errors import ErrorSerializer, Gone
from quotes.api.filters import ApiStatementFilter, RecordFilterBackend
from quotes.api.pagination import KeysetPagination
from quotes.api.representations import REPRESENTATION_VERSION, statement_representations
from quotes.api.serializers import (
    Addresses,
    EventDetailSerializer,
    EventSerializer,
    LeaderSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    StatementSerializer,
    TopicSerializer,
)
from quotes.models import Citation, Event, Leader, Source, Statement, as_record_id
from quotes.public.filters import EventFilter, LeaderFilter, topic_choices
from quotes.public.freshness import BROWSER_MAX_AGE
from quotes.public.pagination import NEWEST_FIRST
from quotes.record.cache_scopes import (
    EVENTS,
    REFERENCE,
    STATEMENTS,
    event_scope,
    leader_scope,
    source_scope,
    topic_scope,
)
from quotes.record.corrections import withdrawal_of
from quotes.record.versions import page_being_served, read_scopes, set_page_stamp, stamp_of

SLUG = r"[-a-zA-Z0-9_]+"

ERRORS = {
    304: OpenApiResponse(description="Not modified: the `ETag` sent in `If-None-Match` holds."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests: see `Retry-After`."),
    503: OpenApiResponse(
        ErrorSerializer, description="The database is out of reach: see `Retry-After`."
    ),
}
LIST_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(ErrorSerializer, description="A filter, cursor or page size refused."),
}
DETAIL_ERRORS = {**ERRORS, 404: OpenApiResponse(ErrorSerializer, description="Not published.")}


class PublishedRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail of the published record, conditional on its versions."""

    pagination_class = KeysetPagination
    # Set by the filter backend when the rows are several speakers' (see KeysetPagination).
    ids_first = False

    def scopes(self) -> tuple[str, ...]:
        """The scopes the answer shows besides "reference" (every answer names leaders,
        sources or topics)."""
        return (STATEMENTS,)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "addresses": Addresses(self.request)}

    def list(self, request, *args, **kwargs):
        return self.answer_unless_unchanged(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.answer_unless_unchanged(super().retrieve, request, *args, **kwargs)

    def answer_unless_unchanged(self, answer, request, *args, **kwargs):
        # The versions of what the answer shows, read once: for the ETag, and for the keys of
        # the representations the answer is made of.
        self.versions = read_scopes({REFERENCE, *self.scopes()})
        stamp = stamp_of(self.versions)
        etag = quote_etag(f"{REPRESENTATION_VERSION}-{stamp}")
        response = get_conditional_response(request, etag=etag)
        if response is None:
            # As a page is served: the parts cached for it (the filters' choices, a search's
            # matches) are keyed on the versions just read, not read again.
            with page_being_served(self.versions):
                set_page_stamp(stamp)
                response = answer(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response


def published_statements():
    """Published statements with their speakers: the rest of what the API shows of each comes
    with its representation (quotes/api/representations.py)."""
    return (
        Statement.objects.published()
        .defer("search_vector")
        .select_related("speaker", "event")
        .order_by(*NEWEST_FIRST)
    )


@extend_schema_view(
    list=extend_schema(
        summary="Published statements",
        description=(
            "Newest first by date said (`sort=oldest` for oldest first), paged by cursor. "
            "The filters are the statements list's on the site, with the same names and "
            "values; `q` searches the words, context and speaker's names with the site's "
            'syntax (`"exact phrase"`, `-word`, `or`). No total is counted: follow `next`.'
        ),
        responses={200: StatementSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A published statement",
        description=(
            "One published statement by its id (the number in its page's address). A "
            "statement withdrawn from the record answers 410 with the reason."
        ),
        responses={
            200: StatementSerializer,
            **DETAIL_ERRORS,
            410: OpenApiResponse(ErrorSerializer, description="Withdrawn from the record."),
        },
    ),
)
class StatementViewSet(PublishedRecordViewSet):
    serializer_class = StatementSerializer
    filter_backends = [RecordFilterBackend]
    filterset_class = ApiStatementFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return published_statements()

    def list(self, request, *args, **kwargs):
        def answer(request, *args, **kwargs):
            rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(self.represent(rows))

        return self.answer_unless_unchanged(answer, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        def answer(request, *args, **kwargs):
            return Response(self.represent([self.get_object()])[0])

        return self.answer_unless_unchanged(answer, request, *args, **kwargs)

    def represent(self, statements):
        reference = stamp_of({REFERENCE: self.versions[REFERENCE]})
        context = self.get_serializer_context()
        return statement_representations(statements, context=context, reference=reference)

    def get_object(self):
        pk = as_record_id(self.kwargs["pk"])
        statement = self.get_queryset().filter(pk=pk).first() if pk else None
        if statement is not None:
            return statement
        withdrawn = withdrawal_of(pk) if pk else None
        if withdrawn is not None:
            raise Gone(
                f"This statement was withdrawn from the record on "
                f"{date_format(withdrawn.made_at, 'j F Y')}: {withdrawn.note}"
            )
        raise Http404("No published statement has this number.")

    def scopes(self):
        if self.action != "retrieve":
            # The `event` filter takes the events that have a published statement.
            return (STATEMENTS, EVENTS)
        pk = as_record_id(self.kwargs["pk"])
        speaker = (
            Statement.objects.filter(pk=pk).values_list("speaker__slug", flat=True).first()
            if pk
            else None
        )
        # A statement changes its speaker's scope (before and after any change of speaker).
        return (leader_scope(speaker),) if speaker else (STATEMENTS,)


@extend_schema_view(
    list=extend_schema(
        summary="Leaders",
        description=(
            "Every leader in the directory by name, with the offices held and the number of "
            "published statements; the directory's filters (`q` also finds other spellings)."
        ),
        responses={200: LeaderSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A leader",
        description="One leader by slug (as in the leader's page's address).",
        responses={200: LeaderSerializer, **DETAIL_ERRORS},
    ),
)
class LeaderViewSet(PublishedRecordViewSet):
    serializer_class = LeaderSerializer
    filter_backends = [RecordFilterBackend]
    filterset_class = LeaderFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self):
        return (
            Leader.objects.annotate(
                # Kept by the database as statements change (quotes/record/tally.py).
                published_statements=Coalesce("published_tally__statements", 0)
            )
            .prefetch_related("offices")
            .order_by("name", "id")
        )

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def scopes(self):
        if self.action == "retrieve":
            return (leader_scope(self.kwargs["slug"]),)
        return (STATEMENTS,)


@extend_schema_view(
    list=extend_schema(
        summary="Sources",
        description="Sources that carry at least one published statement, newest recorded first.",
        responses={200: SourceSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A source, with its published statements",
        description="One source by id, with every published statement cited from it.",
        responses={200: SourceDetailSerializer, **DETAIL_ERRORS},
    ),
)
class SourceViewSet(PublishedRecordViewSet):
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer

    def get_queryset(self):
        # A source only drafts cite is still the editors' work in progress, as on its page.
        cites_published = Citation.objects.filter(
            source=OuterRef("pk"), statement__status=Statement.Status.PUBLISHED
        )
        return Source.objects.filter(Exists(cites_published)).defer("text").order_by("-id")

    def get_object(self):
        pk = as_record_id(self.kwargs["pk"])
        published = (
            Citation.objects.filter(statement__status=Statement.Status.PUBLISHED)
            .select_related("statement__speaker")
            .defer("statement__search_vector")
            .order_by("id")
        )
        source = (
            Source.objects.defer("text")
            .prefetch_related(
                Prefetch("citations", queryset=published, to_attr="published_citations")
            )
            .filter(pk=pk)
            .first()
            if pk
            else None
        )
        if source is None or not source.published_citations:
            raise Http404("No published statement cites this source.")
        return source

    def scopes(self):
        pk = as_record_id(self.kwargs.get("pk")) if self.action == "retrieve" else None
        return (source_scope(pk),) if pk else (STATEMENTS,)


@extend_schema_view(
    list=extend_schema(
        summary="Topics",
        description="The topics of published statements, by name.",
        responses={200: TopicSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A topic",
        description="One topic of published statements by slug.",
        responses={200: TopicSerializer, **DETAIL_ERRORS},
    ),
)
class TopicViewSet(PublishedRecordViewSet):
    serializer_class = TopicSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self):
        # Only topics of published statements: one only drafts have is the editors' own.
        return topic_choices().order_by("name", "id")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def scopes(self):
        if self.action == "retrieve":
            return (topic_scope(self.kwargs["slug"]),)
        return (STATEMENTS,)


@extend_schema_view(
    list=extend_schema(
        summary="Events",
        description=(
            "Calls, meetings, summits, speeches and posts that published statements are "
            "accounts of, newest first, with their participants."
        ),
        responses={200: EventSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An event, with every side's account",
        description=(
            "One event by slug (as in its page's address), with its sources and each "
            "participant's published statements about it, oldest first."
        ),
        responses={200: EventDetailSerializer, **DETAIL_ERRORS},
    ),
)
class EventViewSet(PublishedRecordViewSet):
    filter_backends = [RecordFilterBackend]
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_queryset(self):
        # Only events with a published statement: the others are the editors' own.
        participants = Leader.objects.only("name", "slug").order_by("name", "id")
        return (
            Event.objects.public()
            .prefetch_related(Prefetch("participants", queryset=participants))
            .newest_first()
        )

    def get_object(self):
        accounts = (
            Statement.objects.published()
            .defer("search_vector")
            .select_related("speaker")
            .order_by("date_said", "id")
        )
        sources = Source.objects.defer("text").order_by("publisher", "id")
        event = (
            self.get_queryset()
            .prefetch_related(
                Prefetch("sources", queryset=sources),
                Prefetch("statements", queryset=accounts, to_attr="published_statements"),
            )
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        if event is None:
            raise Http404("No event with a published statement has this slug.")
        return event

    def scopes(self):
        if self.action == "retrieve":
            return (event_scope(self.kwargs["slug"]),)
        return (EVENTS,)


@require_safe
def documentation(request):
    """The API's documentation (Swagger UI from its own static files, set going by a static
    script: the pages' Content-Security-Policy holds here too)."""
    return render(request, "quotes/api_docs.html")
