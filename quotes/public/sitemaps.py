"""The sitemap for search engines (`/sitemap.xml`) and `/robots.txt`, which points to it.

The sitemap is an index of sections (django.contrib.sitemaps): the site's own pages, every
published statement, every leader, and the topics and sources that have published statements.
Each section is paged, at most 50,000 addresses a page as the protocol allows, by ranges of ids
rather than by OFFSET: page n of a section holds the rows whose ids fall in the nth range of
50,000 ids that has any, so a page reads its own rows through the primary key and nothing
before them (an OFFSET would read the 900,000 statements before the last page first). The
ranges are found by one index lookup each (the first id past the previous range).

Addresses are the canonical ones, under `SITE_URL`. A statement's `lastmod` is its
`updated_at` (moved on by changes to its topics, mentions and citations too); a leader's,
topic's or source's is when its page's scope of the cache last changed
(quotes/record/cache_scopes.py), the record's own moment for "this page changed".
"""

import datetime
from functools import cached_property
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from quotes.models import CacheScope, Citation, Leader, Source, Statement, statement_slug
from quotes.public.filters import topic_choices
from quotes.public.open_data import statement_url_maker
from quotes.record.cache_scopes import REFERENCE, STATEMENTS
from quotes.record.versions import NEVER_CHANGED, read_scopes

# The protocol's limit of addresses in one sitemap file.
URLS_PER_PAGE = 50_000
CONTENT_TYPE = "application/xml; charset=utf-8"


class IdRangePaginator:
    """Rows paged by ranges of `per_page` ids: page n holds the rows of the nth range that has
    any, in id order. Ranges fixed once and for all keep each page's addresses where they were
    as the record grows, and no page is empty.

    `rows(above, up_to)` gives the rows whose ids are above `above` and at most `up_to` (no
    upper bound for None).
    """

    def __init__(self, rows, per_page: int):
        self.rows = rows
        self.per_page = per_page

    @cached_property
    def ranges(self) -> list[int]:
        """The numbers of the ranges that hold a row; range r is ids r*per_page+1 to
        (r+1)*per_page."""
        found = []
        above = 0
        while True:
            lowest = self.rows(above, None).order_by("pk").values_list("pk", flat=True).first()
            if lowest is None:
                return found
            number = (lowest - 1) // self.per_page
            found.append(number)
            above = (number + 1) * self.per_page

    @property
    def num_pages(self) -> int:
        return len(self.ranges)

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("The page number is not a whole number.") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("No such page.")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        above = self.ranges[number - 1] * self.per_page
        return Page(self.rows(above, above + self.per_page).order_by("pk"), number, self)


def changed_at_of_scope(prefix: str, key):
    """When the scope "<prefix><key of the row>" last changed, or None if it never has."""
    key_text = Cast(OuterRef(key), output_field=CharField())
    name = Concat(Value(prefix), key_text, output_field=CharField())
    return Subquery(CacheScope.objects.filter(name=name).values("changed_at")[:1])


def id_range(field: str, above: int, up_to: int | None) -> dict:
    """The lookups of `field` above `above` and at most `up_to`."""
    bounds = {f"{field}__gt": above}
    if up_to is not None:
        bounds[f"{field}__lte"] = up_to
    return bounds


class RecordSitemap(Sitemap):
    """A section of records, paged by ranges of ids; `rows(above, up_to)` names them."""

    limit = URLS_PER_PAGE

    def rows(self, above: int, up_to: int | None):
        raise NotImplementedError

    def items(self):
        return self.rows(0, None)

    @cached_property
    def paginator(self):
        return IdRangePaginator(self.rows, self.limit)

    def get_urls(self, page=1, site=None, protocol=None):
        """Each row's address and lastmod, all the sitemap writes: Django's own loop also
        works out priorities, change frequencies and alternates, a third of the time of a
        page of 50,000 statements."""
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        return [
            {"location": root + self.location(row), "lastmod": self.lastmod(row)}
            for row in self.paginator.page(page).object_list
        ]


class StatementSitemap(RecordSitemap):
    def rows(self, above, up_to):
        return (
            Statement.objects.published()
            .filter(**id_range("pk", above, up_to))
            .values_list("pk", "speaker__name", "text", "updated_at", named=True)
        )

    @cached_property
    def statement_path(self):
        return statement_url_maker(root="")

    def location(self, statement):
        slug = statement_slug(statement.speaker__name, statement.text)
        return self.statement_path(statement.pk, slug)

    def lastmod(self, statement):
        return statement.updated_at


