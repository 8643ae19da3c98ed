"""A leader's or a topic's timeline: published statements per month, by kind, as an SVG chart
drawn on the server (templates/quotes/includes/timeline.html), with the figures in a table.

The counts come from the monthly tallies the database keeps on PostgreSQL
(quotes/record/timeline_tally.py: a few hundred rows, where grouping the most quoted leader's
statements took 600 ms at a million), or on SQLite from one GROUP BY of the published statements
by month, kind and whether only the year is known (`count_by_month`, the same figures). They
and the chart drawn from them are cached until the leader's or the topic's scope moves on, so
the page pays for them once per change to what it shows.

How the months are drawn:

- One bar per month from the first month with a statement to the last; a month without any is
  an empty slot, since a gap is information.
- A statement known only to its year has no month: it is left out of the monthly bars and
  counted under the chart, never put in a month of our choosing.
- Beyond `MONTHLY_BARS_AT_MOST` months (eight years), bars a few pixels wide on a phone would
  be unreadable and too small to tap: the chart has one bar per year instead, from the first
  year to the last, and each year's bar counts its statements known only to the year too.
  The same holds when every statement is known only to its year.
- Each bar links to the same page filtered to its month (or year), with the list's own date
  filters: `?date_from=2025-06-01&date_to=2025-06-30`. A date range keeps every statement whose
  date's period overlaps it (quotes/public/filters.py, `said_from`), so a month's list also
  shows that year's statements known only to the year; the note under the chart says so.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import mark_safe

from quotes.models import Leader, LeaderMonthlyTally, Statement, Topic, TopicMonthlyTally
from quotes.record.cache_scopes import leader_scope, topic_scope
from quotes.record.versions import cached_for_record

MONTHLY_BARS_AT_MOST = 96

# The kinds, in the order they are stacked from the axis up and listed in the legend.
KINDS = [Statement.Kind.DIRECT, Statement.Kind.PARTIAL, Statement.Kind.PARAPHRASE]
KIND_WORDS = {  # one, many: "8 direct quotes, 3 partial, 1 paraphrase"
    Statement.Kind.DIRECT: ("direct quote", "direct quotes"),
    Statement.Kind.PARTIAL: ("partial", "partial"),
    Statement.Kind.PARAPHRASE: ("paraphrase", "paraphrases"),
}
KIND_HEADINGS = {
    Statement.Kind.DIRECT: "Direct quotes",
    Statement.Kind.PARTIAL: "Partial quotes",
    Statement.Kind.PARAPHRASE: "Paraphrases",
}

# The drawing, in the units of its viewBox; CSS scales it to the width of the page.
WIDTH = 640
PLOT_LEFT = 56
PLOT_RIGHT = WIDTH - 8
PLOT_TOP = 12
PLOT_BOTTOM = 172
HEIGHT = PLOT_BOTTOM + 22
YEAR_LABEL_SPACING = 72  # the least room between two year labels (set larger on a phone)

# (first day of the month, or of the year when only the year is known; kind; only the year
# is known; how many)
Row = tuple[datetime.date, str, bool, int]


def count_by_month(statements) -> list[Row]:
    """One GROUP BY of `statements` (published ones, filtered to a leader or a topic) by
    month, kind and whether only the year is known. Statements are kept under the first day of
    their date's period (`quotes.models.period_start`), so one known only to its year falls in
    January, told apart by `year_only`."""
    rows = (
        statements.order_by()
        .annotate(
            month=TruncMonth("date_said"),
            year_only=ExpressionWrapper(
                Q(date_precision=Statement.DatePrecision.YEAR), output_field=BooleanField()
            ),
        )
        .values_list("month", "kind", "year_only")
        .annotate(statements=Count("pk"))
    )
    return [(month, kind, bool(year_only), n) for month, kind, year_only, n in rows]


def tallies_kept(using: str) -> bool:
    """Whether this database keeps the monthly tallies (PostgreSQL, by triggers)."""
    return connections[using].vendor == "postgresql"


def tallied(tallies) -> list[Row]:
    rows = tallies.filter(statements__gt=0).values_list("month", "kind", "year_only", "statements")
    return [tuple(row) for row in rows]


def leader_counts(leader: Leader) -> list[Row]:
    tallies = LeaderMonthlyTally.objects.filter(leader=leader.pk)
    if tallies_kept(tallies.db):
        return tallied(tallies)
    return count_by_month(Statement.objects.published().spoken_by([leader.pk]))


def topic_counts(topic: Topic) -> list[Row]:
    tallies = TopicMonthlyTally.objects.filter(topic=topic.pk)
    if tallies_kept(tallies.db):
        return tallied(tallies)
    return count_by_month(Statement.objects.published().about(topic))


def leader_chart(leader: Leader) -> str:
    """The timeline of a leader's page, drawn once per change to the leader's statements
    ("" without a published statement)."""
    return cached_for_record(
        f"timeline:leader:{leader.pk}",
        lambda: chart_html(leader_timeline(leader)),
        scopes=(leader_scope(leader.slug),),
    )


def topic_chart(topic: Topic) -> str:
    """The timeline of a topic's page, drawn once per change to the topic's statements."""
    return cached_for_record(
        f"timeline:topic:{topic.pk}",
        lambda: chart_html(topic_timeline(topic)),
        scopes=(topic_scope(topic.slug),),
    )


def chart_html(timeline: "Timeline | None") -> str:
    if timeline is None:
        return ""  # cached as it is: no chart, and nothing to count again
    return mark_safe(render_to_string("quotes/includes/timeline.html", {"timeline": timeline}))


def leader_timeline(leader: Leader) -> "Timeline | None":
    return build_timeline(leader_counts(leader), leader.get_absolute_url())


def topic_timeline(topic: Topic) -> "Timeline | None":
    return build_timeline(topic_counts(topic), topic.get_absolute_url())


@dataclass
class Segment:
    kind: str
    y: float
    height: float


@dataclass
class Bar:
    """One month (or year): its statements by kind, its link, and where it is drawn."""

    start: datetime.date
    end: datetime.date
    label: str
    counts: dict[str, int]
    href: str = ""
    x: float = 0
    width: float = 0
    segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def by_kind(self) -> list[int]:
        return [self.counts[kind] for kind in KINDS]

    # The markup repeated for every bar and every row of the table is written here, from
    # numbers, kinds and escaped text: 96 bars and their rows took 20 to 40 ms through the
    # template language (8 with format_html), for the first reader after each change to a
    # leader's or a topic's statements.
    def svg(self) -> str:
        """The bar: a link to its month's list, titled with its figures, a rectangle per kind."""
        if not self.total:
            return ""
        rectangles = "".join(
            f'<rect class="timeline-{segment.kind}" x="{self.x}" y="{segment.y}" '
            f'width="{self.width}" height="{segment.height}"/>'
            for segment in self.segments
        )
        return (
            f'<a href="{escape(self.href)}" class="timeline-bar">'
            f"<title>{escape(self.description)}</title>{rectangles}</a>"
        )

    def table_row(self) -> str:
        """The bar's row of the table: its month (a link, when it has statements) and figures."""
        name = escape(self.label)
        if self.total:
            name = f'<a href="{escape(self.href)}">{name}</a>'
        cells = "".join(f'<td class="num">{n}</td>' for n in [*self.by_kind, self.total])
        return f'<tr><th scope="row">{name}</th>{cells}</tr>'

    @property
    def description(self) -> str:
        """June 2025: 12 statements (8 direct quotes, 3 partial, 1 paraphrase)."""
        if not self.total:
            return f"{self.label}: no statements"
        parts = [f"{figure(n)} {KIND_WORDS[kind][n != 1]}" for kind, n in self.counts.items() if n]
        return f"{self.label}: {statements_phrase(self.total)} ({', '.join(parts)})"


