"""Fetching an article by its address and taking out its main text and metadata.

Two halves, so that tests never touch the network:

- `download(url)` is the only function that goes on the network. It refuses addresses that
  resolve to this machine or a private network, follows at most a few redirects (each checked
  the same way), reads at most `MAX_BYTES` of an HTML page and turns every failure into a
  `FetchError` whose message an editor can act on.
- `extract_article(html, url=...)` finds the article's main text (paragraphs separated by one
  newline), title, outlet, author and publication date with trafilatura.

`fetch_article(url)` is the two together; tests replace `download` with a function that returns
a saved page.
"""

import datetime
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urlsplit

import trafilatura

from quotes.text import clean_words

TIMEOUT_SECONDS = 15
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
MIN_WORDS = 15
USER_AGENT = "Mozilla/5.0 (compatible; Verbatim article import)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """The article could not be fetched or read; the message says why, for an editor."""


@dataclass(frozen=True)
class FetchedArticle:
    url: str
    title: str
    publisher: str
    author: str
    published_on: datetime.date | None
    text: str


def fetch_article(url: str) -> FetchedArticle:
    final_url, html = download(url)
    return extract_article(html, url=final_url)


# --- the network ------------------------------------------------------------------------


def check_public_host(host: str) -> None:
    """Refuse a host that is unknown or that resolves to a loopback or private address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FetchError(
            f"The site {host} could not be found (no such address in DNS): check the address."
        ) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise FetchError(
                f"The address {host} points to a private or local network; "
                "only public web pages can be fetched."
            )


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"The page redirects to an address that is not a web page: {newurl}")
        check_public_host(parts.hostname)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(CheckedRedirects())


def download(url: str, *, timeout: float = TIMEOUT_SECONDS) -> tuple[str, bytes]:
    """Fetch a web page: (its final address after redirects, its HTML as bytes)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Enter a web address that starts with http:// or https://.")
    check_public_host(parts.hostname)
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
    )
    try:
        with opener().open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in HTML_TYPES:
                raise FetchError(
                    f"The address gives a {content_type} file, not a web page: "
                    "paste the article text instead."
                )
            body = response.read(MAX_BYTES + 1)
            final_url = response.geturl() or url
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(http_error_message(error.code, error.reason)) from None
    except TimeoutError:
        raise FetchError(
            f"The site did not answer within {timeout:g} seconds: try again later, "
            "or paste the article text."
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(
                f"The site did not answer within {timeout:g} seconds: try again later, "
                "or paste the article text."
            ) from None
        if isinstance(reason, socket.gaierror):
            raise FetchError(
                f"The site {parts.hostname} could not be found (no such address in DNS): "
                "check the address."
            ) from None
        raise FetchError(f"Could not connect to {parts.hostname}: {reason}.") from None
    except (HTTPException, OSError, ValueError) as error:
        raise FetchError(f"Could not read the page from {parts.hostname}: {error}.") from None
    if len(body) > MAX_BYTES:
        raise FetchError(
            f"The page is larger than {MAX_BYTES // (1024 * 1024)} MB: paste the article text."
        )
    return final_url, body


def http_error_message(status: int, reason: object) -> str:
    label = f"{status} {reason}".strip()
    if status == 404 or status == 410:
        return f"The site answered {label}: there is no page at that address, check it."
    if status in (401, 402, 403, 451):
        return (
            f"The site refused to give the page ({label}), perhaps a paywall: "
            "paste the article text instead."
        )
    if status == 429:
        return f"The site asks us to slow down ({label}): try again in a few minutes."
    if status >= 500:
        return f"The site had an error ({label}): try again later, or paste the article text."
    return f"The site answered {label}: paste the article text instead."


# --- the page -----------------------------------------------------------------------------


def extract_article(html: str | bytes, *, url: str) -> FetchedArticle:
    """The main text and metadata of a saved or downloaded page; no network."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            # Only a date the page states (its metadata, its URL), never a guess from a
            # copyright line: a wrong date would become every quotation's date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a malformed page must give a message, never a crash
        raise FetchError(f"The page could not be read: {error}.") from None
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(text.split()) < MIN_WORDS:
        raise FetchError(
            "No article text was found on that page (it may need JavaScript, a login or a "
            "subscription): paste the article text instead."
        )
    paragraphs = [clean_words(line) for line in text.splitlines()]
    return FetchedArticle(
        url=url,
        title=clean_words(document.title or "")[:500],
        publisher=clean_words(document.sitename or document.hostname or "")[:200],
        author=clean_words(document.author or "")[:200],
        published_on=parse_date(document.date),
        text="\n".join(paragraph for paragraph in paragraphs if paragraph),
    )


def parse_date(value: str | None) -> datetime.date | None:
    """trafilatura's YYYY-MM-DD date, or None when absent, malformed or in the future."""
    try:
        day = datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    return day if day <= datetime.date.today() else None
