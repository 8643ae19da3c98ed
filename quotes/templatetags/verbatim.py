"""Template helpers of the public site."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma, intword

from quotes.fulltext import headline_html
from quotes.models import Statement

register = template.Library()


@register.filter
def said_date(day, precision=Statement.DatePrecision.DAY):
    """A date said, shown as precisely as it is known: 4 June 2025, June 2025 or 2025."""
    if not day:
        return ""
    return Statement(date_said=day, date_precision=precision or "day").date_said_display


@register.filter
def said_datetime(statement):
    """The machine-readable form of a date said, for <time datetime>: 2025-06-04, 2025-06, 2025."""
    if statement.date_precision == Statement.DatePrecision.YEAR:
        return f"{statement.date_said:%Y}"
    if statement.date_precision == Statement.DatePrecision.MONTH:
        return f"{statement.date_said:%Y-%m}"
    return statement.date_said.isoformat()


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