@dataclass
class AxisLabel:
    x: float
    text: str


@dataclass
class Timeline:
    by_year: bool
    bars: list[Bar]
    year_labels: list[AxisLabel]
    highest: int
    # Statements known only to their year, left out of a monthly chart: {year: how many}.
    years_only: dict[int, int]

    monthly_bars_at_most = MONTHLY_BARS_AT_MOST
    width = WIDTH
    height = HEIGHT
    plot_left = PLOT_LEFT
    plot_right = PLOT_RIGHT
    plot_top = PLOT_TOP
    plot_bottom = PLOT_BOTTOM

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars)

    @property
    def legend(self) -> list[tuple[str, str, int]]:
        """Each kind's class, name and count, in stack order (from the axis up)."""
        return [
            (
                kind,
                KIND_HEADINGS[kind],
                figure(sum(bar.counts[kind] for bar in self.bars)),
            )
            for kind in KINDS
        ]

    @property
    def bars_svg(self) -> str:
        return mark_safe("\n".join(bar.svg() for bar in self.bars if bar.total))

    @property
    def table_rows(self) -> str:
        return mark_safe("\n".join(bar.table_row() for bar in self.bars))

    @property
    def kind_headings(self) -> list[str]:
        return [KIND_HEADINGS[kind] for kind in KINDS]

    @property
    def period_name(self) -> str:
        return "year" if self.by_year else "month"

    @property
    def summary(self) -> str:
        """The chart in one sentence, for its <desc> (the bars' titles and the table say more)."""
        busiest = max(self.bars, key=lambda bar: bar.total)
        first, last = self.bars[0].label, self.bars[-1].label
        span = f"in {first}" if first == last else f"from {first} to {last}"
        return (
            f"Published statements by {self.period_name} {span}: "
            f"{statements_phrase(self.total)} in all; the most, "
            f"{figure(busiest.total)}, in {busiest.label}."
        )

    @property
    def years_only_total(self) -> int:
        return sum(self.years_only.values())

    @property
    def years_only_phrase(self) -> str:
        return statements_phrase(self.years_only_total)

    @property
    def years_only_detail(self) -> str:
        return ", ".join(f"{year}: {figure(n)}" for year, n in sorted(self.years_only.items()))

    @property
    def axis_top_label(self) -> str:
        return figure(self.highest)