class LeaderSitemap(RecordSitemap):
    def rows(self, above, up_to):
        return (
            Leader.objects.filter(**id_range("pk", above, up_to))
            .annotate(changed_at=changed_at_of_scope("leader:", "slug"))
            .values_list("pk", "slug", "changed_at", named=True)
        )

    def location(self, leader):
        return reverse("quotes:leader_detail", args=[leader.slug])

    def lastmod(self, leader):
        return leader.changed_at


class TopicSitemap(RecordSitemap):
    def rows(self, above, up_to):
        return (
            topic_choices()
            .filter(**id_range("pk", above, up_to))
            .annotate(changed_at=changed_at_of_scope("topic:", "slug"))
            .values_list("pk", "slug", "changed_at", named=True)
        )

    def location(self, topic):
        return reverse("quotes:topic_detail", args=[topic.slug])

    def lastmod(self, topic):
        return topic.changed_at


class SourceSitemap(RecordSitemap):
    """Sources with a published statement (any other source's page is a 404)."""

    def rows(self, above, up_to):
        # The range again inside the EXISTS: without it PostgreSQL joined every citation with
        # every published statement before looking at the range (1 s a page instead of 0.2).
        published = Citation.objects.filter(
            **id_range("source_id", above, up_to),
            source=OuterRef("pk"),
            statement__status=Statement.Status.PUBLISHED,
        )
        return (
            Source.objects.filter(Exists(published), **id_range("pk", above, up_to))
            .annotate(changed_at=changed_at_of_scope("source:", "pk"))
            .values_list("pk", "changed_at", named=True)
        )

    @cached_property
    def source_path(self):
        stand_in = 987654321
        before, after = reverse("quotes:source_detail", args=[stand_in]).split(str(stand_in))
        return lambda pk: f"{before}{pk}{after}"

    def location(self, source):
        return self.source_path(source.pk)

    def lastmod(self, source):
        return source.changed_at


class PageSitemap(Sitemap):
    """The site's own pages; the lists change with the published statements."""

    LISTS = (
        "quotes:home",
        "quotes:statement_list",
        "quotes:leader_list",
        "quotes:topic_list",
        "quotes:source_list",
        "quotes:corrections",
    )
    OTHERS = ("quotes:how_we_work", "quotes:open_data")

    def items(self):
        return [*self.LISTS, *self.OTHERS]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return record_changed_at() if name in self.LISTS else None


def record_changed_at() -> datetime.datetime | None:
    changed_at = max(moment for _, moment in read_scopes([REFERENCE, STATEMENTS]).values())
    return None if changed_at == NEVER_CHANGED else changed_at


SECTIONS = {
    "pages": PageSitemap,
    "statements": StatementSitemap,
    "leaders": LeaderSitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
}


def _site():
    """The canonical protocol and host, from `SITE_URL`, as django.contrib.sitemaps takes them."""
    protocol, _, domain = settings.SITE_URL.partition("://")
    return protocol, SimpleNamespace(domain=domain, name="Verbatim")


# Search engines read the sitemap; it is no page of its own for their results.
NOT_FOR_RESULTS = "noindex, noarchive"


def sitemap_index(request):
    changed_at = record_changed_at()
    entries = []
    for section, sitemap_class in SECTIONS.items():
        address = settings.SITE_URL + reverse("quotes:sitemap_section", args=[section])
        for number in range(1, sitemap_class().paginator.num_pages + 1):
            location = address if number == 1 else f"{address}?p={number}"
            entries.append({"location": location, "last_mod": changed_at})
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type=CONTENT_TYPE
    )
    response["X-Robots-Tag"] = NOT_FOR_RESULTS
    return response


def sitemap_section(request, section):
    if section not in SECTIONS:
        raise Http404("The sitemap has no such section.")
    protocol, site = _site()
    try:
        urls = SECTIONS[section]().get_urls(
            page=request.GET.get("p", 1), site=site, protocol=protocol
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    response = HttpResponse(urlset_xml(urls), content_type=CONTENT_TYPE)
    response["X-Robots-Tag"] = NOT_FOR_RESULTS
    return response


def urlset_xml(urls) -> str:
    """What django.contrib.sitemaps' sitemap.xml template writes, written directly: through
    the template, 50,000 addresses took two seconds to write, ten times the rest of the page."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    # Every lastmod here is a moment: the day it fell on where the site keeps its time.
    zone = timezone.get_current_timezone()
    for url in urls:
        lastmod = url["lastmod"]
        modified = f"<lastmod>{lastmod.astimezone(zone).date()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(url['location'])}</loc>{modified}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Whole-record downloads run to hundreds of megabytes: for people and programs that
        # ask for them, not for crawlers following every list's links.
        "Disallow: /data/statements.",
        f"Sitemap: {settings.SITE_URL}{reverse('quotes:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
