"""Template helpers of the public site."""

from django import template

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
