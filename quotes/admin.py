"""The editors' workspace: configuration only, the rules live on the models."""

import datetime
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from quotes.admin_import import import_urls
from quotes.filters import speakers_from
from quotes.freshness import record_changed
from quotes.fulltext import is_postgres, search_statements_postgres
from quotes.models import Citation, Leader, OfficeHeld, Source, Statement, Topic
from quotes.near_duplicates import find_near_duplicates
from quotes.pagination import count_results


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


class LeaderForm(forms.ModelForm):
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
        ]


class OfficeHeldInline(admin.TabularInline):
    model = OfficeHeld
    extra = 0
    fields = ["title", "country", "organisation", "start_date", "end_date"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    form = LeaderForm
    list_display = ["name", "country", "wikidata_id", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name", "aliases", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficeHeldInline]

    def get_queryset(self, request):
        # A correlated count runs only for the rows on the page, not for every leader.
        statements = (
            Statement.objects.filter(speaker=OuterRef("pk"))
            .order_by()
            .values("speaker")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(statement_count=Coalesce(Subquery(statements), 0))
        )

    @admin.display(description="statements", ordering="statement_count")
    def statement_count(self, leader):
        return leader.statement_count


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "locator", "excerpt"]


class StatementCitationInline(admin.TabularInline):
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
class SourceAdmin(admin.ModelAdmin):
    change_list_template = "admin/quotes/change_list_with_import.html"
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "url", "publisher"]
    date_hierarchy = "published_on"
    inlines = [StatementCitationInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
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
            return queryset.filter(speaker_id__in=speakers_from(self.value()))
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


class BoundedCountPaginator(Paginator):
    """The admin's paginator, counting exactly only up to a limit and estimating beyond it."""

    @cached_property
    def count(self):
        return count_results(self.object_list).value


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    change_list_template = "admin/quotes/change_list_with_import.html"
    paginator = BoundedCountPaginator
    # No second count of the whole table beside the filtered one.
    show_full_result_count = False
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
    autocomplete_fields = ["speaker", "mentions", "topics"]
    inlines = [CitationInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["possible_duplicates", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["speaker", "text", "date_said", "date_precision", "kind"]}),
        ("How it was said", {"fields": ["channel", "channel_detail", "relayed_by", "context"]}),
        ("Original language", {"fields": ["original_text", "original_language"]}),
        ("Links", {"fields": ["topics", "mentions"]}),
        (
            "Review",
            {"fields": ["status", "verification", "verification_note", "possible_duplicates"]},
        ),
        ("History", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        # "Import from article" (quotes/admin_import.py), before the catch-all object URLs.
        return import_urls(self) + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        if search_term.strip() and is_postgres(queryset.db):
            # The full-text index, not a LIKE over every statement's words.
            return search_statements_postgres(queryset, search_term), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="words", ordering="text")
    def words(self, statement):
        return Truncator(statement.text).chars(80)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
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

    @admin.action(description="Publish the selected statements", permissions=["change"])
    def publish(self, request, queryset):
        drafts = queryset.exclude(status=Statement.Status.PUBLISHED)
        # The public record shows nothing it cannot source.
        unsourced = drafts.filter(citations__isnull=True)
        if unsourced.exists():
            self.message_user(
                request,
                f"{unsourced.count()} statement(s) cite no source and stay in draft: "
                "add a source first.",
                messages.WARNING,
            )
        sourced = Statement.objects.filter(
            pk__in=drafts.filter(citations__isnull=False).values("pk")
        )
        count = sourced.update(status=Statement.Status.PUBLISHED, updated_at=timezone.now())
        record_changed()  # update() sends no signals
        self.message_user(request, f"{count} statement(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected statements", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Statement.Status.PUBLISHED).update(
            status=Statement.Status.DRAFT, updated_at=timezone.now()
        )
        record_changed()  # update() sends no signals
        self.message_user(request, f"{count} statement(s) returned to draft.", messages.SUCCESS)


@admin.register(OfficeHeld)
class OfficeHeldAdmin(admin.ModelAdmin):
    list_display = ["leader", "title", "country", "organisation", "start_date", "end_date"]
    list_select_related = ["leader"]
    list_filter = ["country"]
    search_fields = ["title", "organisation", "leader__name"]
    autocomplete_fields = ["leader"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["statement", "source", "locator"]
    list_select_related = ["statement__speaker", "source"]
    search_fields = ["statement__text", "source__title", "source__url"]
    autocomplete_fields = ["statement", "source"]
