"""Template helpers of the public site."""

import datetime
import functools
import hashlib

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma, intword
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static

from quotes.models import Statement, date_as_known, http_url_validator
from quotes.public.browse import period_url
from quotes.public.cards import render_cards, render_leader_rows, render_source_rows
from quotes.public.filters import StatementFilterForm, filter_choices_digest
from quotes.record.addresses import address
from quotes.record.cache_scopes import REFERENCE
from quotes.record.corrections import change_lines
from quotes.record.versions import cached_for_record
from quotes.search.fulltext import headline_html

register = template.Library()


@register.filter
def said_period_url(statement):
    """The page of the day, month or year a statement was said in, as precisely as known."""
    return period_url(statement.date_said, statement.date_precision)


@register.filter
def said_date(day, precision=Statement.DatePrecision.DAY):
    """A date said, shown as precisely as it is known: 4 June 2025, June 2025 or 2025."""
    if not day:
        return ""
    return date_as_known(day, precision or Statement.DatePrecision.DAY)


@register.filter
def web_address(url):
    """`url` if it is a web address (http or https), else "".

    The models refuse any other scheme, but a row loaded around their validation could hold
    javascript: or data:, which as a link's href would run script on the reader's click.
    """
    try:
        http_url_validator(url)
    except ValidationError:
        return ""
    return url


@register.filter
def correction_changes(correction):
    """A correction's changed fields as {label, old, new}, words first."""
    return change_lines(correction.changes)


@register.simple_tag
def fixed_url(name: str, *args) -> str:
    """`{% url %}`, remembered: `{% fixed_url 'quotes:home' %}`, `{% fixed_url
    'quotes:topic_detail' topic.slug %}`. The frame of every page links to a dozen pages, and
    the topics' index to forty, which `{% url %}` reversed again on every request
    (quotes/record/addresses.py)."""
    return address(name, *args)


@register.simple_tag
def fixed_static(path: str) -> str:
    """`{% static %}`, remembered: `{% fixed_static 'quotes/site.css' %}`. Every page's head
    names four static files, and `{% static %}` asked the storage for each address afresh
    (170 calls apiece), though it only changes with a deploy, which starts new processes."""
    return _static_address(path, settings.STATIC_URL)


@functools.lru_cache(maxsize=64)
def _static_address(path: str, static_url: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_static_addresses(setting, **kwargs):
    """A test that changes where static files are served from sees the new addresses."""
    if setting in ("STATIC_URL", "STORAGES", "STATIC_ROOT"):
        _static_address.cache_clear()


@register.filter
def said_datetime(statement):
    """The machine-readable form of a date said, for <time datetime>: 2025-06-04, 2025-06, 2025."""
    if statement.date_precision == Statement.DatePrecision.YEAR:
        return f"{statement.date_said:%Y}"
    if statement.date_precision == Statement.DatePrecision.MONTH:
        return f"{statement.date_said:%Y-%m}"
    return statement.date_said.isoformat()


@register.filter
def known_datetime(event):
    """The machine-readable form of an event's date, as precisely as it is known."""
    return said_datetime(Statement(date_said=event.date, date_precision=event.date_precision))


@register.filter
def machine_time(moment):
    """A moment for <time datetime>, in UTC to the second: HTML allows at most three digits of
    a second's fractions, and Python writes six."""
    if not moment:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


@register.simple_tag
def result_count(count, noun="statement"):
    """ "1,234 statements", "about 1.2 million statements" or "more than 10,000 statements"."""
    value = count.value
    plural = noun if value == 1 else f"{noun}s"
    if count.exact:
        return f"{intcomma(value)} {plural}"
    if count.at_least:
        return f"more than {intcomma(value)} {plural}"
    rounded = round(value, 2 - len(str(value)))  # two significant figures
    return f"about {intword(rounded) if rounded >= 1_000_000 else intcomma(rounded)} {plural}"


@register.filter
def highlighted(headline):
    """A search headline as safe HTML, the matching words in <mark>."""
    return headline_html(headline)


def _values(data, name) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return [] if value is None else [value]


@register.simple_tag(takes_context=True)
def filter_form(context, form, heading="", submit_label=""):
    """A filter form, rendered once per set of choices and of values, then cached.

    Its few hundred options (countries, topics, publishers) took a list page a third of its
    rendering time. It shows the names of the record (leaders, countries: the "reference"
    scope) and the choices the statement filters offer, which a publication seldom changes, so
    it outlives publications. The values are what the reader sent for the form's own fields,
    so a cursor or any other parameter shares the form. A form with errors is always rendered
    afresh.
    """
    request = context.get("request")
    data = form.data
    # On a phone the form is folded behind a "Filter" button until something is chosen; on a
    # wide screen it is always shown (static/quotes/site.css).
    active = sum(1 for name in form.fields if any(str(v).strip() for v in _values(data, name)))
    values = {
        "form": form,
        "heading": heading,
        "submit_label": submit_label,
        "request": request,
        "active": active,
        "open": bool(active or form.errors),
    }

    def render():
        return render_to_string("quotes/includes/filter_form.html", values)

    if request is None or form.errors:
        return render()
    sent = [
        (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
        for name in form.fields
        if name in data
    ]
    state = repr((type(form).__qualname__, request.path, heading, submit_label, sent))
    # The choices of the statement filters (the leaders' directory's are all "reference").
    offers = isinstance(form, StatementFilterForm) or getattr(form, "offers_record_choices", False)
    choices = filter_choices_digest() if offers else "-"
    name = f"filter-form:{choices}:{hashlib.sha256(state.encode()).hexdigest()}"
    return cached_for_record(name, render, scopes=(REFERENCE,))


@register.simple_tag
def leader_rows(leaders):
    """The directory's row of each leader, cached (`quotes.public.cards.render_leader_rows`):
    `{% leader_rows page as rows %}`."""
    return render_leader_rows(leaders)


@register.simple_tag
def source_rows(sources):
    """The sources' list's row of each source, cached (`quotes.public.cards.render_source_rows`):
    `{% source_rows page as rows %}`."""
    return render_source_rows(sources)


@register.simple_tag
def statement_cards(items, via="", hide_speaker=False, hide_sources=False):
    """Each item with its statement's card: `{% statement_cards page as cards %}`, then
    `{% for statement, card in cards %}`. `via` names the attribute that holds the statement
    when the items are something else (citations: `via="statement"`)."""
    items = list(items)
    statements = [getattr(item, via) if via else item for item in items]
    cards = render_cards(statements, hide_speaker=hide_speaker, hide_sources=hide_sources)
    return list(zip(items, cards, strict=True))
