"""The filters of every public list of statements, and of the leaders' directory.

`StatementFilter` is the one definition of what a reader can filter statements by; the
statements list, a leader's page and a topic's page all use it (the last two without the filter
their page already fixes). Every filter is a plain GET parameter, so any filtered view is a URL
that can be bookmarked and shared: `/quotes/?speaker=vladimir-putin&date_from=2025-06-01`.
"""

import datetime

import django_filters
from django import forms
from django.utils.dateformat import format as date_format
from django_countries import countries

from quotes.models import Citation, Leader, Source, Statement, Topic
from quotes.pagination import PAGE_PARAMETER
from quotes.search import MAX_QUERY_LENGTH, search_leaders, search_statements

SORT_NEWEST = "newest"
SORT_OLDEST = "oldest"
SORTS = [(SORT_NEWEST, "Newest first"), (SORT_OLDEST, "Oldest first")]
ANY = "Any"


def leader_choices(request=None):
    """The speaker and "mentioned" choices: a cheap queryset of slugs and names."""
    return Leader.objects.only("slug", "name").order_by("name")


def topic_choices(request=None):
    return Topic.objects.only("slug", "name").order_by("name")


def leader_country_choices():
    """The countries that have leaders in the record, by name."""
    codes = Leader.objects.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, countries.name(code) or code) for code in codes), key=lambda c: c[1])


def publisher_choices():
    publishers = Source.objects.order_by("publisher").values_list("publisher", flat=True)
    return [(publisher, publisher) for publisher in publishers.distinct()]


class DateInput(forms.DateInput):
    """The browser's date picker; it sends the date as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StatementFilterForm(FilterForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must not be before the start date.")
        return cleaned


class ChipsMixin:
    """The active filters as removable chips: a label, the value and the URL without it."""

    chip_labels: dict[str, str] = {}

    def active_filters(self) -> list[dict]:
        if not self.is_bound or not self.is_valid():
            return []
        chips = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []) or name not in self.form.fields:
                continue
            label = self.chip_labels.get(name, self.form.fields[name].label)
            if name == "speaker":
                for leader in value:
                    chips.append(self._chip(name, label, leader.name, leader.slug))
            else:
                chips.append(self._chip(name, label, self.display(name, value)))
        return chips

    def display(self, name, value) -> str:
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        if isinstance(value, Leader | Topic):
            return value.name
        if name == "country":
            return countries.name(value) or value
        choices = getattr(self.filters[name], "static_choices", None)
        if choices:
            return str(dict(choices).get(value, value))
        return str(value)

    def _chip(self, name, label, shown, one_value=None) -> dict:
        query = self.data.copy()
        query.pop(PAGE_PARAMETER, None)
        if one_value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [v for v in query.getlist(name) if v != one_value])
        return {"label": label, "value": shown, "query": query.urlencode()}


def static_choice_filter(choices, **kwargs) -> django_filters.ChoiceFilter:
    choice_filter = django_filters.ChoiceFilter(choices=choices, empty_label=ANY, **kwargs)
    choice_filter.static_choices = choices
    return choice_filter


class StatementFilter(ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words or context",
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. retaliation"}),
    )
    speaker = django_filters.ModelMultipleChoiceFilter(
        label="Speaker",
        to_field_name="slug",
        queryset=leader_choices,
        method="filter_speakers",
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    country = django_filters.ChoiceFilter(
        label="Speaker’s country",
        field_name="speaker__country",
        choices=leader_country_choices,
        empty_label=ANY,
    )
    date_from = django_filters.DateFilter(
        label="Said on or after", field_name="date_said", lookup_expr="gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label="Said on or before", field_name="date_said", lookup_expr="lte", widget=DateInput
    )
    kind = static_choice_filter(Statement.Kind.choices, label="Kind")
    channel = static_choice_filter(Statement.Channel.choices, label="Channel")
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=topic_choices,
        empty_label=ANY,
        distinct=False,
    )
    publisher = django_filters.ChoiceFilter(
        label="Source publisher",
        choices=publisher_choices,
        method="filter_publisher",
        empty_label=ANY,
    )
    verification = static_choice_filter(Statement.Verification.choices, label="Verification")
    mentioned = django_filters.ModelChoiceFilter(
        label="Leader mentioned",
        field_name="mentions",
        to_field_name="slug",
        queryset=leader_choices,
        empty_label=ANY,
        distinct=False,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=SORTS, method="sort_by", empty_label=None
    )

    chip_labels = {"q": "Words", "date_from": "From", "date_to": "To"}

    class Meta:
        model = Statement
        fields = []
        form = StatementFilterForm

    def filter_text(self, queryset, name, value):
        return search_statements(queryset, value)

    def filter_speakers(self, queryset, name, value):
        if not value:  # An empty choice of leaders is no filter, not "nobody".
            return queryset
        return queryset.filter(speaker_id__in=[leader.pk for leader in value])

    def filter_publisher(self, queryset, name, value):
        # A subquery, not a join: two citations from one publisher must not repeat a statement.
        cited = Citation.objects.filter(source__publisher=value).values("statement_id")
        return queryset.filter(pk__in=cited)

    def sort_by(self, queryset, name, value):
        if value == SORT_OLDEST:
            return queryset.order_by("date_said", "id")
        return queryset.order_by("-date_said", "-id")


class LeaderStatementFilter(StatementFilter):
    """A leader's own statements: the same filters, less the speaker that the page fixes."""

    speaker = None
    country = None


class TopicStatementFilter(StatementFilter):
    topic = None


class LeaderFilter(ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name",
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Zelensky"}),
    )
    country = django_filters.ChoiceFilter(
        label="Country", choices=leader_country_choices, empty_label=ANY
    )

    chip_labels = {"q": "Name"}

    class Meta:
        model = Leader
        fields = []
        form = FilterForm

    def filter_name(self, queryset, name, value):
        return search_leaders(queryset, value)