def figure(n: int) -> str:
    """A count as the site writes it: 12,345."""
    return f"{n:,}"


def statements_phrase(n: int) -> str:
    return f"{figure(n)} statement{'s' if n != 1 else ''}"


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_bar(index: int) -> Bar:
    year, month = divmod(index, 12)
    start = datetime.date(year, month + 1, 1)
    end = start.replace(day=calendar.monthrange(year, month + 1)[1])
    return Bar(start, end, f"{MONTHS[month + 1]} {year}", dict.fromkeys(KINDS, 0))


def year_bar(year: int) -> Bar:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Bar(start, end, str(year), dict.fromkeys(KINDS, 0))


def build_timeline(rows: list[Row], page_path: str) -> Timeline | None:
    """The bars of the chart from the counts (see the module's docstring for the rules); no
    timeline without a published statement."""
    rows = [row for row in rows if row[3] > 0]
    if not rows:
        return None
    dated = [row for row in rows if not row[2]]
    months = sorted({month_index(month) for month, _kind, _year_only, _n in dated})
    by_year = not months or months[-1] - months[0] + 1 > MONTHLY_BARS_AT_MOST
    years_only = {}
    if by_year:
        years = [month.year for month, _kind, _year_only, _n in rows]
        bars = {year: year_bar(year) for year in range(min(years), max(years) + 1)}
        for month, kind, _year_only, n in rows:
            bars[month.year].counts[kind] += n
    else:
        bars = {index: month_bar(index) for index in range(months[0], months[-1] + 1)}
        for month, kind, year_only, n in rows:
            if year_only:
                years_only[month.year] = years_only.get(month.year, 0) + n
            else:
                bars[month_index(month)].counts[kind] += n
    bars = list(bars.values())
    highest = max(bar.total for bar in bars)
    draw_bars(bars, highest, page_path)
    return Timeline(by_year, bars, year_labels(bars, by_year), highest, years_only)


def draw_bars(bars: list[Bar], highest: int, page_path: str) -> None:
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(bars)
    width = min(slot * 0.8, 48)
    scale = (PLOT_BOTTOM - PLOT_TOP) / highest
    for number, bar in enumerate(bars):
        bar.href = f"{page_path}?date_from={bar.start:%Y-%m-%d}&date_to={bar.end:%Y-%m-%d}"
        bar.x = round(PLOT_LEFT + slot * number + (slot - width) / 2, 2)
        bar.width = round(width, 2)
        top = PLOT_BOTTOM
        for kind in KINDS:
            if bar.counts[kind]:
                # At least a pixel, so that one statement among thousands still shows.
                height = max(bar.counts[kind] * scale, 1)
                top -= height
                bar.segments.append(Segment(kind, round(top, 2), round(height, 2)))


def year_labels(bars: list[Bar], by_year: bool) -> list[AxisLabel]:
    """The years under the axis: at each bar of a yearly chart, at each January of a monthly
    one (and at its first bar, when the first January is far enough on), left out where they
    would run into the one before."""
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(bars)
    labels = []
    for number, bar in enumerate(bars):
        if not by_year and bar.start.month != 1:
            continue
        x = PLOT_LEFT + slot * number + (slot / 2 if by_year else 0)
        if labels and x - labels[-1].x < YEAR_LABEL_SPACING:
            continue
        labels.append(AxisLabel(round(x, 2), str(bar.start.year)))
    first = bars[0]
    if not by_year and first.start.month != 1:
        if not labels or labels[0].x - PLOT_LEFT >= YEAR_LABEL_SPACING:
            labels.insert(0, AxisLabel(PLOT_LEFT, str(first.start.year)))
    return labels
