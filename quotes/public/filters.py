"""The filters of every public list of statements, and of the leaders' directory.

`StatementFilter` is the one definition of what a reader can filter statements by; the
statements list, a leader's page and a topic's page all use it (the last two without the filter
their page already fixes). Every filter is a plain GET parameter, so any filtered view is a URL
that can be bookmarked and shared: `/quotes/?speaker=vladimir-putin&date_from=2025-06-01`.
"""

import copy
import datetime
import functools
import hashlib
import html

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django_countries import countries

from quotes.models import (
    Citation,
    Event,
    Leader,
    OutletTally,
    Statement,
    Topic,
    language_name,
)
from quotes.public.lookup import normalise, resolve_leaders
from quotes.public.pagination import CURSOR_PARAMETERS
from quotes.record import statement_publishers
from quotes.record.cache_scopes import EVENTS, REFERENCE, STATEMENTS
from quotes.record.versions import cached_for_record
from quotes.search import MAX_QUERY_LENGTH, search_leaders, search_statements

# What the statement filters offer depends on these scopes (`filter_choices_digest`).
FILTER_CHOICE_SCOPES = (REFERENCE, STATEMENTS, EVENTS)


def said_from(day: datetime.date, *, bounded_below: bool = True) -> Q:
    """Statements said on `day` or after, by the period their date stands for: one known only
    to the month or the year counts from the first day of that month or year to its last.

    A date range keeps every statement whose period overlaps it: `date_from=2025-06-02` keeps a
    statement of "June 2025" (the card says "June 2025", never a day). Such statements are kept
    under the first day of their period (`quotes.models.period_start`), so "on or before" is
    the plain comparison and "on or after" adds only the first day of `day`'s month and year.
    """
    condition = Q(date_said__gte=day)
    earliest = day
    periods = (
        (Statement.DatePrecision.MONTH, day.replace(day=1)),
        (Statement.DatePrecision.YEAR, day.replace(month=1, day=1)),
    )
    for precision, start in periods:
        # Only where such statements exist: the alternative turns the walk of a date index,
        # index-only, into gathering bitmaps (a prolific leader's bounded count from a day in
        # the middle of a month: 6 → 87 ms), and statements known only to the month or the
        # year are few.
        if start < day and _published_on_period_start(precision, start):
            condition |= Q(date_precision=precision, date_said=start)
            earliest = min(earliest, start)
    if earliest == day or not bounded_below:
        return condition
    # The alternative leaves the date index no lower bound: oldest first, a walk from the
    # first statement ever read 787,584 rows to list one day's. The bound it implies keeps
    # the walk within the period.
    return Q(date_said__gte=earliest) & condition


def _published_on_period_start(precision: str, start: datetime.date) -> bool:
    def compute():
        published = Statement.objects.published()
        return published.filter(date_precision=precision, date_said=start).exists()

    return cached_for_record(f"period:{precision}:{start}", compute, scopes=(STATEMENTS,))


SORT_NEWEST = "newest"
SORT_OLDEST = "oldest"
SORTS = [(SORT_NEWEST, "Newest first"), (SORT_OLDEST, "Oldest first")]
ANY = "Any"
# The most speakers one list can be filtered by.
MAX_CHOSEN_LEADERS = 10


def published_topic_ids() -> list[int]:
    """The ids of the topics of published statements, found for every topic at once.

    Asked about one topic (`slug = ...` beside the EXISTS), PostgreSQL gathered all of its
    links in a bitmap before checking for a published one: 197,590 for the commonest topic, on
    every page that names it. For the forty topics together it steps through each topic's links
    to the first published statement (about a hundred index entries in all, under 1 ms).
    """

    def compute():
        published = Statement.objects.published().filter(topics=OuterRef("pk"))
        return list(Topic.objects.filter(Exists(published)).values_list("pk", flat=True))

    return cached_for_record("published-topic-ids", compute, scopes=(REFERENCE, STATEMENTS))


