"""The editors' workspace: configuration only, the rules live on the models."""

import datetime
import json
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models, router, transaction
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from quotes.editorial import workflow
from quotes.editorial.admin_import import import_urls
from quotes.editorial.concurrency import VersionCheckedForm
from quotes.editorial.review_admin import review_urls
from quotes.formats import ISO_DATE_ONLY
from quotes.models import (
    PUBLISHED_NEEDS_A_SOURCE,
    Citation,
    Correction,
    ErrorReport,
    Event,
    Leader,
    OfficeHeld,
    Source,
    Statement,
    Topic,
)
from quotes.reliability.sign_in_limits import register_admin as register_sign_in_limits_admin
from quotes.search.counts import EXACT_COUNT_LIMIT, count_results
from quotes.search.fulltext import is_postgres, search_statements_postgres
from quotes.search.near_duplicates import find_near_duplicates

# The most rows a big admin list pages through (`BoundedCountPaginator`).
ADMIN_ROWS = EXACT_COUNT_LIMIT


class BoundedCountPaginator(Paginator):
    """The paginator of the admin's big lists: it pages through the first `ADMIN_ROWS` rows.

    Deeper pages are OFFSET scans (a second for page 2,000 of a million statements, and more
    with every page), and beyond an exact count only an estimate is known, which names pages
    that do not exist. So the list counts exactly up to the limit, says "more" beyond it (an
    editor narrows such a list with a filter or a search), and a page number past the last
    shows the last page.
    """

    @cached_property
    def counted(self):
        return count_results(self.object_list, estimate_first=True)

    @cached_property
    def count(self):
        return min(self.counted.value, ADMIN_ROWS)

    @property
    def capped(self) -> bool:
        return not self.counted.exact or self.counted.value > ADMIN_ROWS

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if int(number) > 1:
                return self.num_pages
            raise


class SortableOnlyChangeList(ChangeList):
    """A change list that sorts only by the columns offered for sorting (`sortable_by`).

    Django's own takes any column named in the address (`?o=2`), so a hand-written address
    could still ask for a sort of a million rows that the page does not offer.
    """

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


# Dates are read and shown in ISO 8601 alone (quotes/formats/); a date in another form is
# refused with the form to use.
ISO_DATES = {models.DateField: {"error_messages": {"invalid": ISO_DATE_ONLY}}}


class RecordAdmin(SimpleHistoryAdmin):
    """Every record's admin: its history with old values and a revert, and no lost edits."""

    form = VersionCheckedForm
    formfield_overrides = ISO_DATES
    # "Show counts" counts every filter choice over the whole table: 111 queries and fifty
    # seconds on a million statements.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return SortableOnlyChangeList

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is a new save of the old values on top of the current version, not a save
        # from a stale copy.
        request._reverting_to_history = True
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "_reverting_to_history", False):
            current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
            obj.version = current.first() or obj.version
        return super().get_form(request, obj, change, **kwargs)


class AliasesWidget(forms.Textarea):
    """Aliases edited one per line, stored as a list."""

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return "\n".join(value or [])


class AliasesField(forms.Field):
    widget = AliasesWidget(attrs={"rows": 4})

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LeaderForm(VersionCheckedForm):
    aliases = AliasesField(
        required=False,
        help_text="One per line: other spellings and forms the news uses (Zelensky, Zelenskiy).",
    )

    class Meta:
        model = Leader
        fields = [
            "name",
            "slug",
            "aliases",
            "country",
            "wikidata_id",
            "description",
            "portrait_url",
            "opened_version",
        ]


class OfficeHeldInline(admin.TabularInline):
    formfield_overrides = ISO_DATES
    model = OfficeHeld
    extra = 0
    fields = ["title", "country", "organisation", "start_date", "end_date"]


@admin.register(Leader)
class LeaderAdmin(RecordAdmin):
    form = LeaderForm
    list_display = ["name", "country_name", "wikidata_id", "published_count"]
    list_filter = ["country"]
    search_fields = ["name", "aliases", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficeHeldInline]

    def get_queryset(self, request):
        # Kept by the database as statements change (quotes/record/tally.py): counting each leader's
        # statements took seconds for a page of prolific leaders, and sorting by it a full scan.
        return (
            super()
            .get_queryset(request)
            .annotate(published_count=Coalesce("published_tally__statements", 0))
        )

    @admin.display(description="published statements", ordering="published_count")
    def published_count(self, leader):
        return leader.published_count

    @admin.display(description="country", ordering="country")
    def country_name(self, leader):
        return country_name(leader.country)


class CitationFormSet(BaseInlineFormSet):
    """A published statement keeps at least one source, whatever the form removes."""

    def clean(self):
        super().clean()
        statement = self.instance
        if statement.pk is None or statement.status != Statement.Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("source")
        ]
        if not kept:
            raise ValidationError(PUBLISHED_NEEDS_A_SOURCE, code="unsourced")


