"""Statements on other sites: the embeddable card and its oEmbed endpoint.

`/quotes/<id>/embed/` is a small page made to sit in another site's iframe: the words, the
speaker and office, the date, the sources, and links back, all opening in a new tab. It is the
only page that may be framed (every other one answers `X-Frame-Options: DENY` and
`frame-ancestors 'none'`), and it carries no script and no site chrome, only its own small
stylesheet.

`/oembed?url=…` answers the oEmbed 1.0 "rich" type, in JSON or XML, for any address of a
published statement (with or without its slug, the card's own address, on `SITE_URL`'s host or
the one asked), so that publishing tools turn a pasted link into the card.
"""

import io
import math
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.clickjacking import xframe_options_exempt

from quotes.models import Citation, Statement, as_record_id
from quotes.public.freshness import public_page
from quotes.public.views import statement_scopes
from quotes.record.corrections import withdrawal_of
from quotes.record.text import xml_safe

PROVIDER_NAME = "Verbatim"
# The card's width unless the consumer asks for less; the height follows from the words.
CARD_WIDTH = 550
# The card's frame around the words (attribution, sources, footer), and a line of words, in
# pixels, and roughly how wide a letter of the words is (embed.css sets them in 17px type).
CARD_FRAME_HEIGHT = 170
CARD_LINE_HEIGHT = 26
CARD_LETTER_WIDTH = 8.5
CARD_PADDING = 40
CARD_MAX_HEIGHT = 900
# The share image is the thumbnail; oEmbed asks that it fit within maxwidth and maxheight.
THUMBNAIL_WIDTH = 1200
THUMBNAIL_HEIGHT = 630
CACHE_AGE_SECONDS = 60 * 60
OEMBED_PARAMETERS = ("url", "format", "maxwidth", "maxheight")
LONGEST_URL = 2000
# The pages whose address names a statement: its page (with or without slug) and its card.
STATEMENT_URL_NAMES = {"statement_detail", "statement_embed"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def embed_url(statement: Statement) -> str:
    return absolute(reverse("quotes:statement_embed", args=[statement.pk]))


def card_height(statement: Statement, width: int = CARD_WIDTH) -> int:
    """About how tall the card is at `width`: its frame and the lines the words wrap to (the
    card scrolls if the guess falls short)."""
    letters_per_line = max(12, int((width - CARD_PADDING) / CARD_LETTER_WIDTH))
    lines = math.ceil(len(statement.text) / letters_per_line)
    return min(CARD_FRAME_HEIGHT + lines * CARD_LINE_HEIGHT, CARD_MAX_HEIGHT)


def iframe_html(statement: Statement, width: int = CARD_WIDTH, height: int | None = None) -> str:
    """The HTML another site pastes to show the statement's card."""
    if height is None:
        height = card_height(statement, width)
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        embed_url(statement),
        width,
        height,
        f"{statement.speaker.name}: “{statement.short_text}” ({PROVIDER_NAME})",
    )


def oembed_discovery_url(statement: Statement, data_format: str = "json") -> str:
    """The oEmbed address of a statement's page, for its discovery links."""
    query = urlencode({"url": absolute(statement.get_absolute_url()), "format": data_format})
    return f"{absolute(reverse('quotes:oembed'))}?{query}"