def topic_choices(request=None):
    """Topics of published statements: a topic only drafts have is still the editors' own."""
    return _topics_among(tuple(published_topic_ids())).all()


@functools.lru_cache(maxsize=16)
def _topics_among(ids: tuple[int, ...]):
    """The topics with these ids, by name, as a query built once for each set of ids and
    copied (`.all()`) for each use, never evaluated itself: every statement filter asks for
    it, and the condition on forty ids took five hundred calls to build each time."""
    return Topic.objects.filter(pk__in=ids).only("slug", "name").order_by("name")


def leader_country_choices():
    """The countries that have leaders in the record, by name, worked out once until the
    names of the record (a leader's country among them) change: every filter form with a
    country validates against them, and naming two hundred countries took three thousand
    calls and a query each time."""

    def compute():
        codes = Leader.objects.order_by().values_list("country", flat=True).distinct()
        named = ((code, countries.name(code) or code) for code in codes)
        return sorted(named, key=lambda c: c[1])

    return cached_for_record("leader-country-choices", compute, scopes=(REFERENCE,))


def distinct_publishers() -> list[str]:
    """Every publisher of a source of a published statement, in order (a publisher only drafts
    cite is not shown to the public), from the outlets' tally: a few hundred rows, where a
    DISTINCT over the sources read 480,000 of them at a million statements (100 ms)."""
    outlets = OutletTally.objects.filter(sources__gt=0).order_by("publisher")
    return list(outlets.values_list("publisher", flat=True))


def publisher_choices():
    def compute():
        return [(publisher, publisher) for publisher in distinct_publishers()]

    return cached_for_record("publisher-choices", compute, scopes=(REFERENCE, STATEMENTS))


def public_event_ids() -> list[int]:
    """The ids of the events with a published statement."""

    def compute():
        return list(Event.objects.public().values_list("pk", flat=True))

    return cached_for_record("public-event-ids", compute, scopes=(EVENTS,))


def event_choices(request=None):
    """Events with a published statement, newest first: one a reader can follow."""
    return _events_among(tuple(public_event_ids())).all()


@functools.lru_cache(maxsize=16)
def _events_among(ids: tuple[int, ...]):
    """The events with these ids, newest first, as a query built once for each set of ids
    and copied for each use (as `_topics_among`)."""
    events = Event.objects.filter(pk__in=ids)
    return events.only("title", "slug", "date", "date_precision").newest_first()


# The original languages of published statements, stepped through the `statement_by_language`
# index one language at a time, as the publishers are: a DISTINCT would read every
# translated statement.
DISTINCT_LANGUAGES = """
WITH RECURSIVE languages (code) AS (
    SELECT min(original_language) FROM {table}
    WHERE status = %s AND original_language <> ''
    UNION ALL
    SELECT (
        SELECT min(original_language) FROM {table}
        WHERE status = %s AND original_language <> '' AND original_language > languages.code
    )
    FROM languages WHERE languages.code IS NOT NULL
)
SELECT code FROM languages WHERE code IS NOT NULL
"""


def distinct_languages() -> list[str]:
    connection = connections[router.db_for_read(Statement)]
    table = connection.ops.quote_name(Statement._meta.db_table)
    published = Statement.Status.PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute(DISTINCT_LANGUAGES.format(table=table), [published, published])
        return [code for (code,) in cursor.fetchall()]


def language_choices():
    """The original languages of published statements, by name: Korean, Russian …"""

    def compute():
        named = [(code, language_name(code)) for code in distinct_languages()]
        return sorted(named, key=lambda choice: (choice[1], choice[0]))

    return cached_for_record("language-choices", compute, scopes=(STATEMENTS,))


