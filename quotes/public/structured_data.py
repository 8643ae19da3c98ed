"""schema.org JSON-LD for search engines and link previews: what the pages say, as data.

A statement's page describes a `Quotation` (the words, who said them in which office, when, as
precisely as the date is known, and the articles it is based on); a leader's page a `Person`;
the lists a `BreadcrumbList`. Every address is absolute, on `SITE_URL`.

The data goes into the page as `<script type="application/ld+json">`, which browsers never run
(the Content-Security-Policy does not govern it), but which ends at the first `</script>` in
its text whatever its type: `json_ld_script` escapes `<`, `>` and `&`, as Django's
`json_script` does, so words such as `</script><script>…` stay words.
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from quotes.models import Leader, OfficeHeld, Source, Statement
from quotes.templatetags.verbatim import said_datetime, web_address

SCHEMA_CONTEXT = "https://schema.org"
DEFAULT_LANGUAGE = "en"

# The schema.org type of each kind of source: all are kinds of `Article`, and search engines
# read a news report as a `NewsArticle`.
SOURCE_TYPES = {
    Source.Kind.NEWS_ARTICLE: "NewsArticle",
    Source.Kind.STATE_MEDIA: "NewsArticle",
    Source.Kind.INTERVIEW: "NewsArticle",
    Source.Kind.SOCIAL_MEDIA: "SocialMediaPosting",
    Source.Kind.OFFICIAL: "Article",
    Source.Kind.TRANSCRIPT: "Article",
    Source.Kind.OTHER: "Article",
}

# Characters that would end the script element or open a comment in it, and the two line
# separators JavaScript before ES2019 did not accept in strings: written as JSON escapes,
# which read back as the same characters.
JSON_LD_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def json_ld_script(data: dict) -> SafeString:
    """`data` as a JSON-LD script element, safe to put anywhere in a page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        f'<script type="application/ld+json">{text.translate(JSON_LD_ESCAPES)}</script>'
    )


def person(leader: Leader, office: OfficeHeld | None = None) -> dict:
    """A leader as a schema.org `Person`, with the office they held on the day in question."""
    data = {"@type": "Person", "name": leader.name, "url": absolute(leader.get_absolute_url())}
    if leader.wikidata_id:
        data["sameAs"] = leader.wikidata_url
    if office is not None:
        data["jobTitle"] = office.title
    return data


def source_article(source: Source) -> dict:
    data = {
        "@type": SOURCE_TYPES.get(source.kind, "Article"),
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    url = web_address(source.url)
    if url:
        data["url"] = url
    if source.published_on:
        data["datePublished"] = source.published_on.isoformat()
    if source.author:
        data["author"] = {"@type": "Person", "name": source.author}
    return data


def statement_data(statement: Statement, office: OfficeHeld | None) -> dict:
    """A published statement as a schema.org `Quotation`; `office` is the one held that day.

    Reads the speaker and the citations with their sources, which the page has prefetched.
    """
    speaker = person(statement.speaker, office)
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "Quotation",
        "url": absolute(statement.get_absolute_url()),
        "text": statement.text,
        "spokenByCharacter": speaker,
        "creator": speaker,
        # 2025-06-04, or 2025-06 or 2025 when only the month or the year is known.
        "dateCreated": said_datetime(statement),
        "inLanguage": statement.original_language or DEFAULT_LANGUAGE,
        "isBasedOn": [source_article(citation.source) for citation in statement.citations.all()],
    }


def leader_data(leader: Leader, today: datetime.date) -> dict:
    """A leader as a schema.org `Person`, with the office held `today` if any (from the
    prefetched offices) and their country."""
    data = {"@context": SCHEMA_CONTEXT, **person(leader, leader.office_on(today))}
    if leader.description:
        data["description"] = leader.description
    if leader.country:
        name, code = leader.country.name, leader.country.code
        if code == "EU":  # a union of countries, not a nationality
            data["affiliation"] = {"@type": "Organization", "name": name}
        else:
            data["nationality"] = {"@type": "Country", "name": name, "identifier": code}
    return data


def breadcrumb_data(steps) -> dict:
    """A schema.org `BreadcrumbList` of `(name, path)` steps, from the top of the site down."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(steps, start=1)
        ],
    }