class CitationInline(admin.TabularInline):
    formfield_overrides = ISO_DATES
    model = Citation
    formset = CitationFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "locator", "excerpt"]


class StatementCitationInline(admin.TabularInline):
    formfield_overrides = ISO_DATES
    """On a source: the statements it carries, each a link to its own page."""

    model = Citation
    extra = 0
    fields = ["statement_link", "locator"]
    readonly_fields = ["statement_link"]
    verbose_name = "statement cited"
    verbose_name_plural = "statements cited from this source"
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("statement__speaker")

    @admin.display(description="statement")
    def statement_link(self, citation):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:quotes_statement_change", args=[citation.statement_id]),
            citation.statement,
        )


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    change_list_template = "admin/quotes/change_list_with_import.html"
    # Half a million sources at a million statements: the same bounded paging as statements,
    # and no date hierarchy (its links are a DISTINCT over every source).
    paginator = BoundedCountPaginator
    show_full_result_count = False
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "url", "publisher"]
    inlines = [StatementCitationInline]


def country_name(country) -> str:
    """A country's name for a list column. The admin's own display of a field with choices
    rebuilds django-countries' list of 250 names for every row (1.5 s for a page of leaders)."""
    return country.name or country.code or "–"


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SpeakerCountryFilter(admin.SimpleListFilter):
    title = "speaker's country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # The leaders' countries: a small table, where "countries with statements" would scan
        # every statement.
        codes = Leader.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(
            ((code, Leader(country=code).country.name) for code in codes),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(speaker_id__in=Leader.ids_from(self.value()))
        return queryset


class YearSaidFilter(admin.SimpleListFilter):
    """The year a statement was said, every year from the record's first to its last.

    In place of a date hierarchy, whose links come from a DISTINCT over every row of the
    changelist: a third of a second at a million statements. The first and last dates are two
    reads of the date index.
    """

    title = "year said"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = Statement.objects.aggregate(first=Min("date_said"), last=Max("date_said"))
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year = int(self.value())
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        except (TypeError, ValueError) as error:
            raise IncorrectLookupParameters(f"Not a year: {self.value()!r}") from error
        return queryset.filter(date_said__gte=first, date_said__lte=last)


class StatementForm(VersionCheckedForm):
    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Needed when you change the words, speaker, date, kind or attribution of a published "
            "statement: readers see it under “Corrections” on the statement's page."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        corrected = set(self.changed_data) & set(workflow.CORRECTED_FIELDS)
        if (
            self.instance.pk
            and self.instance.status == Statement.Status.PUBLISHED
            and corrected
            and not (cleaned.get("correction_note") or "").strip()
        ):
            self.add_error(
                "correction_note",
                "This statement is published: say for readers what was corrected.",
            )
        return cleaned


@admin.register(Statement)
class StatementAdmin(RecordAdmin):
    form = StatementForm
    change_list_template = "admin/quotes/change_list_with_import.html"
    change_form_template = "admin/quotes/statement/change_form.html"
    paginator = BoundedCountPaginator
    # No second count of the whole table beside the filtered one.
    show_full_result_count = False
    # Only the order an index gives: sorting a million statements by their words, speaker or
    # status takes a second. A speaker's or a status's statements are found by filtering.
    sortable_by = ["date_said"]
    list_display = [
        "words",
        "speaker",
        "date_said",
        "kind",
        "status",
        "verification",
    ]
    list_select_related = ["speaker"]
    list_filter = [
        "status",
        "verification",
        "kind",
        "channel",
        SpeakerCountryFilter,
        YearSaidFilter,
        "date_said",
    ]
    search_fields = ["text", "context"]
    autocomplete_fields = ["speaker", "mentions", "topics", "event"]
    inlines = [CitationInline]
    actions = ["submit_for_review", "publish", "unpublish"]
    history_fields = [
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "published_by",
        "published_at",
        "updated_at",
    ]
    readonly_fields = ["status", "review_note", "possible_duplicates", *history_fields]
    fieldsets = [
        (None, {"fields": ["speaker", "text", "date_said", "date_precision", "kind"]}),
        (
            "How it was said",
            {"fields": ["channel", "channel_detail", "relayed_by", "event", "context"]},
        ),
        (
            "Original language and translation",
            {
                "fields": [
                    "original_text",
                    "original_language",
                    "translated_by",
                    "translation_source",
                ]
            },
        ),
        ("Links", {"fields": ["topics", "mentions"]}),
        (
            "Review",
            {
                "fields": [
                    "status",
                    "review_note",
                    "verification",
                    "verification_note",
                    "possible_duplicates",
                    "opened_version",
                ]
            },
        ),
        ("History", {"fields": history_fields}),
    ]

    def get_urls(self):
        # "Import from article" (quotes/editorial/admin_import.py) and the review queue and steps
        # (quotes/editorial/review_admin.py), before the catch-all object URLs.
        return import_urls(self) + review_urls(self) + super().get_urls()

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.status == Statement.Status.PUBLISHED:
            fieldsets.insert(1, ("Correction", {"fields": ["correction_note"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_set_verification(request.user):
            # Only reviewers say whether a statement is verified, disputed or misattributed.
            fields += ["verification", "verification_note"]
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.is_reviewer(request.user)

    def delete_queryset(self, request, queryset):
        published = queryset.filter(status=Statement.Status.PUBLISHED)
        if published.exists():
            self.message_user(
                request,
                f"{published.count()} published statement(s) were not deleted: "
                "a published statement is corrected or unpublished, never deleted.",
                messages.WARNING,
            )
        for statement in queryset.exclude(status=Statement.Status.PUBLISHED):
            # One by one, so that each deletion is in the history and can be restored.
            statement.delete()

    def get_search_results(self, request, queryset, search_term):
        if search_term.strip() and is_postgres(queryset.db):
            # The full-text index, not a LIKE over every statement's words.
            # Matching only: the list has its own order and count, and shows no headlines.
            return search_statements_postgres(queryset, search_term, for_display=False), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="words")
    def words(self, statement):
        return Truncator(statement.text).chars(80)

    def save_model(self, request, obj, form, change):
        if change and not workflow.can_edit(request.user, Statement.objects.get(pk=obj.pk)):
            raise PermissionDenied("Only a reviewer can change a published statement.")
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if change and obj.status == Statement.Status.PUBLISHED:
            before = workflow.values_of(Statement.objects.get(pk=obj.pk))
            changes = workflow.material_changes(before, workflow.values_of(obj))
            if changes:
                note = form.cleaned_data.get("correction_note", "")
                workflow.record_correction(obj, request.user, note, changes)
                obj._change_reason = f"Corrected: {note}"[:100]
        super().save_model(request, obj, form, change)
        duplicates = find_near_duplicates(
            speaker=obj.speaker_id, text=obj.text, exclude_ids=[obj.pk]
        )
        if duplicates:
            self.message_user(
                request,
                format_html(
                    "This statement is very like {} already in the record: {}",
                    "one" if len(duplicates) == 1 else "others",
                    self.duplicate_links(duplicates),
                ),
                messages.WARNING,
            )

    @staticmethod
    def duplicate_links(statements):
        return format_html_join(
            "; ",
            '<a href="{}">{} ({})</a>',
            (
                (
                    reverse("admin:quotes_statement_change", args=[statement.pk]),
                    Truncator(statement.text).chars(80),
                    statement.date_said,
                )
                for statement in statements
            ),
        )

    @admin.display(description="possible duplicates")
    def possible_duplicates(self, statement):
        if not statement.pk:
            return "—"
        duplicates = find_near_duplicates(
            speaker=statement.speaker_id, text=statement.text, exclude_ids=[statement.pk]
        )
        return self.duplicate_links(duplicates) if duplicates else "None found."

    def run_step(self, request, queryset, step, done_message: str):
        """A workflow step for each selected statement, each refusal reported with its reason."""
        if queryset.count() > workflow.BULK_LIMIT:
            self.message_user(
                request,
                f"Select at most {workflow.BULK_LIMIT:,} statements at a time.",
                messages.ERROR,
            )
            return
        outcome = workflow.apply_to_each(step, queryset.order_by("pk"), request.user)
        if outcome.done:
            self.message_user(request, done_message.format(len(outcome.done)), messages.SUCCESS)
        for reason, statements in outcome.refused.items():
            self.message_user(
                request, f"{len(statements)} statement(s) unchanged: {reason}", messages.WARNING
            )

    @admin.action(description="Submit the selected statements for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.run_step(request, queryset, workflow.submit, "{} statement(s) submitted for review.")

    @admin.action(description="Publish the selected statements", permissions=["publish"])
    def publish(self, request, queryset):
        self.run_step(request, queryset, workflow.publish, "{} statement(s) published.")

    @admin.action(description="Unpublish the selected statements", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.run_step(
            request,
            queryset,
            partial(workflow.unpublish, note=workflow.BULK_WITHDRAWAL_NOTE),
            "{} statement(s) withdrawn: back to draft, with a public note “"
            + workflow.BULK_WITHDRAWAL_NOTE
            + "”.",
        )


class EventForm(VersionCheckedForm):
    def clean(self):
        cleaned = super().clean()
        participants = cleaned.get("participants")
        if self.instance.pk is None or participants is None:
            return cleaned
        # A statement of the event stays with one of its participants (`Statement.check_event`).
        chosen = {leader.pk for leader in participants}
        speakers = Leader.objects.filter(statements__event=self.instance).distinct()
        left_out = [leader.name for leader in speakers.exclude(pk__in=chosen).order_by("name")]
        if left_out:
            self.add_error(
                "participants",
                f"{', '.join(left_out)} spoke about this event in the record: keep them as "
                "participants, or take their statements out of the event first.",
            )
        return cleaned


class EventStatementInline(admin.TabularInline):
    """On an event: the statements that are accounts of it, each a link to its own page.
    A statement joins an event from its own page (its "Event" field) or the import."""

    model = Statement
    fk_name = "event"
    extra = 0
    fields = ["statement_link", "status", "date_said"]
    readonly_fields = ["statement_link", "status", "date_said"]
    verbose_name = "account"
    verbose_name_plural = "statements about this event"
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker").defer("search_vector")

    @admin.display(description="statement")
    def statement_link(self, statement):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:quotes_statement_change", args=[statement.pk]),
            statement,
        )


@admin.register(Event)
class EventAdmin(RecordAdmin):
    form = EventForm
    list_display = ["title", "kind", "date", "place"]
    list_filter = ["kind"]
    search_fields = ["title", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["participants", "sources"]
    fields = [
        "title",
        "slug",
        "kind",
        "date",
        "date_precision",
        "place",
        "participants",
        "description",
        "sources",
        "opened_version",
    ]
    inlines = [EventStatementInline]


@admin.register(OfficeHeld)
class OfficeHeldAdmin(RecordAdmin):
    list_display = ["leader", "title", "country_name", "organisation", "start_date", "end_date"]
    list_select_related = ["leader"]
    list_filter = ["country"]
    search_fields = ["title", "organisation", "leader__name"]
    autocomplete_fields = ["leader"]

    @admin.display(description="country", ordering="country")
    def country_name(self, office):
        return country_name(office.country)


@admin.register(Citation)
class CitationAdmin(RecordAdmin):
    # A million and a half citations at a million statements: paged like statements.
    paginator = BoundedCountPaginator
    show_full_result_count = False
    list_display = ["statement", "source", "locator"]
    list_select_related = ["statement__speaker", "source"]
    search_fields = ["statement__text", "source__title", "source__url"]
    autocomplete_fields = ["statement", "source"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term and is_postgres(queryset.db):
            # The statements' full-text index and the sources' trigram indexes (migration
            # 0014), not a LIKE over the words of every cited statement (four seconds).
            matching = search_statements_postgres(Statement.objects.all(), term, for_display=False)
            by_source = Q(title__icontains=term) | Q(url__icontains=term)
            statement_ids = list(matching.order_by().values_list("pk", flat=True)[: ADMIN_ROWS + 1])
            source_ids = list(
                Source.objects.filter(by_source)
                .order_by()
                .values_list("pk", flat=True)[: ADMIN_ROWS + 1]
            )
            if len(statement_ids) <= ADMIN_ROWS and len(source_ids) <= ADMIN_ROWS:
                # Few matches: their citations found by id through the citations' own indexes.
                # Left as subqueries, the list walked every citation in order looking for them
                # (two seconds for a word nobody said).
                return queryset.filter(
                    Q(statement_id__in=statement_ids) | Q(source_id__in=source_ids)
                ), False
            # A common word: each citation's statement checked as the list walks the citations
            # in order, which stops after a page. Gathering its 75,000 statements first, to
            # compare every citation with them, took three seconds.
            return queryset.filter(
                Exists(matching.filter(pk=OuterRef("statement_id")))
                | Q(source__title__icontains=term)
                | Q(source__url__icontains=term)
            ), False
        return super().get_search_results(request, queryset, search_term)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not obj.is_last_of_published_statement()

    def delete_queryset(self, request, queryset):
        kept = 0
        for citation in queryset:
            if citation.is_last_of_published_statement():
                kept += 1
            else:
                citation.delete()
        if kept:
            self.message_user(
                request, f"{kept} citation(s) kept: {PUBLISHED_NEEDS_A_SOURCE}", messages.WARNING
            )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Corrections are written by saving a published statement; here they are only read."""

    list_display = ["statement", "made_at", "made_by", "note"]
    list_select_related = ["statement__speaker", "made_by"]
    search_fields = ["note", "statement__text"]
    readonly_fields = ["statement", "note", "changes", "made_at", "made_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["received_at", "status", "statement", "short_message"]
    list_filter = ["status"]
    list_select_related = ["statement__speaker"]
    search_fields = ["message", "page"]
    readonly_fields = ["statement", "page", "message", "evidence_url", "email", "received_at"]
    fields = [*readonly_fields, "status", "reviewer_note"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="report")
    def short_message(self, report):
        return Truncator(report.message).chars(100)


register_sign_in_limits_admin(admin.site)