def published_for_card(pk) -> Statement | None:
    """The published statement `pk` with what its card shows, or None."""
    if as_record_id(pk) is None:
        return None
    return (
        Statement.objects.published()
        .for_cards()
        .prefetch_related(
            "speaker__offices",
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
        .filter(pk=pk)
        .first()
    )


# Only this page may be framed, by any site: Django's X-Frame-Options is left off it and the
# policy's frame-ancestors replaced, outside the page cache so that a cached copy gets them too.
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@public_page(scopes=statement_scopes)
def statement_embed(request, pk):
    statement = published_for_card(pk)
    if statement is None:
        # Said inside the frame, where the reader of the other site sees it.
        withdrawn = withdrawal_of(pk) if as_record_id(pk) else None
        return render(
            request,
            "quotes/embed_missing.html",
            {"withdrawal": withdrawn},
            status=410 if withdrawn else 404,
        )
    return render(
        request,
        "quotes/embed.html",
        {"statement": statement, "office": statement.speaker_office()},
    )


def statement_id_in(url: str, request) -> int | None:
    """The id of the statement a page address names, if it is one of this site's statement
    addresses (absolute on `SITE_URL`'s host or the host asked, or a bare path)."""
    if not url or len(url) > LONGEST_URL:
        return None
    try:
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() not in DEFAULT_PORTS:
                return None
            if _host_and_port(parts) not in _our_hosts(request):
                return None
        match = resolve(parts.path or "/")
    except (ValueError, Resolver404):  # ValueError: a malformed host or port
        return None
    if match.namespace != "quotes" or match.url_name not in STATEMENT_URL_NAMES:
        return None
    return as_record_id(match.kwargs.get("pk"))


def _host_and_port(parts) -> tuple[str, int | None]:
    """The host and any port other than the scheme's own: http:// and https:// addresses of
    the site name the same statement."""
    port = parts.port
    return (parts.hostname or "", None if port == DEFAULT_PORTS.get(parts.scheme.lower()) else port)


def _our_hosts(request) -> set[tuple[str, int | None]]:
    hosts = {_host_and_port(urlsplit(settings.SITE_URL))}
    hosts.add(_host_and_port(urlsplit(f"{request.scheme}://{request.get_host()}")))
    return hosts


def _pixels(request, name: str) -> int | None:
    """A positive whole number of pixels, None when not given; ValueError when not one."""
    value = request.GET.get(name)
    if value is None:
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) == 0:
        raise ValueError(f"{name} must be a whole number of pixels above 0, such as 600.")
    return int(value)


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def oembed_scopes(request):
    pk = statement_id_in(request.GET.get("url", ""), request)
    return statement_scopes(request, pk) if pk else ()


@public_page(understands=OEMBED_PARAMETERS, scopes=oembed_scopes)
def oembed(request):
    url = request.GET.get("url", "")
    if not url:
        return _plain(
            "Give the address of a statement in the url parameter, such as "
            f"/oembed?url={absolute('/quotes/1/')}&format=json.",
            400,
        )
    data_format = request.GET.get("format", "json").strip().lower()
    if data_format not in ANSWERS:
        # oEmbed's own answer for a format the provider does not offer.
        return _plain("oEmbed is available as format=json or format=xml.", 501)
    try:
        max_width = _pixels(request, "maxwidth")
        max_height = _pixels(request, "maxheight")
    except ValueError as problem:
        return _plain(str(problem), 400)
    if len(url) > LONGEST_URL:
        return _plain(f"The url is longer than {LONGEST_URL} characters.", 400)
    statement = published_for_card(statement_id_in(url, request))
    if statement is None:
        return _plain(f"{url} is not the address of a published statement on this site.", 404)

    width = min(CARD_WIDTH, max_width or CARD_WIDTH)
    height = card_height(statement, width)
    if max_height:
        height = min(height, max_height)
    speaker = statement.speaker
    data = {
        "version": "1.0",
        "type": "rich",
        "provider_name": PROVIDER_NAME,
        "provider_url": absolute("/"),
        "title": f"{speaker.name}: “{statement.short_text}”",
        "author_name": speaker.name,
        "author_url": absolute(speaker.get_absolute_url()),
        "html": iframe_html(statement, width, height),
        "width": width,
        "height": height,
        "cache_age": CACHE_AGE_SECONDS,
    }
    if (max_width or THUMBNAIL_WIDTH) >= THUMBNAIL_WIDTH and (
        max_height or THUMBNAIL_HEIGHT
    ) >= THUMBNAIL_HEIGHT:
        data["thumbnail_url"] = absolute(
            reverse("quotes:statement_share_image", args=[statement.pk])
        )
        data["thumbnail_width"] = THUMBNAIL_WIDTH
        data["thumbnail_height"] = THUMBNAIL_HEIGHT
    return ANSWERS[data_format](data)


def json_answer(data: dict) -> HttpResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def xml_answer(data: dict) -> HttpResponse:
    """oEmbed's XML form: one element per field inside <oembed>."""
    output = io.StringIO()
    xml = SimplerXMLGenerator(output, "utf-8")
    xml.startDocument()
    xml.startElement("oembed", {})
    for name, value in data.items():
        # Characters XML 1.0 forbids, which a row stored around validation could hold, go.
        xml.addQuickElement(name, xml_safe(str(value)))
    xml.endElement("oembed")
    xml.endDocument()
    return HttpResponse(output.getvalue(), content_type="text/xml; charset=utf-8")


ANSWERS = {"json": json_answer, "xml": xml_answer}