def filter_choices_digest() -> str:
    """What the statement filters offer (the topics, publishers, events and languages of
    published statements), as a short string: the pages that show the filter form but not
    every statement (a leader's, a topic's) vary with it, and it changes only when a
    publication brings a new topic, publisher, event or language, or an event is edited, not
    at every publication."""

    def compute():
        topics = list(topic_choices().values_list("slug", "name"))
        events = [(event.slug, str(event)) for event in event_choices()]
        text = repr((topics, publisher_choices(), events, language_choices()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    return cached_for_record("filter-choices", compute, scopes=FILTER_CHOICE_SCOPES)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends the date as YYYY-MM-DD.

    A value that is no date ("2025-02-31", typed into the address) is put back as typed, in a
    text box: a date input may only hold a valid date, and the reader should see what the
    error message is about.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["value"]
        if shown:
            try:
                datetime.date.fromisoformat(str(shown))
            except ValueError:
                context["widget"]["type"] = "text"
        return context


SELECTED = mark_safe(" selected")


class QuickSelect(forms.Select):
    """A `<select>` whose options are written in Python rather than one template each.

    The filter forms hold a few hundred options (countries, publishers, topics); through
    Django's per-option templates they took most of a list page's rendering time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Read once, and through iter(): a model choice iterator counts its rows for len().
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        options = options_html(tuple((str(option), str(label)) for option, label in choices))
        for chosen in {str(v) for v in self.format_value(value)}:
            # Values are escaped, and so are labels, whose "<" cannot start an option.
            unselected = f'<option value="{html.escape(chosen)}">'
            options = options.replace(unselected, f"{unselected[:-1]}{SELECTED}>")
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(select_attrs), mark_safe(options)
        )


@functools.lru_cache(maxsize=64)
def options_html(choices: tuple[tuple[str, str], ...]) -> str:
    """The `<option>`s of these (value, label) pairs, none selected; the same few lists of
    choices (publishers, countries, topics) are written again on every filter form that is
    not cached, and two thousand publishers took a list page a tenth of its time.

    The standard library's escape, as Django's escape() does it (the same five characters)
    without its per-call checks: through format_html_join they took 35 ms.
    """
    return "".join(
        f'<option value="{html.escape(option)}">{html.escape(label)}</option>'
        for option, label in choices
    )


NOT_A_DATE = "Not a date: write it as YYYY-MM-DD, for example 2025-06-04."
# What a filter says of a value it cannot use, in the site's words rather than Django's
# ("Select a valid choice. That choice is not one of the available choices.").
FILTER_MESSAGES = {
    "topic": {"invalid_choice": "No topic called “%(value)s”."},
    "publisher": {"invalid_choice": "No outlet called “%(value)s” has published a statement."},
    "country": {"invalid_choice": "No leader in the record comes from “%(value)s”."},
    "kind": {"invalid_choice": "“%(value)s” is not a kind of statement: choose one from the list."},
    "channel": {"invalid_choice": "“%(value)s” is not a channel: choose one from the list."},
    "verification": {
        "invalid_choice": "“%(value)s” is not a verification status: choose one from the list."
    },
    "sort": {"invalid_choice": "Sort “newest” or “oldest” first, not “%(value)s”."},
    "event": {"invalid_choice": "No event called “%(value)s” has a published statement."},
    "language": {
        "invalid_choice": "No published statement was said in “%(value)s”: choose a language "
        "from the list."
    },
    "date_from": {"invalid": NOT_A_DATE},
    "date_to": {"invalid": NOT_A_DATE},
}


class FilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, messages in FILTER_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages.update(messages)


class StatementFilterForm(FilterForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must not be before the start date.")
        return cleaned


class LeaderChooserInput(forms.Widget):
    """Text boxes in which a reader types a leader's name, one per leader.

    Without JavaScript, each chosen leader has a box showing their name (the value the reader
    typed once resolved, see `LeaderChooserField`) and, when several may be chosen, an empty
    box follows to add another. static/quotes/chooser.js adds suggestions as the reader types,
    from the `data-leader-lookup` URL, and sends the slug of a leader picked from them.
    """

    template_name = "quotes/includes/leader_chooser.html"

    def __init__(self, attrs=None, *, multiple=False, item_label="", add_label=""):
        super().__init__(attrs)
        self.multiple = multiple
        self.item_label = item_label
        self.add_label = add_label
        # Value as typed (normalised) -> the leader it names; set by the field's clean().
        self.resolved = {}

    def value_from_datadict(self, data, files, name):
        if not self.multiple:
            return data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return []
        return [values] if isinstance(values, str) else list(values)

    def format_value(self, value):
        if value is None:
            return []
        return [v for v in (value if isinstance(value, list | tuple) else [value]) if v]

    def entries(self, value) -> list[tuple[str, Leader | None]]:
        """(the text shown, the leader it names or None) for each box, the empty one last."""
        shown, leaders_seen = [], set()
        for raw in self.format_value(value):
            typed = normalise(str(raw))
            leader = self.resolved.get(typed)
            if not typed or (leader is not None and leader.pk in leaders_seen):
                continue
            if leader is not None:
                leaders_seen.add(leader.pk)
                shown.append((leader.name, leader))
            else:
                shown.append((typed, None))
        if not self.multiple:
            return shown[-1:] or [("", None)]
        return [*shown, ("", None)]

    def render(self, name, value, attrs=None, renderer=None):
        common = self.build_attrs(self.attrs, attrs)
        first_id = common.pop("id", None)
        common.update(
            {
                "type": "text",
                "name": name,
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "off",
                "maxlength": MAX_QUERY_LENGTH,
                "data-leader-lookup": reverse("quotes:leader_lookup"),
            }
        )
        boxes = []
        entries = self.entries(value)
        for number, (text, leader) in enumerate(entries, start=1):
            box = dict(common, value=text)
            if number == 1 and first_id:
                box["id"] = first_id  # the one the field's <label> names
            else:
                if first_id:
                    box["id"] = f"{first_id}_{number}"
                is_new = leader is None and not text and number == len(entries)
                box["aria-label"] = (
                    self.add_label if is_new and self.add_label else f"{self.item_label} {number}"
                )
            if leader is not None:
                box["data-slug"] = leader.slug
                box["data-name"] = leader.name
            if not text:
                box["placeholder"] = "Type a leader’s name"
            boxes.append(flatatt(box))
        context = {
            "boxes": boxes,
            "multiple": self.multiple,
            "name": name,
            "add_label": self.add_label,
            "item_label": self.item_label,
        }
        html = render_to_string(self.template_name, context)
        return mark_safe(html)


class LeaderChooserField(forms.Field):
    """Leaders named by what the reader typed: slug, name, alias or a near spelling.

    Cleans to a list of leaders (`multiple`) or one leader, each with `chosen_as`, the typed
    values that named them. A value that names nobody is an error on the field.
    """

    widget = LeaderChooserInput
    default_error_messages = {
        "not_found": "No leader found for “%(value)s”.",
        "too_long": "A leader’s name has at most %(limit)d characters.",
        "too_many": "Choose at most %(limit)d leaders.",
        "null_characters_not_allowed": "Null characters are not allowed.",
    }

    def __init__(self, *, multiple=False, item_label="", add_label="", **kwargs):
        self.multiple = multiple
        super().__init__(**kwargs)
        self.widget.multiple = multiple
        self.widget.item_label = item_label or self.label or "Leader"
        self.widget.add_label = add_label

    def to_python(self, value) -> list[str]:
        raw = value if isinstance(value, list | tuple) else [value]
        typed = (normalise(v) for v in raw if isinstance(v, str))
        return [v for v in dict.fromkeys(typed) if v]

    def clean(self, value):
        self.widget.resolved = {}
        values = self.to_python(value)
        if not values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [] if self.multiple else None
        if len(values) > MAX_CHOSEN_LEADERS:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": MAX_CHOSEN_LEADERS},
            )
        for typed in values:
            if "\x00" in typed:
                raise ValidationError(
                    self.error_messages["null_characters_not_allowed"],
                    code="null_characters_not_allowed",
                )
            if len(typed) > MAX_QUERY_LENGTH:
                raise ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"limit": MAX_QUERY_LENGTH},
                )
        found = resolve_leaders(values)
        self.widget.resolved = found
        missing = [typed for typed in values if typed not in found]
        if missing:
            raise ValidationError(
                [
                    ValidationError(
                        self.error_messages["not_found"],
                        code="not_found",
                        params={"value": Truncator(typed).chars(60)},
                    )
                    for typed in missing
                ]
            )
        leaders: dict[int, Leader] = {}
        for typed in values:
            leader = leaders.setdefault(found[typed].pk, found[typed])
            leader.chosen_as = [*getattr(leader, "chosen_as", []), typed]
        chosen = list(leaders.values())
        return chosen if self.multiple else chosen[0]


class LeaderChooserFilter(django_filters.Filter):
    """A filter by leaders the reader names in text boxes, not by a list of every leader."""

    field_class = LeaderChooserField


class FieldsOfOneForm(dict):
    """A form class's fields that no other form shares: its forms take them as they are."""

    def __deepcopy__(self, memo):
        return dict(self)


class FiltersCopiedOneLevel(dict):
    """A filterset class's filters, copied for each filterset one level deep.

    django-filter deep-copies the class's filters for every filterset, their choices,
    querysets, widgets and messages included (a sixth of a plain list's Python calls), though
    a filterset changes only a filter's own attributes (its parent, its model, the field it
    makes) and the `extra` options its field is made from: those are copied, the rest shared.
    """

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            own = copy.copy(filter_)
            own.extra = dict(filter_.extra)
            own.__dict__.pop("_field", None)  # made afresh for each filterset, as before
            if filter_.method is not None:
                # Binds the filter's method to this copy, which knows its filterset.
                own.method = filter_.method
            copies[name] = own
        return copies


class OneFormPerFilterSet:
    """A filterset whose form keeps the fields its filters made, rather than copies of them.

    django-filter copies the filters for each filterset, makes their fields afresh and a form
    class around them for this filterset's one form, whose construction (as every Django
    form's) then copied each field again, widgets, choices and messages included: a
    thousand calls on every page with a filter form, for fields nothing else holds.
    """

    @classmethod
    def get_filters(cls):
        return FiltersCopiedOneLevel(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = FieldsOfOneForm(form_class.base_fields)
        return form_class


class ChipsMixin:
    """The active filters as removable chips: a label, the value and the URL without it."""

    chip_labels: dict[str, str] = {}

    def active_filters(self) -> list[dict]:
        """Worked out once per filterset: a page's title, description, chips and empty state
        each ask for them."""
        if not hasattr(self, "_active_filters"):
            self._active_filters = self._chips()
        return self._active_filters

    def _chips(self) -> list[dict]:
        if not self.is_bound or not self.is_valid():
            return []
        chips = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []) or name not in self.form.fields:
                continue
            label = self.chip_labels.get(name, self.form.fields[name].label)
            if name == "speaker":
                for leader in value:
                    chips.append(self._chip(name, label, leader.name, leader.chosen_as))
            else:
                chips.append(self._chip(name, label, self.display(name, value)))
        return chips

    def display(self, name, value) -> str:
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        if isinstance(value, Leader | Topic):
            return value.name
        if isinstance(value, Event):
            return str(value)
        if name == "country":
            return countries.name(value) or value
        if name == "language":
            return language_name(value)
        choices = getattr(self.filters[name], "static_choices", None)
        if choices:
            return str(dict(choices).get(value, value))
        return str(value)

    def _chip(self, name, label, shown, values=None) -> dict:
        query = self.data.copy()
        for parameter in CURSOR_PARAMETERS:
            query.pop(parameter, None)
        if values is None:
            query.pop(name, None)
        else:  # One of several values: the others stay, however they were typed.
            query.setlist(name, [v for v in query.getlist(name) if normalise(v) not in values])
        return {"label": label, "value": shown, "query": query.urlencode()}


def static_choice_filter(choices, **kwargs) -> django_filters.ChoiceFilter:
    choice_filter = django_filters.ChoiceFilter(
        choices=choices, empty_label=ANY, widget=QuickSelect, **kwargs
    )
    choice_filter.static_choices = choices
    return choice_filter


class StatementFilter(OneFormPerFilterSet, ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words or context",
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. retaliation"}),
    )
    speaker = LeaderChooserFilter(
        label="Speaker",
        method="filter_speakers",
        multiple=True,
        add_label="Another speaker",
        help_text="Type a name or part of it; use the empty box to add another speaker.",
    )
    country = django_filters.ChoiceFilter(
        label="Speaker’s country",
        method="filter_country",
        choices=leader_country_choices,
        empty_label=ANY,
        widget=QuickSelect,
    )
    date_from = django_filters.DateFilter(
        label="Said on or after", method="filter_said_from", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label="Said on or before", field_name="date_said", lookup_expr="lte", widget=DateInput
    )
    kind = static_choice_filter(Statement.Kind.choices, label="Kind")
    channel = static_choice_filter(Statement.Channel.choices, label="Channel")
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        method="filter_topic",
        to_field_name="slug",
        queryset=topic_choices,
        empty_label=ANY,
        widget=QuickSelect,
    )
    publisher = django_filters.ChoiceFilter(
        label="Source publisher",
        choices=publisher_choices,
        method="filter_publisher",
        empty_label=ANY,
        widget=QuickSelect,
    )
    verification = static_choice_filter(Statement.Verification.choices, label="Verification")
    mentioned = LeaderChooserFilter(label="Leader mentioned", field_name="mentions", distinct=False)
    event = django_filters.ModelChoiceFilter(
        label="Event",
        field_name="event",
        to_field_name="slug",
        queryset=event_choices,
        empty_label=ANY,
        widget=QuickSelect,
    )
    language = django_filters.ChoiceFilter(
        label="Original language",
        field_name="original_language",
        choices=language_choices,
        empty_label=ANY,
        widget=QuickSelect,
    )
    # The first choice is sent as nothing: the usual order, newest first, or by relevance
    # for a search with few matches. A form left as it is then sends no `sort` at all, and a
    # search from it is ranked rather than ordered by the form's own default.
    sort = django_filters.ChoiceFilter(
        label="Sort",
        choices=SORTS,
        method="sort_by",
        empty_label="Most relevant or newest first",
        widget=QuickSelect,
    )

    chip_labels = {"q": "Words", "date_from": "From", "date_to": "To"}

    class Meta:
        model = Statement
        fields = []
        form = StatementFilterForm

    def filter_queryset(self, queryset):
        # The words after the other filters, whose matches decide whether results can be
        # ranked, and the sort last, so that a reader's explicit choice of order wins.
        cleaned = self.form.cleaned_data
        last = [name for name in ("q", "sort") if name in cleaned]
        for name in [*(n for n in cleaned if n not in last), *last]:
            queryset = self.filters[name].filter(queryset, cleaned[name])
        return queryset

    # Whether the rows are shown as a page of results (ranked, with highlighted headlines).
    for_display = True

    def filter_text(self, queryset, name, value):
        return search_statements(queryset, value, for_display=self.for_display)

    def filter_speakers(self, queryset, name, value):
        if not value:  # An empty choice of leaders is no filter, not "nobody".
            return queryset
        return queryset.spoken_by(leader.pk for leader in value)

    def filter_country(self, queryset, name, value):
        return queryset.spoken_by(Leader.ids_from(value))

    def narrows_to_several_speakers(self) -> bool:
        """Whether the rows are several speakers' (a country's leaders, or leaders chosen
        together): the newest-first index can check them but not seek to them, so a page
        finds its ids in that index first (`paginate(..., ids_first=True)`)."""
        if not (self.is_bound and self.is_valid()):
            return False
        chosen = self.form.cleaned_data
        return bool(chosen.get("country")) or len(chosen.get("speaker") or ()) > 1

    def narrows(self) -> bool:
        """Whether any filter leaves rows out (the order does not): an invalid form leaves
        every row out."""
        if not self.is_bound:
            return False
        if not self.is_valid():
            return True
        return any(value for name, value in self.form.cleaned_data.items() if name != "sort")

    def filter_said_from(self, queryset, name, value):
        # Newest first down from "said on or before", the date index has its upper end: the
        # lower bound only made PostgreSQL gather a year's entries for a rare list of one day
        # (`?topic=debt&date_from=…&date_to=…`: 155,878 read).
        data = self.form.cleaned_data
        walked_down = data.get("sort") != SORT_OLDEST and data.get("date_to") is not None
        return queryset.filter(said_from(value, bounded_below=not walked_down))

    def filter_topic(self, queryset, name, value):
        return queryset.about(value)

    def filter_publisher(self, queryset, name, value):
        if statement_publishers.is_kept(queryset.db):
            # The publishers the statement carries, intersected in one index with the other
            # filters (quotes/record/statement_publishers.py).
            return queryset.filter(statement_publishers.CitedByPublisher(value))
        # A subquery, not a join: two citations from one publisher must not repeat a statement.
        cited = Citation.objects.filter(source__publisher=value).values("statement_id")
        return queryset.filter(pk__in=cited)

    def sort_by(self, queryset, name, value):
        if value == SORT_OLDEST:
            return queryset.order_by("date_said", "id")
        return queryset.order_by("-date_said", "-id")


def apply_filters(filterset_class, request, queryset):
    """The filter form bound to the request's query, and `queryset` filtered by it.

    Every statements list, its feeds and the downloads filter through here. Input the form
    refuses (a date such as 2025-13-45, an unknown leader, a query too long) selects no rows,
    rather than rows that silently ignore it: a page shows the form's errors, a feed or a
    download answers 400 with `refusal()`.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs


def refusal(filterset) -> str | None:
    """Why the filters cannot be used, for a plain-text 400; None when they can."""
    if not filterset.is_bound or filterset.is_valid():
        return None
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
    return f"The filters could not be used: {problems}"


class DownloadFilter(StatementFilter):
    """The list's filters for a download, which is every matching row newest first: no rank,
    count or headline to compute for rows nobody sees as a page."""

    for_display = False


class LeaderStatementFilter(StatementFilter):
    """A leader's own statements: the same filters, less the speaker that the page fixes."""

    speaker = None
    country = None


class TopicStatementFilter(StatementFilter):
    topic = None


# A list's feed takes the list's filters but not its order: a feed follows what is new, so its
# items are the list's newest statements, and `?sort=` cannot make copies of one feed.
class StatementFeedFilter(StatementFilter):
    sort = None


class LeaderStatementFeedFilter(LeaderStatementFilter):
    sort = None


class TopicStatementFeedFilter(TopicStatementFilter):
    sort = None


class LeaderFilter(OneFormPerFilterSet, ChipsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name",
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Zelensky"}),
    )
    country = django_filters.ChoiceFilter(
        label="Country", choices=leader_country_choices, empty_label=ANY, widget=QuickSelect
    )

    chip_labels = {"q": "Name"}

    class Meta:
        model = Leader
        fields = []
        form = FilterForm

    def filter_name(self, queryset, name, value):
        return search_leaders(queryset, value)


class EventFilter(OneFormPerFilterSet, django_filters.FilterSet):
    """The events' filters (the API's events list): by a participant, by kind."""

    leader = django_filters.ModelChoiceFilter(
        label="Participant",
        field_name="participants",
        to_field_name="slug",
        queryset=Leader.objects.all(),
        error_messages={"invalid_choice": "No leader called “%(value)s”."},
    )
    kind = static_choice_filter(
        Event.Kind.choices,
        label="Kind",
        error_messages={"invalid_choice": "“%(value)s” is not a kind of event."},
    )

    class Meta:
        model = Event
        fields = []  # its own messages: the statement filters' (`FilterForm`) share two names
